"""``connector-lab harvest CONNECTOR ACTION -p key=value … [--out FILE]``: every page of an
action. With ``--out`` the pages stream into the file (``Client.harvest(..., to=FILE)``: the
format from its suffix, memory bounded by a few pages); without it the table goes to stdout,
cut to :data:`SHOWN_ROWS` rows with a note saying how many were left out.

The pages are asked for here (``Client.pages``) and handed to ``collect`` through a
generator that counts them, so progress — pages and records so far — shows on stderr while
the run goes on. The client is the workspace's (``Workspace.client``), so every page lands
in the run history. ``--style``, ``--max-pages`` and ``--max-records`` override the
action's stored pagination for this run only.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..spec.pagination import PAGINATION_STYLES, Pagination
from . import lookup
from .failures import Command
from .options import (
    account_option,
    check_out,
    json_option,
    params_option,
    timeout_option,
    values_from,
)
from .progress import Progress
from .state import State

if TYPE_CHECKING:
    import pandas as pd

    from ..harvest.report import HarvestReport
    from ..wire.result import Result

#: Rows of the table printed when there is no ``--out`` (``--json`` prints them all).
SHOWN_ROWS = 50


@dataclass
class Tally:
    """The pages and records seen so far, and why the run stopped (the last page says)."""

    pages: int = 0
    records: int = 0
    stop: str | None = None

    def text(self) -> str:
        return f"{self.pages} page{'s' * (self.pages != 1)} · {self.records} records"


def counted(results: Iterable[Result], tally: Tally, progress: Progress) -> Iterator[Result]:
    """``results`` passed on one by one, counted into ``tally`` and shown as progress. Holds
    no Result while the next page is fetched (collect releases each one), and closes the
    pages when collect stops early (a record limit, an error)."""
    iterator = iter(results)
    try:
        for result in iterator:
            page = getattr(result, "page", None)
            yield result
            del result
            tally.pages += 1
            tally.records += getattr(page, "records", 0) or 0
            tally.stop = getattr(page, "stop", None) or tally.stop
            progress.update(tally.text())
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


def pagination_for(
    target: lookup.Target, style: str | None, max_pages: int | None, max_records: int | None
) -> Pagination | None:
    """The action's pagination with this run's overrides, or None to use it as stored.
    Checked like a stored one: a style missing what it needs is a usage error (exit 2)."""
    given = {"style": style, "max_pages": max_pages, "max_records": max_records}
    changes = {name: value for name, value in given.items() if value is not None}
    if not changes:
        return None
    stored = target.action.pagination or Pagination()
    return Pagination(**{**stored.model_dump(), **changes})


def _streamable(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``--out`` as ``run`` checks it, and not a workbook: Excel cannot be written page by
    page (refused here, before anything is sent)."""
    value = check_out(ctx, param, value)
    if value is not None and value.suffix.lower() == ".xlsx":
        raise click.BadParameter(
            f"{str(value)!r}: an Excel workbook cannot be streamed page by page; choose "
            ".parquet, .csv, .jsonl, .sqlite or .duckdb",
            param_hint="'--out'",
        )
    return value


def report_json(target: lookup.Target, report: HarvestReport) -> dict[str, Any]:
    return {
        "ok": True,
        "connector": target.connector_id,
        "action": target.action.id,
        "account": target.account.name if target.account else None,
        "path": str(report.path),
        "format": report.format,
        "pages": report.pages,
        "records": report.records,
        "bytes": report.bytes,
        "elapsed": round(report.elapsed, 6),
        "columns": report.columns,
        "stop": report.stop,
    }


def show_frame(state: State, target: lookup.Target, frame: pd.DataFrame, tally: Tally) -> None:
    """The harvested table on stdout: all rows as JSON, or the first SHOWN_ROWS as text."""
    out = state.output
    if out.json:
        import json

        rows = json.loads(frame.to_json(orient="records", date_format="iso"))
        out.json_data(
            {
                "ok": True,
                "connector": target.connector_id,
                "action": target.action.id,
                "account": target.account.name if target.account else None,
                "pages": tally.pages,
                "records": len(frame),
                "stop": tally.stop,
                "rows": rows,
            }
        )
        return
    if len(frame.columns):
        out.table([str(c) for c in frame.columns], frame.head(SHOWN_ROWS).itertuples(index=False))
    if len(frame) > SHOWN_ROWS:
        out.note(
            f"showing the first {SHOWN_ROWS} of {len(frame)} rows ({len(frame) - SHOWN_ROWS} "
            "left out); write them all with --out FILE, or print them with --json"
        )


@click.command("harvest", cls=Command)
@click.argument("connector_id", metavar="CONNECTOR")
@click.argument("action_id", metavar="ACTION")
@params_option
@account_option
@click.option(
    "--out",
    "-o",
    callback=_streamable,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Stream every page into this file; its suffix picks the format "
    "(.parquet .csv .jsonl .sqlite .duckdb). Without it the table is printed.",
)
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after N pages.")
@click.option("--max-records", type=click.IntRange(min=0), help="Stop after N records.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Threads fetching pages known in advance (page or offset with a total; default 8).",
)
@click.option(
    "--style",
    type=click.Choice(PAGINATION_STYLES),
    help="Page this way instead of the action's stored pagination ('auto' detects it).",
)
@timeout_option
@json_option
@click.pass_obj
def harvest_command(
    state: State,
    connector_id: str,
    action_id: str,
    params: tuple[tuple[str, str], ...],
    account_name: str | None,
    out: Path | None,
    max_pages: int | None,
    max_records: int | None,
    workers: int | None,
    style: str | None,
    timeout: float | None,
) -> None:
    """Fetch every page of ACTION of CONNECTOR into a file (--out) or print it.

    \b
    connector-lab harvest shop orders --out orders.parquet
    connector-lab harvest shop orders -p status=paid --max-pages 5 --out paid.csv
    connector-lab --json harvest shop orders --out orders.jsonl | jq .records
    """
    values = values_from(params)
    target = lookup.target(state.workspace(), connector_id, action_id, account_name)
    pagination = pagination_for(target, style, max_pages, max_records)
    options: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
    with target.workspace.client(connector_id, target.account, **options) as client:
        pages = client.pages(target.action, values, workers=workers, pagination=pagination)
        harvested, tally, elapsed = _collect(target, pages, out)
    summary = f"{tally.text()} · {tally.stop or 'no stop reason'} · {elapsed:.2f} s"
    if out is not None:
        state.output.note(f"harvest {action_id}: {summary} · wrote {harvested.path}")
        if state.output.json:
            state.output.json_data(report_json(target, harvested))
        return
    state.output.note(f"harvest {action_id}: {summary}")
    show_frame(state, target, harvested, tally)


def _collect(target: lookup.Target, pages: Iterable[Result], out: Path | None):
    """The pages into ``out`` (a HarvestReport) or a DataFrame, with progress on stderr."""
    from ..harvest.collect import collect

    tally, progress = Tally(), Progress(f"harvest {target.action.id}")
    started = time.perf_counter()
    try:
        harvested = collect(counted(pages, tally, progress), target.action, to=out)
    finally:
        progress.close()
    return harvested, tally, time.perf_counter() - started


COMMANDS = [harvest_command]
