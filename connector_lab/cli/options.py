"""Options more than one command takes — ``-p key=value``, ``--account``, ``--out``,
``--timeout``, ``--json`` — defined once so ``run``, ``harvest`` and ``batch`` read them the
same way, and the parsing of ``-p`` values into the mapping a run takes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .state import State

F = TypeVar("F", bound=Callable[..., Any])


class KeyValue(click.ParamType):
    """``key=value`` → ``(key, value)``; the value is text, converted later by the
    parameter's own type (so ``-p count=5`` and ``-p tags='["a","b"]'`` both work)."""

    name = "key=value"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, tuple):
            return value
        key, sep, rest = str(value).partition("=")
        if not sep or not key.strip():
            self.fail(
                f"{value!r} is not key=value; write e.g. -p count=5 (quote values with spaces: "
                "-p 'q=two words')",
                param,
                ctx,
            )
        return key.strip(), rest


def values_from(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The ``-p`` pairs as a mapping; a name given twice is a usage error, not a silent
    overwrite."""
    values: dict[str, str] = {}
    for key, value in pairs:
        if key in values:
            raise click.BadParameter(
                f"{key!r} is given twice; give each parameter once (a list parameter takes "
                "JSON: -p 'ids=[1,2]')",
                param_hint="'-p' / '--param'",
            )
        values[key] = value
    return values


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and isinstance(ctx.obj, State):
        ctx.obj.output.json = True


json_option = click.option(
    "--json",
    "json_flag",
    is_flag=True,
    expose_value=False,
    callback=_set_json,
    help="Print JSON on stdout for scripts (also accepted before the command).",
)
params_option = click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    type=KeyValue(),
    metavar="KEY=VALUE",
    help="A parameter of the action; repeat for more (-p count=5 -p status=paid).",
)
account_option = click.option(
    "--account",
    "-a",
    "account_name",
    metavar="NAME",
    help="The auth account to run with (by name; the only one when omitted).",
)


def check_out(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """Refuse a suffix no writer knows before anything is sent (pandas loads only here)."""
    if value is None:
        return None
    from ..tables.writers import FORMATS

    if value.suffix.lower() not in FORMATS:
        raise click.BadParameter(
            f"cannot tell the format of {str(value)!r} from its suffix; end the file name "
            f"with one of {', '.join(sorted(FORMATS))}",
            param_hint="'--out'",
        )
    return value


out_option = click.option(
    "--out",
    "-o",
    callback=check_out,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the records to this file instead of printing them; its suffix picks the "
    "format (.csv .xlsx .parquet .jsonl .sqlite .duckdb).",
)
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Bound each whole exchange (default 30 s).",
)
