"""Property tests (hypothesis): any JSON value given to the flattener yields a DataFrame or a
clear connector_lab error — never another exception — and values survive
flatten → export → read."""

from __future__ import annotations

import json
import math
import sqlite3

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector_lab import ConnectorLabError
from connector_lab.errors import ExportError
from connector_lab.tables.flattening import explode, flatten, to_tables
from connector_lab.tables.records import detect_records
from connector_lab.tables.tabular import frame_from_body
from connector_lab.tables.writers import to_jsonl, to_sqlite

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
