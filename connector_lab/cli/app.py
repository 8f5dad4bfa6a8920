"""The ``connector-lab`` group: global options (``--workspace`` / ``$CONNECTOR_LAB_WORKSPACE``,
``--json``), the commands, and :func:`main`, the console script's entry point.

Commands live one module per concern (``commands_list``, ``commands_show``, ``commands_run``,
``commands_harvest``, ``commands_batch``, ``commands_history``, ``commands_app``); each module
has ``COMMANDS``, a list of click commands built with
:class:`~connector_lab.cli.failures.Command`. Adding one is a new module and a line in
:data:`COMMAND_MODULES`.

Command modules import only click, spec and store at module level: the wire and the tables
(requests, pandas) load when a command runs, so ``connector-lab --help`` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

import click

from .._version import __version__
from ..store.workspace import WORKSPACE_ENV
from .output import Output
from .state import State

#: The modules holding the commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "commands_list",
    "commands_show",
    "commands_run",
    "commands_harvest",
    "commands_batch",
    "commands_history",
    "commands_app",
)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=WORKSPACE_ENV,
    show_envvar=True,
    help="The workspace folder (default: the user's own, see Workspace.default()).",
)
@click.option("--json", "json_mode", is_flag=True, help="Print JSON on stdout, for scripts.")
@click.version_option(__version__, "--version", prog_name="connector-lab")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None, json_mode: bool) -> None:
    """Run connectors of a connector_lab workspace from the shell.

    Data goes to stdout (a table, or JSON with --json), notes and progress to stderr.
    Exit codes: 0 ok, 1 the run failed (HTTP error, transport, some rows), 2 usage.
    """
    ctx.obj = State(workspace_root=workspace, output=Output(json_mode=json_mode))


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(f".{_name}", __package__).COMMANDS:
        cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (``argv`` defaults to ``sys.argv[1:]``); exits with its code."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="connector-lab")
