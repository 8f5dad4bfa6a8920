"""``connector-lab run CONNECTOR ACTION -p key=value … [--account NAME] [--out FILE]``: one
request. The status line goes to stderr; the records go to stdout as a table, as JSON under
``--json`` (``{"ok", "status", "elapsed", "url", "count", "records", …}``), or to ``--out``
in the format its suffix names. An HTTP error status or a failed exchange exits with 1.

The wire and the tables (requests, pandas) are imported here inside the functions, so
``--help`` never pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import HTTPStatusError, ResponseParseError
from . import lookup
from .failures import EXIT_FAILED, Command
from .options import (
    account_option,
    json_option,
    out_option,
    params_option,
    timeout_option,
    values_from,
)
from .state import State

if TYPE_CHECKING:
    import pandas as pd

    from ..wire.result import Result


def send(target: lookup.Target, values: dict[str, str], timeout: float | None) -> Result:
    """Run the action once with the workspace's client (so the run lands in its history);
    parameter problems raise before anything is sent."""
    from ..wire.client import DEFAULT_TIMEOUT

    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    with target.workspace.client(target.connector_id, target.account, timeout=limit) as client:
        return client.run(target.action, values)


def json_records(result: Result, frame: pd.DataFrame | None) -> list[Any]:
    """The records as the body has them (nested) — or the frame's rows for CSV and JSON
    Lines bodies, which are tables already."""
    try:
        return list(result.records().records)
    except ResponseParseError:
        import json

        table = frame if frame is not None else result.to_frame()
        return json.loads(table.to_json(orient="records", date_format="iso"))


def summary(target: lookup.Target, result: Result) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "connector": target.connector_id,
        "action": target.action.id,
        "account": target.account.name if target.account else None,
        "status": result.status,
        "reason": result.reason,
        "elapsed": round(result.elapsed, 6),
        "url": result.url,
    }


def status_line(result: Result, count: int | None) -> str:
    records = "" if count is None else f" · {count} record{'s' * (count != 1)}"
    return (
        f"HTTP {result.status} {result.reason} · {result.elapsed * 1000:.0f} ms{records} · "
        f"{result.request.method} {result.url}"
    )


def failed(state: State, target: lookup.Target, result: Result) -> None:
    """An HTTP error status: the (masked) answer on stderr, exit code 1."""
    message = ""
    try:
        result.raise_for_status()
    except HTTPStatusError as exc:  # its text is masked by the Result
        message = str(exc)
    if state.output.json:
        state.output.json_data({**summary(target, result), "error": message, "records": []})
    state.output.note(status_line(result, None))
    state.output.error(message)
    click.get_current_context().exit(EXIT_FAILED)


def report(state: State, target: lookup.Target, result: Result, out: Path | None) -> None:
    out_mode = state.output
    frame = result.to_frame() if (out is not None or not out_mode.json) else None
    written = None
    if out is not None:
        from ..tables.writers import export

        written = str(export(frame, out))
    if out_mode.json:
        records = json_records(result, frame)
        payload = {**summary(target, result), "count": len(records), "out": written}
        out_mode.json_data(payload if written else {**payload, "records": records})
        out_mode.note(status_line(result, len(records)))
        return
    out_mode.note(status_line(result, len(frame)))
    if written:
        out_mode.note(f"wrote {len(frame)} rows to {written}")
    elif len(frame.columns):
        out_mode.table([str(c) for c in frame.columns], frame.itertuples(index=False))


@click.command("run", cls=Command)
@click.argument("connector_id", metavar="CONNECTOR")
@click.argument("action_id", metavar="ACTION")
@params_option
@account_option
@out_option
@timeout_option
@json_option
@click.pass_obj
def run_command(
    state: State,
    connector_id: str,
    action_id: str,
    params: tuple[tuple[str, str], ...],
    account_name: str | None,
    out: Path | None,
    timeout: float | None,
) -> None:
    """Run ACTION of CONNECTOR once and print its records.

    \b
    connector-lab run sandbox-shop orders -p count=5 --account test
    connector-lab --json run sandbox-shop orders -p count=5 | jq '.records[0]'
    connector-lab run sandbox-shop orders -p count=500 --out orders.parquet
    """
    values = values_from(params)
    target = lookup.target(state.workspace(), connector_id, action_id, account_name)
    if target.action.pagination is not None:
        state.output.note(
            f"run sends one request: this is the first page of {action_id!r}, which declares "
            f"{target.action.pagination.style!r} pagination"
        )
    result = send(target, values, timeout)
    if not result.ok:
        failed(state, target, result)
    report(state, target, result, out)


COMMANDS = [run_command]
