"""Shared fixtures.

Sandbox fixtures (F-9): ``sandbox`` is one server for the whole session — use it read-only
(no ``reset``, ``expire_tokens`` or ``token_ttl`` changes, no reliance on absolute counters);
``fresh_sandbox`` is a server of its own per test, for anything that changes or counts state.

The sandbox shop (``shop``, ``shop_account``, ``shop_client``, or ``sandbox_shop(api)`` for a
sandbox of a test's own) is the one connector the tests share.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from connector_lab import Action, ApiKeyAuth, AuthAccount, Client, Connector, Param
from connector_lab.sandbox import SandboxAPI, serve
from connector_lab.sandbox.data import order as sandbox_order
from tests.hostile import HostileServer


@pytest.fixture(autouse=True)
def _own_default_workspace(tmp_path_factory, monkeypatch):
    """Workspace.default() points into the test's temp folder, never the user's own."""
    monkeypatch.setenv("CONNECTOR_LAB_WORKSPACE", str(tmp_path_factory.mktemp("default-ws")))


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxAPI]:
    """A sandbox API shared by the whole session (read-only use)."""
    with serve() as api:
        yield api


@pytest.fixture
def fresh_sandbox() -> Iterator[SandboxAPI]:
    """A sandbox API of this test alone: its own counters, tokens and rate limits."""
    with serve() as api:
        yield api


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver on loopback, on a free port."""
    return ("127.0.0.1", 0)


def sandbox_shop(api: SandboxAPI) -> Connector:
    """The one sandbox-shop connector the tests share: API-key auth and an action for each
    kind of endpoint the tests drive (JSON with and without an expected response, a path
    parameter, other formats, errors, a slow answer, an echo with every location)."""
    count = Param(name="count", type="integer", default=5, required=True)
    return Connector(
        display_name="Sandbox shop",
        host=api.host_port,
        protocol="http",
        auth=ApiKeyAuth(name="X-API-Key"),
        actions=[
            Action(
                id="orders",
                name="Orders",
                path="/orders",
                params=[count],
                expected_response={"data": [sandbox_order(api.seed, 1)], "total": 1},
            ),
            Action(id="orders_plain", name="Orders, no sample", path="/orders", params=[count]),
            Action(
                id="order",
                name="Order",
                path="/orders/{id}",
                params=[Param(name="id", location="path", type="integer")],
            ),
            Action(
                id="fmt",
                name="Format",
                path="/formats/{kind}",
                params=[Param(name="kind", location="path")],
            ),
            Action(
                id="fail",
                name="Fail",
                path="/errors/{status}",
                params=[Param(name="status", location="path", type="integer")],
            ),
            Action(
                id="slow", name="Slow", path="/slow", params=[Param(name="delay", type="number")]
            ),
            Action(
                id="echo",
                name="Echo",
                method="PUT",
                path="/echo/{id}",
                params=[
                    Param(name="id", location="path"),
                    Param(name="q"),
                    Param(name="X-Trace", location="header", source="static", value="t-1"),
                    Param(name="item.qty", location="body", type="integer"),
                ],
            ),
            Action(
                id="users_by_path",
                name="Users",
                path="/paged/offset",
                records_path="$.items[*]",
                params=[Param(name="limit", type="integer", default=5)],
            ),
        ],
    )


@pytest.fixture
def shop(sandbox) -> Connector:
    """The shared sandbox-shop connector, on the session's sandbox."""
    return sandbox_shop(sandbox)


@pytest.fixture
def shop_account(sandbox) -> AuthAccount:
    """An account with the sandbox's API key."""
    return AuthAccount(name="test", values={"token": sandbox.credentials.api_key})


@pytest.fixture
def shop_client(shop, shop_account) -> Iterator[Client]:
    """A client of the shared shop with the sandbox's API key."""
    with Client(shop, shop_account) as client:
        yield client


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    """A raw-socket server on 127.0.0.1 that answers badly on purpose (tests/hostile.py)."""
    with HostileServer() as server:
        yield server


@pytest.fixture
def name_lookups(monkeypatch) -> list:
    """The host names looked up while the test runs (each lookup still goes to the real
    resolver): proof that nothing was about to leave loopback."""
    looked_up: list = []
    real_lookup = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        looked_up.append(host)
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return looked_up
