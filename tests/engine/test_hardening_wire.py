"""Issue 10, the wire: what hostile servers and hostile input did to a request, checked where
it shows — the raw request line the hostile server received, the error a user reads (with
canary secrets nowhere on it or its chain), urllib3's debug log lines.

Items: 1 path values arrive as one segment, 2 header values, 4 the log guard masks by value,
5 no secret on an exception's chain, 7 ``Result.json()`` on deep nesting, 8 garbage answers
named for what they are, 9 DingTalk legacy ``errcode 88`` re-fetches the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import socket
import traceback
from collections.abc import Iterator

import pytest

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    AuthError,
    BearerAuth,
    Client,
    Connector,
    ConnectorLabError,
    DingTalkAuth,
    DingTalkZeroTrustAuth,
    NoAuth,
    Param,
    ParameterError,
    RequestTimeout,
    ResponseParseError,
    SpecError,
    TransportError,
    build_request,
)
from connector_lab.wire.auth import string_to_sign

SECRET = "cnry-wire-secret-6d1e"


def action(action_id: str, path: str, *params: Param) -> Action:
    return Action(id=action_id, name=action_id.title(), path=path, params=list(params))


def connector(host: str, auth=None, *actions: Action) -> Connector:
    """Two actions every test may run — a path parameter, a header parameter — and more."""
    path_param, header_param = (
        Param(name="id", location="path"),
        Param(name="X-Note", location="header"),
    )
    actions = (
        action("user_orders", "/users/{id}/orders", path_param),
        action("raw", "/raw", header_param),
        *actions,
    )
    return Connector(
        display_name="Hostile", host=host, protocol="http", auth=auth or NoAuth(), actions=actions
    )


def api_key_client(host: str, name: str = "api_key", *actions: Action) -> Client:
    """A client sending SECRET as query parameter ``name``."""
    scheme = ApiKeyAuth(name=name, location="query")
    account = AuthAccount(name="canary", values={"token": SECRET})
    return Client(connector(host, scheme, *actions), account)


def chain(exc: BaseException) -> Iterator[object]:
    """Everything an exception carries that a user or a log could print: itself, its
    ``args``, ``__notes__``, and the same for each exception on its cause/context chain."""
    todo: list[BaseException] = [exc]
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        yield from current.args
        yield from getattr(current, "__notes__", ())
        todo += [
            e
            for e in (current.__cause__, current.__context__, *current.args)
            if isinstance(e, BaseException)
        ]


def assert_no_secret(exc: BaseException, *secrets: str) -> None:
    texts = [str(x) for x in chain(exc)] + [repr(x) for x in chain(exc)]
    texts.append("".join(traceback.format_exception(exc)))
    for secret in secrets or (SECRET,):
        leaks = [text for text in texts if secret in text]
        assert leaks == [], f"{secret!r} leaked"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- 1. path values arrive as one opaque segment ---------------------------------------------------
@pytest.mark.parametrize(("value", "segment"), [("..", "%2E%2E"), (".", "%2E")])
def test_a_dot_path_value_arrives_as_one_segment(hostile, value, segment):
    with Client(connector(hostile.host_port)) as client:
        result = client.run("user_orders", id=value)
    sent = f"/users/{segment}/orders"
    assert hostile.last_request_line == f"GET {sent} HTTP/1.1"
    assert result.request.url == f"{hostile.url}{sent}"
    assert result.curl() == f"curl {hostile.url}{sent}"


def test_the_path_is_kept_with_credentials_too(hostile):
    account = AuthAccount(name="a", values={"token": SECRET})
    with Client(connector(hostile.host_port, ApiKeyAuth(name="X-Key")), account) as client:
        client.run("user_orders", id="..")
    assert hostile.last_request_line == "GET /users/%2E%2E/orders HTTP/1.1"


def test_a_signature_covers_the_path_as_sent(hostile):
    account = AuthAccount(name="zt", values={"app_key": "k", "app_secret": SECRET})
    with Client(connector(hostile.host_port, DingTalkZeroTrustAuth()), account) as client:
        client.run("user_orders", id="..")
    request_line, *lines = hostile.heads[-1].split("\r\n")
    assert request_line == "GET /users/%2E%2E/orders HTTP/1.1"
    got = dict(line.split(": ", 1) for line in lines)
    text = string_to_sign(
        "GET", got["X-Hmac-Auth-Timestamp"], got["X-Hmac-Auth-Nonce"], "/users/%2E%2E/orders", ""
    )
    digest = hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).digest()
    assert got["X-Hmac-Auth-Signature"] == base64.b64encode(digest).decode()


def test_an_empty_path_value_is_a_parameter_error(hostile):
    with pytest.raises(ParameterError) as info:
        build_request(connector(hostile.host_port), "user_orders", {"id": ""})
    assert info.value.fields == ["id"]
    assert str(info.value) == (
        "id: is empty; a path value must be given (it is one segment of the URL path)"
    )
    assert hostile.heads == []


# -- 2. header values -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("a\x00b", "a control character (NUL, position 2)"),
        ("a\x07b", "a control character (BEL, position 2)"),
        ("订单", "text outside Latin-1 (position 1)"),
        ("a\rb", "a line break (CR/LF)"),
    ],
)
def test_a_header_parameter_that_cannot_be_sent_is_a_parameter_error(hostile, value, said):
    with Client(connector(hostile.host_port)) as client, pytest.raises(ParameterError) as info:
        client.run("raw", **{"X-Note": value})
    assert info.value.fields == ["X-Note"]
    assert str(info.value).startswith(f"X-Note: header value contains {said}")
    assert hostile.heads == []  # nothing was sent


def test_latin1_and_tabs_in_a_header_parameter_are_sent(hostile):
    with Client(connector(hostile.host_port)) as client:
        head = client.run("raw", **{"X-Note": "café\tau lait"}).json()["head"]
    assert "X-Note: café\tau lait" in head


BAD_SECRETS = {
    "nul": (SECRET + "\x00", "a control character (NUL, position 22)"),
    "bel": ("\x07" + SECRET, "a control character (BEL, position 1)"),
    "chinese": (SECRET + "密钥", "text outside Latin-1 (position 22)"),
}


@pytest.mark.parametrize("case", sorted(BAD_SECRETS))
@pytest.mark.parametrize("scheme", [BearerAuth(), ApiKeyAuth(name="X-Key")], ids=["bearer", "key"])
def test_a_typed_in_secret_that_cannot_be_sent_names_the_account_key(hostile, scheme, case):
    secret, said = BAD_SECRETS[case]
    account = AuthAccount(name="canary", values={"token": secret})
    with (
        Client(connector(hostile.host_port, scheme), account) as client,
        pytest.raises(SpecError) as info,
    ):
        client.run("raw")
    assert str(info.value) == (
        f"account 'canary'.token: its value contains {said}, which an HTTP header cannot "
        "carry; type it again (check what was pasted)"
    )
    assert_no_secret(info.value, secret, SECRET)
    assert hostile.heads == []


@pytest.mark.parametrize("ending", ["\n", "\r\nX-Evil: 1", "\x07"])
def test_a_secret_read_from_the_environment_is_checked_when_sent(hostile, monkeypatch, ending):
    monkeypatch.setenv("CL_WIRE_CANARY", SECRET + ending)
    account = AuthAccount(name="canary", values={"token": "env:CL_WIRE_CANARY"})
    with (
        Client(connector(hostile.host_port, BearerAuth()), account) as client,
        pytest.raises(SpecError) as info,
    ):
        client.run("raw")
    assert str(info.value).startswith(
        "account 'canary'.token: the value read from environment variable CL_WIRE_CANARY contains "
    )
    assert str(info.value).endswith("; correct CL_WIRE_CANARY")
    assert_no_secret(info.value)
    assert hostile.heads == []


def test_the_zero_trust_app_key_header_is_checked(hostile):
    account = AuthAccount(name="zt", values={"app_key": "密钥", "app_secret": SECRET})
    client = Client(connector(hostile.host_port, DingTalkZeroTrustAuth()), account)
    with pytest.raises(SpecError, match=r"^account 'zt'.app_key: its value contains text"):
        client.run("raw")
    assert hostile.heads == []


@pytest.mark.parametrize("token", [f"{SECRET}\r\nX-Evil: 1", f"{SECRET}\x00", f"{SECRET}令牌"])
def test_a_token_that_cannot_be_sent_is_an_auth_error(httpserver, token_cache, token):
    httpserver.expect_request("/v1.0/oauth2/accessToken").respond_with_json(
        {"accessToken": token, "expireIn": 7200}
    )
    scheme = DingTalkAuth(token_url=httpserver.url_for("/v1.0/oauth2/accessToken"))
    account = AuthAccount(name="dt", values={"app_key": "k", "app_secret": "cnry-app-secret"})
    client = Client(
        connector(f"127.0.0.1:{httpserver.port}", scheme), account, token_cache=token_cache
    )
    with pytest.raises(AuthError) as info:
        client.run("raw")
    assert str(info.value).startswith(
        "DingTalk answered account 'dt' with an access token that cannot be sent: the access "
        "token contains "
    )
    assert str(info.value).endswith("; check that auth.token_url is the DingTalk token endpoint")
    assert_no_secret(info.value, SECRET, "cnry-app-secret")
    assert [r.path for r, _ in httpserver.log] == ["/v1.0/oauth2/accessToken"]
    assert token_cache.fetches == 0  # not cached: the next run asks again


# -- 4. the log guard masks by value --------------------------------------------------------------
@pytest.mark.parametrize("name", ["api key", "密钥", "api_key"])
def test_urllib3_debug_lines_never_show_a_query_credential(hostile, caplog, name):
    with (
        caplog.at_level(logging.DEBUG, logger="urllib3"),
        api_key_client(hostile.host_port, name) as client,
    ):
        client.run("raw")
    assert hostile.last_request_line.startswith("GET /raw?")
    assert SECRET in hostile.last_request_line  # it was sent …
    lines = [record.getMessage() for record in caplog.records]
    assert any('"GET /raw?' in line for line in lines)  # … and the request line was logged
    assert [line for line in lines if SECRET in line] == []


def test_the_log_guard_masks_encoded_forms_of_a_secret(hostile, caplog):
    spaced = "cnry wire/secret+€"
    account = AuthAccount(name="canary", values={"token": spaced})
    scheme = ApiKeyAuth(name="api key", location="query")
    with (
        caplog.at_level(logging.DEBUG, logger="urllib3"),
        Client(connector(hostile.host_port, scheme), account) as client,
    ):
        client.run("raw")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert '"GET /raw?api+key=***' in logged
    assert "cnry" not in logged


# -- 5. no secret on an exception's chain ---------------------------------------------------------
def test_a_transport_error_keeps_no_secret_on_its_chain():
    with (
        api_key_client(f"127.0.0.1:{closed_port()}") as client,
        pytest.raises(TransportError) as info,
    ):
        client.run("raw")
    assert "/raw: could not connect (Connection refused)" in str(info.value)
    assert info.value.__context__ is None and info.value.__cause__ is None
    assert_no_secret(info.value)


def test_a_timeout_keeps_no_secret_on_its_chain(hostile):
    trickle = action("trickle", "/trickle", Param(name="n"))
    with (
        api_key_client(hostile.host_port, "api_key", trickle) as client,
        pytest.raises(RequestTimeout) as info,
    ):
        client.run("trickle", n="5", timeout=0.1)
    assert "/trickle: the exchange did not finish within 0.1 s" in str(info.value)
    assert info.value.__context__ is None
    assert_no_secret(info.value)


def test_an_unreachable_legacy_token_endpoint_keeps_the_app_secret_off_the_chain(token_cache):
    scheme = DingTalkAuth(token_url=f"http://127.0.0.1:{closed_port()}/gettoken", legacy=True)
    account = AuthAccount(name="dt", values={"app_key": "k", "app_secret": SECRET})
    client = Client(connector("127.0.0.1:9", scheme), account, token_cache=token_cache)
    with pytest.raises(AuthError) as info:
        client.run("raw")
    assert "(ConnectionError)" in str(info.value)
    assert info.value.__context__ is None
    assert_no_secret(info.value)


@pytest.mark.parametrize(
    ("path", "then", "error"),
    [("/status?code=500", "raise_for_status", ConnectorLabError), ("/invalid-json", "json", None)],
)
def test_errors_from_a_result_keep_no_secret_on_their_chain(hostile, path, then, error):
    other = action("other", path.split("?")[0], Param(name="code"))
    with api_key_client(hostile.host_port, "api_key", other) as client:
        result = client.run("other", code="500")
    with pytest.raises(error or ResponseParseError) as info:
        getattr(result, then)()
    assert info.value.__context__ is None
    assert_no_secret(info.value)


def test_a_parameter_error_has_nothing_on_its_chain(hostile):
    with Client(connector(hostile.host_port)) as client, pytest.raises(ParameterError) as info:
        client.run("user_orders", id="", unknown=1)
    assert info.value.fields == ["unknown", "id"]
    assert info.value.__context__ is None and info.value.__cause__ is None


# -- 7. Result.json() on deep nesting -------------------------------------------------------------
def test_json_nested_too_deep_is_a_parse_error_with_the_limit(hostile):
    deep = action("deep", "/deep", Param(name="n"))
    with Client(connector(hostile.host_port, None, deep)) as client:
        result = client.run("deep", n="10000")
    with pytest.raises(ResponseParseError) as info:
        result.json()
    limit = __import__("sys").getrecursionlimit()
    assert str(info.value).startswith(
        "the response of action 'deep' (HTTP 200, 20000 bytes) is JSON nested deeper than the "
        f"parser's limit: {limit} levels"
    )
    assert info.value.__context__ is None


# -- 8. garbage answers are named for what they are -----------------------------------------------
@pytest.mark.parametrize(
    ("route", "said"),
    [
        (
            "/garbage",
            "the server's answer is not HTTP (bad status line 'HELLO THERE, THIS IS NOT HTTP')",
        ),
        ("/huge-header", "the server sent a header line longer than 65,536 bytes"),
        ("/many-headers", "the server sent more than 100 headers"),
        ("/reset", "the connection was reset by the server"),
    ],
)
def test_a_garbage_answer_says_what_happened(hostile, route, said):
    action = Action(id="bad", name="Bad", path=route)
    with (
        api_key_client(hostile.host_port, "api_key", action) as client,
        pytest.raises(TransportError) as info,
    ):
        client.run("bad")
    text = str(info.value)
    assert text.startswith(f"GET {hostile.url}{route}: {said}; check that the connector's ")
    assert "could not connect" not in text
    assert info.value.url == f"{hostile.url}{route}"
    assert_no_secret(info.value)


# -- 9. DingTalk legacy: errcode 88 with a token sub_code -----------------------------------------
@pytest.mark.parametrize(
    "refusal",
    [
        {"errcode": 88, "sub_code": "40014", "sub_msg": "不合法的access_token"},
        {"errcode": 88, "sub_code": "42001"},
        {"errcode": 88, "sub_code": 40001},
        {"errcode": 40014},
        {"errcode": 42001},
    ],
)
def test_a_legacy_token_refusal_refetches_once(httpserver, token_cache, refusal):
    for token in ("t-stale", "t-fresh"):
        httpserver.expect_oneshot_request("/gettoken").respond_with_json(
            {"errcode": 0, "access_token": token, "expires_in": 7200}
        )
    users = {"uri": "/raw", "query_string": {"access_token": "t-stale"}}
    httpserver.expect_request(**users).respond_with_json({**refusal, "errmsg": "token"})
    httpserver.expect_request("/raw", query_string={"access_token": "t-fresh"}).respond_with_json(
        {"errcode": 0, "result": [1]}
    )
    scheme = DingTalkAuth(token_url=httpserver.url_for("/gettoken"), legacy=True)
    account = AuthAccount(name="dt", values={"app_key": "k", "app_secret": "s"})
    host = f"127.0.0.1:{httpserver.port}"
    with Client(connector(host, scheme), account, token_cache=token_cache) as client:
        result = client.run("raw")
        assert result.json() == {"errcode": 0, "result": [1]}
        assert client.run("raw").json()["errcode"] == 0  # the fresh token stays cached
    assert token_cache.fetches == 2
    assert [r.path for r, _ in httpserver.log].count("/gettoken") == 2


def test_a_legacy_errcode_88_about_something_else_is_not_retried(httpserver, token_cache):
    httpserver.expect_request("/gettoken").respond_with_json(
        {"errcode": 0, "access_token": "t-1", "expires_in": 7200}
    )
    httpserver.expect_request("/raw").respond_with_json({"errcode": 88, "sub_code": "60011"})
    scheme = DingTalkAuth(token_url=httpserver.url_for("/gettoken"), legacy=True)
    account = AuthAccount(name="dt", values={"app_key": "k", "app_secret": "s"})
    host = f"127.0.0.1:{httpserver.port}"
    with Client(connector(host, scheme), account, token_cache=token_cache) as client:
        assert client.run("raw").json()["sub_code"] == "60011"
    assert token_cache.fetches == 1
