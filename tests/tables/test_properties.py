"""Property tests (hypothesis): any JSON value given to the flattener yields a DataFrame or a
clear connector_lab error — never another exception —, values survive
flatten → export → read, and the fast path gives exactly what the reference path gives."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector_lab import ConnectorLabError
from connector_lab.errors import ExportError
from connector_lab.tables.flattening import (
    ExplodePlan,
    _explode_reference,
    _explode_uniform,
    _flatten_reference,
    explode,
    explode_table,
    flatten,
    flatten_table,
    to_tables,
)
from connector_lab.tables.records import detect_records
from connector_lab.tables.tabular import frame_from_body
from connector_lab.tables.walker import Flattening
from connector_lab.tables.writers import to_jsonl, to_sqlite

# Generated keys may hold the separator ("a.b" beside "a" → "b"): both columns are kept and
# ColumnNameWarning says so (tested in test_hardening_frames.py); here it is only noise.
pytestmark = pytest.mark.filterwarnings("ignore::connector_lab.ColumnNameWarning")

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=4), children, max_size=4),
    ),
    max_leaves=25,
)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(json_values, st.sampled_from(["keep", "join", "json"]), st.integers(0, 4))
def test_any_json_flattens_or_fails_clearly(value, lists, depth):
    records = detect_records(value).records
    for make in (
        lambda: flatten(records, lists=lists, max_depth=depth),
        lambda: to_tables(records, lists=lists, max_depth=depth),
        lambda: explode(records, "items", lists=lists),
        lambda: frame_from_body("application/json", b"", lambda: value),
    ):
        try:
            out = make()
        except ConnectorLabError:
            continue
        frames = out.values() if isinstance(out, dict) else [out]
        assert all(isinstance(f, pd.DataFrame) for f in frames)


def _plain(value):
    """JSON-comparable form of a cell (missing → None)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict):
        return value.item()
    return value


int64 = st.integers(-(2**63), 2**63 - 1)
row_scalars = st.one_of(
    st.none(),
    st.booleans(),
    int64,
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
rows = st.lists(
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.one_of(
            row_scalars,
            st.dictionaries(st.sampled_from(["x", "y"]), row_scalars, max_size=2),
            st.lists(row_scalars, max_size=3),
        ),
        max_size=3,
    ),
    min_size=1,
    max_size=8,
)


@SETTINGS
@given(rows)
def test_values_survive_flatten_jsonl_read(tmp_path_factory, records):
    frame = flatten(records)
    path = to_jsonl(frame, tmp_path_factory.mktemp("p") / "out.jsonl")
    read = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    expected = [
        {str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")
    ]
    assert read == expected


@SETTINGS
@given(rows)
def test_scalar_values_survive_flatten_sqlite_read(tmp_path_factory, records):
    frame = flatten(records)
    target = tmp_path_factory.mktemp("p") / "out.sqlite"
    if frame.shape[1] == 0:
        with pytest.raises(ExportError, match="the frame has no columns"):
            to_sqlite(frame, target, "t")
        return
    path = to_sqlite(frame, target, "t", if_exists="replace")
    with sqlite3.connect(path) as connection:
        read = connection.execute("select * from t").fetchall()
    for row, original in zip(read, frame.itertuples(index=False, name=None), strict=True):
        for got, want in zip(row, original, strict=True):
            want = _plain(want)
            if isinstance(want, list | dict):
                assert json.loads(got) == want  # nested values are stored as JSON text
            elif isinstance(want, bool):
                assert got == int(want)  # SQLite has no boolean type
            else:
                assert got == want


# -- the fast path is the reference path, faster ---------------------------------------------
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=5),
)
LEAVES = {
    "scalar": scalars,
    "list": st.lists(scalars, max_size=3),
    "empty": st.just({}),
}
# No "." in these keys: {"a": {"b": 1}, "a.b": 2} is a collision, which the fast path leaves
# to the reference walk (the ragged test below keeps such keys).
plain_keys = st.text(alphabet="abcxyz", min_size=1, max_size=3)
leaf_kinds = st.sampled_from(sorted(LEAVES))
LIST_MODES = st.sampled_from(["keep", "join", "json"])


