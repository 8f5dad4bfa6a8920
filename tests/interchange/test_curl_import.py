"""from_curl: quoting, flags, errors, credentials; to_curl_commands: re-import and no secret."""

from __future__ import annotations

import pytest

from connector_lab import (
    Action,
    ApiKeyAuth,
    BasicAuth,
    Connector,
    ImportFormatError,
    Param,
    from_curl,
    to_curl_commands,
)
from connector_lab.interchange.curl_tokens import split_words

SECRET = "cnry-curl-secret-9d1e"


def action_of(text):
    return from_curl(text).connector.actions[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("curl 'a b' \"c d\"", ["curl", "a b", "c d"]),
        ("curl a\\\n  b", ["curl", "a", "b"]),
        ("curl $'x\\ty\\'z\\u00e9'", ["curl", "x\ty'z\u00e9"]),
        ('curl "a \\"q\\" \\$HOME"', ["curl", 'a "q" $HOME']),
        ("curl 'it'\\''s'", ["curl", "it's"]),
        (
            'curl ^"https://x.test/?a=1^&b=2^" ^\n -H ^"k: v^"',
            ["curl", "https://x.test/?a=1&b=2", "-H", "k: v"],
        ),
        ("$ curl x # a comment\n", ["curl", "x"]),
    ],
)
def test_words_split_like_bash(text, words):
    assert split_words(text).words == words


def test_unterminated_quote_names_the_position():
    with pytest.raises(ImportFormatError) as info:
        from_curl("curl https://x.test \\\n  -H 'X-A: b")
    assert info.value.pointer == "line 2, column 6" and "never closed" in str(info.value)


@pytest.mark.parametrize("flag", ["-H", "-X", "--data-raw", "-u", "--url"])
def test_a_flag_without_its_value_is_named(flag):
    with pytest.raises(ImportFormatError) as info:
        from_curl(f"curl https://x.test {flag}")
    assert info.value.pointer == flag and flag in str(info.value)


@pytest.mark.parametrize("text", ["wget https://x.test", "", "   ", "curl -s"])
def test_not_a_curl_command(text):
    with pytest.raises(ImportFormatError):
        from_curl(text)


def test_flags():
    report = from_curl(
        "curl -sSL -XPUT --url https://x.test:8443/v2/things/7 -A agent/1 -b 'sid=1' "
        "-e https://ref.test -o out.json --retry 3 --frobnicate -H 'X-Trace: t' "
        '--compressed -i -v --json \'{"a": {"b": 1.5}, "c": [1]}\''
    )
    connector, action = report.connector, report.connector.actions[0]
    assert (connector.host, connector.base_url, action.path) == ("x.test:8443", "/v2", "/things/7")
    assert action.method == "PUT"
    params = {(p.location, p.name): p for p in action.params}
    assert params["header", "User-Agent"].value == "agent/1"
    assert params["header", "Referer"].value == "https://ref.test"
    assert params["header", "Cookie"].default is None  # a session is not kept
    assert params["body", "a.b"].type == "number" and params["body", "c"].default == [1]
    assert ("header", "Content-Type") not in params
    assert report.ignored == ["--retry 3", "--frobnicate"]


def test_get_moves_data_into_typed_query_defaults():
    action = action_of(
        "curl -G https://x.test/s --data-urlencode 'q=a b&c' -d n=10 -d f=true -d r=0.5 -d z=007"
    )
    defaults = {p.name: (p.type, p.default) for p in action.params}
    assert defaults == {
        "q": ("string", "a b&c"),
        "n": ("integer", 10),
        "f": ("boolean", True),
        "r": ("number", 0.5),
        "z": ("string", "007"),
    }
    assert action.method == "GET"


def test_a_body_that_is_neither_json_nor_a_form_is_a_warning():
    report = from_curl("curl https://x.test/form -H 'Content-Type: text/plain' -d a=1")
    assert report.connector.actions[0].method == "POST"
    assert "not a JSON object" in report.warnings[0]
    report = from_curl("curl https://x.test/form -d 'just text'")
    assert "not a JSON object" in report.warnings[0]


@pytest.mark.parametrize(
    "command",
    [
        "curl https://x.test/f -d a=1 -d 'b=x%20y'",
        "curl https://x.test/f --data-urlencode a=1 --data-urlencode 'b=x y'",
        "curl https://x.test/f -H 'Content-Type: application/x-www-form-urlencoded' -d 'a=1&b=x+y'",
    ],
)
def test_name_value_pairs_sent_as_a_form_become_a_form_action(command):
    (action,) = from_curl(command).connector.actions
    assert action.body_style == "form"
    assert [(p.location, p.name, p.default) for p in action.params] == [
        ("body", "a", 1),
        ("body", "b", "x y"),
    ]
    assert not any(p.location == "header" for p in action.params)  # the client sets it


