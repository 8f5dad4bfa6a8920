"""Hostile and odd records against the flattener (issue 10, items 7, 15, 17, 18, 19, 21):
depth, exact integers, typos in paths, dotted-key collisions, dotted meta keys, and frames
with hundreds of object columns."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings

import pandas as pd
import pytest

from connector_lab import ColumnNameWarning, FlattenError
from connector_lab.tables import flattening
from connector_lab.tables.flattening import (
    ExplodePlan,
    explode,
    explode_table,
    flatten,
    flatten_table,
    to_tables,
)
from connector_lab.tables.tabular import frame_from_body, tables_from_body
from connector_lab.tables.walker import MAX_DEPTH_LIMIT, Flattening

DEEP = 10_000


def deep_object(levels: int = DEEP) -> dict:
    """{"a": {"a": … {"x": 1}}}, built without recursion."""
    value: dict = {"x": 1}
    for _ in range(levels):
        value = {"a": value}
    return value


def json_body(body):
    """What Result.to_frame() / tables() do with an already-parsed body."""
    return {"content_type": "application/json", "content": b"", "parse_json": lambda: body}


# -- item 7: depth -------------------------------------------------------------------------
DEEP_CALLS = {
    "flatten": lambda body: flatten([{"id": 1, "v": body}]),
    "flatten lists=json": lambda body: flatten([{"v": body}], lists="json"),
    "explode": lambda body: explode([{"items": [{"v": body}]}], "items"),
    "to_tables": lambda body: to_tables([{"id": 1, "v": body}]),
    "to_frame": lambda body: frame_from_body(**json_body({"id": 1, "v": body})),
    "tables": lambda body: tables_from_body(**json_body({"id": 1, "v": body})),
}


@pytest.mark.parametrize("call", sorted(DEEP_CALLS))
def test_a_response_nested_ten_thousand_deep_is_a_clear_error(call):
    with pytest.raises(FlattenError) as error:
        DEEP_CALLS[call](deep_object())
    message = str(error.value)
    assert "levels deep is too deep to keep as JSON text" in message
    assert f"Python's recursion limit is {sys.getrecursionlimit()}" in message


def test_a_deep_list_of_lists_does_not_crash_the_interpreter():
    # Arrow's type inference recursed into such a value in C and killed the process (so the
    # check runs in a child interpreter); lists are kept as they are, as lists="keep" says.
    script = textwrap.dedent(
        """
        from connector_lab.tables.flattening import flatten, to_tables
        value = [1]
        for _ in range(100_000):
            value = [value]
        assert to_tables([{"id": 1, "v": value}])["root"].shape == (1, 3)
        assert flatten([{"v": 1}, {"v": value}, {"w": 2}]).shape == (3, 2)
        for first in (1, 1.5, True, "x", None):  # each kind of column the fast path converts
            assert flatten([{"v": first}, {"v": value}]).shape == (2, 1)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr[-2000:]


def test_child_tables_nest_max_depth_levels_then_stay_in_a_cell():
    value: dict = {"x": 1}
    for _ in range(DEEP):
        value = {"items": [value]}
    tables = to_tables([value], max_depth=3)
    assert list(tables) == ["root", "root.items", "root.items.items", "root.items.items.items"]
    last = tables["root.items.items.items"]
    assert isinstance(last.loc[0, "items"], list)  # the fourth level: a list in its cell


def test_max_depth_has_a_limit():
    with pytest.raises(FlattenError, match=f"above the limit of {MAX_DEPTH_LIMIT} levels"):
        flatten([{"a": 1}], max_depth=MAX_DEPTH_LIMIT + 1)


def test_a_deep_schema_sample_is_a_clear_error():
    with pytest.raises(FlattenError, match="the schema sample is nested too deep"):
        frame_from_body(**json_body([{"a": 1}]), schema=[{"a": deep_object()}])


# -- item 15: integers stay exact ------------------------------------------------------------
BIG = 1434975267274035201


def exact(series: pd.Series) -> list:
    """The values, every kind of missing (NA, NaN) as None."""
    return [None if pd.isna(value) else value for value in series.tolist()]


