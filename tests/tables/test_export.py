"""Every export format written and read back equal; writes are atomic."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest

from connector_lab.errors import ExportError
from connector_lab.sandbox.data import order as sandbox_order
from connector_lab.tables.flattening import flatten
from connector_lab.tables.writers import (
    export,
    flat_cells,
    to_csv,
    to_duckdb,
    to_excel,
    to_jsonl,
    to_parquet,
    to_sqlite,
)
from tests.support import require_module


@pytest.fixture
def frame() -> pd.DataFrame:
    """Orders from the sandbox's generator: ints, floats, text (中文 too), bools, NA, lists."""
    records = [sandbox_order(7, i) for i in range(1, 41)]
    records[3]["note"] = '含中文, a comma and a "quote"'
    return flatten(records)


def expected_flat(frame: pd.DataFrame) -> pd.DataFrame:
    """What the flat formats store: nested cells as JSON text."""
    return flat_cells(frame, mixed_as_text=False)


def assert_same(read: pd.DataFrame, written: pd.DataFrame) -> None:
    assert list(read.columns) == list(written.columns)
    pd.testing.assert_frame_equal(
        read.reset_index(drop=True),
        written.reset_index(drop=True),
        check_dtype=False,
        check_exact=False,
        rtol=1e-12,
    )


def test_csv_round_trip(tmp_path, frame):
    path = to_csv(frame, tmp_path / "orders.csv")
    read = pd.read_csv(
        path, dtype={c: frame[c].dtype for c in frame.columns if frame[c].dtype != object}
    )
    written = expected_flat(frame)
    assert_same(read, written)
    assert json.loads(read.loc[0, "items"]) == frame.loc[0, "items"]


def test_excel_round_trip(tmp_path, frame):
    path = to_excel(frame, tmp_path / "orders.xlsx")
    assert_same(pd.read_excel(path, sheet_name="data"), expected_flat(frame))


def test_parquet_round_trip_keeps_dtypes(tmp_path, frame):
    path = to_parquet(frame, tmp_path / "orders.parquet")
    read = pd.read_parquet(path)
    assert_same(read, expected_flat(frame))
    assert read["id"].dtype == frame["id"].dtype
    assert read["paid"].dtype == frame["paid"].dtype


def test_jsonl_round_trip_keeps_nested_values(tmp_path, frame):
    path = to_jsonl(frame, tmp_path / "orders.jsonl")
    read = pd.read_json(path, lines=True, dtype=False)
    assert_same(read, frame)
    assert read.loc[0, "items"] == frame.loc[0, "items"]


def test_sqlite_replace_and_append(tmp_path, frame):
    path = tmp_path / "shop.sqlite"
    to_sqlite(frame, path, "orders", if_exists="replace")
    to_sqlite(frame.head(5), path, "orders", if_exists="append")
    with sqlite3.connect(path) as connection:
        read = pd.read_sql("select * from orders", connection)
    assert len(read) == len(frame) + 5
    assert_same(read.head(len(frame)), expected_flat(frame).assign(paid=frame["paid"].astype(int)))
    to_sqlite(frame.head(3), path, "orders", if_exists="replace")
    with sqlite3.connect(path) as connection:
        assert connection.execute("select count(*) from orders").fetchone()[0] == 3


def test_duckdb_round_trip(tmp_path, frame):
    duckdb = require_module("duckdb")
    path = tmp_path / "shop.duckdb"
    to_duckdb(frame, path, "orders", if_exists="replace")
    to_duckdb(frame.head(2), path, "orders")
    with duckdb.connect(str(path)) as connection:
        read = connection.execute("select * from orders").df()
    assert len(read) == len(frame) + 2
    assert_same(read.head(len(frame)), flat_cells(frame, mixed_as_text=True))


def test_export_picks_the_format_from_the_suffix(tmp_path, frame):
    for name in ("a.csv", "a.xlsx", "a.parquet", "a.jsonl"):
        assert export(frame, tmp_path / name).stat().st_size > 0
    export(frame, tmp_path / "a.sqlite", table="orders", if_exists="replace")
    with pytest.raises(ExportError, match="cannot tell the format of"):
        export(frame, tmp_path / "a.txt")
    with pytest.raises(ExportError, match="needs a table name"):
        export(frame, tmp_path / "b.sqlite")


class Explodes:
    """A value whose conversion fails half-way through writing."""

    def __str__(self):
        raise RuntimeError("serializer crashed mid-write")

    __repr__ = __str__


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx", ".parquet"])
def test_a_failed_write_leaves_the_old_file_intact(tmp_path, frame, suffix):
    path = tmp_path / f"orders{suffix}"
    export(frame, path)
    before = path.read_bytes()
    broken = frame.copy()
    broken["note"] = broken["note"].astype(object)
    broken.loc[len(broken) // 2, "note"] = Explodes()
    with pytest.raises(ExportError) as error:
        export(broken, path)
    assert str(error.value).startswith("could not write ")
    assert "the previous file (if any) is unchanged" in str(error.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left behind


def test_failed_sqlite_append_leaves_the_database_intact(tmp_path, frame):
    path = tmp_path / "shop.sqlite"
    to_sqlite(frame, path, "orders", if_exists="replace")
    before = path.read_bytes()
    with pytest.raises(ExportError):
        to_sqlite(frame.assign(extra_column=1), path, "orders")  # no such column: fails
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop.sqlite"]
