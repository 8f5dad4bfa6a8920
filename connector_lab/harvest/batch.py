"""Batch runs: one action once per row of a table of inputs (spec F-10, issue 11 point 5).

``Client.batch(action, inputs)`` delegates here. Columns map to the action's parameters by
name, or as ``mapping={"column": "param"}`` says (a mapping wins over a same-named column);
a required parameter that no column fills is a :class:`ParameterError` before anything is
sent. Rows run in a thread pool with a ``tqdm.auto`` progress bar (a widget in Jupyter,
text on stderr in a terminal). A failing row — an HTTP error status, a transport error, a
value that does not convert — is one failed row of the outcome; it never stops the others.

A row is ``ok`` when its call was answered below 400. Its records are read right away and
the response dropped, so a batch holds records, not raw bodies; a body whose records cannot
be read leaves the row ok (re-sending would not help) with a note in ``error``.
Every row is recorded in the client's history (``kind="batch"``, one ``run_id`` for the
batch, ``number`` = the row's position).
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ConnectorLabError, ParameterError
from ..spec.actions import Action
from ..wire.journal import attempt_facts, error_text, status_error
from .batch_records import RowRecords, combine_records, read_records

if TYPE_CHECKING:
    from ..wire.client import Client

#: The outcome columns after the key columns, in order.
OUTCOME_COLUMNS = ("status", "ok", "error", "elapsed", "retries", "records")
RowCallback = Callable[[int, dict[str, Any]], None]


@dataclass
class BatchPlan:
    """What a batch runs: the action, which column fills which parameter, the key columns."""

    action: Action
    columns: dict[str, str]  # column -> parameter
    keys: list[str]
    workers: int
    progress: bool
    on_row: RowCallback | None


@dataclass
class BatchOutcome:
    """The outcome of a batch: ``table`` (one row per input, in input order, indexed like
    the inputs: key columns, status, ok, error, elapsed, retries, records), ``records``
    (every row's records, with ``_row`` and the key columns first) and ``failed_inputs``
    (the input rows that failed). ``succeeded + failed == len(inputs)``, always."""

    table: pd.DataFrame
    records: pd.DataFrame
    inputs: pd.DataFrame = field(repr=False)
    run_id: str = ""
    _client: Any = field(default=None, repr=False)
    _plan: BatchPlan | None = field(default=None, repr=False)
    _parts: list[RowRecords] = field(default_factory=list, repr=False)

    @property
    def succeeded(self) -> int:
        return int(self.table["ok"].sum())

    @property
    def failed(self) -> int:
        return len(self.table) - self.succeeded

    @property
    def failed_inputs(self) -> pd.DataFrame:
        """The original input rows whose run failed (their index kept)."""
        return self.inputs[~self.table["ok"].to_numpy(dtype=bool)]

    def rerun(self, *, progress: bool | None = None) -> BatchOutcome:
        """Run the failed rows again; rows that now succeed replace their failures."""
        if self._client is None or self._plan is None:
            raise ConnectorLabError("this outcome was not made by Client.batch; it cannot rerun")
        positions = [i for i, ok in enumerate(self.table["ok"].to_numpy(dtype=bool)) if not ok]
        plan = self._plan
        if progress is not None:
            plan = BatchPlan(**{**vars(plan), "progress": progress})
        rows, parts = _execute(self._client, plan, self.inputs, positions, self.run_id)
        table = self.table.copy()
        for position, row in rows.items():
            table.iloc[position, table.columns.get_indexer(list(OUTCOME_COLUMNS))] = [
                row[c] for c in OUTCOME_COLUMNS
            ]
        kept = [part for part in self._parts if part.position not in rows] + parts
        return _outcome(self._client, plan, self.inputs, table, kept, self.run_id)

    def __repr__(self) -> str:
        return (
            f"<BatchOutcome {self._plan.action.id if self._plan else ''}: "
            f"{self.succeeded} succeeded, {self.failed} failed of {len(self.table)}; "
            f"{len(self.records)} records>"
        )


def as_frame(inputs: Any) -> pd.DataFrame:
    if isinstance(inputs, pd.DataFrame):
        return inputs
    if isinstance(inputs, list | tuple) and all(isinstance(row, Mapping) for row in inputs):
        return pd.DataFrame(list(inputs))
    raise TypeError(
        f"inputs must be a DataFrame or a list of dicts, not {type(inputs).__name__}; e.g. "
        "pd.read_csv('inputs.csv') or [{'order_id': 1}, {'order_id': 2}]"
    )


def plan_batch(
    client: Client,
    action: Action | str,
    frame: pd.DataFrame,
    mapping: Mapping[str, str] | None,
    keys: list[str] | None,
) -> tuple[Action, dict[str, str], list[str]]:
    """The action, the column → parameter map and the key columns; every problem raises a
    :class:`ParameterError` here, before anything is sent."""
    if isinstance(action, str):
        action = client.connector.action(action)
    user = {p.name: p for p in action.params if p.source == "user"}
    available = ", ".join(map(repr, map(str, frame.columns))) or "none"
    problems: list[tuple[str, str]] = []
    mapping = dict(mapping or {})
    for column, param in mapping.items():
        if column not in frame.columns:
            problems.append(("mapping", f"{column!r} is not an input column; columns: {available}"))
        if param not in user:
            known = ", ".join(map(repr, user)) or "none"
            problems.append(
                ("mapping", f"{column!r} maps to {param!r}, not a parameter; known: {known}")
            )
    targets = set(mapping.values())
    columns = {c: str(c) for c in frame.columns if str(c) in user and str(c) not in targets}
    columns.update({c: p for c, p in mapping.items() if c in frame.columns})
    filled = set(columns.values())
    for name, param in user.items():
        needed = param.required or param.location == "path"
        if needed and param.default is None and name not in filled:
            problems.append(
                (
                    name,
                    f"is required but no column fills it; columns: {available}; name a "
                    f"column {name!r} or pass mapping={{'<column>': {name!r}}}",
                )
            )
    chosen_keys = list(keys) if keys is not None else list(columns)
    for key in chosen_keys:
        if key not in frame.columns:
            problems.append(("keys", f"{key!r} is not an input column; columns: {available}"))
    if problems:
        raise ParameterError(problems, title=f"cannot run a batch of action {action.id!r}")
    return action, columns, chosen_keys


def run_batch(
    client: Client,
    action: Action | str,
    inputs: pd.DataFrame | list[Mapping[str, Any]],
    *,
    mapping: Mapping[str, str] | None = None,
    workers: int = 4,
    progress: bool = True,
    keys: list[str] | None = None,
    on_row: RowCallback | None = None,
) -> BatchOutcome:
    """Run ``action`` once per row of ``inputs`` (a DataFrame or a list of dicts) with
    ``workers`` threads; ``on_row(position, row)`` is called (in the calling thread) as
    each row ends. Returns a :class:`BatchOutcome`."""
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ParameterError([("workers", f"{workers!r} is not a worker count; give 1 or more")])
    frame = as_frame(inputs)
    action, columns, key_columns = plan_batch(client, action, frame, mapping, keys)
    plan = BatchPlan(action, columns, key_columns, workers, progress, on_row)
    run_id = uuid.uuid4().hex[:12]
    rows, parts = _execute(client, plan, frame, list(range(len(frame))), run_id)
    table = _table(frame, key_columns, [rows[i] for i in range(len(frame))])
    return _outcome(client, plan, frame, table, parts, run_id)


def _outcome(
    client: Client,
    plan: BatchPlan,
    frame: pd.DataFrame,
    table: pd.DataFrame,
    parts: list[RowRecords],
    run_id: str,
) -> BatchOutcome:
    parts = sorted(parts, key=lambda part: part.position)
    records = combine_records(parts, frame, plan.keys, plan.action)
    return BatchOutcome(table, records, frame, run_id, client, plan, parts)


def _table(frame: pd.DataFrame, keys: list[str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    table = frame[keys].copy() if keys else pd.DataFrame(index=frame.index)
    for column in OUTCOME_COLUMNS:
        table[column] = [row[column] for row in rows]
    table["status"] = table["status"].astype("Int64")
    table["ok"] = table["ok"].astype(bool)
    table["retries"] = table["retries"].astype(int)
    table["records"] = table["records"].astype("Int64")
    return table


def row_values(frame: pd.DataFrame, position: int, columns: dict[str, str]) -> dict[str, Any]:
    """The parameter values of one input row; empty cells (None, NaN, NA) are left out, so
    the parameter's default applies."""
    values = {}
    for column, param in columns.items():
        value = frame[column].iat[position]
        if isinstance(value, float) and math.isnan(value):
            continue
        if value is None or value is pd.NA or value is pd.NaT:
            continue
        values[param] = value.item() if hasattr(value, "item") else value  # numpy → Python
    return values


def _execute(
    client: Client, plan: BatchPlan, frame: pd.DataFrame, positions: list[int], run_id: str
) -> tuple[dict[int, dict[str, Any]], list[RowRecords]]:
    """Run the rows at ``positions``; every one ends with an outcome row, whatever happens."""
    from tqdm.auto import tqdm

    rows: dict[int, dict[str, Any]] = {}
    parts: list[RowRecords] = []
    bar = tqdm(total=len(positions), desc=plan.action.id, unit="row", disable=not plan.progress)
    client.session.ensure_pool(plan.workers)  # one pooled connection per worker
    pool = ThreadPoolExecutor(max_workers=plan.workers, thread_name_prefix="batch")
    try:
        futures: dict[Future, int] = {
            pool.submit(_one_row, client, plan, frame, position, run_id): position
            for position in positions
        }
        for future in as_completed(futures):
            position = futures[future]
            row, part = future.result()  # _one_row never raises for a row's own failure
            rows[position] = row
            if part is not None:
                parts.append(part)
            bar.update(1)
            if not row["ok"]:
                bar.set_postfix(failed=sum(not r["ok"] for r in rows.values()), refresh=False)
            if plan.on_row is not None:
                plan.on_row(position, row)
    finally:
        # An interrupt (or an on_row error) leaves no queued row running behind the caller.
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
    return rows, parts


def _one_row(
    client: Client, plan: BatchPlan, frame: pd.DataFrame, position: int, run_id: str
) -> tuple[dict[str, Any], RowRecords | None]:
    started = time.perf_counter()
    values: dict[str, Any] = {}
    try:
        values = row_values(frame, position, plan.columns)
        plan_ = client.prepare(plan.action, values)
        result = client.send(plan_, action=plan.action)
    except Exception as exc:  # one row's failure, whatever it is, is that row's outcome
        elapsed = time.perf_counter() - started
        entry = _record(client, exc, plan, run_id, position, values, elapsed, None)
        return _row(None, False, _error_text(client, exc, entry), elapsed, exc), None
    elapsed = time.perf_counter() - started
    part, note = read_records(result, position) if result.ok else (None, None)
    count = len(part) if part is not None else None
    entry = _record(client, result, plan, run_id, position, values, elapsed, count)
    error = entry["error"] if entry else _status_text(client, result)
    row = _row(result.status, result.ok, error or note, elapsed, result)
    row["records"] = count
    return row, part


def _row(status: int | None, ok: bool, error: str | None, elapsed: float, source: Any) -> dict:
    return {
        "status": status,
        "ok": ok,
        "error": error,
        "elapsed": elapsed,
        # An error raised after its retries were used up counts them too.
        "retries": attempt_facts(source)["retries"],
        "records": None,
    }


def _record(client, outcome, plan, run_id, position, values, elapsed, count) -> dict | None:
    if client.history is None:
        return None
    return client.record(
        outcome,
        kind="batch",
        run_id=run_id,
        number=position,
        params=values,
        action=plan.action,
        elapsed=elapsed,
        records=count,
    )


def _error_text(client: Client, exc: BaseException, entry: dict | None) -> str:
    return entry["error"] if entry is not None else error_text(exc, client.auth.redactor())


def _status_text(client: Client, result: Any) -> str | None:
    return status_error(result, client.auth.redactor())
