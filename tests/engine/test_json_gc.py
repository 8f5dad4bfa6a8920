"""The fast path of parsing a page: bodies from 64 KiB up are parsed with the garbage collector
paused (json.loads makes tens of thousands of containers a page, and the collector's passes
over them cost more than the parse). Proven by counting the collector's runs."""

from __future__ import annotations

import gc
import json

import pytest

from connector_lab.wire.result import loads_json

PAGE = json.dumps([{"id": i, "tags": ["a", "b"], "customer": {"n": i}} for i in range(3000)])


@pytest.fixture
def collections():
    """How many times the collector ran, with a low threshold so it runs often."""
    runs = []

    def count(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    old = gc.get_threshold()
    gc.set_threshold(50)
    gc.callbacks.append(count)
    try:
        yield runs
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*old)


def test_a_page_is_parsed_with_the_collector_paused(collections):
    body = PAGE.encode()
    assert len(body) > 64 * 1024
    expected = json.loads(body)
    plain_runs = len(collections)
    collections.clear()
    parsed = loads_json(body)
    paused_runs = len(collections)
    assert plain_runs > 10, "positive control: a plain json.loads runs the collector often"
    assert paused_runs == 0
    assert parsed == expected and gc.isenabled()  # and the collector is on again


def test_a_small_body_is_parsed_as_usual(collections):
    assert loads_json(b'{"a": [1, 2]}') == {"a": [1, 2]}
    assert gc.isenabled()
