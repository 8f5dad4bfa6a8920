"""Selecting records: JSONPath (compiled once) or detection that says what it chose."""

from __future__ import annotations

import pytest

from connector_lab import SpecError
from connector_lab.tables.records import compile_jsonpath, detect_records, select_records


@pytest.mark.parametrize(
    ("body", "path", "reason"),
    [
        ({"data": [{"a": 1}], "meta": {"page": 1}}, "$.data[*]", "the well-known key 'data'"),
        ({"result": {"items": [{"a": 1}]}}, "$.result.items[*]", "the well-known key 'items'"),
        ({"weird": [{"a": 1}], "rows": [{"b": 2}]}, "$.rows[*]", "the well-known key 'rows'"),
        (
            {"payload": {"things": [{"a": 1}]}},
            "$.payload.things[*]",
            "the only list of objects, 'things'",  # was "the first list": not what ranks
        ),
        ([{"a": 1}, {"a": 2}], "$", "the body is a list"),
        ({"name": 7, "tags": ["x"]}, "$", "no list of objects: the object is one row"),
        ({"id": 7, "items": [{"a": 1}]}, "$", "the object has an 'id': one row"),
        (42, "$", "the body is a single value: one row"),
        (
            {"data": [], "total": 0},
            "$.data[*]",
            "the well-known key 'data' is an empty list: no records",  # the envelope rule
        ),
    ],
)
def test_detection_says_which_path_and_why(body, path, reason):
    selection = detect_records(body)
    assert (selection.path, selection.reason) == (path, reason)


def test_detected_single_object_is_one_row():
    assert detect_records({"id": 7}).records == [{"id": 7}]


def test_jsonpath_one_list_or_many_matches():
    body = {"data": {"users": [{"id": 1, "ok": True}, {"id": 2, "ok": False}]}}
    assert select_records(body, "$.data.users").records == body["data"]["users"]
    assert select_records(body, "$.data.users[*]").records == body["data"]["users"]
    assert select_records(body, "$.data.users[?ok = true]").records == [{"id": 1, "ok": True}]
    assert select_records(body, "$.data.users[*].id").records == [1, 2]


def test_jsonpath_is_compiled_once():
    compile_jsonpath.cache_clear()
    for _ in range(5):
        select_records({"a": [{"b": 1}]}, "$.a[*]")
    info = compile_jsonpath.cache_info()
    assert (info.misses, info.hits) == (1, 4)


def test_bad_jsonpath_names_the_expression():
    with pytest.raises(SpecError) as error:
        select_records({}, "$.data[")
    assert str(error.value).startswith("records_path: '$.data[' is not a valid JSONPath (")
    assert str(error.value).endswith("e.g. '$.data[*]' or '$.result.items'")
