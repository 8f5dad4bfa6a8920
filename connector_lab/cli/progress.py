"""Progress on stderr while a harvest or a batch runs — never on stdout, where the data goes.

On a terminal one line is rewritten in place (a carriage return, at most ten times a
second). When stderr is a file or a pipe (a log, CI, ``2> run.log``) carriage-return bars
would pile up as one unreadable line, so plain lines are printed instead: the first update
and then at most one a second.
"""

from __future__ import annotations

import time

import click

from .output import printable

#: Seconds between two plain progress lines (stderr not a terminal) and two redraws (a TTY).
LINE_EVERY, REDRAW_EVERY = 1.0, 0.1


def stderr_is_terminal() -> bool:
    stream = click.get_text_stream("stderr")
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """One progress line, ``label: text``, updated as the work goes on."""

    def __init__(self, label: str, *, terminal: bool | None = None):
        self.label = label
        self.terminal = stderr_is_terminal() if terminal is None else terminal
        self._last_shown: float | None = None
        self._pending: str | None = None  # the newest text not shown yet
        self._width = 0  # of the line on the terminal, to blank what a shorter one leaves

    def update(self, text: str) -> None:
        now = time.monotonic()
        every = REDRAW_EVERY if self.terminal else LINE_EVERY
        if self._last_shown is not None and now - self._last_shown < every:
            self._pending = text
            return
        self._last_shown = now
        self._pending = None
        self._show(text)

    def _show(self, text: str) -> None:
        line = printable(f"{self.label}: {text}")
        if self.terminal:
            padding = " " * max(self._width - len(line), 0)
            self._width = len(line)
            click.echo(f"\r{line}{padding}", err=True, nl=False)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        """On a terminal: show the last text if it was held back and end the line. (Off a
        terminal the summary printed next says where the work ended.)"""
        if self.terminal and self._pending is not None:
            self._show(self._pending)
        self._pending = None
        if self.terminal and self._width:
            click.echo("", err=True)
            self._width = 0
