"""build_request(): a pure function — URL joining, parameter placement, encoding, types,
defaults, system fields, and all missing values reported in one error. Also the URL helpers
(``wire/urls.py``) that it, auth, redirects and masking share."""

from __future__ import annotations

import pytest

from connector_lab import Action, Connector, Param, ParameterError, RunContext, build_request
from connector_lab.wire.urls import (
    drop_query_keys,
    encode_path_value,
    join_url,
    map_query_values,
    origin_of,
    query_value,
    set_query_value,
)


def make(params, *, method="GET", path="/items", base_url="/", host="api.example.com"):
    action = Action(id="act", name="Act", method=method, path=path, params=params)
    return Connector(display_name="D", host=host, base_url=base_url, actions=[action])


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("/", "/items", "https://h.io/items"),
        ("/v1", "/items", "https://h.io/v1/items"),
        ("/v1/", "items", "https://h.io/v1/items"),
        ("/", "/", "https://h.io/"),
        ("/v1", "/", "https://h.io/v1"),
    ],
)
def test_url_joins_with_exactly_one_slash(base, path, url):
    assert join_url("https://h.io", base, path) == url


def test_path_values_are_percent_encoded_and_never_change_the_path():
    c = make([Param(name="id", location="path")], path="/users/{id}/orders", base_url="/v1")
    assert build_request(c, "act", {"id": "a/b c"}).url == (
        "https://api.example.com/v1/users/a%2Fb%20c/orders"
    )
    assert build_request(c, "act", {"id": ".."}).url == (
        "https://api.example.com/v1/users/%2E%2E/orders"
    )
    assert build_request(c, "act", {"id": "../../admin"}).url == (
        "https://api.example.com/v1/users/..%2F..%2Fadmin/orders"
    )
    assert encode_path_value("?#%") == "%3F%23%25"


def test_query_headers_and_nested_body():
    c = make(
        [
            Param(name="page", type="integer", default=1),
            Param(name="tags", type="array"),
            Param(name="X-Trace", location="header", source="static", value="t-1"),
            Param(name="customer.name", location="body"),
            Param(name="customer.vip", location="body", type="boolean"),
            Param(name="note", location="body"),
        ],
        method="POST",
    )
    plan = build_request(
        c, "act", {"tags": '["a", "b"]', "customer.name": "Ann", "customer.vip": "yes"}
    )
    assert plan.method == "POST"
    assert plan.query == (("page", "1"), ("tags", "a"), ("tags", "b"))
    assert plan.full_url == "https://api.example.com/items?page=1&tags=a&tags=b"
    assert plan.headers == {"X-Trace": "t-1", "Content-Type": "application/json"}
    assert plan.json == {"customer": {"name": "Ann", "vip": True}}
    assert plan.body_bytes() == b'{"customer": {"name": "Ann", "vip": true}}'


def test_user_values_are_converted_by_type():
    c = make(
        [
            Param(name="n", type="integer"),
            Param(name="x", type="number"),
            Param(name="b", type="boolean"),
            Param(name="o", type="object"),
        ],
        method="POST",
    )
    plan = build_request(c, "act", {"n": "42", "x": "2.5", "b": "false", "o": '{"k": 1}'})
    assert plan.query == (("n", "42"), ("x", "2.5"), ("b", "false"), ("o", '{"k":1}'))


def test_bad_value_names_the_parameter():
    c = make([Param(name="limit", type="integer")])
    with pytest.raises(ParameterError) as info:
        build_request(c, "act", {"limit": "ten"})
    assert str(info.value) == "limit: parameter 'limit': 'ten' is not an integer; give e.g. 42"


def test_all_missing_required_parameters_in_one_error():
    c = make(
        [
            Param(name="id", location="path"),
            Param(name="q", required=True),
            Param(name="X-Org", location="header", required=True),
            Param(name="optional"),
        ],
        path="/u/{id}",
    )
    with pytest.raises(ParameterError) as info:
        build_request(c, "act", {"nope": 1})
    assert str(info.value) == (
        "cannot run action 'act' (2 problems):\n"
        "  - missing required parameter(s): 'id', 'q', 'X-Org'\n"
        "  - nope: is not a parameter of action 'act'; known: X-Org, id, optional, q"
    )


def test_system_fields_come_from_the_run_context():
    c = make(
        [
            Param(name="uid", source="system", system_field="user_id"),
            Param(name="X-Org", location="header", source="system", system_field="org_id"),
        ]
    )
    plan = build_request(c, "act", context=RunContext(user_id="u-7", org_id="org-1"))
    assert plan.query == (("uid", "u-7"),)
    assert plan.headers == {"X-Org": "org-1"}
    with pytest.raises(ParameterError) as info:
        build_request(c, "act", context=RunContext(user_id="u-7"))
    assert str(info.value) == (
        "X-Org: takes the organization id from the run context, which is not set; pass "
        "context=RunContext(org_id=...)"
    )


def test_static_and_system_values_cannot_be_overridden_by_the_user():
    c = make([Param(name="fixed", source="static", value="v")])
    with pytest.raises(ParameterError, match="is not a parameter of action 'act'"):
        build_request(c, "act", {"fixed": "other"})


def test_header_value_with_line_break_from_user():
    c = make([Param(name="X-Note", location="header")])
    with pytest.raises(ParameterError) as info:
        build_request(c, "act", {"X-Note": "a\r\nEvil: 1"})
    assert str(info.value) == (
        "X-Note: header value contains a line break (CR/LF), which would split the request; "
        "remove it"
    )


def test_defaults_apply_and_none_means_omitted():
    c = make([Param(name="page", type="integer", default="3"), Param(name="q")])
    assert build_request(c, "act").query == (("page", "3"),)
    assert build_request(c, "act", {"page": 5, "q": None}).query == (("page", "5"),)


def test_build_request_does_no_io(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("build_request opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    c = make([Param(name="q")], host="unresolvable.invalid")
    assert build_request(c, "act", {"q": "x"}).full_url == "https://unresolvable.invalid/items?q=x"


def test_query_helpers_leave_the_other_parameters_as_they_were():
    url = "https://h.io/p?a=1&b=x+y%2Fz&access_token=old&c="
    assert query_value(url, "access_token") == "old"
    assert query_value(url, "missing") is None
    assert set_query_value(url, "access_token", "n w") == (
        "https://h.io/p?a=1&b=x+y%2Fz&c=&access_token=n+w"
    )
    assert set_query_value(url, "a", "2", replace=False) == url + "&a=2"
    assert set_query_value("https://h.io/p", "key", "k") == "https://h.io/p?key=k"
    assert drop_query_keys(url, ["ACCESS_TOKEN", "c"]) == "https://h.io/p?a=1&b=x+y%2Fz"
    assert drop_query_keys("https://h.io/p?a=b%20c", ["x"]) == "https://h.io/p?a=b%20c"
    masked = map_query_values(url, lambda k, v: "***" if k == "access_token" else v, safe="*")
    assert masked == "https://h.io/p?a=1&b=x+y%2Fz&access_token=***&c="


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("HTTP://API.Example.com/a", ("http", "api.example.com", 80)),
        ("https://h.io:8443/a?b=c", ("https", "h.io", 8443)),
        ("https://h.io/a", ("https", "h.io", 443)),
    ],
)
def test_origin_fills_in_the_default_port(url, origin):
    assert origin_of(url) == origin
