"""collect(..., to=path) streams every page into one file over real HTTP: each format read
back equals the in-memory frame (columns that change across pages included), the file is
replaced atomically (a failure half-way leaves the old one), and no Result is kept."""

from __future__ import annotations

import json
import sqlite3
import warnings

import pandas as pd
import pytest

from connector_lab import Client, ExportError, HarvestReport, HTTPStatusError, unescape_cells
from connector_lab.harvest.collect import collect
from connector_lab.tables.writers import flat_cells
from tests.harvest.pageloops import BIG, loop_connector, page_loop, serve_pages, shaped_pages
from tests.support import require_module

ORDERS = {"per_page": 5, "total": 23, "items": "orders"}
SUFFIXES = [".parquet", ".csv", ".jsonl", ".sqlite", ".duckdb"]


def read_back(path, table="pages") -> pd.DataFrame:
    suffix = path.suffix
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".csv":
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"late": "Int64"})
        return unescape_cells(frame)
    if suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        # object columns: a DataFrame of dicts would turn integers with gaps into floats
        rows = [json.loads(line) for line in lines]
        names = list(dict.fromkeys(name for row in rows for name in row))
        return pd.DataFrame({n: pd.Series([r.get(n) for r in rows], dtype=object) for n in names})
    if suffix == ".sqlite":
        with sqlite3.connect(path) as connection:
            query = f"select * from {table}"
            return pd.read_sql(query, connection, dtype_backend="numpy_nullable")
    duckdb = require_module("duckdb")
    with duckdb.connect(str(path)) as connection:
        return connection.execute(f"select * from {table}").df()


def plain(frame: pd.DataFrame, suffix: str) -> list[dict]:
    """Rows as plain Python values (NA as None), nested cells as the format stores them."""
    if suffix != ".jsonl":
        frame = flat_cells(frame, mixed_as_text=suffix in (".parquet", ".duckdb"))
    rows = frame.astype(object).to_dict("records")
    return [{k: (None if _missing(v) else _plain(v)) for k, v in row.items()} for row in rows]


def _missing(value) -> bool:
    return not isinstance(value, list | dict) and bool(pd.isna(value))


def _plain(value):
    return value.item() if hasattr(value, "item") else value


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_each_format_reads_back_as_the_frame(sandbox_client, tmp_path, suffix):
    target = tmp_path / f"orders{suffix}"
    report = collect(page_loop(sandbox_client, **ORDERS), "pages", to=target)
    frame = collect(page_loop(sandbox_client, **ORDERS))
    assert isinstance(report, HarvestReport)
    assert (report.path, report.pages, report.records) == (target, 5, 23)
    assert report.columns == [str(c) for c in frame.columns]
    assert report.bytes > 0 and report.elapsed > 0
    back = read_back(target)
    assert list(back.columns) == list(frame.columns)
    assert plain(back, suffix) == plain(frame, suffix)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_columns_that_change_across_pages_are_kept(shaped_client, tmp_path, suffix):
    target = tmp_path / f"shaped{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing renamed or changed on the way
        report = collect(page_loop(shaped_client), "pages", to=target)
    frame = collect(page_loop(shaped_client))
    back = read_back(target)
    assert report.records == 24 and report.pages == 8
    if suffix == ".jsonl":  # each line holds the columns known when it was written
        assert sorted(back.columns) == sorted(frame.columns)
        back = back[list(frame.columns)]
    assert list(back.columns) == list(frame.columns)  # 'late' from page 7 included
    assert plain(back, suffix) == plain(frame, suffix)
    if suffix in (".parquet", ".duckdb", ".sqlite", ".csv"):
        assert back["late"].dropna().tolist()[:3] == [BIG, BIG + 1, BIG + 2]  # exact


def test_csv_stream_escapes_formula_text(shaped_client, tmp_path):
    target = tmp_path / "shaped.csv"
    collect(page_loop(shaped_client), to=target)
    raw = target.read_text(encoding="utf-8")
    assert "'=1+1" in raw and ",=1+1" not in raw
    assert raw.splitlines()[0] == "id,a,nested.x,flag,note,tags,late"


