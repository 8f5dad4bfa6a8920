"""to_python: the generated script runs in a subprocess against the sandbox and prints the
records connector_lab's own client gets (issue 12, point 4)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest

from connector_lab import (
    Action,
    AuthAccount,
    BasicAuth,
    Client,
    Connector,
    DingTalkAuth,
    Param,
    to_python,
)
from connector_lab.harvest import page_records
from connector_lab.tables.records import select_records

from .paged_shop import api_key_shop, paged_actions


def shop(api) -> Connector:
    """API-key connector: page-number and cursor pagination, an order by id, a keyed list."""
    order = Action(
        id="order",
        name="Order",
        path="/orders/{id}",
        params=[Param(name="id", location="path", type="integer", default=3)],
    )
    keyed = Action(id="keyed", name="Keyed items", path="/apikey/header/items")
    return api_key_shop(api, [*paged_actions(cursor_id="by-cursor"), order, keyed])


def run_script(source: str, tmp_path, env: dict[str, str], *args: str) -> list:
    script = tmp_path / "client.py"
    script.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def own_records(client: Client, action_id: str) -> list:
    if client.connector.action(action_id).pagination is not None:
        return [r for result in client.pages(action_id) for r in page_records(result)]
    return select_records(client.run(action_id).json()).records


@pytest.mark.parametrize("action_id", ["pages", "by-cursor", "order", "keyed"])
def test_script_prints_what_the_client_gets(sandbox, tmp_path, action_id):
    connector = shop(sandbox)
    key = sandbox.credentials.api_key
    source = to_python(connector)
    printed = run_script(source, tmp_path, {"SANDBOX_SHOP_API_KEY": key}, action_id)
    with Client(connector, AuthAccount(name="t", values={"token": key})) as client:
        assert printed == own_records(client, action_id)
    assert printed


def test_paged_harvest_ids_match(sandbox, tmp_path):
    connector = shop(sandbox)
    key = sandbox.credentials.api_key
    printed = run_script(to_python(connector, "pages"), tmp_path, {"SANDBOX_SHOP_API_KEY": key})
    with Client(connector, AuthAccount(name="t", values={"token": key})) as client:
        frame = client.harvest("pages")
    assert [r["id"] for r in printed] == list(frame["id"]) == list(range(1, 24))


def test_arguments_override_defaults(sandbox, tmp_path):
    key = sandbox.credentials.api_key
    source = to_python(shop(sandbox))
    printed = run_script(source, tmp_path, {"SANDBOX_SHOP_API_KEY": key}, "pages", "total=7")
    assert [r["id"] for r in printed] == list(range(1, 8))


def test_missing_secret_is_a_clear_message(sandbox, tmp_path):
    script = tmp_path / "client.py"
    script.write_text(to_python(shop(sandbox)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SANDBOX_SHOP_API_KEY"}
    done = subprocess.run(
        [sys.executable, str(script), "keyed"], capture_output=True, text=True, env=env
    )
    assert done.returncode != 0
    assert "SANDBOX_SHOP_API_KEY is not set" in done.stderr


def test_basic_auth_script(sandbox, tmp_path):
    connector = Connector(
        display_name="Basic box",
        host=sandbox.host_port,
        protocol="http",
        auth=BasicAuth(),
        actions=[Action(id="profile", name="Profile", path="/basic/profile")],
    )
    creds = sandbox.credentials
    env = {"BASIC_BOX_USERNAME": creds.username, "BASIC_BOX_PASSWORD": creds.password}
    printed = run_script(to_python(connector), tmp_path, env)
    account = AuthAccount(name="t", values={"username": creds.username, "password": creds.password})
    with Client(connector, account) as client:
        assert printed == select_records(client.run("profile").json()).records


@pytest.mark.parametrize("legacy", [False, True])
def test_dingtalk_token_flow_script(sandbox, tmp_path, legacy):
    token_path = "/gettoken" if legacy else "/v1.0/oauth2/accessToken"
    path = "/topapi/v2/user/list" if legacy else "/v1.0/contact/users"
    connector = Connector(
        display_name="Ding",
        host=sandbox.host_port,
        protocol="http",
        auth=DingTalkAuth(token_url=sandbox.url + token_path, legacy=legacy),
        actions=[
            Action(
                id="users",
                name="Users",
                path=path,
                records_path="$.result.list[*]" if legacy else "$.list[*]",
            )
        ],
    )
    creds = sandbox.credentials
    source = to_python(connector)
    assert "DING_APP_SECRET" in source
    env = {"DING_APP_KEY": creds.app_key, "DING_APP_SECRET": creds.app_secret}
    printed = run_script(source, tmp_path, env)
    account = AuthAccount(
        name="t", values={"app_key": creds.app_key, "app_secret": creds.app_secret}
    )
    with Client(connector, account) as client:
        assert (
            printed
            == select_records(
                client.run("users").json(), "$.list[*]" if not legacy else "$.result.list[*]"
            ).records
        )
    assert len(printed) > 1


def test_the_script_is_plain_python_with_a_function_per_action(sandbox):
    source = to_python(shop(sandbox))
    tree = ast.parse(source)
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert {"pages", "by_cursor", "order", "keyed", "main"} <= functions
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported - set(sys.stdlib_module_names) == {"requests"}
    assert "def pages(total: Any = 23, per_page: Any = 5, *, session=None)" in source


def test_one_action_only(sandbox):
    source = to_python(shop(sandbox), "order")
    assert "def order(" in source and "def pages(" not in source
    assert 'DEFAULT_ACTION = "order"' in source


def test_a_form_action_script_sends_a_form(sandbox, tmp_path):
    connector = Connector(
        display_name="Form box",
        host=sandbox.host_port,
        protocol="http",
        actions=[
            Action(
                id="submit",
                name="Submit",
                method="POST",
                path="/echo/form",
                body_style="form",
                params=[
                    Param(name="note", location="body", default="a&b 中"),
                    Param(name="n", location="body", type="integer", default=2),
                ],
            )
        ],
    )
    source = to_python(connector)
    assert "body = _form({" in source
    (echo,) = run_script(source, tmp_path, {})
    assert echo["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert echo["body"] == "note=a%26b+%E4%B8%AD&n=2"
    with Client(connector, AuthAccount(name="t")) as client:
        assert client.run("submit").json()["body"] == echo["body"]