def test_integers_with_nulls_stay_exact_on_the_fast_path():
    table = flatten_table([{"id": BIG}, {"id": None}], Flattening())
    assert table.fast
    assert str(table.frame["id"].dtype) == "Int64"
    assert exact(table.frame["id"]) == [BIG, None]


def test_integers_with_nulls_stay_exact_on_the_reference_path():
    table = flatten_table([{"id": BIG}, {"id": None}, {"other": 1}], Flattening())
    assert not table.fast
    assert str(table.frame["id"].dtype) == "Int64"
    assert exact(table.frame["id"]) == [BIG, None, None]


def test_integers_with_nulls_stay_exact_when_exploded():
    records = [
        {"id": BIG, "items": [{"n": BIG + 1}, {"n": None}]},
        {"id": None, "items": [{"n": 3}]},
    ]
    for plan in (ExplodePlan.make("items"), ExplodePlan.make("items", ["id"])):
        fast = explode_table(records, plan)
        reference = flattening._explode_reference(records, plan)
        assert fast.fast
        pd.testing.assert_frame_equal(fast.frame, reference.frame)
        assert exact(fast.frame["items.n"]) == [BIG + 1, None, 3]
        assert exact(fast.frame["id"]) == [BIG, BIG, None]
        assert {str(fast.frame[c].dtype) for c in ("items.n", "id")} == {"Int64"}


def test_integers_with_nulls_stay_exact_in_child_tables_and_to_frame():
    records = [{"id": 1, "lines": [{"ref": BIG}, {"ref": None}]}]
    child = to_tables(records)["root.lines"]
    assert exact(child["ref"]) == [BIG, None]
    frame = frame_from_body(**json_body({"data": [{"id": BIG}, {"id": None}]}))
    assert exact(frame["id"]) == [BIG, None]


def test_integers_without_nulls_keep_numpy_int64():
    assert str(flatten([{"id": BIG}, {"id": 2}])["id"].dtype) == "int64"


# -- item 17: typos fail loudly --------------------------------------------------------------
ORDERS = [
    {"id": 1, "customer": {"name": "Ann"}, "line_items": [{"sku": "a"}], "tags": ["x"]},
    {"id": 2, "customer": {"name": "Bo"}, "line_items": [{"sku": "b"}], "tags": []},
]


def test_an_explode_path_in_no_record_names_the_closest_lists():
    with pytest.raises(FlattenError) as error:
        explode(ORDERS, "line_item")
    assert str(error.value) == (
        "the path to explode 'line_item' is in none of the 2 records; did you mean 'line_items'?"
    )


def test_an_explode_path_far_from_any_lists_names_the_lists_there():
    with pytest.raises(FlattenError) as error:
        explode(ORDERS, "zzz")
    assert str(error.value) == (
        "the path to explode 'zzz' is in none of the 2 records; "
        "the lists there: 'line_items', 'tags'"
    )


def test_a_meta_path_in_no_record_names_the_closest_paths():
    with pytest.raises(FlattenError) as error:
        explode(ORDERS, "line_items", meta=["id", "customer.nmae"])
    assert str(error.value) == (
        "the meta path 'customer.nmae' is in none of the 2 records; "
        "did you mean 'customer.name' or 'customer'?"
    )


def test_a_typo_through_to_frame_is_the_same_error():
    with pytest.raises(FlattenError, match="did you mean 'line_items'"):
        frame_from_body(**json_body({"data": ORDERS}), explode_path="line_item")


def test_a_path_whose_lists_are_all_empty_gives_no_rows_but_the_parent_columns():
    records = [{"id": 1, "c": {"n": "a"}, "items": []}, {"id": 2, "c": {"n": "b"}, "items": None}]
    frame = explode(records, "items")
    assert frame.shape == (0, 2) and list(frame.columns) == ["id", "c.n"]
    assert str(frame["id"].dtype) == "int64"
    assert list(explode(records, "items", meta=["c.n"]).columns) == ["c.n"]


def test_a_meta_path_missing_from_some_records_is_none_there():
    records = [{"id": 1, "v": 5, "items": [{"s": 1}]}, {"id": 2, "items": [{"s": 2}]}]
    assert exact(explode(records, "items", meta=["v"])["v"]) == [5, None]


