"""The command line ``connector-lab`` (spec F-10): list, show, run, harvest and batch-run the
connectors of a workspace from a shell or a script, and read its run history. A layer above
the engine: it only calls the engine's public pieces (``Workspace``, ``Client``, ``Result``,
``collect``, ``export``, the run history) and turns its errors into exit codes.

::

    app.py            the group, global options, main() (the console script)
    state.py          what one invocation shares: the workspace, the output mode
    output.py         tables and JSON on stdout, notes on stderr, terminal-safe text
    failures.py       errors → messages and exit codes (0 ok, 1 failed, 2 usage)
    options.py        options several commands share (-p key=value, --account, --out …)
    lookup.py         connector / action / account by name, with usage errors listing them
    progress.py       the progress line on stderr (redrawn on a terminal, plain lines off it)
    commands_*.py     one module per command
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
