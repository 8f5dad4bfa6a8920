"""A next URL or Link on another origin never gets credentials: asserted at the server that
receives the follow-up (another port on 127.0.0.1, or 127.0.0.2), for a key in a header, a
key in the query (even one the first server echoed into the URL) and a bearer token."""

from __future__ import annotations

from dataclasses import replace

import pytest

from connector_lab import Action, ApiKeyAuth, AuthAccount, BearerAuth, Client, Connector
from tests.harvest.conftest import SECRET
from tests.harvest.servers import RecordingServer, Reply, items

SCHEMES = {
    "header": ApiKeyAuth(name="X-API-Key"),
    "query": ApiKeyAuth(name="api_key", location="query"),
    "bearer": BearerAuth(),
}


def _client(server: RecordingServer, scheme) -> Client:
    connector = Connector(
        display_name="Origin",
        host=server.host_port,
        protocol="http",
        auth=scheme,
        actions=[Action(id="list", name="List", path="/list")],
    )
    return Client(connector, AuthAccount(name="t", values={"token": SECRET}))


def _carries_secret(seen) -> bool:
    return any(SECRET in v for v in [*seen.headers.values(), *seen.query.values()])


def _other(host: str = "127.0.0.1") -> RecordingServer:
    return RecordingServer(lambda seen: Reply({"results": items(3, 5), "next": None}), host=host)


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2"])
def test_a_next_url_on_another_origin_gets_no_credentials(scheme, host):
    with _other(host) as other:
        # The first server echoes the key into the next URL, as careless servers do.
        first_page = {"results": items(1, 3), "next": f"{other.url}/more?api_key={SECRET}&x=1"}
        own = RecordingServer(lambda seen: Reply(first_page))
        with own, _client(own, SCHEMES[scheme]) as client:
            pagination = {"style": "next_url", "next_url_path": "$.next"}
            results = list(client.pages("list", pagination=pagination))
    assert [r.page.received for r in results] == [2, 2]
    assert _carries_secret(own.seen[0])  # the connector's own origin got the key
    (followed,) = other.seen
    assert followed.path == "/more" and followed.query == {"x": "1"}
    assert not _carries_secret(followed)
    assert not {"x-api-key", "authorization"} & set(followed.headers)


def test_a_link_on_another_origin_gets_no_credentials():
    with _other() as other:
        link = {"Link": f'<{other.url}/more>; rel="next"'}
        own = RecordingServer(lambda seen: Reply(items(1, 3), headers=link))
        with own, _client(own, SCHEMES["header"]) as client:
            results = list(client.pages("list", pagination="link"))
    assert len(results) == 2
    assert own.seen[0].headers["x-api-key"] == SECRET
    assert not _carries_secret(other.seen[0]) and "x-api-key" not in other.seen[0].headers


def test_a_next_url_on_the_same_origin_keeps_credentials():
    def route(seen):
        more = seen.query.get("page") != "2"
        return Reply({"results": items(1, 3), "next": "/list?page=2" if more else None})

    with RecordingServer(route) as own, _client(own, SCHEMES["header"]) as client:
        list(client.pages("list", pagination={"style": "next_url", "next_url_path": "$.next"}))
    assert [s.headers.get("x-api-key") for s in own.seen] == [SECRET, SECRET]


def test_send_gives_no_credentials_to_another_origin():
    own = RecordingServer(lambda s: Reply({}))
    with _other() as other, own, _client(own, SCHEMES["query"]) as client:
        plan = client.prepare("list")
        client.send(replace(plan, url=other.url + "/x", headers={"X-Echo": SECRET}))
    assert not _carries_secret(other.seen[0]) and "api_key" not in other.seen[0].query
    assert "x-echo" not in other.seen[0].headers
