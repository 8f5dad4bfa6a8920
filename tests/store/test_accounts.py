"""Auth accounts stored apart from connectors: a 0600 file (looser permissions refused),
env:NAME references resolved only when a request is sent, listings without values."""

from __future__ import annotations

import json
import os
import stat

import pytest

from connector_lab import Action, ApiKeyAuth, AuthAccount, Client, Connector
from connector_lab.errors import LoadError, StoreError
from connector_lab.store import Workspace


@pytest.fixture
def ws(tmp_path, sandbox) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.save(
        Connector(
            display_name="Sandbox Shop",
            host=sandbox.host_port,
            protocol="http",
            auth=ApiKeyAuth(name="X-API-Key"),
            actions=[Action(id="items", name="Items", path="/apikey/header/items")],
        )
    )
    return ws


def test_accounts_file_is_private_and_apart_from_connectors(ws, sandbox):
    ws.save_account(
        "sandbox-shop", AuthAccount(name="test", values={"token": sandbox.credentials.api_key})
    )
    assert stat.S_IMODE(ws.accounts_path.stat().st_mode) == 0o600
    assert (
        sandbox.credentials.api_key
        not in (ws.root / "connectors" / "sandbox-shop.json").read_text()
    )
    stored = json.loads(ws.accounts_path.read_text())
    assert stored["accounts"]["sandbox-shop"][0]["values"]["token"] == sandbox.credentials.api_key
    account = ws.account("sandbox-shop", "test")
    assert Client(ws.load("sandbox-shop"), account).run("items").status == 200


def test_looser_permissions_are_refused(ws):
    ws.save_account("sandbox-shop", AuthAccount(name="test", values={"token": "x"}))
    os.chmod(ws.accounts_path, 0o644)
    with pytest.raises(StoreError) as error:
        ws.accounts("sandbox-shop")
    assert str(error.value) == (
        f"{ws.accounts_path} has permissions 0644: others could read the secrets in it; run  "
        f"chmod 600 {ws.accounts_path}  and try again"
    )
    os.chmod(ws.accounts_path, 0o600)
    assert [a.name for a in ws.accounts("sandbox-shop")] == ["test"]


def test_env_references_are_kept_and_read_when_sending(ws, sandbox, monkeypatch):
    ws.save_account("sandbox-shop", AuthAccount(name="ci", values={"token": "env:SHOP_KEY"}))
    assert "env:SHOP_KEY" in ws.accounts_path.read_text()
    account = ws.account("sandbox-shop", "ci")
    client = Client(ws.load("sandbox-shop"), account)
    monkeypatch.setenv("SHOP_KEY", sandbox.credentials.api_key)
    assert client.run("items").status == 200
    monkeypatch.setenv("SHOP_KEY", "rotated-elsewhere")
    assert client.run("items").status == 401


def test_listing_shows_names_and_fields_never_values(ws):
    ws.save_account("sandbox-shop", AuthAccount(name="test", values={"token": "typed-secret"}))
    ws.save_account("sandbox-shop", AuthAccount(name="prod", values={"token": "env:PROD_KEY"}))
    ws.save_account("sandbox-shop", AuthAccount(name="test", values={"token": "replaced"}))
    rows = ws.list_accounts()
    assert rows == [
        {"connector": "sandbox-shop", "account": "prod", "fields": {"token": "$PROD_KEY"}},
        {"connector": "sandbox-shop", "account": "test", "fields": {"token": "set"}},
    ]
    assert "replaced" not in repr(rows) + repr(ws.accounts("sandbox-shop"))
    ws.delete_account("sandbox-shop", "prod")
    assert [a.name for a in ws.accounts("sandbox-shop")] == ["test"]
    with pytest.raises(StoreError, match="has no account 'prod'"):
        ws.account("sandbox-shop", "prod")


def test_accounts_follow_a_rename_and_go_with_a_delete(ws):
    ws.save_account("sandbox-shop", AuthAccount(name="test", values={"token": "x"}))
    ws.rename("sandbox-shop", "shop")
    assert [a.name for a in ws.accounts("shop")] == ["test"]
    ws.delete("shop")
    assert ws.list_accounts() == []


def test_a_broken_account_names_its_place(ws):
    ws.save_account("sandbox-shop", AuthAccount(name="test", values={"token": "x"}))
    document = json.loads(ws.accounts_path.read_text())
    document["accounts"]["sandbox-shop"][0]["name"] = " "
    ws.accounts_path.write_text(json.dumps(document))
    with pytest.raises(LoadError) as error:
        ws.accounts("sandbox-shop")
    assert str(error.value) == (
        f"{ws.accounts_path}: accounts.sandbox-shop[0].name: an auth account needs a name, "
        "e.g. 'test' or 'production'"
    )
