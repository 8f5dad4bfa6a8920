"""Finding what a command names — a connector, an action, an account — in the workspace, with
a usage error (exit code 2) that lists what there is and how to see it when a name is wrong.

Accounts are found by name; only names and which fields are set are ever shown."""

from __future__ import annotations

from dataclasses import dataclass

import click

from ..spec.accounts import AuthAccount
from ..spec.actions import Action
from ..spec.connectors import Connector
from ..spec.limits import shown
from ..store.workspace import Workspace


@dataclass
class Target:
    """What a run is about: the connector (by id), one of its actions, and the account."""

    workspace: Workspace
    connector_id: str
    connector: Connector
    action: Action
    account: AuthAccount | None


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "none"


def connector(workspace: Workspace, connector_id: str) -> Connector:
    """The stored connector; a broken file raises LoadError (exit 1: the name was right)."""
    ids = workspace.ids()
    if connector_id not in ids:
        raise click.BadParameter(
            f"no connector {shown(connector_id)} in workspace {workspace.root}; connectors: "
            f"{_names(ids)} (see `connector-lab list`; choose another workspace with "
            "--workspace or $CONNECTOR_LAB_WORKSPACE)",
            param_hint="'CONNECTOR'",
        )
    return workspace.load(connector_id)


def action(found: Connector, connector_id: str, action_id: str) -> Action:
    ids = [a.id for a in found.actions]
    if action_id not in ids:
        raise click.BadParameter(
            f"connector {connector_id!r} has no action {shown(action_id)}; actions: "
            f"{_names(ids)} (see `connector-lab show {connector_id}`)",
            param_hint="'ACTION'",
        )
    return found.action(action_id)


def account(
    workspace: Workspace, connector_id: str, found: Connector, name: str | None
) -> AuthAccount | None:
    """The account named, else the connector's only one; None for a connector without auth
    and without accounts."""
    accounts = workspace.accounts(connector_id)
    names = [a.name for a in accounts]
    if name is not None:
        for candidate in accounts:
            if candidate.name == name:
                return candidate
        raise click.BadParameter(
            f"connector {connector_id!r} has no account {shown(name)}; accounts: "
            f"{_names(names)} (see `connector-lab show {connector_id}`)",
            param_hint="'--account'",
        )
    if len(accounts) == 1:
        return accounts[0]
    if len(accounts) > 1:
        raise click.UsageError(
            f"connector {connector_id!r} has {len(accounts)} accounts ({_names(names)}); "
            "choose one with --account NAME"
        )
    if found.auth.type != "none":
        raise click.UsageError(
            f"connector {connector_id!r} ({found.auth.type} auth) has no account; add one "
            f"with Workspace.save_account({connector_id!r}, AuthAccount(...)) or in the forms"
        )
    return None


def target(
    workspace: Workspace, connector_id: str, action_id: str, account_name: str | None
) -> Target:
    """Everything a run needs, each name checked in turn."""
    found = connector(workspace, connector_id)
    chosen = action(found, connector_id, action_id)
    return Target(
        workspace,
        connector_id,
        found,
        chosen,
        account(workspace, connector_id, found, account_name),
    )