def test_form_round_trips_through_curl_export_and_import():
    action = Action(
        id="post_f",
        name="POST /f",
        method="POST",
        path="/f",
        body_style="form",
        params=[
            Param(name="q", location="body", default="a&b=c 中"),
            Param(name="n", location="body", type="integer", default=3),
        ],
    )
    connector = Connector(display_name="x.test", host="x.test", actions=[action])
    command = to_curl_commands(connector)["post_f"]
    assert '--data-urlencode "q=${Q:-a&b=c 中}"' in command
    assert from_curl(command).connector.actions[0] == action


@pytest.mark.parametrize(
    ("option", "kind", "values"),
    [
        (f"-u user:{SECRET}", "basic", {"username": "user", "password": SECRET}),
        (
            "-H 'Authorization: Basic dXNlcjpjbnJ5LWN1cmwtc2VjcmV0LTlkMWU='",
            "basic",
            {"username": "user", "password": SECRET},
        ),
        (f"-H 'Authorization: Bearer {SECRET}'", "bearer", {"token": SECRET}),
        (f"-H 'Authorization: APPCODE {SECRET}'", "aliyun_appcode", {"app_code": SECRET}),
        (f"-H 'X-API-Key: {SECRET}'", "api_key", {"token": SECRET}),
        (f"-H 'apikey: {SECRET}'", "api_key", {"token": SECRET}),
        ("-H 'Authorization: Bearer ${MY_TOKEN}'", "bearer", {"token": "env:MY_TOKEN"}),
    ],
)
def test_credentials_make_a_scheme_and_a_masked_account(option, kind, values):
    report = from_curl(f"curl https://x.test/a {option}")
    assert report.connector.auth.type == kind
    (account,) = report.accounts
    assert {k: v.get_secret_value() for k, v in account.values.items()} == values
    assert SECRET not in repr(account) and SECRET not in repr(report)
    assert SECRET not in report.connector.to_json()
    assert report.connector.actions[0].params == []


@pytest.mark.parametrize("name", ["api_key", "apikey", "key", "access_token", "token"])
def test_api_key_query_names(name):
    report = from_curl(f"curl 'https://x.test/a?{name}={SECRET}&page=2'")
    assert report.connector.auth == ApiKeyAuth(name=name, location="query")
    assert [p.name for p in report.connector.actions[0].params] == ["page"]


def test_dingtalk_header_gives_the_scheme_and_no_account():
    report = from_curl(
        "curl https://api.dingtalk.com/v1.0/contact/users "
        f"-H 'x-acs-dingtalk-access-token: {SECRET}'"
    )
    assert report.connector.auth.type == "dingtalk" and report.accounts == []
    assert "App Key" in report.warnings[0]


def test_a_second_credential_becomes_a_parameter_without_its_value():
    report = from_curl(f"curl https://x.test/a -u u:{SECRET} -H 'X-API-Key: {SECRET}'")
    assert report.connector.auth.type == "basic"
    (param,) = report.connector.actions[0].params
    assert (param.name, param.default, param.value) == ("X-API-Key", None, None)
    assert SECRET not in report.connector.to_json()


def shop() -> Connector:
    return Connector(
        display_name="Shop",
        host="127.0.0.1:9",
        protocol="http",
        base_url="/v1",
        auth=BasicAuth(),
        actions=[
            Action(
                id="order",
                name="Order",
                path="/orders/{order_id}",
                params=[
                    Param(name="order_id", location="path", required=True, default="A 1"),
                    Param(name="count", type="integer", default=5),
                    Param(name="q", default='say "hi" $x'),
                    Param(name="X-Trace", location="header", source="static", value="t1"),
                ],
            ),
            Action(
                id="create",
                name="Create",
                method="POST",
                path="/orders",
                params=[
                    Param(name="customer.name", location="body", default='Ann "A"'),
                    Param(name="qty", location="body", type="integer", default=2),
                    Param(name="paid", location="body", type="boolean", default=False),
                ],
            ),
        ],
    )


def _shape(action):
    return (
        action.method,
        action.path,
        [(p.name, p.location, p.type, p.default, p.source, p.value) for p in action.params],
    )


def test_export_then_import_gives_the_same_actions():
    connector = shop()
    commands = to_curl_commands(connector)
    assert set(commands) == {"order", "create"}
    assert '-u "${SHOP_USERNAME}:${SHOP_PASSWORD}"' in commands["order"]
    for action in connector.actions:
        report = from_curl(commands[action.id])
        assert report.connector.base_url == "/v1" and report.connector.auth == BasicAuth()
        assert _shape(report.connector.actions[0]) == _shape(action)
        assert report.accounts[0].describe() == {
            "username": "$SHOP_USERNAME",
            "password": "$SHOP_PASSWORD",
        }
