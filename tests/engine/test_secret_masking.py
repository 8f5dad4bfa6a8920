"""No secret of any scheme appears in a repr, a str, an error message, the request echo or
the cURL text. Canary secrets make a leak unmistakable; the positive controls prove the
canaries really were on the wire."""

from __future__ import annotations

import base64

import pytest

from connector_lab import (
    Action,
    AuthError,
    Client,
    Connector,
    ConnectorLabError,
    HTTPStatusError,
    Param,
    ResponseParseError,
    TransportError,
)
from connector_lab.sandbox import serve

from .conftest import CANARY, CANARY_SECRETS, SCHEME_CASES, account_for, connector_for, scheme_for

SECRET_SCHEMES = sorted(set(SCHEME_CASES) - {"none"})


@pytest.fixture(scope="module")
def canary_sandbox():
    with serve(credentials=CANARY) as api:
        yield api


def _secrets(client) -> list[str]:
    basic = base64.b64encode(f"{CANARY.username}:{CANARY.password}".encode()).decode()
    secrets = [*CANARY_SECRETS, basic]
    auth = client.auth
    if hasattr(auth, "cache") and auth.cache.current(auth._key()):
        secrets.append(auth.cache.current(auth._key()))
    return secrets


def _assert_clean(texts, secrets):
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"secret leaked into: {text[:300]}"


def _client(api, name, cache, *, extra=()):
    scheme = scheme_for(name, api)
    return Client(
        connector_for(api, scheme, SCHEME_CASES[name][1], extra),
        account_for(scheme, api.credentials),
        token_cache=cache,
    )


@pytest.mark.parametrize("name", SECRET_SCHEMES)
def test_reprs_echo_and_curl_are_masked(canary_sandbox, token_cache, name):
    client = _client(canary_sandbox, name, token_cache)
    result = client.run("echo", note="hello")
    assert result.status == 200
    texts = [
        repr(client),
        repr(client.account),
        str(client.account),
        client.account.to_json(),
        repr(client.auth),
        repr(client.connector),
        client.connector.to_json(),
        repr(result),
        str(result.request),
        repr(result.request),
        result.url,
        result.curl(),
        str(result.history),
        repr(canary_sandbox.credentials),
    ]
    _assert_clean(texts, _secrets(client))
    # Positive control: unmasked cURL holds the credential that the echo received.
    echo = result.json()
    revealed = result.curl(reveal_secrets=True)
    on_wire = [s for s in _secrets(client) if s in str(echo) or s in revealed]
    # An HMAC signature is derived, never the secret itself.
    if name not in ("dingtalk_zero_trust", "aliyun_signature"):
        assert on_wire, "the canary never reached the wire: this test would prove nothing"
    assert "***" in result.curl() or name == "dingtalk_zero_trust"


@pytest.mark.parametrize("name", SECRET_SCHEMES)
def test_error_messages_are_masked(canary_sandbox, token_cache, name):
    client = _client(
        canary_sandbox,
        name,
        token_cache,
        extra=[
            Action(id="text", name="Text", path="/formats/text"),
            Action(
                id="fail",
                name="Fail",
                path="/errors/{status}",
                params=[Param(name="status", location="path", type="integer")],
            ),
            Action(id="slow", name="Slow", path="/slow", params=[Param(name="delay")]),
        ],
    )
    errors: list[BaseException] = []
    with pytest.raises(ResponseParseError) as parse:
        client.run("text").json()
    errors.append(parse.value)
    with pytest.raises(HTTPStatusError) as status:
        client.run("fail", status=503).raise_for_status()
    errors.append(status.value)
    with pytest.raises(TransportError) as timeout:
        client.run("slow", delay="1", timeout=0.2)
    errors.append(timeout.value)
    unreachable = Client(
        client.connector.model_copy(update={"host": "127.0.0.1:9"}),
        client.account,
        token_cache=token_cache,
    )
    with pytest.raises(ConnectorLabError) as refused:
        unreachable.run("call")
    errors.append(refused.value)
    texts = [text for e in errors for text in (str(e), repr(e), str(e.args))]
    _assert_clean(texts, _secrets(client))


def test_dingtalk_refusal_never_shows_the_secret(canary_sandbox, token_cache):
    scheme = scheme_for("dingtalk", canary_sandbox)
    wrong = type(CANARY)(CANARY.app_key, "canary-wrong-secret-0d1f", *["x"] * 4)
    client = Client(
        connector_for(canary_sandbox, scheme, "/v1.0/contact/users"),
        account_for(scheme, wrong),
        token_cache=token_cache,
    )
    with pytest.raises(AuthError) as info:
        client.run("call")
    assert "canary-wrong-secret-0d1f" not in str(info.value) + repr(info.value)
    assert info.value.__cause__ is None


def test_transport_error_has_no_secret_in_its_chain(canary_sandbox, token_cache):
    scheme = scheme_for("api_key_query", canary_sandbox)
    connector = Connector(
        display_name="x",
        host="127.0.0.1:9",
        protocol="http",
        auth=scheme,
        actions=[Action(id="a", name="A")],
    )
    client = Client(connector, account_for(scheme, CANARY))
    with pytest.raises(TransportError) as info:
        client.run("a")
    error = info.value
    assert str(error) == (
        "GET http://127.0.0.1:9/: could not connect (Connection refused); check the "
        "connector's host, port and protocol"
    )
    # Raised outside the except block: requests' own exception (whose text holds the URL) is
    # neither its cause nor its context.
    assert error.__cause__ is None and error.__context__ is None
