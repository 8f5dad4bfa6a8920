"""The five pagination styles: walking every page, edges, and bad parameters."""

from __future__ import annotations

import time

import pytest
import requests

ALL_IDS = list(range(1, 96))  # default total is 95


def test_page_number(sandbox):
    ids, page = [], 1
    while True:
        body = requests.get(
            sandbox.url + "/paged/pages", params={"page": page, "per_page": 10}
        ).json()
        assert (body["per_page"], body["total"], body["total_pages"]) == (10, 95, 10)
        assert body["page"] == page
        if not body["data"]:
            break
        ids += [item["id"] for item in body["data"]]
        page += 1
    assert ids == ALL_IDS
    assert page == 11
    assert set(body) == {"page", "per_page", "total", "total_pages", "data"}


def test_items_are_deterministic(sandbox):
    first = requests.get(sandbox.url + "/paged/pages", params={"per_page": 3}).json()["data"]
    again = requests.get(sandbox.url + "/paged/offset", params={"limit": 3}).json()["items"]
    assert first == again
    assert set(first[0]) == {"id", "name", "value"}


def test_offset_limit(sandbox):
    ids, offset = [], 0
    while True:
        body = requests.get(
            sandbox.url + "/paged/offset", params={"offset": offset, "limit": 20}
        ).json()
        assert (body["offset"], body["limit"], body["total"]) == (offset, 20, 95)
        if not body["items"]:
            break
        ids += [item["id"] for item in body["items"]]
        offset += 20
    assert ids == ALL_IDS


def test_cursor(sandbox):
    ids, cursor, cursors = [], None, []
    while True:
        params = {"limit": 30} if cursor is None else {"limit": 30, "cursor": cursor}
        body = requests.get(sandbox.url + "/paged/cursor", params=params).json()
        ids += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
        cursors.append(cursor)
    assert ids == ALL_IDS
    assert len(cursors) == 3
    assert not any(c.isdigit() for c in cursors)  # opaque, not an offset


def test_next_url(sandbox):
    url = sandbox.url + "/paged/next?per_page=25&total=60"
    ids, urls = [], []
    while url:
        body = requests.get(url).json()
        ids += [item["id"] for item in body["results"]]
        url = body["next"]
        if url:
            urls.append(url)
    assert ids == list(range(1, 61))
    assert len(urls) == 2
    assert all(u.startswith(sandbox.url + "/paged/next?") and "total=60" in u for u in urls)


def test_next_url_follows_the_host_header(sandbox):
    r = requests.get(sandbox.url + "/paged/next", headers={"Host": "api.example.test:8080"})
    assert r.json()["next"].startswith("http://api.example.test:8080/paged/next?")


def test_link_header(sandbox):
    url = sandbox.url + "/paged/link?per_page=20"
    first = requests.get(url)
    assert set(first.links) == {"next", "last"}
    assert first.headers["X-Total-Count"] == "95"
    assert first.links["last"]["url"].endswith("page=5")
    ids, response = [], first
    while True:
        ids += [item["id"] for item in response.json()]
        if "next" not in response.links:
            break
        response = requests.get(response.links["next"]["url"])
    assert ids == ALL_IDS
    assert set(response.links) == {"first", "prev"}
    assert response.links["prev"]["url"].endswith("page=4")
    middle = requests.get(url + "&page=3")
    assert set(middle.links) == {"next", "last", "first", "prev"}


def test_empty_list(sandbox):
    r = requests.get(sandbox.url + "/paged/link", params={"total": 0})
    assert r.json() == []
    assert "Link" not in r.headers
    body = requests.get(sandbox.url + "/paged/pages", params={"total": 0}).json()
    assert (body["data"], body["total_pages"]) == ([], 0)
    assert requests.get(sandbox.url + "/paged/cursor?total=0").json()["next_cursor"] is None


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/paged/pages", {"page": 0}, "page"),
        ("/paged/pages", {"per_page": 0}, "per_page"),
        ("/paged/pages", {"per_page": "ten"}, "per_page"),
        ("/paged/pages", {"total": -5}, "total"),
        ("/paged/offset", {"offset": -1}, "offset"),
        ("/paged/offset", {"limit": 0}, "limit"),
        ("/paged/cursor", {"cursor": "not-a-cursor"}, "cursor"),
        ("/paged/cursor", {"cursor": "MTIz"}, "cursor"),  # base64 of "123", not ours
        ("/paged/next", {"page": "x"}, "page"),
        ("/paged/link", {"per_page": 10_001}, "per_page"),
        ("/paged/link", {"delay": -1}, "delay"),
    ],
)
def test_bad_parameters_are_400_naming_them(sandbox, path, params, name):
    r = requests.get(sandbox.url + path, params=params)
    assert r.status_code == 400
    assert r.json()["parameter"] == name
    assert name in r.json()["message"]


def test_delay_adds_latency(sandbox):
    started = time.perf_counter()
    r = requests.get(sandbox.url + "/paged/pages", params={"delay": 0.2})
    assert r.status_code == 200
    assert time.perf_counter() - started >= 0.2


@pytest.mark.parametrize(
    ("path", "params", "key"),
    [
        ("/paged/pages", {"page": 2, "per_page": 3}, "data"),
        ("/paged/offset", {"offset": 3, "limit": 3}, "items"),
        ("/paged/cursor", {"limit": 3}, "items"),
    ],
)
def test_items_orders_pages_over_nested_orders(sandbox, path, params, key):
    from connector_lab.sandbox.data import order

    body = requests.get(sandbox.url + path, params={**params, "items": "orders"}).json()
    first = 1 if path == "/paged/cursor" else 4
    assert body[key] == [order(sandbox.seed, n) for n in range(first, first + 3)]
    assert {"customer", "items"} <= set(body[key][0])  # nested: an object and a list


def test_items_of_an_unknown_kind_is_refused(sandbox):
    response = requests.get(sandbox.url + "/paged/pages", params={"items": "users"})
    assert response.status_code == 400
    assert "items must be one of items, orders" in response.text
