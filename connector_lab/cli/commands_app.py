"""``connector-lab app [--host H] [--port P] [--language en|zh] [--lesson N]``: the connector
factory — or, with ``--lesson N``, lesson N of the trainer's course with its Check button — as
a standalone web app, served by Voila from the packaged ``app_notebook.ipynb`` (only its
widgets are shown, never its code; ``connector_lab.widgets.webapp`` builds them). The
workspace is the group's ``--workspace`` (or ``$CONNECTOR_LAB_WORKSPACE``, else the user's
own), handed to the app's kernel through the environment, with the network policy, the
language and the lesson.

Bound to 127.0.0.1 by default. Served beyond localhost (``--host 0.0.0.0`` for a classroom
or a team), every client of the app runs under ``NetworkPolicy("public_only")``: nobody who
can open the page can make the server call its own loopback, private network or cloud
metadata addresses (see ``wire/policy.py``). A lesson is served on localhost only: its
sandbox runs on 127.0.0.1, which an app served to others must not reach.

Voila and ipywidgets load only when the command runs (the ``lab`` extra); this module imports
the standard library and click alone.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import click

from ..store.workspace import WORKSPACE_ENV
from .failures import Command
from .state import State

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
#: Read by the app notebook: the network policy mode and the language of the factory.
NETWORK_ENV = "CONNECTOR_LAB_NETWORK"
LANGUAGE_ENV = "CONNECTOR_LAB_LANGUAGE"
#: Read by the app notebook: the number of the course's lesson to show instead of the factory.
LESSON_ENV = "CONNECTOR_LAB_LESSON"
#: The course's lessons (``connector_lab.course.LESSONS``; a test keeps the two equal),
#: written out here so that ``--help`` does not load the course.
FIRST_LESSON, LAST_LESSON = 1, 7
APP_NOTEBOOK_NAME = "app_notebook.ipynb"
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def is_local_host(host: str) -> bool:
    """True when a server bound to ``host`` is reachable from this machine only: a loopback
    address (127.0.0.0/8, ::1) or the name localhost. ``0.0.0.0``, ``::``, a LAN address or
    any other name is reachable by others."""
    text = host.strip().strip("[]").rstrip(".").lower()
    if text in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def network_mode_for_host(host: str) -> str:
    """The network policy mode of an app bound to ``host``: ``"default"`` on localhost,
    ``"public_only"`` as soon as others can reach it."""
    return "default" if is_local_host(host) else "public_only"


def app_notebook() -> Path:
    """The packaged app notebook (found without importing ipywidgets)."""
    spec = importlib.util.find_spec("connector_lab.widgets")
    if spec is None or not spec.submodule_search_locations:
        raise click.ClickException("connector_lab.widgets is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / APP_NOTEBOOK_NAME


def voila_command(
    host: str, port: int, *, open_browser: bool = False, extra: tuple[str, ...] = ()
) -> list[str]:
    """The argv that serves the app notebook with this interpreter's Voila on host:port (a
    taken port fails rather than moving elsewhere); ``extra`` are more Voila options."""
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(app_notebook()),
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",
    ]
    if not open_browser:
        argv.append("--no-browser")
    return [*argv, *extra]


def app_environment(
    host: str,
    workspace: Path | None,
    language: str,
    base: Mapping[str, str] = os.environ,
    lesson: int | None = None,
) -> dict[str, str]:
    """The environment of the Voila server (its kernels inherit it): the workspace, the
    network mode chosen from ``host``, the language and the lesson (an inherited
    ``$CONNECTOR_LAB_LESSON`` is dropped when no lesson is asked: the factory is served)."""
    env = {**base, NETWORK_ENV: network_mode_for_host(host), LANGUAGE_ENV: language}
    env.pop(LESSON_ENV, None)
    if lesson is not None:
        env[LESSON_ENV] = str(lesson)
    if workspace is not None:
        env[WORKSPACE_ENV] = str(Path(workspace).resolve())
    return env


def refuse_shared_lesson(host: str, lesson: int | None) -> None:
    """A lesson served beyond localhost is refused before anything starts."""
    if lesson is not None and not is_local_host(host):
        raise click.UsageError(
            f"--lesson {lesson} cannot be served on --host {host}: the lesson's sandbox runs "
            "on 127.0.0.1, which an app served to others must not reach. Run the course on "
            f"each learner's machine, bound to 127.0.0.1: connector-lab app --lesson {lesson}"
        )


def _check_installed() -> None:
    for module in ("voila", "ipywidgets"):
        if importlib.util.find_spec(module) is None:
            raise click.ClickException(
                f"{module} is not installed; install the web app with "
                "pip install 'connector-lab[lab]'"
            )


@click.command("app", cls=Command, context_settings={"ignore_unknown_options": True})
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--language", type=click.Choice(("en", "zh")), default="en", show_default=True)
@click.option(
    "--lesson",
    type=click.IntRange(FIRST_LESSON, LAST_LESSON),
    default=None,
    help="Serve this lesson of the trainer's course (with its Check button), on localhost.",
)
@click.option("--open/--no-open", "open_browser", default=False, help="Open a web browser.")
@click.argument("voila_options", nargs=-1, type=click.UNPROCESSED)
@click.pass_obj
def app_command(
    state: State,
    host: str,
    port: int,
    language: str,
    lesson: int | None,
    open_browser: bool,
    voila_options: tuple[str, ...],
) -> None:
    """Serve the connector factory as a web app (Voila) on the workspace. Options after
    the known ones go to Voila as they are.

    \b
    connector-lab app                              # http://127.0.0.1:8866, only this machine
    connector-lab -w ./class app --host 0.0.0.0    # a classroom: public APIs only
    connector-lab app --host 0.0.0.0 --token=a-long-secret   # a team: a login token
    connector-lab app --lesson 1 --language zh     # lesson 1 of the course, this machine only
    """
    refuse_shared_lesson(host, lesson)
    _check_installed()
    env = app_environment(host, state.workspace_root, language, lesson=lesson)
    mode = env[NETWORK_ENV]
    shown = f"[{host}]" if ":" in host else host
    served, fallback = "the connector factory", "the default one"
    if lesson is not None:
        served, fallback = f"lesson {lesson} of the course", "a fresh temporary one per page"
    state.output.note(
        f"serving {served} at http://{shown}:{port}/ (network policy {mode!r}, "
        f"workspace {env.get(WORKSPACE_ENV, fallback)}); Ctrl-C stops it"
    )
    argv = voila_command(host, port, open_browser=open_browser, extra=voila_options)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, env)  # Voila replaces this process: a signal reaches it directly


COMMANDS = [app_command]
