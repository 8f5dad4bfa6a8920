"""Imported commands run against the bundled sandbox: the server receives what the original
cURL command sends (real curl, when installed, is the yardstick for the echo endpoint)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from engine.conftest import CANARY, CANARY_SECRETS

from connector_lab import Client, from_curl, to_curl_commands
from connector_lab.interchange.curl_export import env_prefix
from connector_lab.sandbox import serve


@pytest.fixture(scope="module")
def api():
    with serve(credentials=CANARY) as server:
        yield server


def run(report, action_id=None):
    connector = report.connector
    account = report.accounts[0] if report.accounts else None
    client = Client(connector, account) if account else Client(connector)
    return client.run(action_id or connector.actions[0].id)


def test_api_key_header_command(api):
    report = from_curl(
        f"curl -s '{api.url}/apikey/header/items' -H 'X-API-Key: {CANARY.api_key}' "
        "-H 'Accept: application/json'"
    )
    result = run(report)
    assert result.status == 200 and result.json()["auth"] == "header"


def test_basic_auth_command(api):
    report = from_curl(f"curl -u {CANARY.username}:{CANARY.password} {api.url}/basic/profile")
    result = run(report)
    assert result.status == 200 and result.json()["username"] == CANARY.username


COMMAND = (
    "curl -X POST '{url}/echo/v1/items?page=2&tag=a%20b' -H 'X-Trace: t-1' "
    "-H 'Content-Type: application/json' "
    '--data-raw \'{{"name": "Widget", "qty": 3, "dims": {{"w": 1.5}}, "tags": ["x"]}}\''
)


def test_post_json_reaches_the_echo_as_curl_sends_it(api):
    command = COMMAND.format(url=api.url)
    got = run(from_curl(command)).json()
    assert (got["method"], got["path"]) == ("POST", "/echo/v1/items")
    assert got["query"] == {"page": ["2"], "tag": ["a b"]} or got["query"] == {
        "page": "2",
        "tag": "a b",
    }
    assert got["json"] == {"name": "Widget", "qty": 3, "dims": {"w": 1.5}, "tags": ["x"]}
    assert got["headers"].get("X-Trace") == "t-1"
    if shutil.which("curl"):
        sent = json.loads(
            subprocess.run(
                ["bash", "-c", command + " -s"], check=True, capture_output=True, text=True
            ).stdout
        )
        for key in ("method", "path", "query", "json"):
            assert sent[key] == got[key], key
        assert sent["headers"]["X-Trace"] == got["headers"]["X-Trace"]


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_exported_commands_run_in_bash_with_secrets_from_the_environment(api):
    report = from_curl(f"curl -u {CANARY.username}:{CANARY.password} {api.url}/basic/profile")
    (command,) = to_curl_commands(report.connector).values()
    assert not any(secret in command for secret in CANARY_SECRETS)
    prefix = env_prefix(report.connector)
    env = {
        **os.environ,
        f"{prefix}_USERNAME": CANARY.username,
        f"{prefix}_PASSWORD": CANARY.password,
    }
    out = subprocess.run(
        ["bash", "-c", command + " -s"], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert json.loads(out)["username"] == CANARY.username
