"""Every rule of spec F-1 … F-4, each with a bad value and the exact error it gets."""

from __future__ import annotations

import pytest

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    BasicAuth,
    Connector,
    DingTalkAuth,
    DingTalkZeroTrustAuth,
    Param,
    SpecError,
)


def connector(**fields):
    return Connector(**{"display_name": "Demo", "host": "api.example.com", **fields})


def error_of(make) -> str:
    with pytest.raises(SpecError) as info:
        make()
    return str(info.value)


# -- F-1 connector ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "message"),
    [
        (
            "https://api.example.com/",
            "host: 'https://api.example.com/' includes the protocol; use host "
            "'api.example.com' and protocol 'https'",
        ),
        (
            "http://api.example.com/v1/",
            "host: 'http://api.example.com/v1/' includes the protocol; use host "
            "'api.example.com', protocol 'http' and base URL '/v1'",
        ),
        ("api.example.com/", "host: 'api.example.com/' ends with '/'; use host 'api.example.com'"),
        (
            "api.example.com/v1",
            "host: 'api.example.com/v1' includes a path; use host 'api.example.com' and base "
            "URL '/v1'",
        ),
        ("", "host: a host is required, e.g. 'api.example.com' or '127.0.0.1:8765'"),
        (
            "api example.com",
            "host: 'api example.com' is not a valid host; use a name like 'api.example.com', "
            "an IP address or an IPv6 address in brackets, optionally with ':port'",
        ),
        ("::1", "host: '::1' looks like an IPv6 address; write it in brackets: '[::1]'"),
        ("[::g]", "host: '[::g]' has an invalid IPv6 address in brackets"),
        (
            "api.example.com:70000",
            "host: 'api.example.com:70000' has port '70000'; a port is a number from 1 to 65535",
        ),
        (
            "-bad-.example.com",
            "host: '-bad-.example.com' is not a valid host name; use letters, digits, '-' and "
            "'.' (e.g. 'api.example.com')",
        ),
    ],
)
def test_bad_host_names_field_value_and_fix(host, message):
    assert error_of(lambda: connector(host=host)) == message


@pytest.mark.parametrize("host", ["api.example.com", "127.0.0.1:8765", "[::1]:8080", "localhost"])
def test_good_hosts(host):
    assert connector(host=host).host == host


def test_blank_display_name():
    assert error_of(lambda: connector(display_name="  ")) == (
        "display_name: a display name is required, e.g. 'Sandbox API'"
    )


def test_protocol_must_be_http_or_https():
    assert error_of(lambda: connector(protocol="ftp")) == (
        "protocol: 'ftp' is not a supported protocol; use 'http' or 'https'"
    )
    assert connector(protocol="HTTP").protocol == "http"


@pytest.mark.parametrize(
    ("base_url", "expected"), [("", "/"), ("/", "/"), ("v1/", "/v1"), ("//api//v2//", "/api/v2")]
)
def test_base_url_is_normalised(base_url, expected):
    assert connector(base_url=base_url).base_url == expected


def test_base_url_refuses_full_url_and_query():
    assert error_of(lambda: connector(base_url="https://x.com/v1")) == (
        "base_url: 'https://x.com/v1' is a full URL; the base URL is only the path prefix "
        "(e.g. '/v1'), the host and protocol have their own fields"
    )
    assert error_of(lambda: connector(base_url="/v1?x=1")) == (
        "base_url: '/v1?x=1' may not contain '?', '#' or placeholders; it is a plain path prefix"
    )


def test_icon_url_must_be_an_image_address():
    assert connector(icon_url="").icon_url == ""
    assert error_of(lambda: connector(icon_url="icon.png")) == (
        "icon_url: 'icon.png' is not an image address; give an http(s) URL or a data:image "
        "URL, or leave it empty for the default icon"
    )


def test_duplicate_action_ids():
    actions = [Action(id="a", name="A"), Action(id="b", name="B"), Action(id="a", name="C")]
    assert error_of(lambda: connector(actions=actions)) == (
        "actions[2].id: duplicate action id 'a' (also actions[0]); ids must be unique in a "
        "connector"
    )


def test_unknown_action_lists_known_ids():
    c = connector(actions=[Action(id="list_orders", name="List")])
    assert error_of(lambda: c.action("nope")) == (
        "action: no action 'nope' in 'Demo'; actions: 'list_orders'"
    )


def test_several_problems_are_reported_together_with_paths():
    message = error_of(
        lambda: Connector(
            display_name="",
            host="https://x.com",
            actions=[{"id": "1x", "name": "ok", "method": "FETCH"}],
        )
    )
    assert message.splitlines()[0] == "invalid Connector (4 problems):"
    fields = [line.split(":")[0].strip(" -") for line in message.splitlines()[1:]]
    assert fields == ["display_name", "host", "actions[0].id", "actions[0].method"]


def test_unknown_field_is_refused():
    assert error_of(lambda: connector(hots="x")) == (
        "hots: is not a known field; remove it or check its spelling"
    )


