"""Secret hygiene on the error paths the hardening issue opened: header values with control
characters or non-Latin-1 text (typed in, from ``env:NAME``, or returned as a token), accounts
given in the wrong shape, query credentials whose names need percent-encoding (urllib3's DEBUG
line), and exception chains (``__cause__``, ``__context__``, ``args``, notes). Every string a
user could see — each exception on the chain, formatted tracebacks, log lines — is scanned for
the canaries."""

from __future__ import annotations

import logging
import traceback

import pytest
from engine.conftest import CANARY

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    BearerAuth,
    Client,
    Connector,
    ConnectorLabError,
    Param,
)
from connector_lab.sandbox import serve

CANARY_VALUE = "cnry-hostile-4f7e"


def chain_texts(exc: BaseException) -> list[str]:
    """Everything a user could read from ``exc``: each exception on its chain, its args and
    notes, and the full formatted traceback."""
    texts, seen, stack = ["".join(traceback.format_exception(exc))], set(), [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        texts += [str(current), repr(current), *map(repr, current.args)]
        texts += list(getattr(current, "__notes__", []))
        stack += [current.__cause__, current.__context__]
    return texts


def collect(call, texts: list[str]) -> None:
    try:
        call()
    except ConnectorLabError as exc:
        texts += chain_texts(exc)


def run(connector: Connector, account: AuthAccount, action: str = "echo", **values) -> None:
    with Client(connector, account) as client:
        client.run(action, **values)


def connector(api, auth, params=()) -> Connector:
    return Connector(
        display_name="Hostile",
        host=api.host_port,
        protocol="http",
        auth=auth,
        actions=[Action(id="echo", name="Echo", path="/echo", params=list(params))],
    )


@pytest.mark.parametrize("bad", ["\r\n", "\n", "\x00", "\x07", "密"])
def test_no_canary_on_any_new_error_path(bad, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    if bad != "\x00":  # the environment itself cannot hold a NUL byte
        monkeypatch.setenv("CL_HOSTILE_TOKEN", CANARY_VALUE + bad)
    with serve(credentials=CANARY) as api:
        bearer = connector(api, BearerAuth())
        # a secret typed in, and one read from env:NAME, with the bad character
        for values in ({"token": CANARY_VALUE + bad}, {"token": "env:CL_HOSTILE_TOKEN"}):
            collect(
                lambda v=values: Client(bearer, AuthAccount(name="a", values=v)).run("echo"), texts
            )
        # a header parameter holding a secret-looking value
        header = connector(api, BearerAuth(), [Param(name="X-Note", location="header")])
        account = AuthAccount(name="a", values={"token": CANARY.api_key})
        collect(
            lambda: Client(header, account).run("echo", **{"X-Note": CANARY_VALUE + bad}), texts
        )
        # an API key in the query under a name that needs percent-encoding
        for name in ("api key", "密钥"):
            query = connector(api, ApiKeyAuth(name=name, location="query"))
            Client(query, AuthAccount(name="q", values={"token": CANARY.api_key})).run("echo")
        # a transport error with the key in the query: the port is closed
        closed = Connector(
            display_name="Closed",
            host="127.0.0.1:9",
            protocol="http",
            auth=ApiKeyAuth(name="api_key", location="query"),
            actions=[Action(id="a", name="A")],
        )
        collect(
            lambda: Client(closed, AuthAccount(name="c", values={"token": CANARY.api_key})).run(
                "a"
            ),
            texts,
        )
    # accounts in the wrong shape
    for shape in (CANARY_VALUE, [CANARY_VALUE], {"token": [CANARY_VALUE]}, {"token": 5}):
        collect(lambda s=shape: AuthAccount(name="w", values=s), texts)
    collect(lambda: AuthAccount.from_json(f'{{"name": "w", "values": "{CANARY_VALUE}"}}'), texts)
    collect(
        lambda: AuthAccount.model_validate_json(f'{{"name": "w", "values": ["{CANARY_VALUE}"]}}'),
        texts,
    )

    logs = [record.getMessage() for record in caplog.records]
    assert any("urllib3" in r.name for r in caplog.records)  # the library logged its lines
    assert len(texts) > 20
    leaks = [t[:200] for t in texts + logs for c in (CANARY_VALUE, CANARY.api_key) if c in t]
    assert leaks == []
