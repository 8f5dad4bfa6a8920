"""Every pagination style end to end over real HTTP against the sandbox: every record is
counted exactly once, in order, and the last page says why the run stopped."""

from __future__ import annotations

import pytest

from connector_lab import Pagination, SpecError
from tests.harvest.conftest import ids

ALL = list(range(1, 96))

DECLARED = {
    "pages": Pagination(style="page", size_param="per_page", page_size=10),
    "offset": Pagination(style="offset", size_param="limit", page_size=10),
    "cursor": Pagination(style="cursor", cursor_path="$.next_cursor", size_param="limit"),
    "next": Pagination(style="next_url", next_url_path="$.next"),
    "link": Pagination(style="link"),
}


@pytest.mark.parametrize("action", list(DECLARED))
def test_each_declared_style_counts_every_record_once(paged, action):
    results = list(paged.pages(action, pagination=DECLARED[action]))
    assert ids(results) == ALL
    assert [r.page.number for r in results] == list(range(1, len(results) + 1))
    assert all(r.page.stop is None for r in results[:-1])
    assert results[-1].page.stop is not None


@pytest.mark.parametrize("action", list(DECLARED))
def test_auto_detects_each_style_and_counts_every_record_once(paged, action):
    results = list(paged.pages(action, total=47))
    assert ids(results) == list(range(1, 48))


def test_stop_reasons_say_why(paged):
    stops = {a: list(paged.pages(a, pagination=p))[-1].page.stop for a, p in DECLARED.items()}
    assert stops == {
        "pages": "short page (5 of 10 records)",
        "offset": "short page (5 of 10 records)",
        "cursor": "no next cursor",
        "next": "no next URL",
        "link": 'no Link rel="next"',
    }


def test_page_info_says_what_was_sent_and_found(paged):
    pages = list(paged.pages("cursor", pagination=DECLARED["cursor"], total=25))
    first, second = pages[0].page, pages[1].page
    assert (first.cursor, first.received, first.records_path) == (None, 10, "$.items[*]")
    assert second.cursor == first.next and second.cursor
    follow = list(paged.pages("next", pagination=DECLARED["next"], total=25))
    assert follow[1].page.url.startswith(paged.connector.origin + "/paged/next?")
    numbered = list(paged.pages("pages", pagination=DECLARED["pages"], total=25))
    assert [p.page.page for p in numbered] == [1, 2, 3]


def test_total_from_the_body(paged):
    p = Pagination(style="page", size_param="per_page", page_size=20, total_path="$.total")
    results = list(paged.pages("pages", pagination=p))
    assert ids(results) == ALL
    assert results[-1].page.stop == "total 95 reached" and len(results) == 5
    assert {r.page.total for r in results} == {95}


def test_total_from_a_header(paged):
    # The Link endpoint sends X-Total-Count; followed here by page number, not by Link.
    p = Pagination(style="page", size_param="per_page", page_size=30, total_header="X-Total-Count")
    results = list(paged.pages("link", pagination=p))
    assert ids(results) == ALL
    assert results[-1].page.stop == "total 95 reached"


def test_a_total_that_is_not_a_number_is_refused(httpserver, make_client):
    from connector_lab import PaginationError

    httpserver.expect_request("/list").respond_with_json({"data": [{"id": 1}], "total": "many"})
    client = make_client(httpserver.url_for(""), path="/list")
    with pytest.raises(PaginationError, match=r"total_path.*'many'"):
        list(client.pages("list", pagination={"style": "page", "total_path": "$.total"}))


def test_max_pages(paged):
    p = Pagination(style="cursor", cursor_path="$.next_cursor", max_pages=3)
    results = list(paged.pages("cursor", pagination=p))
    assert ids(results) == list(range(1, 31))
    assert results[-1].page.stop == "max_pages 3 reached"


@pytest.mark.parametrize("action", list(DECLARED))
def test_max_records_trims_the_last_page(paged, action):
    p = DECLARED[action].model_copy(update={"max_records": 25})
    results = list(paged.pages(action, pagination=p))
    assert ids(results) == list(range(1, 26))
    last = results[-1].page
    assert (last.received, last.records, last.stop) == (10, 5, "max_records 25 reached")
    assert len(results) == 3


def test_max_records_with_a_total_asks_only_for_the_pages_needed(fresh_sandbox):
    from connector_lab import AuthAccount, Client
    from tests.harvest.conftest import paged_connector

    with Client(
        paged_connector(fresh_sandbox.host_port), AuthAccount(name="a", values={"token": "k"})
    ) as client:
        p = Pagination(style="page", size_param="per_page", total_path="$.total", max_records=25)
        results = list(client.pages("pages", pagination=p, workers=4))
        assert ids(results) == list(range(1, 26))
        assert fresh_sandbox.request_count("/paged/pages") == 3


def test_an_empty_list_stops_on_the_empty_first_page(paged):
    results = list(paged.pages("pages", pagination=DECLARED["pages"], total=0))
    assert len(results) == 1 and results[0].page.stop == "empty page"


def test_explicit_range_and_count(paged):
    p = Pagination(style="page", size_param="per_page", page_size=10)
    results = list(paged.pages("pages", pages=range(3, 6), pagination=p))
    assert [r.page.page for r in results] == [3, 4, 5]
    assert ids(results) == list(range(21, 51))
    assert results[-1].page.stop == "the last page asked for"
    assert ids(paged.pages("offset", pages=2, pagination=DECLARED["offset"])) == list(range(1, 21))
    two = list(paged.pages("cursor", pages=2, pagination=DECLARED["cursor"]))
    assert len(two) == 2 and two[-1].page.stop == "max_pages 2 reached"


def test_a_range_with_a_cursor_style_is_refused(paged):
    from connector_lab import PaginationError

    with pytest.raises(PaginationError, match="pages=N"):
        paged.pages("cursor", pages=range(1, 3), pagination=DECLARED["cursor"])


def test_pagination_parameters_the_action_does_not_declare_go_to_the_query(paged):
    p = {"style": "page", "size_param": "per_page"}
    results = list(paged.pages("pages", pagination=p, per_page=40))
    assert [r.page.received for r in results] == [40, 40, 15]
    assert results[-1].page.stop == "short page (15 of 40 records)"
    assert ids(results) == ALL


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"workers": 0}, "workers"), ({"pages": 0}, "pages"), ({"pages": ["x"]}, "pages")],
)
def test_bad_arguments_are_refused_before_anything_is_sent(paged, kwargs, field):
    with pytest.raises(SpecError) as caught:
        paged.pages("pages", **kwargs)
    assert caught.value.fields == [field]


def test_an_http_error_page_raises(paged):
    from connector_lab import HTTPStatusError

    with pytest.raises(HTTPStatusError, match="400"):
        list(
            paged.pages("pages", pagination={"style": "page", "size_param": "per_page"}, per_page=0)
        )