# -- F-3 actions ---------------------------------------------------------------------------------
def test_malformed_action_id():
    assert error_of(lambda: Action(id="list orders", name="x")) == (
        "id: 'list orders' is not a valid action id; use up to 64 letters, digits, '_' or '-', "
        "starting with a letter or '_' (e.g. 'list_orders')"
    )


def test_blank_action_name():
    assert error_of(lambda: Action(id="a", name=" ")) == (
        "name: an action needs a name, e.g. 'List orders'"
    )


def test_unknown_method_and_case_normalisation():
    assert error_of(lambda: Action(id="a", name="A", method="FETCH")) == (
        "method: 'FETCH' is not a supported method; use one of GET, POST, PUT, PATCH, DELETE, "
        "HEAD, OPTIONS"
    )
    assert Action(id="a", name="A", method="patch").method == "PATCH"


def test_placeholder_without_path_parameter():
    assert error_of(lambda: Action(id="a", name="A", path="/users/{user_id}")) == (
        "path: placeholder {user_id} in path '/users/{user_id}' has no path parameter; add a "
        "parameter named 'user_id' with location 'path'"
    )


def test_path_parameter_not_in_path():
    make = lambda: Action(  # noqa: E731
        id="a", name="A", path="/users", params=[Param(name="user_id", location="path")]
    )
    assert error_of(make) == (
        "params[0].location: path parameter 'user_id' does not appear in path '/users'; "
        "add '{user_id}' to the path or change its location"
    )


def test_path_rules():
    assert Action(id="a", name="A", path="users").path == "/users"
    assert error_of(lambda: Action(id="a", name="A", path="https://x.com/users")) == (
        "path: 'https://x.com/users' is a full URL; the path is relative to the connector's "
        "base URL (e.g. '/users'), and the host belongs in the connector"
    )
    assert error_of(lambda: Action(id="a", name="A", path="/users?page=1")) == (
        "path: '/users?page=1' contains '?' or '#'; put query values in query parameters"
    )
    assert error_of(lambda: Action(id="a", name="A", path="/users/{id")) == (
        "path: '/users/{id' has unbalanced braces; write placeholders as {name}"
    )
    assert error_of(lambda: Action(id="a", name="A", path="/users/{user id}")) == (
        "path: placeholder {user id} in '/users/{user id}' is not a valid name; use letters, "
        "digits and '_' (e.g. {user_id})"
    )


def test_duplicate_parameters():
    make = lambda: Action(  # noqa: E731
        id="a", name="A", params=[Param(name="page"), Param(name="page")]
    )
    assert error_of(make) == "params[1].name: duplicate query parameter 'page'"


def test_body_parameter_needs_a_method_with_a_body():
    make = lambda: Action(id="a", name="A", params=[Param(name="x", location="body")])  # noqa: E731
    assert error_of(make) == (
        "params[0].location: body parameter 'x' needs a method with a body "
        "(POST, PUT, PATCH or DELETE), not GET"
    )


def test_header_value_with_line_break():
    make = lambda: Param(  # noqa: E731
        name="X-Trace", location="header", source="static", value="a\r\nInjected: yes"
    )
    assert error_of(make) == (
        "value: header 'X-Trace': its value contains a line break (CR/LF), which would split the "
        "request; remove it"
    )


def test_parameter_rules():
    assert error_of(lambda: Param(name=" ")) == "name: a parameter needs a name (e.g. 'page')"
    assert error_of(lambda: Param(name="Bad Header", location="header")) == (
        "name: 'Bad Header' is not a valid header name for a header parameter; use letters, "
        "digits and '-' only (e.g. 'X-API-Key')"
    )
    assert error_of(lambda: Param(name="p", location="cookie")) == (
        "location: 'cookie' is not a parameter location; use one of ['query', 'path', "
        "'header', 'body']"
    )
    assert error_of(lambda: Param(name="p", source="static")) == (
        "value: a static parameter needs a value; set 'value' or use source 'user'"
    )
    assert error_of(lambda: Param(name="p", source="system")) == (
        "system_field: a system-field parameter needs system_field 'user_id' (login user id) "
        "or 'org_id' (organization id)"
    )
    assert error_of(lambda: Param(name="limit", type="integer", default="ten")) == (
        "default: parameter 'limit': 'ten' is not an integer; give e.g. 42"
    )
    assert Param(name="limit", type="integer", default="10").default == "10"


# -- F-2 schemes ---------------------------------------------------------------------------------
def test_api_key_scheme_needs_a_parameter_name():
    assert error_of(lambda: ApiKeyAuth(location="header")) == (
        "name: the API-key scheme needs the parameter name that carries the key (e.g. "
        "'X-API-Key' for a header, 'api_key' for a query parameter)"
    )
    assert error_of(lambda: ApiKeyAuth(name="X API", location="header")) == (
        "name: 'X API' is not a valid header name for the API-key header; use letters, digits "
        "and '-' only (e.g. 'X-API-Key')"
    )
    assert ApiKeyAuth(name="api key", location="query").name == "api key"


