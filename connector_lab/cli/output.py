"""What the command line prints, and where: data on stdout (an aligned text table, or JSON
under ``--json``), notes, progress and errors on stderr — so ``connector-lab … > file`` and
``connector-lab … --json | jq`` get the data alone.

Every cell and message passes :func:`printable` first: a value from a server (or a stored file)
may hold terminal escape sequences, and printing those raw would let a response rewrite the
user's screen.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import click

#: Cells longer than this are clipped in tables (``--json`` and ``--out`` keep every value).
CELL_WIDTH = 40
# C0 and C1 control characters (ESC, CSI, BEL, …) and DEL; tab and newline included, so a
# cell stays on its line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``, ``\\n``)."""
    return _CONTROL.sub(_escape, text)


def cell(value: Any, width: int = CELL_WIDTH) -> str:
    """One table cell: empty for None/NaN, JSON for lists and dicts, clipped to ``width``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = printable(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK and other wide characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def render_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """An aligned text table with a header line; every cell through :func:`cell`."""
    head = [cell(c) for c in columns]
    body = [[cell(v) for v in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in body]) for i, h in enumerate(head)]
    lines = [
        "  ".join(pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in [head, *body]
    ]
    return "\n".join(lines)


def render_fields(pairs: Iterable[tuple[str, Any]]) -> str:
    """``label  value`` lines, labels aligned (a record shown vertically)."""
    pairs = [(label, value) for label, value in pairs]
    columns = max((width(label) for label, _ in pairs), default=0)
    return "\n".join(
        f"{pad(label, columns)}  {cell(value, 200)}".rstrip() for label, value in pairs
    )


def to_json(data: Any) -> str:
    """Indented JSON, non-ASCII kept readable; C1 controls escaped like C0 ones are."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


class Output:
    """Where one command's output goes; ``json`` is the global ``--json`` flag."""

    def __init__(self, *, json_mode: bool = False):
        self.json = json_mode

    def data(self, text: str) -> None:
        click.echo(text)

    def json_data(self, data: Any) -> None:
        click.echo(to_json(data))

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        self.data(render_table(columns, rows))

    def note(self, text: str) -> None:
        """A note or progress line, on stderr (never mixed into the data)."""
        click.echo(printable(text), err=True)

    def error(self, text: str) -> None:
        # Multi-line messages (one problem per line) keep their lines; each line is cleaned.
        lines = [printable(line) for line in text.splitlines() or [""]]
        click.echo("Error: " + "\n".join(lines), err=True)
