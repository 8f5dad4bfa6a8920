"""Deterministic demo data: orders, paged items, DingTalk users, weather.

Every record is a pure function of ``(seed, index)`` (or ``(seed, key)``): each gets its own
``random.Random`` seeded from both, so order 7 is identical whether 5 or 50,000 orders are
asked for, and nothing reads the wall clock. Serialized order lists are cached per count, since
benchmarks ask for the same large body many times.
"""

from __future__ import annotations

import gc
import json
import random
import threading
from collections import OrderedDict
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = [
    "MAX_ORDERS",
    "order",
    "orders_body",
    "paged_item",
    "user",
    "users",
    "weather",
]

MAX_ORDERS = 200_000
USER_COUNT = 12

_CST = timezone(timedelta(hours=8))
_STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled")
_FIRST = ("Ada", "Bo", "Chen", "Dana", "Eli", "Fang", "Gus", "Hui", "Ivo", "Jing", "Kai", "Lena")
_LAST = ("Wang", "Li", "Zhang", "Liu", "Smith", "Garcia", "Müller", "Rossi", "Kim", "Sato")
_PLACES = (
    ("Hangzhou", "CN", "310000"),
    ("Beijing", "CN", "100000"),
    ("Shenzhen", "CN", "518000"),
    ("Berlin", "DE", "10115"),
    ("Lyon", "FR", "69001"),
    ("Austin", "US", "73301"),
    ("Osaka", "JP", "530-0001"),
)
_PRODUCTS = (
    "Widget",
    "Gadget",
    "Sprocket",
    'Monitor 27"',
    "Cable, USB-C",
    "Keyboard",
    "Lamp",
    "Notebook",
    "茶叶",
)
_TAGS = ("new", "sale", "fragile", "gift", "bulk", "eco")
_NOTES = ("Leave at the door", "请尽快发货", "Call before delivery", 'Fragile: "handle with care"')
_DEPTS = ((1001, "研发部 R&D"), (1002, "销售部 Sales"), (1003, "财务部 Finance"))
_TITLES = ("Engineer", "Manager", "Analyst", "Designer")
_SKIES = ("sunny", "cloudy", "rain", "snow", "fog")


def _rng(seed: int, kind: str, key: int | str) -> random.Random:
    # A separate stream per record kind, so adding a field to one kind never shifts another.
    return random.Random(f"{seed}:{kind}:{key}")


def _base_time(seed: int) -> datetime:
    # A fixed date derived from the seed only; orders then follow each other by index.
    return datetime(2024, 1, 1, 9, 0, tzinfo=_CST) + timedelta(days=seed % 365)


def order(seed: int, number: int) -> dict[str, Any]:
    """Order ``number`` (1-based) for ``seed``; the same whatever list it appears in."""
    # Only rng.random() is drawn (indexing by hand): randint/choice/sample cost ~3x more,
    # and 100,000 orders must be generated in about a second.
    r = _rng(seed, "order", number).random
    city, country, zip_code = _PLACES[int(r() * len(_PLACES))]
    customer_id = 1 + int(r() * 5000)
    first, last = _FIRST[int(r() * len(_FIRST))], _LAST[int(r() * len(_LAST))]
    items = []
    for _ in range(1 + int(r() * 4)):
        product = int(r() * len(_PRODUCTS))
        items.append(
            {
                "sku": f"SKU-{product:03d}-{1 + int(r() * 99):02d}",
                "name": _PRODUCTS[product],
                "quantity": 1 + int(r() * 5),
                "unit_price": round(1 + r() * 499, 2),
                "tags": [tag for tag in _TAGS if r() < 0.25],
            }
        )
    created = _base_time(seed) + timedelta(minutes=number * 17 + int(r() * 17))
    return {
        "id": number,
        "number": f"SO-{seed:02d}-{number:06d}",
        "created_at": created.isoformat(),
        "status": _STATUSES[int(r() * len(_STATUSES))],
        "paid": r() < 0.6,
        "note": _NOTES[int(r() * len(_NOTES))] if r() < 0.3 else None,
        "customer": {
            "id": customer_id,
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{customer_id}@example.com",
            "address": {"city": city, "country": country, "zip": zip_code},
        },
        "items": items,
        "total": round(sum(i["quantity"] * i["unit_price"] for i in items), 2),
    }


