"""Runs recorded in the history: Client(history=...) records every run — answered, failed on
the wire, refused for its parameters — masked; Client.record for pages; Workspace.client and
Workspace.history. Against the sandbox and a port where nothing listens."""

from __future__ import annotations

import json
import socket

import pytest

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    Client,
    Connector,
    Param,
    ParameterError,
    RunHistory,
    StoreError,
    TransportError,
    Workspace,
)


@pytest.fixture
def history(tmp_path) -> RunHistory:
    return RunHistory(tmp_path / "history" / "runs.jsonl")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens


def test_without_a_history_nothing_is_recorded(shop, shop_account, tmp_path):
    client = Client(shop, shop_account)
    assert client.history is None
    assert client.run("orders", count=1).ok
    assert client.record(client.run("orders", count=1)) is None
    assert list(tmp_path.iterdir()) == []


def test_a_run_is_recorded_with_its_facts(shop, shop_account, history, sandbox):
    client = Client(shop, shop_account, history=history, connector_id="shop")
    result = client.run("orders", count=3)
    result.json()
    client.run("fail", status=503)
    frame = history.read(order="oldest")
    first, failed = frame.iloc[0], frame.iloc[1]
    assert first["kind"] == "run" and first["connector"] == "shop" and first["account"] == "test"
    assert first["action"] == "orders" and first["method"] == "GET"
    assert first["url"] == f"{sandbox.url}/orders?count=3"
    assert first["params"] == {"count": 3}
    assert first["status"] == 200 and first["ok"] and first["bytes"] == len(result.content)
    assert first["elapsed"] > 0 and first["retries"] == 0 and first["waited"] == 0
    assert pd_isna(first["error"]) and pd_isna(first["number"])
    assert failed["status"] == 503 and not failed["ok"] and failed["error"].startswith("HTTP 503")
    assert frame["run_id"].nunique() == 2  # each run its own


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_the_record_count_is_kept_only_when_known_cheaply(shop, shop_account, history):
    client = Client(shop, shop_account, history=history)
    parsed = client.run("orders", count=4)
    assert history.read(limit=1)["records"].isna().all()  # body not parsed: not counted
    parsed.json()
    assert client.record(parsed)["records"] == 4  # parsed already: counted
    assert client.record(parsed, records=7)["records"] == 7  # the caller knows


def test_errors_are_recorded_then_raised(history):
    connector = Connector(
        display_name="Nowhere",
        host=f"127.0.0.1:{closed_port()}",
        protocol="http",
        actions=[Action(id="a", name="A", path="/x", params=[Param(name="n", type="integer")])],
    )
    client = Client(connector, history=history)
    with pytest.raises(TransportError):
        client.run("a", n=1)
    with pytest.raises(ParameterError):
        client.run("a", n="many")
    with pytest.raises(ParameterError):
        client.run("a", wrong=1)
    frame = history.read(order="oldest")
    assert frame["ok"].tolist() == [False, False, False]
    assert frame["error"].iloc[0].startswith("TransportError")
    assert frame["url"].iloc[0].endswith("/x?n=1") and frame["method"].iloc[0] == "GET"
    assert "many" in frame["error"].iloc[1] and frame["params"].iloc[1] == {"n": "many"}
    assert frame["status"].isna().all() and frame["action"].tolist() == ["a", "a", "a"]


def test_pages_share_a_run_id_and_a_number(shop, shop_account, history):
    client = Client(shop, shop_account, history=history)
    for number in (1, 2):
        result = client.send(client.prepare("orders", count=number), action=shop.action("orders"))
        client.record(result, kind="page", run_id="h1", number=number, params={"count": number})
    pages = history.read(kind="page", run_id="h1", order="oldest")
    assert pages["number"].tolist() == [1, 2] and pages["params"].tolist()[1] == {"count": 2}


