"""``connector-lab show CONNECTOR [ACTION]``: a connector's settings, actions and accounts, or
one action's parameters and pagination. Accounts appear by name with which fields are set
(``set``, ``empty`` or ``$ENV_NAME``) — never a value."""

from __future__ import annotations

from typing import Any

import click

from ..spec.actions import Action
from ..spec.connectors import Connector
from . import lookup
from .failures import Command
from .options import json_option
from .output import Output, render_fields
from .state import State

ACTION_COLUMNS = ("id", "method", "path", "params", "pagination", "name")
PARAM_COLUMNS = ("name", "location", "type", "required", "default", "source", "description")


def _settings(model: Any) -> str:
    """A model's non-default settings as ``key=value, …`` (its ``type`` shown apart)."""
    fields = model.model_dump(mode="json", exclude_defaults=True, exclude={"type", "style"})
    return ", ".join(f"{key}={value!r}" for key, value in fields.items())


def _accounts(state: State, connector_id: str) -> list[dict[str, Any]]:
    return [
        {"name": a.name, "fields": a.describe()} for a in state.workspace().accounts(connector_id)
    ]


def show_connector(out: Output, connector_id: str, found: Connector, accounts: list) -> None:
    auth = found.auth.type + (f" ({_settings(found.auth)})" if _settings(found.auth) else "")
    described = [
        f"{a['name']} ({', '.join(f'{k}: {v}' for k, v in a['fields'].items()) or 'no values'})"
        for a in accounts
    ]
    out.data(
        render_fields(
            [
                ("id", connector_id),
                ("name", found.display_name),
                ("origin", found.origin),
                ("base URL", found.base_url),
                ("auth", auth),
                ("description", found.description),
                ("accounts", "; ".join(described) or "none"),
            ]
        )
    )
    out.data("\nactions")
    rows = [
        [a.id, a.method, a.path, len(a.params), a.pagination.style if a.pagination else "", a.name]
        for a in found.actions
    ]
    out.table(ACTION_COLUMNS, rows)


def show_action(out: Output, found: Connector, action: Action) -> None:
    paging = action.pagination
    pagination = f"{paging.style} {_settings(paging)}".strip() if paging else "none"
    out.data(
        render_fields(
            [
                ("action", action.id),
                ("name", action.name),
                (
                    "request",
                    f"{action.method} {found.origin}{found.base_url.rstrip('/')}{action.path}",
                ),
                ("description", action.description),
                ("records", action.records_path or "detected from the response"),
                ("pagination", pagination),
            ]
        )
    )
    out.data("\nparameters")
    rows = [
        [
            p.name,
            p.location,
            p.type,
            p.required,
            p.value if p.source == "static" else p.default,
            p.system_field if p.source == "system" else p.source,
            p.description,
        ]
        for p in action.params
    ]
    out.table(PARAM_COLUMNS, rows)


@click.command("show", cls=Command)
@click.argument("connector_id", metavar="CONNECTOR")
@click.argument("action_id", metavar="[ACTION]", required=False)
@json_option
@click.pass_obj
def show_command(state: State, connector_id: str, action_id: str | None) -> None:
    """Show a connector (settings, actions, account names) or one ACTION's parameters."""
    workspace = state.workspace()
    found = lookup.connector(workspace, connector_id)
    out = state.output
    if action_id is not None:
        action = lookup.action(found, connector_id, action_id)
        if out.json:
            out.json_data({"connector": connector_id, **action.model_dump(mode="json")})
        else:
            show_action(out, found, action)
        return
    accounts = _accounts(state, connector_id)
    if out.json:
        out.json_data({"id": connector_id, **found.model_dump(mode="json"), "accounts": accounts})
    else:
        show_connector(out, connector_id, found, accounts)


COMMANDS = [show_command]