class _BodyCache:
    """A few serialized bodies, bounded in bytes (a 200,000-order body is ~130 MB)."""

    def __init__(self, max_bytes: int) -> None:
        self._max = max_bytes
        self._bodies: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, ...]) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: tuple[int, ...], body: bytes) -> None:
        with self._lock:
            self._bodies[key] = body
            while len(self._bodies) > 1 and sum(map(len, self._bodies.values())) > self._max:
                self._bodies.popitem(last=False)


_ORDER_BODIES = _BodyCache(max_bytes=256 * 1024 * 1024)


def orders_body(seed: int, count: int) -> bytes:
    """The JSON body of ``GET /orders?count=N``: ``{"data": [...], "total": N}``."""
    body = _ORDER_BODIES.get((seed, count))
    if body is None:
        # The collector would walk the growing list again and again (about half the time at
        # 100,000 orders) though nothing here can form a cycle.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            data = [order(seed, n) for n in range(1, count + 1)]
        finally:
            if was_enabled:
                gc.enable()
        body = json.dumps({"data": data, "total": count}, ensure_ascii=False).encode("utf-8")
        _ORDER_BODIES.put((seed, count), body)
    return body


_ORDER_PAGES = _BodyCache(max_bytes=512 * 1024 * 1024)


def orders_json(seed: int, start: int, stop: int) -> bytes:
    """Orders ``start + 1`` … ``stop`` as the JSON text of a list (a page of the paginated
    lists' ``items=orders``), cached: benchmarks ask for the same pages again and again."""
    key = (seed, start, stop)
    body = _ORDER_PAGES.get(key)
    if body is None:
        orders = [order(seed, n) for n in range(start + 1, stop + 1)]
        body = json.dumps(orders, ensure_ascii=False).encode("utf-8")
        _ORDER_PAGES.put(key, body)
    return body


def paged_item(seed: int, number: int) -> dict[str, Any]:
    """Item ``number`` (1-based) of the paginated lists: ``{"id", "name", "value"}``."""
    rng = _rng(seed, "item", number)
    return {"id": number, "name": f"item-{number:05d}", "value": round(rng.uniform(0, 1000), 2)}


def user(seed: int, number: int) -> dict[str, Any]:
    """DingTalk-style user ``number`` (1-based) with nested department info."""
    rng = _rng(seed, "user", number)
    dept_id, dept_name = rng.choice(_DEPTS)
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return {
        "userId": f"user{number:03d}",
        "unionId": f"union-{rng.getrandbits(48):012x}",
        "name": f"{first} {last}",
        "title": rng.choice(_TITLES),
        "email": f"{first.lower()}.{last.lower()}@example.com",
        "active": rng.random() < 0.9,
        "admin": number == 1,
        "dept": {"deptId": dept_id, "name": dept_name, "parent": {"deptId": 1, "name": "总部"}},
        "roles": [{"id": 10 + r, "name": f"role-{r}"} for r in sorted(rng.sample(range(4), 2))],
    }


def users(seed: int) -> list[dict[str, Any]]:
    return [user(seed, n) for n in range(1, USER_COUNT + 1)]


def weather(seed: int, city: str) -> dict[str, Any]:
    """A three-day forecast for ``city``, fixed per (seed, city)."""
    rng = _rng(seed, "weather", city)
    start = _base_time(seed).date()
    forecast = []
    for day in range(3):
        low = rng.randint(-10, 25)
        forecast.append(
            {
                "date": (start + timedelta(days=day)).isoformat(),
                "sky": rng.choice(_SKIES),
                "temp_low": low,
                "temp_high": low + rng.randint(2, 12),
            }
        )
    return {"city": city, "forecast": forecast}
