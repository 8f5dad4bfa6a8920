"""Flattening: documented behaviour on ragged data and parity with pandas.json_normalize on
real nested samples (the fast path against the reference path: test_properties.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from connector_lab import ColumnNameWarning
from connector_lab.errors import FlattenError
from connector_lab.sandbox.data import order as sandbox_order
from connector_lab.tables.flattening import explode, flatten, to_tables

GITHUB = Path(__file__).resolve().parents[1] / "data" / "github-recorded"


def cells(frame: pd.DataFrame) -> dict[str, list]:
    """Column → values with every kind of missing (None, NaN, NA) as None."""

    def norm(value):
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        return value

    return {str(name): [norm(v) for v in frame[name].tolist()] for name in frame.columns}


def github_records(name: str, key: str | None = None) -> list[dict]:
    exchanges = json.loads((GITHUB / f"{name}.json").read_text())
    out = []
    for exchange in exchanges:
        body = exchange["response"]
        body = body[key] if key else body
        out += body if isinstance(body, list) else [body]
    return [record for record in out if isinstance(record, dict) and record]


# -- documented behaviour --------------------------------------------------------------------
def test_nested_objects_become_dotted_columns():
    frame = flatten([{"id": 1, "customer": {"name": "Ann", "address": {"city": "Lyon"}}}])
    assert list(frame.columns) == ["id", "customer.name", "customer.address.city"]


def test_missing_keys_are_na_and_new_keys_appear_later():
    frame = flatten([{"a": 1}, {"b": "x"}, {"a": 3, "b": "y"}])
    assert cells(frame) == {"a": [1, None, 3], "b": [None, "x", "y"]}
    assert str(frame["a"].dtype) == "Int64"  # ints with gaps stay exact (pandas: float64)


def test_mixed_types_keep_values_as_they_came():
    frame = flatten([{"v": 1}, {"v": "one"}, {"v": True}])
    assert frame["v"].tolist() == [1, "one", True]
    assert frame["v"].dtype == object


def test_object_in_one_row_scalar_in_another():
    frame = flatten([{"a": {"b": 1}}, {"a": 5}])
    assert cells(frame) == {"a.b": [1, None], "a": [None, 5]}


def test_same_name_twice_both_are_kept():
    with pytest.warns(ColumnNameWarning):
        assert cells(flatten([{"a": {"b": 1}, "a.b": 2}])) == {"a.b": [1], "a.b~2": [2]}


def test_empty_object_is_kept_and_deep_objects_become_json_text():
    frame = flatten([{"e": {}, "deep": {"x": {"y": {"z": 1}}}}], max_depth=2)
    # max_depth=2: two levels of nested objects become columns, the third is JSON text.
    assert cells(frame) == {"e": [{}], "deep.x.y": ['{"z": 1}']}


@pytest.mark.parametrize(
    ("mode", "value"), [("keep", ["a", "b"]), ("join", "a, b"), ("json", '["a", "b"]')]
)
def test_lists_of_scalars(mode, value):
    assert flatten([{"tags": ["a", "b"]}], lists=mode)["tags"].tolist() == [value]


def test_non_object_records_become_a_value_column():
    assert cells(flatten([1, "x", None])) == {"value": [1, "x", None]}


def test_explode_carries_parent_fields_down():
    records = [
        {"id": 1, "c": {"n": "a"}, "items": [{"sku": "x"}, {"sku": "y"}]},
        {"id": 2, "c": {"n": "b"}, "items": []},
        {"id": 3, "c": {"n": "c"}},
    ]
    assert cells(explode(records, "items")) == {
        "items.sku": ["x", "y"],
        "id": [1, 1],
        "c.n": ["a", "a"],
    }
    assert cells(explode(records, "items", meta=["id"])) == {"items.sku": ["x", "y"], "id": [1, 1]}


def test_explode_a_non_list_is_a_clear_error():
    with pytest.raises(FlattenError) as error:
        explode([{"items": [{"a": 1}]}, {"items": "oops"}], "items")
    assert str(error.value) == (
        "record 1: 'items' is str, not a list; choose the path of a list of objects to explode"
    )


def test_child_tables_keep_keys_to_their_parents():
    records = [
        {"id": 1, "items": [{"sku": "a", "parts": [{"p": 1}]}, {"sku": "b"}]},
        {"id": 2, "items": [{"sku": "c"}]},
    ]
    tables = to_tables(records, root="orders")
    assert sorted(tables) == ["orders", "orders.items", "orders.items.parts"]
    assert cells(tables["orders"]) == {"_id": [0, 1], "id": [1, 2]}
    assert cells(tables["orders.items"]) == {
        "_id": [0, 1, 2],
        "_parent_id": [0, 0, 1],
        "_position": [0, 1, 0],
        "sku": ["a", "b", "c"],
    }
    assert cells(tables["orders.items.parts"]) == {
        "_id": [0],
        "_parent_id": [0],
        "_position": [0],
        "p": [1],
    }


# -- parity with pandas.json_normalize -------------------------------------------------------
SAMPLES = {
    "sandbox orders": [sandbox_order(7, i) for i in range(1, 60)],
    "github search items": github_records("search-issues", "items"),
    "github issues (pages)": github_records("paginate-issues"),
    "github labels": github_records("labels"),
    "github project cards": github_records("project-cards"),
    "github repository": github_records("get-repository"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_plain_flatten_matches_json_normalize(name):
    records = SAMPLES[name]
    ours, theirs = flatten(records), pd.json_normalize(records)
    ours_cells, theirs_cells = cells(ours), cells(theirs)
    # Documented difference: an empty object stays a {} column here; json_normalize drops it.
    kept_empty = {c for c, values in ours_cells.items() if {} in values}
    assert set(ours_cells) - kept_empty == set(theirs_cells)
    for column, values in theirs_cells.items():
        assert ours_cells[column] == values, column
        assert str(ours[column].dtype) == str(theirs[column].dtype), column


def test_explode_matches_json_normalize_record_path_and_meta():
    records = SAMPLES["sandbox orders"]
    meta = ["id", "number", "customer.name", "customer.address.city"]
    ours = explode(records, "items", meta=meta)
    theirs = pd.json_normalize(
        records, record_path="items", meta=[m.split(".") for m in meta], record_prefix="items."
    )
    assert cells(ours) == {c: cells(theirs)[c] for c in ours.columns}
    assert set(ours.columns) == set(theirs.columns)
