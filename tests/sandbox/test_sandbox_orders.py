"""Nested orders: shape, determinism per (seed, index) and limits.

How fast they are generated is measured in bench/sandbox_orders.py, not asserted here."""

from __future__ import annotations

from datetime import datetime

import pytest
import requests

from connector_lab.sandbox import serve


def _orders(api, count=None, **params):
    if count is not None:
        params["count"] = count
    return requests.get(api.url + "/orders", params=params)


def test_default_count_and_shape(sandbox):
    r = _orders(sandbox)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["total"] == 25
    assert [o["id"] for o in body["data"]] == list(range(1, 26))
    order = body["data"][0]
    assert isinstance(order["number"], str)
    assert isinstance(order["paid"], bool)
    assert order["status"] in {"pending", "paid", "shipped", "delivered", "cancelled"}
    assert datetime.fromisoformat(order["created_at"]).tzinfo is not None
    assert set(order["customer"]) == {"id", "name", "email", "address"}
    assert set(order["customer"]["address"]) == {"city", "country", "zip"}


def test_items_and_totals(sandbox):
    for order in _orders(sandbox, 200).json()["data"]:
        assert 1 <= len(order["items"]) <= 4
        for item in order["items"]:
            assert set(item) == {"sku", "name", "quantity", "unit_price", "tags"}
            assert isinstance(item["quantity"], int)
            assert round(item["unit_price"], 2) == item["unit_price"]
            assert all(isinstance(tag, str) for tag in item["tags"])
        expected = sum(i["quantity"] * i["unit_price"] for i in order["items"])
        assert order["total"] == pytest.approx(expected, abs=0.005)


def test_notes_are_sometimes_null(sandbox):
    notes = [o["note"] for o in _orders(sandbox, 200).json()["data"]]
    assert None in notes
    assert any(isinstance(n, str) for n in notes)


def test_order_is_the_same_whatever_count(sandbox):
    five = _orders(sandbox, 5).json()["data"]
    fifty = _orders(sandbox, 50).json()["data"]
    assert fifty[:5] == five
    assert requests.get(sandbox.url + "/orders/4").json() == five[3]


def test_same_seed_same_bytes_other_seed_other_data():
    with serve(seed=7) as a, serve(seed=7) as b, serve(seed=8) as c:
        body_a, body_b, body_c = (_orders(api, 30).content for api in (a, b, c))
    assert body_a == body_b
    assert body_a != body_c


def test_count_zero_is_empty(sandbox):
    assert _orders(sandbox, 0).json() == {"data": [], "total": 0}


@pytest.mark.parametrize("count", ["-1", "200001", "abc", "1.5"])
def test_bad_count_is_400(sandbox, count):
    r = _orders(sandbox, count)
    assert r.status_code == 400
    assert r.json()["parameter"] == "count"


@pytest.mark.parametrize("order_id", ["0", "200001", "abc", "²"])
def test_unknown_order_is_404(sandbox, order_id):
    r = requests.get(f"{sandbox.url}/orders/{order_id}")
    assert r.status_code == 404
    assert r.json()["code"] == "NotFound"


def test_hundred_thousand_orders():
    # How fast is measured in bench/sandbox_orders.py; here only that all of them arrive.
    with serve(seed=1234) as api:  # a seed no other test uses: nothing cached
        r = _orders(api, 100_000)
    assert r.status_code == 200
    # Checked on the bytes: parsing 57 MB of JSON would double the test's time.
    assert r.content.endswith(b'"total": 100000}')
    assert r.content.count(b'"number": "SO-') == 100_000
