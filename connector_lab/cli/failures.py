"""How a failure becomes an exit code and a message — never a traceback.

Exit codes: 0 ok; 1 the work failed (an HTTP error status, a transport or auth failure, a
broken stored file, some rows failed); 2 usage (bad flags, an unknown connector, action or
account, a parameter value that does not fit). connector_lab's errors carry messages made
for people that never hold a secret, so they are printed as they are; anything else is a bug,
reported by its type alone (its text might hold anything) unless ``CONNECTOR_LAB_DEBUG`` is set.
"""

from __future__ import annotations

import os
from typing import Any

import click

from ..errors import ConnectorLabError, SpecError
from .output import printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEBUG_ENV = "CONNECTOR_LAB_DEBUG"
# click's own control flow: help, --version, ctx.exit(), usage errors, Ctrl-C.
_CLICK_FLOW = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


def exit_code_for(exc: ConnectorLabError) -> int:
    """2 when what was typed is wrong (a definition or a parameter value), else 1."""
    return EXIT_USAGE if isinstance(exc, SpecError) else EXIT_FAILED


def click_error(exc: BaseException, ctx: click.Context) -> click.ClickException:
    """The click exception that prints ``exc`` and exits with its code."""
    if isinstance(exc, ConnectorLabError):
        message = printable_lines(str(exc))
        if exit_code_for(exc) == EXIT_USAGE:
            return click.UsageError(message, ctx)
        return click.ClickException(message)
    return click.ClickException(
        f"unexpected {type(exc).__name__}; this is a bug in connector-lab. Set "
        f"{DEBUG_ENV}=1 to see the traceback, and report it"
    )


def printable_lines(text: str) -> str:
    """Each line of a message with its control characters escaped; the line breaks kept."""
    return "\n".join(printable(line) for line in text.splitlines())


class Command(click.Command):
    """A click command whose connector_lab errors (and bugs) exit cleanly with a message.

    Under ``--json`` a failed run (exit code 1) also prints ``{"ok": false, "error": …}`` on
    stdout, so a script has one JSON document to read; usage errors are for the person
    writing the command and go to stderr only."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (*_CLICK_FLOW, BrokenPipeError):
            raise
        except Exception as exc:
            if not isinstance(exc, ConnectorLabError) and os.environ.get(DEBUG_ENV):
                raise
            error = click_error(exc, ctx)
            output = getattr(ctx.obj, "output", None)
            if output is not None and output.json and error.exit_code == EXIT_FAILED:
                output.json_data({"ok": False, "error": error.format_message()})
            raise error from None
