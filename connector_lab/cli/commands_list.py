"""``connector-lab list``: the connectors of the workspace, one line each — id, name, host,
auth type and number of actions. A file that does not load is listed with its error and
makes the exit code 1 (the others are still listed)."""

from __future__ import annotations

from typing import Any

import click

from .failures import EXIT_FAILED, Command
from .options import json_option
from .state import State

COLUMNS = ("id", "name", "host", "auth", "actions")


def rows(state: State) -> list[dict[str, Any]]:
    report = state.workspace().load_all()
    found = []
    for connector_id in sorted({*report.connectors, *report.errors}):
        connector = report.connectors.get(connector_id)
        error = report.errors.get(connector_id)
        found.append(
            {
                "id": connector_id,
                "name": connector.display_name if connector else None,
                "host": connector.host if connector else None,
                "auth": connector.auth.type if connector else None,
                "actions": len(connector.actions) if connector else None,
                "error": str(error) if error else None,
            }
        )
    return found


@click.command("list", cls=Command)
@json_option
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List the connectors in the workspace."""
    state: State = ctx.obj
    out = state.output
    found = rows(state)
    broken = [row for row in found if row["error"]]
    if out.json:
        out.json_data(found)
    elif found:
        out.table(COLUMNS, [[row[c] for c in COLUMNS] for row in found])
    if not found:
        out.note(
            f"no connectors in workspace {state.workspace().root}; save one with "
            "Workspace(...).save(connector), or choose the workspace with --workspace"
        )
    for row in broken:
        out.note(f"cannot load {row['id']}: {row['error']}")
    if broken:
        ctx.exit(EXIT_FAILED)


COMMANDS = [list_command]
