"""The loop guard: a cursor or next URL that comes back stops the run with an error naming
it (masked when it may carry a secret), after the pages that were good; so does a page that
repeats the one before byte for byte (a server ignoring the page or offset parameter)."""

from __future__ import annotations

import pytest

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    Client,
    Connector,
    Pagination,
    PaginationLoopError,
)
from tests.harvest.conftest import SECRET
from tests.harvest.servers import RecordingServer, Reply, items


def test_the_same_cursor_twice(httpserver, make_client):
    httpserver.expect_request("/list", query_string="").respond_with_json(
        {"items": [{"id": 1}], "next_cursor": "c-1"}
    )
    httpserver.expect_request("/list", query_string="cursor=c-1").respond_with_json(
        {"items": [{"id": 2}], "next_cursor": "c-1"}
    )
    client = make_client(httpserver.url_for(""))
    seen = []
    with pytest.raises(PaginationLoopError) as caught:
        for result in client.pages("list", pagination="auto"):
            seen.append(result.page)
    assert caught.value.value == "c-1"
    assert "names the cursor 'c-1' again" in str(caught.value)
    assert [p.number for p in seen] == [1, 2]
    assert seen[-1].stop == "the cursor repeats: a loop"
    assert len(httpserver.log) == 2  # nothing sent for the repeated cursor


def test_the_same_next_url_twice(httpserver, make_client):
    httpserver.expect_request("/list").respond_with_json({"results": [1, 2], "next": "/list?p=2"})
    client = make_client(httpserver.url_for(""))
    pagination = Pagination(style="next_url", next_url_path="$.next")
    with pytest.raises(PaginationLoopError, match=r"next URL 'http://127\.0\.0\.1:\d+/list\?p=2'"):
        list(client.pages("list", pagination=pagination))
    assert [entry[0].query_string for entry in httpserver.log] == [b"", b"p=2"]


def test_a_next_url_back_to_the_first_page(httpserver, make_client):
    httpserver.expect_request("/list").respond_with_json({"results": [1], "next": "/list"})
    client = make_client(httpserver.url_for(""))
    with pytest.raises(PaginationLoopError):
        list(client.pages("list", pagination={"style": "next_url", "next_url_path": "$.next"}))
    assert len(httpserver.log) == 1


def test_the_repeated_value_is_masked():
    # A careless server echoes the API key (sent in the query) into the next URL it hands out.
    def route(seen):
        return Reply({"results": items(1, 3), "next": f"/list?api_key={SECRET}&page=2"})

    with RecordingServer(route) as server:
        connector = Connector(
            display_name="Echo",
            host=server.host_port,
            protocol="http",
            auth=ApiKeyAuth(name="api_key", location="query"),
            actions=[Action(id="list", name="List", path="/list")],
        )
        account = AuthAccount(name="t", values={"token": SECRET})
        with Client(connector, account) as client, pytest.raises(PaginationLoopError) as caught:
            list(client.pages("list", pagination={"style": "next_url", "next_url_path": "$.next"}))
    assert SECRET not in str(caught.value) and SECRET not in caught.value.value
    assert "api_key=" in caught.value.value


def test_a_server_ignoring_the_page_number_is_stopped_not_followed_for_ever(
    httpserver, make_client
):
    # /list answers every page with the same full page: without the guard, a page-number run
    # with no total would never end (every page is full, none is short or empty).
    httpserver.expect_request("/list").respond_with_json({"data": [{"id": 1}, {"id": 2}]})
    client = make_client(httpserver.url_for(""))
    pagination = Pagination(style="page", size_param="per_page", page_size=2)
    seen = []
    with pytest.raises(PaginationLoopError, match=r"page 2 is, byte for byte, the same as page 1"):
        for result in client.pages("list", pagination=pagination):
            seen.append(result.page.number)
    assert seen == [1]  # page 2 repeats page 1's records: it is not yielded
    assert len(httpserver.log) <= 3  # page 1, page 2 and at most the one fetched ahead


def test_an_ignored_offset_with_a_total_is_stopped_at_the_first_repeat(httpserver, make_client):
    body = {"total": 400, "items": [{"id": n} for n in range(10)]}
    httpserver.expect_request("/list").respond_with_json(body)
    client = make_client(httpserver.url_for(""))
    pagination = Pagination(style="offset", size_param="limit", page_size=10, total_path="$.total")
    with pytest.raises(PaginationLoopError, match="ignores the parameter 'offset'") as caught:
        list(client.pages("list", pagination=pagination, workers=2))
    assert caught.value.value == "offset"
    assert len(httpserver.log) < 40  # not all 40 pages the total promised


def test_pages_that_differ_are_not_taken_for_a_repeat(paged):
    assert len(list(paged.pages("pages", pagination=Pagination(style="page", page_size=10)))) == 10
