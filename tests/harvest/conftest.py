"""Connectors over the sandbox's paginated endpoints (``/paged/...``, 95 items by default),
and over servers of a test's own."""

from __future__ import annotations

import pytest

from connector_lab import Action, ApiKeyAuth, AuthAccount, Client, Connector, Param

STYLES = ("pages", "offset", "cursor", "next", "link")


def paged_connector(host_port: str, **action_fields) -> Connector:
    """A connector with one action per sandbox pagination endpoint, API-key auth."""
    actions = [
        Action(
            id=name,
            name=name,
            path=f"/paged/{name}",
            params=[Param(name="total", type="integer"), Param(name="delay", type="number")],
            **action_fields,
        )
        for name in STYLES
    ]
    return Connector(
        display_name="Paged",
        host=host_port,
        protocol="http",
        auth=ApiKeyAuth(name="X-API-Key"),
        actions=actions,
    )


@pytest.fixture
def paged(sandbox):
    with Client(
        paged_connector(sandbox.host_port),
        AuthAccount(name="test", values={"token": sandbox.credentials.api_key}),
    ) as client:
        yield client


def ids(results) -> list[int]:
    """Every record id of every page, in order, as the run keeps them."""
    from connector_lab.harvest import page_records

    return [record["id"] for result in results for record in page_records(result)]


SECRET = "harvest-secret-key-9d1e"


@pytest.fixture
def make_client():
    """``make_client(url, path=..., method=..., auth=..., **action fields)``: a client of a
    one-action (``list``) connector on the server at ``url``, with the key ``SECRET``."""
    from urllib.parse import urlsplit

    made = []

    def make(url: str, *, path: str = "/list", method: str = "GET", auth=None, **fields):
        action = Action(id="list", name="List", method=method, path=path, **fields)
        connector = Connector(
            display_name="Odd",
            host=urlsplit(url).netloc,
            protocol="http",
            auth=auth or ApiKeyAuth(name="X-API-Key"),
            actions=[action],
        )
        client = Client(connector, AuthAccount(name="test", values={"token": SECRET}))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


# The collect and sinks tests' page loops of their own (collect takes any iterable of Results).
from tests.harvest.pageloops import sandbox_client, shaped_client  # noqa: E402, F401