def test_client_pages_records_every_page_under_one_run_id(sandbox, history):
    paged = Connector(
        display_name="Paged",
        host=sandbox.host_port,
        protocol="http",
        actions=[
            Action(
                id="items",
                name="Items",
                path="/paged/pages",
                params=[Param(name="total", type="integer", default=25)],
                pagination={"style": "page", "size_param": "per_page", "page_size": 10},
            )
        ],
    )
    client = Client(paged, history=history)
    results = list(client.pages("items", workers=1))
    pages = history.read(kind="page", order="oldest")
    assert len(results) == 3 and pages["number"].tolist() == [1, 2, 3]
    assert pages["run_id"].nunique() == 1 and pages["records"].tolist() == [10, 10, 5]
    assert history.read(kind="run").empty  # pages are not also recorded as single runs


def test_parameters_are_masked_by_name_and_by_value(sandbox, history):
    key = sandbox.credentials.api_key
    connector = Connector(
        display_name="Echo",
        host=sandbox.host_port,
        protocol="http",
        auth=ApiKeyAuth(name="api_key", location="query"),
        actions=[
            Action(
                id="echo",
                name="Echo",
                method="POST",
                path="/echo",
                params=[
                    Param(name="note", location="body"),
                    Param(name="password", location="body"),
                    Param(name="X-Session-Token", location="header"),
                    Param(name="nested", location="body", type="object"),
                ],
            )
        ],
    )
    client = Client(connector, AuthAccount(name="test", values={"token": key}), history=history)
    client.run(
        "echo",
        note=f"the key is {key}",
        password="hunter2-pw",
        **{"X-Session-Token": "tok-123"},
        nested={"deep": [key, "fine"]},
    )
    entry = history.read().iloc[0]
    assert entry["params"] == {
        "note": "the key is ***",
        "password": "***",
        "X-Session-Token": "***",
        "nested": {"deep": ["***", "fine"]},
    }
    assert "api_key=***" in entry["url"]
    text = "".join(p.read_text() for p in history.files())
    for secret in (key, "hunter2-pw", "tok-123"):
        assert secret not in text


def test_the_workspace_makes_recording_clients(tmp_path, sandbox, shop):
    ws = Workspace(tmp_path / "ws")
    ws.save(shop, "shop")
    ws.save_account("shop", AuthAccount(name="other", values={"token": "wrong"}))
    ws.save_account("shop", AuthAccount(name="test", values={"token": sandbox.credentials.api_key}))
    client = ws.client("shop")
    assert client.account.name == "test" and client.history is ws.run_history
    assert client.run("orders", count=1).ok
    assert ws.client("shop", "other").run("fail", status=404).status == 404
    frame = ws.history()
    assert frame["account"].tolist() == ["other", "test"] and set(frame["connector"]) == {"shop"}
    assert ws.history(account="test", status="ok")["action"].tolist() == ["orders"]
    assert ws.history(status=404)["account"].tolist() == ["other"]
    assert ws.run_history.path == tmp_path / "ws" / "history" / "runs.jsonl"
    assert (tmp_path / "ws" / "history" / ".gitignore").exists()
    quiet = ws.client("shop", history=None)
    quiet.run("orders", count=1)
    assert len(ws.history()) == 2
    lines = ws.run_history.path.read_text().splitlines()
    assert all(sandbox.credentials.api_key not in line for line in lines)
    assert [json.loads(line)["account"] for line in lines] == ["test", "other"]


def test_the_workspace_client_needs_an_account_only_when_the_auth_does(tmp_path, sandbox):
    ws = Workspace(tmp_path / "ws")
    ws.save(Connector(display_name="Open", host=sandbox.host_port, protocol="http"), "open")
    assert ws.client("open").account.name == "anonymous"
    ws.save(
        Connector(display_name="Locked", host=sandbox.host_port, auth=ApiKeyAuth(name="k")),
        "locked",
    )
    with pytest.raises(StoreError, match=r"no account.*save_account\('locked'"):
        ws.client("locked")


def test_history_must_be_a_journal(shop):
    with pytest.raises(TypeError, match="RunHistory"):
        Client(shop, history="runs.jsonl")
