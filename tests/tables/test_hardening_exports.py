"""Issue 10 items 15 (exports) and 16: exports are exact and safe to open.

Integers beyond 2**53 come back exact from every format (Excel holds them as text, and says
so); text a spreadsheet would run as a formula is escaped by default (with an opt-out); empty
text and missing values stay apart through CSV and Excel; what Excel cannot hold is refused
with the limit or made to fit visibly; JSON Lines is strict JSON; SQLite and DuckDB get column
names they accept. Each file is read back the way the writers' documentation says.
"""

from __future__ import annotations

import json
import sqlite3
import warnings

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connector_lab import ExportError, ExportWarning, export
from connector_lab.tables.cells import escape_text, unescape_cells, unescape_text
from connector_lab.tables.writers import to_csv, to_duckdb, to_excel, to_jsonl, to_sqlite
from tests.support import require_module

BIG = 1434975267274035201  # a Snowflake-style id: float64 would make it ...035200


def plain(values) -> list:
    """Cells as Python values, every kind of missing as None."""
    return [None if v is None or v is pd.NA or v != v else v for v in values]


def sheet_cells(path) -> list[list]:
    """The first sheet as openpyxl sees it: (value, data type) of every cell, by row."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def only_warning(caught, kind=ExportWarning) -> str:
    assert [w.category for w in caught] == [kind], [str(w.message) for w in caught]
    assert caught[0].filename == __file__  # points at the line that exported
    return str(caught[0].message)


# -- item 15: exact integers ----------------------------------------------------------------
IDS = pd.DataFrame({"id": pd.array([BIG, None, -BIG, 2**53], dtype="Int64")})
EXACT = [BIG, None, -BIG, 2**53]


def read_csv(path):
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"id": "Int64"})


def read_database(path, sql):
    if path.suffix == ".duckdb":
        with require_module("duckdb").connect(str(path)) as connection:
            return connection.execute(sql).df()
    with sqlite3.connect(path) as connection:
        return pd.read_sql(sql, connection, dtype_backend="numpy_nullable")


READERS = {
    "csv": read_csv,
    "parquet": pd.read_parquet,
    "jsonl": lambda path: pd.read_json(path, lines=True, engine="pyarrow", dtype_backend="pyarrow"),
    "sqlite": lambda path: read_database(path, "select * from t"),
    "duckdb": lambda path: read_database(path, "select * from t"),
}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_big_integers_come_back_exact(tmp_path, fmt):
    path = export(IDS, tmp_path / f"ids.{fmt}", table="t")
    assert plain(READERS[fmt](path)["id"].tolist()) == EXACT
    if fmt == "jsonl":  # the file itself, read by the json module
        lines = path.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["id"] for line in lines] == EXACT


def test_excel_writes_integers_beyond_2_53_as_text_and_says_so(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = to_excel(IDS, tmp_path / "ids.xlsx")
    message = only_warning(caught)
    assert message == (
        "ids.xlsx: column 'id': 2 cells with integers beyond ±2**53, written as text "
        "(an Excel number would round them)"
    )
    column = [row[0] for row in sheet_cells(path)[1:]]
    assert column[0] == (str(BIG), "s") and column[2] == (str(-BIG), "s")
    assert column[1][0] is None and column[3] == (2**53, "n")
    read = pd.read_excel(path, keep_default_na=False, na_values=[""], dtype={"id": "Int64"})
    assert plain(read["id"].tolist()) == EXACT


# -- item 16: formulas are escaped ----------------------------------------------------------
RISKY = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'quoted", "", "plain", None]
ESCAPED = ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "''quoted", "'", "plain", None]


def risky_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": pd.Series(RISKY, dtype=object),
            "=cmd": ["x"] * len(RISKY),
            "number": [-5, -1.5, 0, 1, 2, 3, 4, 5, 6, 7],
            "mixed": pd.Series([-5, "-5", None, 1, "a", 2, "b", 3, "c", 4], dtype=object),
        }
    )


def test_escape_text_is_owasp_and_reversible():
    assert [escape_text(t) for t in RISKY[:-1]] == ESCAPED[:-1]
    assert [unescape_text(t) for t in ESCAPED] == RISKY


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_escaped_text_is_inert_and_comes_back(text):
    escaped = escape_text(text)
    assert escaped and escaped[0] not in "=+-@\t\r"
    assert unescape_text(escaped) == text


def test_csv_escapes_text_cells_and_names_not_numbers(tmp_path):
    path = to_csv(risky_frame(), tmp_path / "risky.csv")
    raw = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=object)
    assert list(raw.columns) == ["text", "'=cmd", "number", "mixed"]
    assert plain(raw["text"]) == ESCAPED
    assert raw["number"].tolist()[:2] == ["-5.0", "-1.5"]  # numbers stay numbers
    assert raw["mixed"].tolist()[:2] == ["-5", "'-5"]  # only the text "-5" is escaped


def test_excel_escapes_text_cells_and_names_not_numbers(tmp_path):
    path = to_excel(risky_frame(), tmp_path / "risky.xlsx")
    rows = sheet_cells(path)
    assert [value for value, _ in rows[0]] == ["text", "'=cmd", "number", "mixed"]
    # A CR is kept in the file, but XML readers (openpyxl too) read it back as LF.
    assert [row[0] for row in rows[1:-1]] == [
        (value.replace("\r", "\n"), "s") for value in ESCAPED[:-1]
    ]
    assert rows[-1][0][0] is None
    assert not any(kind == "f" for row in rows for _, kind in row)  # no formula anywhere
    assert rows[1][2] == (-5, "n")  # a negative number is a number


def test_escaping_can_be_turned_off(tmp_path):
    frame = pd.DataFrame({"text": ["=1+1", "-1"]})
    csv = export(frame, tmp_path / "raw.csv", escape_formulas=False)
    assert csv.read_text(encoding="utf-8").splitlines() == ["text", "=1+1", "-1"]
    xlsx = export(frame, tmp_path / "raw.xlsx", escape_formulas=False)
    assert [row[0] for row in sheet_cells(xlsx)[1:]] == [("=1+1", "f"), ("-1", "s")]


# -- item 16: empty text and missing values stay apart --------------------------------------
def round_trip_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": pd.Series([*RISKY, "NA", "null", "'"], dtype=object),
            "id": pd.array([BIG, None, 3, -4, 5, 6, 7, 8, 9, 10, 11, 12, None], dtype="Int64"),
        }
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_empty_text_and_missing_values_survive_the_round_trip(tmp_path, suffix):
    frame = round_trip_frame()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExportWarning)  # Excel: the big id becomes text
        path = export(frame, tmp_path / f"apart{suffix}")
    read = pd.read_csv if suffix == ".csv" else pd.read_excel
    back = unescape_cells(read(path, keep_default_na=False, na_values=[""], dtype={"id": "Int64"}))
    sent = plain(frame["text"])
    if suffix == ".xlsx":  # XML reads a CR as LF (the writers' documentation says so)
        sent = [t.replace("\r", "\n") if t else t for t in sent]
    assert plain(back["text"]) == sent
    assert back.loc[7, "text"] == "" and pd.isna(back.loc[9, "text"])
    assert plain(back["id"]) == plain(frame["id"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.none() | st.text(st.characters(exclude_categories=["Cs"])), min_size=1))
def test_any_text_survives_the_csv_round_trip(tmp_path_factory, texts):
    path = to_csv(
        pd.DataFrame({"t": pd.Series(texts, dtype=object)}), tmp_path_factory.mktemp("c") / "t.csv"
    )
    back = unescape_cells(pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=object))
    assert plain(back["t"]) == texts


# -- item 16: what Excel cannot hold -------------------------------------------------------
def test_an_over_long_excel_cell_is_refused_naming_column_row_and_limit(tmp_path):
    path = tmp_path / "long.xlsx"
    to_excel(pd.DataFrame({"note": ["short"]}), path)
    before = path.read_bytes()
    frame = pd.DataFrame({"id": [1, 2, 3], "note": ["a", "x" * 32_768, "b"]})
    with pytest.raises(ExportError) as error:
        to_excel(frame, path)
    assert str(error.value).startswith(
        "column 'note', row 1 (counting from 0) holds 32,768 characters; an Excel cell holds "
        "at most 32,767. Nothing was written"
    )
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["long.xlsx"]
    assert to_excel(frame.assign(note=["a", "x" * 32_767, "b"]), path) == path  # fits exactly


def test_control_characters_are_shown_not_fatal(tmp_path):
    frame = pd.DataFrame({"note": ["bell\x07", "nul\x00 esc\x1b", "tab\tnew\nline"], "ok": 1})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = to_excel(frame.rename(columns={"ok": "o\x01k"}), tmp_path / "control.xlsx")
    assert [str(w.message) for w in caught] == [
        "control.xlsx: column 'note': 2 cells with control characters, shown as pictures ␀…␟ "
        "(Excel files cannot hold them)",
        "control.xlsx: column names: 1 cell with control characters, shown as pictures ␀…␟ "
        "(Excel files cannot hold them)",
    ]
    rows = sheet_cells(path)
    assert rows[0][1][0] == "o\u2401k"
    assert [row[0][0] for row in rows[1:]] == ["bell␇", "nul␀ esc␛", "tab\tnew\nline"]


def test_timezone_aware_times_are_written_in_utc(tmp_path):
    times = pd.to_datetime(["2024-01-08T09:28:00+08:00", None])
    frame = pd.DataFrame(
        {"typed": times, "objects": pd.Series(list(times), dtype=object), "n": [1, 2]}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = to_excel(frame, tmp_path / "times.xlsx")
    assert sorted(str(w.message).split(": ", 1)[1] for w in caught) == [
        f"column '{name}': 1 cell with timezone-aware times, written in UTC without the zone "
        "(Excel has no time zones)"
        for name in ("objects", "typed")
    ]
    read = pd.read_excel(path)
    for name in ("typed", "objects"):
        assert read.loc[0, name] == pd.Timestamp("2024-01-08 01:28:00")
        assert pd.isna(read.loc[1, name])


def test_too_many_columns_for_excel_names_the_limit(tmp_path):
    frame = pd.DataFrame([range(16_385)])
    with pytest.raises(ExportError) as error:
        to_excel(frame, tmp_path / "wide.xlsx")
    assert str(error.value) == (
        "16,385 columns do not fit in an Excel sheet (16,384 at most); select fewer columns, "
        "or use Parquet, CSV or a database"
    )
    assert list(tmp_path.iterdir()) == []


# -- item 16: JSON Lines is JSON ------------------------------------------------------------
def strict(line: str):
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(line, parse_constant=refuse)


def test_json_lines_write_nan_and_infinity_as_null(tmp_path):
    frame = pd.DataFrame(
        {
            "x": [float("inf"), float("-inf"), float("nan"), 1.5],
            "nested": [[float("nan"), 1], {"a": {"b": float("inf")}}, None, [2.5]],
        }
    )
    path = to_jsonl(frame, tmp_path / "numbers.jsonl")
    assert [strict(line) for line in path.read_text(encoding="utf-8").splitlines()] == [
        {"x": None, "nested": [None, 1]},
        {"x": None, "nested": {"a": {"b": None}}},
        {"x": None, "nested": None},
        {"x": 1.5, "nested": [2.5]},
    ]


# -- item 16: database column names ---------------------------------------------------------
NAMES = pd.DataFrame([[1, 2, 3, 4, 5]], columns=["id", "ID", "", "ID_2", "Id"])
RENAMED = ["id", "ID_3", "column_3", "ID_2", "Id_4"]


@pytest.mark.parametrize(("writer", "suffix"), [(to_sqlite, ".sqlite"), (to_duckdb, ".duckdb")])
def test_database_column_names_are_made_acceptable_and_reported(tmp_path, writer, suffix):
    if suffix == ".duckdb":
        require_module("duckdb")
    path = tmp_path / f"names{suffix}"
    database = "SQLite" if suffix == ".sqlite" else "DuckDB"
    for _ in range(2):  # the same names every time, so an append lines up
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            writer(NAMES, path, "t")
        assert only_warning(caught) == (
            f"names{suffix}: renamed 3 column(s) so {database} accepts them (names must be "
            "non-empty and unique ignoring case): 'ID' → 'ID_3', '' → 'column_3', 'Id' → 'Id_4'"
        )
    read = read_database(path, "select * from t")
    assert list(read.columns) == RENAMED
    assert read.values.tolist() == [[1, 2, 3, 4, 5]] * 2


def test_export_warnings_can_be_made_errors_of_the_one_tree(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ExportWarning)
        with pytest.raises(ExportWarning) as error:
            to_sqlite(NAMES, tmp_path / "strict.sqlite", "t")
    assert isinstance(error.value, ExportError.__mro__[1])  # a ConnectorLabError