def test_parquet_refuses_a_type_it_cannot_widen_naming_column_and_page(httpserver, tmp_path):
    pages = [[{"id": n, "code": n}] for n in range(1, 7)]
    pages[5][0]["code"] = "not a number"
    serve_pages(httpserver, pages)
    target = tmp_path / "codes.parquet"
    target.write_bytes(b"old")
    connector = loop_connector(f"{httpserver.host}:{httpserver.port}", "/v")
    clash = r"column 'code' is .*string on page 6"
    with Client(connector) as client, pytest.raises(ExportError, match=clash):
        collect(page_loop(client), to=target)
    assert target.read_bytes() == b"old"


def test_parquet_widens_int_to_float_after_its_buffer(httpserver, tmp_path):
    pages = [[{"id": n, "amount": n}] for n in range(1, 8)]
    pages[6][0]["amount"] = 2.5
    pages[6][0]["extra"] = "x"
    serve_pages(httpserver, pages)
    target = tmp_path / "amounts.parquet"
    with Client(loop_connector(f"{httpserver.host}:{httpserver.port}", "/v")) as client:
        collect(page_loop(client), to=target)
    back = pd.read_parquet(target)
    assert back["amount"].tolist() == [1, 2, 3, 4, 5, 6, 2.5]
    assert back["extra"].isna().sum() == 6 and back["extra"].iloc[6] == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["amounts.parquet"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_failure_half_way_leaves_the_old_file(sandbox_client, httpserver, tmp_path, suffix):
    target = tmp_path / f"old{suffix}"
    collect(page_loop(sandbox_client, **ORDERS), "pages", to=target)  # the previous harvest
    before = target.read_bytes()
    serve_pages(httpserver, shaped_pages(), fail_on=5)
    connector = loop_connector(f"{httpserver.host}:{httpserver.port}", "/v")
    with Client(connector) as client, pytest.raises(HTTPStatusError):
        collect(page_loop(client), "pages", to=target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left
    assert [r.args["page"] for r, _ in httpserver.log] == ["1", "2", "3", "4", "5"]


def test_a_database_keeps_its_other_tables(sandbox_client, tmp_path):
    target = tmp_path / "shop.sqlite"
    with sqlite3.connect(target) as connection:
        connection.execute("create table keep_me (x)")
        connection.execute("insert into keep_me values (1)")
    collect(page_loop(sandbox_client, **ORDERS), to=target, table="orders")
    collect(page_loop(sandbox_client, **ORDERS), to=target, table="orders")  # replaced
    with sqlite3.connect(target) as connection:
        assert connection.execute("select count(*) from orders").fetchone() == (23,)
        assert connection.execute("select x from keep_me").fetchall() == [(1,)]


def test_max_records_to_a_file(sandbox_client, tmp_path):
    report = collect(page_loop(sandbox_client, **ORDERS), to=tmp_path / "o.csv", max_records=8)
    assert (report.records, report.pages, report.stop) == (8, 2, "max_records")
    assert len(pd.read_csv(tmp_path / "o.csv")) == 8


def test_results_are_released_while_streaming(sandbox_client, tmp_path):
    refs: list = []
    report = collect(page_loop(sandbox_client, refs=refs, **ORDERS), to=tmp_path / "o.parquet")
    assert report.records == 23 and len(refs) == 5
    assert all(ref() is None for ref in refs)


def test_targets_that_cannot_be_streamed_are_refused(tmp_path):
    with pytest.raises(ExportError, match="Excel workbook cannot be streamed"):
        collect([], to=tmp_path / "x.xlsx")
    with pytest.raises(ExportError, match="cannot tell the format"):
        collect([], to=tmp_path / "x.txt")
    with pytest.raises(Exception, match="tables=True returns frames"):
        collect([], to=tmp_path / "x.csv", tables=True)
    assert list(tmp_path.iterdir()) == []


def test_no_pages_make_an_empty_file(tmp_path):
    report = collect([], to=tmp_path / "none.parquet")
    assert report.records == 0 and (tmp_path / "none.parquet").exists()
    assert len(pd.read_parquet(tmp_path / "none.parquet")) == 0
