"""FieldPath: one path type read and written in the three dialects (JSONPath records paths,
dotted explode paths, field-tree paths of the expected response); any key survives JSONPath."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connector_lab.spec.samples import infer_schema, response_fields
from connector_lab.tables.paths import ITEMS, FieldPath
from connector_lab.tables.records import compile_jsonpath, detect_records, select_records

ODD_KEYS = ["order-list", "a.b", "中文", "a b", "it's", "back\\slash", "1", "where", "", "$"]


@pytest.mark.parametrize(
    ("steps", "text"),
    [
        ((), "$"),
        (("data", ITEMS), "$.data[*]"),
        (("result", "items"), "$.result.items"),
        (("order-list", ITEMS), "$['order-list'][*]"),
        (("a.b",), "$['a.b']"),
        (("中文", ITEMS), "$['中文'][*]"),
        (("it's",), "$['it\\'s']"),
        (("where",), "$['where']"),  # a jsonpath-ng keyword
    ],
)
def test_jsonpath_printing_quotes_what_is_not_a_plain_name(steps, text):
    path = FieldPath(steps)
    assert path.jsonpath == text
    assert FieldPath.from_jsonpath(text) == path


@pytest.mark.parametrize("key", ODD_KEYS)
def test_a_printed_jsonpath_finds_its_key(key):
    body = {key: [{"n": 1}], "other": [{"n": 2}]}
    path = FieldPath((key, ITEMS)).jsonpath
    assert select_records(body, path).records == [{"n": 1}]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), st.just(ITEMS)), max_size=4))
def test_jsonpath_round_trips_any_key(steps):
    path = FieldPath(tuple(steps))
    assert FieldPath.from_jsonpath(path.jsonpath) == path


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=6), min_size=1, max_size=3))
def test_jsonpath_of_any_keys_is_what_jsonpath_ng_reads(keys):
    body: object = "found"
    for key in reversed(keys):
        body = {key: body}
    expression = compile_jsonpath(FieldPath(tuple(keys)).jsonpath)
    assert [match.value for match in expression.find(body)] == ["found"]


@pytest.mark.parametrize("key", ODD_KEYS)
def test_detection_prints_paths_that_read_back(key):
    body = {"meta": {"page": 1}, key: [{"n": 1}]}
    selection = detect_records(body)
    assert selection.keys == [key]
    assert select_records(body, selection.path).records == [{"n": 1}]


@pytest.mark.parametrize(
    "text", ["$.data[0]", "$..items", "$.data.*", "$.data[?ok = true]", "$.a[1:2]", "$.a b"]
)
def test_other_jsonpath_expressions_are_not_simple_paths(text):
    assert FieldPath.from_jsonpath(text) is None


def test_dotted_paths():
    assert FieldPath.from_dotted("customer.address").steps == ("customer", "address")
    assert FieldPath.from_dotted("customer/address", sep="/").dotted("/") == "customer/address"
    with pytest.raises(ValueError, match="no dotted form"):
        FieldPath(("items", ITEMS, "sku")).dotted()


def test_field_tree_paths_read_what_the_spec_prints():
    sample = {"data": [{"customer": {"name": "Ann"}, "tags": ["x"]}], "total": 1, "m": [[{"k": 1}]]}
    printed = [field.path for field in response_fields(sample)]
    walked = [path for path, _ in infer_schema(sample).walk()]
    assert printed == walked
    assert "data[].customer.name" in printed and "m[][].k" in printed
    for text in printed:
        assert FieldPath.from_field_tree(text).field_tree == text
    assert FieldPath.from_field_tree("data[].customer.name").steps == (
        "data",
        ITEMS,
        "customer",
        "name",
    )
    assert str(FieldPath(("items", ITEMS, "sku"))) == "items[].sku"


def test_paths_are_immutable_values():
    path = FieldPath(("data",))
    assert path / ITEMS == FieldPath(("data", ITEMS))
    assert (path / "id").parent == path
    assert hash(path) == hash(FieldPath(("data",)))
    with pytest.raises(AttributeError):
        path.steps = ()  # type: ignore[misc]
