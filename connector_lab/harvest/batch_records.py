"""The records of a batch: read each row's records as its answer arrives (then the response
can go), and build one frame of all of them at the end, each record keyed to its input row.

JSON and JSON Lines answers keep their records as parsed objects and are flattened together
once — a DataFrame per small answer costs about a millisecond of pandas each, more than a
loopback request. Other bodies (CSV…) become a frame per row through ``Result.to_frame``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import ConnectorLabError
from ..spec.actions import Action
from ..tables.flattening import flatten_table
from ..tables.records import RecordSelection
from ..tables.tabular import (
    CSV_TYPES,
    JSONL_TYPES,
    apply_schema,
    read_jsonl,
    records_schema,
)
from ..tables.walker import Flattening
from ..wire.result import Result

#: The column of ``BatchOutcome.records`` holding the input row's position.
ROW_COLUMN = "_row"


@dataclass
class RowRecords:
    """One row's records: parsed objects (``records``) or a frame already built (``frame``)."""

    position: int
    records: list[Any]
    frame: pd.DataFrame | None = None
    selection: RecordSelection | None = None

    def __len__(self) -> int:
        return len(self.frame) if self.frame is not None else len(self.records)


def read_records(result: Result, position: int) -> tuple[RowRecords | None, str | None]:
    """The records of one answer, or None and a note saying why they could not be read."""
    if not result.content:
        return RowRecords(position, []), None
    try:
        if result.content_type in JSONL_TYPES:
            return RowRecords(position, read_jsonl(result.content)), None
        if result.content_type in CSV_TYPES:
            return RowRecords(position, [], frame=result.to_frame()), None
        selection = result.records()
        return RowRecords(position, selection.records, selection=selection), None
    except (ConnectorLabError, RecursionError) as exc:
        return None, f"records not read: {type(exc).__name__}: {exc}"[:500]


def _keyed(
    frame: pd.DataFrame, rows: list[int], inputs: pd.DataFrame, keys: list[str]
) -> pd.DataFrame:
    """``frame`` with ``_row`` and the key columns in front (a key whose name a record
    column already has is named ``input.<key>``)."""
    front: dict[str, Any] = {ROW_COLUMN: rows}
    for key in keys:
        name = key if key not in frame.columns else f"input.{key}"
        front[name] = inputs[key].take(rows).to_numpy()
    return pd.concat([pd.DataFrame(front, index=frame.index), frame], axis=1)


def combine_records(
    parts: list[RowRecords], inputs: pd.DataFrame, keys: list[str], action: Action
) -> pd.DataFrame:
    """One frame of every row's records, in row order, keyed to the rows."""
    records: list[Any] = []
    rows: list[int] = []
    selection = None
    for part in parts:
        if part.frame is None:
            records += part.records
            rows += [part.position] * len(part.records)
            selection = selection or part.selection
    table = flatten_table(records, Flattening())
    frame = table.frame
    node = records_schema(action.expected_response, selection) if selection else None
    if node is not None:
        frame = apply_schema(frame, node, table.paths)
    pieces = [_keyed(frame, rows, inputs, keys)]
    for part in parts:
        if part.frame is not None:
            pieces.append(_keyed(part.frame, [part.position] * len(part.frame), inputs, keys))
    if len(pieces) == 1:
        return pieces[0]
    combined = pd.concat(pieces, ignore_index=True)
    return combined.sort_values(ROW_COLUMN, kind="stable").reset_index(drop=True)
