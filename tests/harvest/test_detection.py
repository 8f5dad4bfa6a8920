"""``auto``: the style read off the first response, the rule that fired and why — and the
shapes it must refuse to guess."""

from __future__ import annotations

import pytest

from connector_lab import PaginationError, detect_pagination


@pytest.mark.parametrize(
    ("action", "style", "rule", "fields"),
    [
        ("pages", "page", "page-number", {"page_param": "page", "total_path": "$.total"}),
        ("offset", "offset", "offset", {"offset_param": "offset", "size_param": "limit"}),
        ("cursor", "cursor", "cursor", {"cursor_path": "$.next_cursor", "cursor_param": "cursor"}),
        ("next", "next_url", "next-url", {"next_url_path": "$.next"}),
        ("link", "link", "link-header", {}),
    ],
)
def test_each_sandbox_style_is_detected(paged, action, style, rule, fields):
    detection = detect_pagination(paged.run(action))
    assert (detection.style, detection.rule) == (style, rule)
    assert detection.pagination.style == style
    for name, value in fields.items():
        assert getattr(detection.pagination, name) == value
    assert detection.reason.startswith(rule + ": ")


def test_reasons_say_what_was_seen(paged):
    assert "'page' echoed in the body at $.page, with a total at $.total" in (
        detect_pagination(paged.run("pages")).reason
    )
    assert "$.next_cursor holds a cursor" in detect_pagination(paged.run("cursor")).reason
    assert 'rel="next"' in detect_pagination(paged.run("link")).reason


def test_a_page_parameter_sent_is_enough(httpserver, make_client):
    httpserver.expect_request("/list").respond_with_json({"rows": [{"id": 1}]})
    client = make_client(httpserver.url_for(""))
    detection = detect_pagination(_run(client, pageNo=1))
    assert (detection.style, detection.pagination.page_param) == ("page", "pageNo")
    assert "'pageNo' sent in the request" in detection.reason


def _run(client, **query):
    from connector_lab.harvest.paginators import set_query

    plan = client.prepare("list")
    for name, value in query.items():
        plan = set_query(plan, name, value)
    return client.send(plan, action=client.connector.action("list"))


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        ({"data": [], "links": {"next": "/list?page=2"}}, {}, ("next_url", "$.links.next")),
        ({"data": [], "_links": {"next": {"href": "/x"}}}, {}, ("next_url", "$._links.next.href")),
        ({"items": [], "nextPageToken": "t1"}, {}, ("cursor", "$.nextPageToken")),
        ({"items": [], "meta": {"next_cursor": None}}, {}, ("cursor", "$.meta.next_cursor")),
        ([{"id": 1}], {"Link": '<http://x/p2>; rel="next"'}, ("link", None)),
    ],
)
def test_odd_shapes(httpserver, make_client, body, headers, expected):
    httpserver.expect_request("/list").respond_with_json(body, headers=headers)
    detection = detect_pagination(make_client(httpserver.url_for("")).run("list"))
    p = detection.pagination
    assert (detection.style, p.next_url_path or p.cursor_path) == expected
    if detection.style == "cursor" and expected[1] == "$.nextPageToken":
        assert p.cursor_param == "pageToken"


@pytest.mark.parametrize(
    ("body", "headers", "says"),
    [
        (
            {"items": [{"id": 1}], "next": "http://h/list?page=2", "next_cursor": "abc"},
            {},
            "more than one way on: $.next holds a URL; $.next_cursor holds a cursor",
        ),
        (
            {"items": [{"id": 1}], "next_cursor": "abc"},
            {"Link": '<http://h/p2>; rel="next"'},
            "more than one way on",
        ),
        ({"items": [{"id": 1}], "count": 1}, {}, "no next link, next URL, cursor, page or offset"),
        ([{"id": 1}], {}, "a JSON list of 1 items"),
        ({"page": 1, "offset": 0, "total": 9, "data": []}, {}, "both a page and an offset"),
    ],
)
def test_shapes_it_cannot_decide_are_refused(httpserver, make_client, body, headers, says):
    httpserver.expect_request("/list").respond_with_json(body, headers=headers)
    result = make_client(httpserver.url_for("")).run("list")
    with pytest.raises(PaginationError) as caught:
        detect_pagination(result)
    message = str(caught.value)
    assert says in message
    assert "Set the style by hand" in message and "Pagination(style=" in message


def test_client_pages_refuses_too_before_following_anything(httpserver, make_client):
    body = {"items": [{"id": 1}], "next": "/list?page=2", "next_cursor": "abc"}
    httpserver.expect_request("/list").respond_with_json(body)
    client = make_client(httpserver.url_for(""))
    with pytest.raises(PaginationError, match="cannot detect how the list of action 'list'"):
        list(client.pages("list"))
    assert len(httpserver.log) == 1


def test_auto_keeps_the_stop_rules_given(paged):
    results = list(paged.pages("cursor", pagination={"style": "auto", "max_records": 12}))
    assert sum(r.page.records for r in results) == 12
    assert results[-1].page.stop == "max_records 12 reached"