# -- item 18: dotted-key collisions ----------------------------------------------------------
def test_a_dotted_key_and_a_nested_path_are_both_kept_whatever_the_key_order():
    frames_seen = []
    for record in ({"a": {"b": 1}, "a.b": 2}, {"a.b": 2, "a": {"b": 1}}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = flatten_table([record], Flattening())
        assert [w.category for w in caught] == [ColumnNameWarning]
        assert "'a.b~2' (a second path to 'a.b')" in str(caught[0].message)
        assert table.fast
        frames_seen.append(table.frame.sort_index(axis=1))
        assert table.paths == {"a.b": ("a", "b"), "a.b~2": ("a.b",)}
    assert frames_seen[0].to_dict("list") == {"a.b": [1], "a.b~2": [2]}
    pd.testing.assert_frame_equal(*frames_seen)


def test_collisions_on_ragged_records_are_kept_apart_and_warned_once():
    records = [{"a.b": 2}, {"a": {"b": 1}}, {"a": {"b": 3}, "a.b": 4}]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = flatten(records)
    assert len(caught) == 1
    assert frame.to_dict("list") == {"a.b~2": [2, None, 4], "a.b": [None, 1, 3]}
    pd.testing.assert_frame_equal(flattening._flatten_reference(records, Flattening()).frame, frame)


def test_child_tables_of_a_dotted_key_and_of_a_nested_path_stay_apart():
    for record in (
        {"a.items": [{"x": 1}], "a": {"items": [{"y": 2}, {"y": 3}]}},
        {"a": {"items": [{"y": 2}, {"y": 3}]}, "a.items": [{"x": 1}]},
    ):
        with pytest.warns(ColumnNameWarning, match="'root.a.items~2'"):
            tables = to_tables([record])
        assert sorted(tables) == ["root", "root.a.items", "root.a.items~2"]
        assert tables["root.a.items"]["y"].tolist() == [2, 3]
        assert tables["root.a.items~2"]["x"].tolist() == [1]


# -- item 19: meta paths through keys that hold dots -----------------------------------------
LABEL = "labels.app.kubernetes.io/name"


@pytest.mark.parametrize(
    "labels",
    [
        lambda name: {"labels": {"app.kubernetes.io/name": name}},
        lambda name: {"labels.app.kubernetes.io/name": name},
    ],
    ids=["nested", "top-level"],
)
def test_a_dotted_meta_key_has_values_on_uniform_and_ragged_records(labels):
    uniform = [{"id": i, **labels(f"app{i}"), "items": [{"s": i}]} for i in range(2)]
    ragged = [*uniform, {"id": 9, "items": [{"s": 9, "extra": True}]}]
    plan = ExplodePlan.make("items", ["id", LABEL])
    fast = explode_table(uniform, plan)
    assert fast.fast and fast.frame[LABEL].tolist() == ["app0", "app1"]
    slow = explode_table(ragged, plan)
    assert not slow.fast and exact(slow.frame[LABEL]) == ["app0", "app1", None]
    # explode_table resolves the plan against the records first; so does this
    reference = flattening._explode_reference(uniform, plan.resolve(uniform))
    pd.testing.assert_frame_equal(reference.frame, fast.frame)


def test_flatten_names_a_dotted_key_column_as_the_key_reads():
    records = [{"labels": {"app.kubernetes.io/name": "web"}}] * 2
    table = flatten_table(records, Flattening())
    assert table.fast and table.paths == {LABEL: ("labels", "app.kubernetes.io/name")}


# -- item 21: hundreds of object columns in one step -----------------------------------------
WIDE = [{f"c{i}": [i, i + 1] for i in range(200)} for _ in range(3)]


@pytest.mark.filterwarnings("error")
def test_two_hundred_list_columns_do_not_fragment_the_frame():
    table = flatten_table(WIDE, Flattening())
    assert table.fast and table.frame.shape == (3, 200)
    ragged = [*WIDE, {"other": [1]}]
    assert flattening._flatten_reference(ragged, Flattening()).frame.shape == (4, 201)
    exploded = explode([{"items": WIDE, "tags": [[1]] * 150}], "items")
    assert exploded.shape == (3, 201)
    assert to_tables(WIDE)["root"].shape == (3, 201)
