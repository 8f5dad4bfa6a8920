"""collect() over real HTTP pages into one DataFrame or child tables: the same frame as one
big page, columns unified across pages, keys unique across pages, limits, and each page's
Result released before the next is asked for."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from connector_lab import HTTPStatusError, PageInfo, SpecError
from connector_lab.harvest.collect import collect
from tests.harvest.pageloops import BIG, page_loop, serve_pages, shaped_pages

ORDERS = {"per_page": 5, "total": 23, "items": "orders"}


def one_page(client, **params):
    """The same list as one page: what collect over pages must equal."""
    return client.run(
        "pages", page=1, per_page=params["total"], total=params["total"], items=params["items"]
    )


def test_pages_make_the_frame_of_one_big_page(sandbox_client):
    frame = collect(page_loop(sandbox_client, **ORDERS))
    pd.testing.assert_frame_equal(frame, one_page(sandbox_client, **ORDERS).to_frame())
    assert frame["id"].tolist() == list(range(1, 24))


def test_explode_across_pages(sandbox_client):
    frame = collect(page_loop(sandbox_client, **ORDERS), explode="items")
    whole = one_page(sandbox_client, **ORDERS).to_frame(explode="items")
    pd.testing.assert_frame_equal(frame, whole)


def test_columns_are_unified_across_pages(shaped_client):
    frame = collect(page_loop(shaped_client))
    assert list(frame.columns) == ["id", "a", "nested.x", "flag", "note", "tags", "late"]
    assert len(frame) == 24
    # a column first seen on page 7 exists, exact (nullable Int64, never float64)
    assert str(frame["late"].dtype) == "Int64"
    assert frame["late"].iloc[18:].tolist() == [BIG, BIG + 1, BIG + 2] * 2
    assert frame["late"].iloc[:18].isna().all()
    # a column only on page 1 keeps booleans (nullable), missing on the rest
    assert str(frame["flag"].dtype) == "boolean"
    assert frame["flag"].iloc[:3].tolist() == [True, False, True]
    assert frame["flag"].iloc[3:].isna().all()
    # a column missing on page 3 is null there, text elsewhere
    assert frame["a"].iloc[6:9].isna().all() and frame["a"].iloc[0] == "a1"
    # null on pages 1-5, text later: one text column
    assert frame["note"].iloc[15] == "=1+1" and frame["note"].iloc[:15].isna().all()
    assert frame["tags"].iloc[0] == ["t", "0"]


def test_tables_keys_stay_unique_across_pages(sandbox_client):
    tables = collect(page_loop(sandbox_client, **ORDERS), tables=True)
    whole = one_page(sandbox_client, **ORDERS).tables()
    assert list(tables) == list(whole) == ["data", "data.items"]
    for name in whole:
        pd.testing.assert_frame_equal(tables[name], whole[name])
    root, items = tables["data"], tables["data.items"]
    assert root["_id"].is_unique and items["_id"].is_unique
    assert items["_id"].tolist() == list(range(len(items)))
    assert set(items["_parent_id"]) == set(root["_id"])  # every order has items
    assert items.attrs["parent_table"] == "data"


def test_max_records_keeps_the_first_n_and_stops_asking(httpserver, shaped_client):
    frame = collect(page_loop(shaped_client), max_records=7)
    assert frame["id"].tolist() == [10, 11, 12, 20, 21, 22, 30]
    # asserted at the server: page 4 was never asked for
    pages = [request.args["page"] for request, _ in httpserver.log]
    assert pages == ["1", "2", "3"]


def test_max_records_with_tables_keeps_the_children_of_kept_rows(sandbox_client):
    tables = collect(page_loop(sandbox_client, **ORDERS), tables=True, max_records=7)
    whole = one_page(sandbox_client, **ORDERS).tables()
    assert tables["data"]["id"].tolist() == list(range(1, 8))
    expected = whole["data.items"][whole["data.items"]["_parent_id"] < 7]
    assert tables["data.items"]["sku"].tolist() == expected["sku"].tolist()


def test_a_page_info_records_count_is_honoured(shaped_client):
    def with_page_info():
        for number, result in enumerate(page_loop(shaped_client), 1):
            kept = 1 if number == 2 else 3  # max_records cut page 2 to its first record
            stop = "short page" if number == 8 else None
            result.page = PageInfo(number=number, received=3, records=kept, stop=stop)
            yield result

    frame = collect(with_page_info())
    assert len(frame) == 22 and frame["id"].tolist()[:5] == [10, 11, 12, 20, 30]


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_a_bad_max_records_is_refused_by_name(bad):
    with pytest.raises(SpecError, match="max_records: must be a whole number") as caught:
        collect([], max_records=bad)
    assert repr(bad) in str(caught.value)


def test_a_failing_page_raises_and_stops_the_loop(httpserver):
    from connector_lab import Client
    from tests.harvest.pageloops import loop_connector

    serve_pages(httpserver, shaped_pages(), fail_on=3)
    connector = loop_connector(f"{httpserver.host}:{httpserver.port}", "/v")

    def loop(client):
        number = 1
        while True:
            yield client.run("pages", page=number)
            number += 1

    with Client(connector) as client, pytest.raises(HTTPStatusError, match="HTTP 500"):
        collect(loop(client))
    assert [request.args["page"] for request, _ in httpserver.log] == ["1", "2", "3"]
    assert gc.isenabled()  # the collector is on again after a failure


def test_each_result_is_released_before_the_next_page(sandbox_client):
    refs: list = []
    frame = collect(page_loop(sandbox_client, refs=refs, **ORDERS))
    assert len(refs) == 5 and len(frame) == 23  # page_loop asserted at each request
    assert all(ref() is None for ref in refs)
    assert gc.isenabled()


def test_results_the_caller_keeps_are_released_of_their_parsed_body(sandbox_client):
    kept = list(page_loop(sandbox_client, **ORDERS))
    assert all("_json" in result.__dict__ for result in kept)  # page_loop read each page
    frame = collect(kept)
    assert len(frame) == 23
    assert not any("_json" in result.__dict__ for result in kept)
    assert kept[0].json()["data"][0]["id"] == 1  # still readable: parsed again on demand


def test_result_release_drops_only_the_caches(sandbox_client):
    result = sandbox_client.run("pages", page=1, per_page=2)
    body, text = result.json(), result.text
    assert result.release() is result
    assert "_json" not in result.__dict__ and "text" not in result.__dict__
    assert result.json() == body and result.text == text


def test_collect_of_no_pages_is_an_empty_frame():
    assert collect([]).empty
    assert collect([], tables=True) == {}
