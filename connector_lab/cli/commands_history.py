"""``connector-lab history [--connector ID] [--action ID] [--status ok|error|CODE] …``: the
workspace's run history (运行日志), newest first — every run, page and batch row a client of
the workspace made, from the notebook, the forms or this command line. Entries are masked
when written (see ``wire/journal.py``); this command prints them as they are stored.

Read through ``RunHistory.entries`` (what ``Workspace.history`` turns into a DataFrame, with
the same filters), so printing the history never loads pandas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from .failures import Command
from .options import json_option
from .state import State

COLUMNS = (
    "time",
    "kind",
    "connector",
    "action",
    "account",
    "number",
    "status",
    "elapsed",
    "records",
    "error",
)
DEFAULT_LIMIT = 50


def _status(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | int | None:
    if value is None or value in ("ok", "error"):
        return value
    if value.isdigit() and 100 <= int(value) <= 599:
        return int(value)
    raise click.BadParameter(
        f"{value!r} is not a status; give ok, error (a 4xx/5xx answer or none at all) or an "
        "HTTP code such as 404",
        param_hint="'--status'",
    )


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO date and time; give e.g. 2024-05-01 or "
            "2024-05-01T08:00 (local time) or 2024-05-01T08:00+00:00",
            param_hint="'--since'",
        ) from None
    return value


def row(entry: dict[str, Any]) -> list[Any]:
    """One entry as table cells: the time to the second (UTC), elapsed in milliseconds."""
    cells = {**entry}
    time = str(cells.get("time") or "")
    cells["time"] = time[:19].replace("T", " ") + (" UTC" if time else "")
    elapsed = cells.get("elapsed")
    cells["elapsed"] = f"{elapsed * 1000:.0f} ms" if isinstance(elapsed, int | float) else None
    return [cells.get(column) for column in COLUMNS]


@click.command("history", cls=Command)
@click.option("--connector", "connector_id", metavar="ID", help="Only this connector.")
@click.option("--action", "action_id", metavar="ID", help="Only this action.")
@click.option("--account", "account_name", metavar="NAME", help="Only this account.")
@click.option(
    "--status",
    callback=_status,
    metavar="ok|error|CODE",
    help="Only answered runs (ok), failed ones (error) or one HTTP status.",
)
@click.option("--kind", type=click.Choice(("run", "page", "batch")), help="Only this kind.")
@click.option("--run-id", metavar="ID", help="Only the pages or rows of one harvest or batch.")
@click.option("--since", callback=_since, metavar="ISO", help="Only from this time on.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="The newest N entries.",
)
@json_option
@click.pass_obj
def history_command(state: State, limit: int, **filters: Any) -> None:
    """Show the run history of the workspace, newest first.

    \b
    connector-lab history --connector shop --status error
    connector-lab history --kind batch --since 2024-05-01 --limit 200
    connector-lab --json history --action orders | jq '.[0]'
    """
    workspace = state.workspace()
    query = {
        "connector": filters["connector_id"],
        "action": filters["action_id"],
        "account": filters["account_name"],
        "status": filters["status"],
        "kind": filters["kind"],
        "run_id": filters["run_id"],
        "since": filters["since"],
    }
    # One more than shown, to tell whether there are more.
    entries = workspace.run_history.entries(limit=limit + 1, **query)
    more, entries = len(entries) > limit, entries[:limit]
    out = state.output
    if out.json:
        out.json_data(entries)
    elif entries:
        out.table(COLUMNS, [row(entry) for entry in entries])
    if not entries:
        chosen = ", ".join(f"{k}={v}" for k, v in query.items() if v is not None)
        out.note(
            f"no entries in the run history of workspace {workspace.root}"
            + (f" matching {chosen}" if chosen else "; runs, harvests and batches add them")
        )
    elif more:
        out.note(f"showing the newest {limit} entries; there are more (--limit N, or filter)")


COMMANDS = [history_command]