def shapes(keys=plain_keys):
    """Record shapes: keys to leaf kinds or to nested shapes of leaf kinds."""
    nested = st.dictionaries(keys, leaf_kinds, min_size=1, max_size=3)
    return st.dictionaries(keys, st.one_of(leaf_kinds, nested), min_size=1, max_size=4)


def fill(draw, shape: dict) -> dict:
    """One record of ``shape``, any values."""
    return {
        key: fill(draw, kind) if isinstance(kind, dict) else draw(LEAVES[kind])
        for key, kind in shape.items()
    }


@st.composite
def uniform_records(draw, min_size=1):
    """Records of one shape: the fast path's case."""
    shape = draw(shapes())
    return [fill(draw, shape) for _ in range(draw(st.integers(min_size, 6)))]


@st.composite
def uniform_orders(draw):
    """Parents of one shape, each with a list of items of one shape (some lists empty)."""
    parent, item = draw(shapes()), draw(shapes())
    chunks = [[fill(draw, item) for _ in range(draw(st.integers(1, 4)))]]
    chunks += [
        [fill(draw, item) for _ in range(draw(st.integers(0, 4)))]
        for _ in range(draw(st.integers(0, 4)))
    ]
    records = [{"id": i, **fill(draw, parent), "items": chunk} for i, chunk in enumerate(chunks)]
    meta = draw(st.none() | st.lists(st.sampled_from(["id", *sorted(parent)]), unique=True))
    return records, meta


def flatten_both(records, lists):
    rules = Flattening(lists=lists)
    return flatten_table(records, rules), _flatten_reference(records, rules)


def explode_both(orders, lists):
    records, meta = orders
    plan = ExplodePlan.make("items", meta, Flattening(lists=lists))
    return explode_table(records, plan), _explode_reference(records, plan)


@pytest.mark.parametrize(
    ("shapes", "both"),
    [(uniform_records(), flatten_both), (uniform_orders(), explode_both)],
    ids=["flatten", "explode"],
)
def test_fast_path_equals_reference_and_is_taken(shapes, both):
    taken: Counter[bool] = Counter()

    @settings(max_examples=150, deadline=None)
    @given(shapes, LIST_MODES)
    def check(data, lists):
        table, reference = both(data, lists)
        taken[table.fast] += 1  # which path built it: the table says
        pd.testing.assert_frame_equal(table.frame, reference.frame)
        assert table.paths == reference.paths

    check()
    assert taken[True] >= 0.9 * sum(taken.values()), taken


ragged_keys = st.text(alphabet="abcxyz.", min_size=1, max_size=3)


@st.composite
def ragged_records(draw):
    """Records whose shapes may differ, with keys that may collide once flattened."""
    return draw(
        st.lists(
            st.dictionaries(
                ragged_keys,
                st.one_of(scalars, st.dictionaries(ragged_keys, scalars, max_size=3)),
                max_size=4,
            ),
            min_size=1,
            max_size=5,
        )
    )


@settings(max_examples=150, deadline=None)
@given(uniform_records(), st.lists(ragged_records(), min_size=1, max_size=4), LIST_MODES)
def test_ragged_explode_is_the_reference_or_left_to_it(items, more, lists):
    records = [{"id": i, "items": chunk} for i, chunk in enumerate([items, *more])]
    plan = ExplodePlan.make("items", rules=Flattening(lists=lists))
    reference = _explode_reference(records, plan)
    fast = _explode_uniform(records, plan)  # None: not uniform, the reference walk builds it
    if fast is not None:
        pd.testing.assert_frame_equal(fast.frame, reference.frame)
    pd.testing.assert_frame_equal(explode(records, "items", lists=lists), reference.frame)


@settings(max_examples=150, deadline=None)
@given(ragged_records(), LIST_MODES)
def test_ragged_flatten_is_the_reference(records, lists):
    reference = _flatten_reference(records, Flattening(lists=lists))
    pd.testing.assert_frame_equal(flatten(records, lists=lists), reference.frame)
