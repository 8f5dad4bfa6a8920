"""The command line as a real subprocess: ``python -m connector_lab.cli`` (and once the
installed ``connector-lab`` script) against a sandbox started with canary credentials.

Every call goes through :func:`invoke`, which also checks what must hold for any command:
no Python traceback and no canary secret in stdout or stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from connector_lab import Action, ApiKeyAuth, AuthAccount, Connector, Workspace
from connector_lab.sandbox import SandboxAPI, serve
from tests.conftest import sandbox_shop
from tests.engine.conftest import CANARY, CANARY_SECRETS


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@dataclass
class CliSetup:
    api: SandboxAPI
    workspace: Path
    requests: list[str]  # the sandbox's log: one "GET /orders 200" line per request


def invoke(
    *args: str, workspace: Path | None, program: list[str] | None = None, cwd: Path | None = None
) -> Outcome:
    """Run the command line in a fresh process; ``workspace`` goes in the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_LAB_")}
    if workspace is not None:
        env["CONNECTOR_LAB_WORKSPACE"] = str(workspace)
    done = subprocess.run(
        [*(program or [sys.executable, "-m", "connector_lab.cli"]), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )
    both = done.stdout + done.stderr
    assert "Traceback" not in both, done.stderr[-3000:]
    assert [c for c in CANARY_SECRETS if c in both] == []
    return Outcome(done.returncode, done.stdout, done.stderr)


def query_key_connector(api: SandboxAPI) -> Connector:
    """A connector whose key travels in the query string, where a leak is easiest."""
    return Connector(
        display_name="Query key",
        host=api.host_port,
        protocol="http",
        auth=ApiKeyAuth(name="api_key", location="query"),
        actions=[Action(id="items", name="Items", path="/apikey/query/items")],
    )


@pytest.fixture(scope="module")
def cli_setup(tmp_path_factory) -> Iterator[CliSetup]:
    """A canary sandbox and a workspace with the sandbox shop and the query-key connector,
    each with one account holding the canary API key (typed in, not from the environment)."""
    requests: list[str] = []
    root = tmp_path_factory.mktemp("cli-ws")
    with serve(credentials=CANARY, log=requests.append) as api:
        workspace = Workspace(root)
        for connector_id, connector in (
            ("sandbox-shop", sandbox_shop(api)),
            ("query-key", query_key_connector(api)),
        ):
            workspace.save(connector, connector_id)
            workspace.save_account(
                connector_id, AuthAccount(name="test", values={"token": CANARY.api_key})
            )
        yield CliSetup(api, root, requests)
