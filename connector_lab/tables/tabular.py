"""From a response body to DataFrames: picks the reader by content type (JSON, CSV, JSON
Lines), selects the records, flattens them, and gives columns the dtypes of a schema.

``Result.to_frame()`` and ``Result.tables()`` are thin wrappers over this module.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from ..errors import FlattenError, ResponseParseError
from ..spec.limits import parse_json
from ..spec.samples import SchemaNode, infer_schema, schema_at
from .flattening import ExplodePlan, child_tables, explode_table, flatten_table
from .frames import Steps
from .records import RecordSelection, select_records
from .walker import DEFAULT_MAX_DEPTH, Flattening, ListMode

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values"})
JSONL_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/json-lines",
        "application/x-jsonlines",
        "application/jsonlines",
    }
)

#: pandas dtype for each schema type; columns that do not fit keep their inferred dtype.
SCHEMA_DTYPES = {
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "string": pd.StringDtype(),
}


def read_jsonl(content: bytes) -> list[Any]:
    """Records of a JSON Lines body (blank lines skipped); a bad line is named."""
    records = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record, problem = parse_json(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            record, problem = None, f"not valid UTF-8 ({exc})"
        if problem is not None:
            raise ResponseParseError(
                f"line {number} of the JSON Lines body is {problem}: "
                f"{line[:60].decode('utf-8', errors='replace')!r}",
                content_type="application/x-ndjson",
            )
        records.append(record)
    return records


def read_csv(content: bytes) -> pd.DataFrame:
    """A CSV body as a frame (UTF-8, a BOM tolerated)."""
    try:
        return pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ResponseParseError(
            f"the CSV body could not be read: {exc}", content_type="text/csv"
        ) from None


def apply_schema(frame: pd.DataFrame, schema: SchemaNode, paths: dict[str, Steps]) -> pd.DataFrame:
    """Give each column the dtype its schema type says (nullable Int64, Float64, boolean,
    string), finding its node by the path the column came from. A column whose values do
    not fit keeps the dtype it has — never an error."""
    out = frame.copy(deep=False)
    for name in frame.columns:
        path = paths.get(name)
        node = schema.at(path) if path is not None else None
        dtype = SCHEMA_DTYPES.get(node.type) if node is not None else None
        if dtype is None or str(frame[name].dtype) == str(dtype):
            continue
        try:
            out[name] = frame[name].astype(dtype)
        except (TypeError, ValueError, OverflowError):
            continue
    return out


def records_schema(expected: Any, selection: RecordSelection) -> SchemaNode | None:
    """The schema of one record, from a sample of the whole body."""
    keys = selection.keys
    if expected is None or keys is None:
        return None
    return schema_at(infer_schema(expected), keys)


def _schema_node(schema: Any, expected: Any, selection: RecordSelection) -> SchemaNode | None:
    """The schema the columns' dtypes follow: ``schema`` (a node or a sample), else the
    expected response's, at the records."""
    if isinstance(schema, SchemaNode):
        return schema
    try:
        return infer_schema(schema) if schema is not None else records_schema(expected, selection)
    except RecursionError:  # the sample's schema is read recursively
        raise FlattenError(
            "the schema sample is nested too deep to read (Python's recursion limit is "
            f"{sys.getrecursionlimit()}); give a shallower sample"
        ) from None


def _selection(
    content_type: str, content: bytes, parse_json: Callable[[], Any], records: str | None
) -> RecordSelection:
    if content_type in JSONL_TYPES:
        return RecordSelection(read_jsonl(content), "$", "JSON Lines: one record a line")
    return select_records(parse_json(), records)


def _rules(lists: ListMode, max_depth: int | None) -> Flattening:
    return Flattening(max_depth=DEFAULT_MAX_DEPTH if max_depth is None else max_depth, lists=lists)


def frame_from_body(
    content_type: str,
    content: bytes,
    parse_json: Callable[[], Any],
    *,
    records: str | None = None,
    explode_path: str | None = None,
    meta: Sequence[str] | None = None,
    lists: ListMode = "keep",
    max_depth: int | None = None,
    schema: Any = None,
    expected: Any = None,
) -> pd.DataFrame:
    """The body as one DataFrame. ``frame.attrs`` says which records path was used."""
    if content_type in CSV_TYPES:
        return read_csv(content)
    selection = _selection(content_type, content, parse_json, records)
    rules = _rules(lists, max_depth)
    if explode_path:
        table = explode_table(selection.records, ExplodePlan.make(explode_path, meta, rules))
    else:
        table = flatten_table(selection.records, rules)
    node = _schema_node(schema, expected, selection)
    frame = table.frame if node is None else apply_schema(table.frame, node, table.paths)
    frame.attrs["records_path"] = selection.path
    frame.attrs["records_reason"] = selection.reason
    return frame


def tables_from_body(
    content_type: str,
    content: bytes,
    parse_json: Callable[[], Any],
    *,
    records: str | None = None,
    root: str | None = None,
    lists: ListMode = "keep",
    max_depth: int | None = None,
) -> dict[str, pd.DataFrame]:
    """The body as related tables: root records plus one child table per list of objects."""
    selection = _selection(content_type, content, parse_json, records)
    name = root or (selection.keys[-1] if selection.keys else "root")
    return child_tables(selection.records, name, _rules(lists, max_depth))