def test_unknown_scheme_type():
    message = error_of(lambda: connector(auth={"type": "kerberos"}))
    assert message.startswith(
        "auth: 'kerberos' is not a known auth scheme type; known: none, basic, api_key, "
    )
    assert message.endswith("(a new one is added with connector_lab.register_scheme)")


def test_dingtalk_token_url_must_be_absolute():
    assert error_of(lambda: DingTalkAuth(token_url="/v1.0/oauth2/accessToken")) == (
        "token_url: '/v1.0/oauth2/accessToken' is not an absolute http(s) URL; give the full "
        "address of the token endpoint (auth.token_url), e.g. "
        "'https://api.dingtalk.com/v1.0/oauth2/accessToken'"
    )


def test_zero_trust_header_name():
    assert error_of(lambda: DingTalkZeroTrustAuth(api_key_header="api key")) == (
        "api_key_header: 'api key' is not a valid header name for auth.api_key_header; use "
        "letters, digits and '-' only (e.g. 'X-API-Key')"
    )


# -- F-4 accounts --------------------------------------------------------------------------------
def test_account_needs_a_name_and_the_scheme_fields():
    assert error_of(lambda: AuthAccount(name="")) == (
        "name: an auth account needs a name, e.g. 'test' or 'production'"
    )
    account = AuthAccount(name="test", values={"username": "ann"})
    assert error_of(lambda: account.check_for(BasicAuth(password_label="PIN"))) == (
        "account 'test'.password: PIN is required by Basic authentication; fill it in"
    )


def test_account_value_errors_never_show_the_value():
    message = error_of(lambda: AuthAccount(name="t", values={"token": "abc\nSECRETVALUE"}))
    assert message == (
        "values: value of 'token' contains a line break; secrets are one line — check what "
        "was pasted"
    )
    assert "SECRETVALUE" not in message


def test_env_reference_not_set(monkeypatch):
    monkeypatch.delenv("CL_TEST_UNSET", raising=False)
    account = AuthAccount(name="prod", values={"token": "env:CL_TEST_UNSET"})
    assert error_of(lambda: account.resolve("token")) == (
        "account 'prod'.token: refers to environment variable CL_TEST_UNSET, which is not "
        "set; set it (e.g. in the shell that starts Jupyter) or type the value in"
    )
    monkeypatch.setenv("CL_TEST_UNSET", "from-env")
    assert account.resolve("token") == "from-env"


# -- round trips ---------------------------------------------------------------------------------
def test_connector_json_round_trip_is_lossless():
    original = connector(
        icon_url="https://example.com/icon.png",
        protocol="http",
        base_url="/v1",
        auth=ApiKeyAuth(name="X-API-Key", location="header", key_label="Key"),
        actions=[
            Action(
                id="get_user",
                name="Get user",
                method="POST",
                path="/users/{user_id}",
                params=[
                    Param(name="user_id", location="path", required=True),
                    Param(name="limit", type="integer", default=10),
                    Param(name="X-Trace", location="header", source="static", value="t1"),
                    Param(name="org", location="body", source="system", system_field="org_id"),
                    Param(name="customer.name", location="body", description="名字"),
                ],
                expected_response={"id": 1, "tags": ["a"], "nested": {"x": None}},
                records_path="$.data[*]",
            )
        ],
    )
    loaded = Connector.from_json(original.to_json())
    assert loaded == original
    assert loaded.to_json() == original.to_json()


def test_from_json_with_broken_text_names_the_position():
    assert error_of(lambda: Connector.from_json('{"display_name": ')) == (
        "not valid JSON (line 1, column 18: Expecting value)"
    )


def test_assignment_is_validated():
    c = connector()
    with pytest.raises(SpecError, match="host: 'a/b' includes a path"):
        c.host = "a/b"
    assert c.host == "api.example.com"


def test_nested_problems_carry_their_full_path():
    make = lambda: connector(  # noqa: E731
        actions=[
            {"id": "ok", "name": "OK"},
            {
                "id": "b",
                "name": "B",
                "path": "/u",
                "params": [{"name": "n", "type": "integer", "default": "x"}],
            },
        ]
    )
    assert error_of(make) == (
        "actions[1].params[0].default: parameter 'n': 'x' is not an integer; give e.g. 42"
    )


def test_dingtalk_default_endpoint_follows_the_style():
    from connector_lab.spec.schemes import DINGTALK_LEGACY_TOKEN_URL, DINGTALK_TOKEN_URL

    assert DingTalkAuth().token_url == DINGTALK_TOKEN_URL
    assert DingTalkAuth(legacy=True).token_url == DINGTALK_LEGACY_TOKEN_URL
    custom = "https://dingtalk.internal/gettoken"
    assert DingTalkAuth(legacy=True, token_url=custom).token_url == custom
    round_trip = DingTalkAuth.from_json(DingTalkAuth(legacy=True).to_json())
    assert round_trip == DingTalkAuth(legacy=True)
