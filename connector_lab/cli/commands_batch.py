"""``connector-lab batch CONNECTOR ACTION --in inputs.csv [--map column=param …]``: the
action once per row of a CSV file (``Client.batch``), with progress on stderr.

Columns fill the parameters of the same name, or as ``--map`` says. A required parameter no
column fills is a usage error (exit 2) before anything is sent — the engine's own check. One
failing row never stops the others; the exit code is 1 when any row failed, 0 when all
succeeded. The combined records go to ``--out``, the per-row outcome (key columns, status,
ok, error, elapsed, retries, records) to ``--outcome``; without ``--outcome`` the outcome is
printed on stdout (cut to :data:`SHOWN_ROWS` rows), or as JSON under ``--json``.

The CSV is read as text (every cell a string, empty cells missing): each value is converted
by its parameter's own type, as ``-p`` values are, so ``007`` stays ``007`` for a text id.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ParameterError
from . import lookup
from .failures import EXIT_FAILED, Command, printable_lines
from .options import (
    KeyValue,
    account_option,
    check_out,
    json_option,
    out_option,
    timeout_option,
)
from .progress import Progress
from .state import State

if TYPE_CHECKING:
    import pandas as pd

    from ..harvest.batch import BatchOutcome

#: Outcome rows printed when there is no ``--outcome`` and no ``--json``.
SHOWN_ROWS = 50


def read_inputs(path: Path) -> pd.DataFrame:
    """The CSV as a DataFrame of text cells; an unreadable file is a usage error naming it."""
    import pandas as pd

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        # EmptyDataError and UnicodeDecodeError are ValueErrors; the reason is pandas' own.
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise click.BadParameter(
            f"cannot read {str(path)!r} as CSV: {reason}; give a CSV file with a header "
            "row naming the columns (UTF-8)",
            param_hint="'--in'",
        ) from None


def mapping_from(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """``--map column=param`` pairs as ``{column: param}``; a column mapped twice is refused."""
    mapping: dict[str, str] = {}
    for column, param in pairs:
        if column in mapping:
            raise click.BadParameter(
                f"column {column!r} is mapped twice; map each column once",
                param_hint="'--map'",
            )
        mapping[column] = param.strip()
    return mapping


def outcome_table(outcome: BatchOutcome) -> pd.DataFrame:
    """The per-row outcome with the input row's position first (as the history numbers it)."""
    table = outcome.table.reset_index(drop=True)
    table.insert(0, "row", range(len(table)))
    return table


def write_files(
    state: State, outcome: BatchOutcome, table: pd.DataFrame, out: Path | None, path: Path | None
) -> dict[str, str | None]:
    from ..tables.writers import export

    written: dict[str, str | None] = {"out": None, "outcome": None}
    if out is not None:
        written["out"] = str(export(outcome.records, out, table="records", if_exists="replace"))
        state.output.note(f"wrote {len(outcome.records)} records to {written['out']}")
    if path is not None:
        written["outcome"] = str(export(table, path, table="outcome", if_exists="replace"))
        state.output.note(f"wrote the outcome of {len(table)} rows to {written['outcome']}")
    return written


def show(state: State, target: lookup.Target, outcome: BatchOutcome, table, written) -> None:
    import json

    out = state.output
    if out.json:
        rows = json.loads(table.to_json(orient="records", date_format="iso"))
        out.json_data(
            {
                "ok": outcome.failed == 0,
                "connector": target.connector_id,
                "action": target.action.id,
                "account": target.account.name if target.account else None,
                "run_id": outcome.run_id,
                "succeeded": outcome.succeeded,
                "failed": outcome.failed,
                "records": len(outcome.records),
                **written,
                "rows": rows,
            }
        )
    elif written["outcome"] is None:
        shown = table.head(SHOWN_ROWS).astype(object)
        shown["elapsed"] = [f"{seconds * 1000:.0f} ms" for seconds in shown["elapsed"]]
        shown = shown.where(shown.notna(), None)  # <NA> prints as an empty cell
        out.table([str(c) for c in shown.columns], shown.itertuples(index=False))
        if len(table) > SHOWN_ROWS:
            out.note(
                f"showing the first {SHOWN_ROWS} of {len(table)} rows; write them all with "
                "--outcome FILE, or print them with --json"
            )


@click.command("batch", cls=Command)
@click.argument("connector_id", metavar="CONNECTOR")
@click.argument("action_id", metavar="ACTION")
@click.option(
    "--in",
    "-i",
    "inputs_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A CSV file with a header row: one run per row, columns named like parameters.",
)
@click.option(
    "--map",
    "-m",
    "maps",
    multiple=True,
    type=KeyValue(),
    metavar="COLUMN=PARAM",
    help="Fill parameter PARAM from column COLUMN; repeat for more.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=4, show_default=True, help="Rows at once."
)
@out_option
@click.option(
    "--outcome",
    callback=check_out,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the per-row outcome (status, ok, error, elapsed, retries, records) here; "
    "its suffix picks the format.",
)
@account_option
@timeout_option
@json_option
@click.pass_obj
def batch_command(
    state: State,
    connector_id: str,
    action_id: str,
    inputs_path: Path,
    maps: tuple[tuple[str, str], ...],
    workers: int,
    out: Path | None,
    outcome: Path | None,
    account_name: str | None,
    timeout: float | None,
) -> None:
    """Run ACTION of CONNECTOR once per row of a CSV file.

    \b
    connector-lab batch shop order --in ids.csv --map order_id=id --out orders.parquet
    connector-lab batch shop order --in ids.csv --outcome outcome.csv
    connector-lab --json batch shop order --in ids.csv | jq '.rows[] | select(.ok | not)'

    Exit code 1 when any row failed (the others still ran), 0 when all succeeded.
    """
    mapping = mapping_from(maps)
    target = lookup.target(state.workspace(), connector_id, action_id, account_name)
    inputs = read_inputs(inputs_path)
    options: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
    with target.workspace.client(connector_id, target.account, **options) as client:
        done = _run(client, target, inputs, mapping, workers)
    table = outcome_table(done)
    written = write_files(state, done, table, out, outcome)
    state.output.note(
        f"batch {action_id}: {done.succeeded} succeeded, {done.failed} failed of {len(table)} "
        f"rows · {len(done.records)} records"
    )
    show(state, target, done, table, written)
    if done.failed:
        click.get_current_context().exit(EXIT_FAILED)


def _run(client, target: lookup.Target, inputs, mapping, workers: int) -> BatchOutcome:
    """``Client.batch`` with a progress line of our own on stderr (plain lines off a TTY)."""
    progress = Progress(f"batch {target.action.id}")
    finished = {"rows": 0, "failed": 0}

    def on_row(_position: int, row: dict[str, Any]) -> None:
        finished["rows"] += 1
        finished["failed"] += not row["ok"]
        progress.update(f"{finished['rows']}/{len(inputs)} rows · {finished['failed']} failed")

    try:
        return client.batch(
            target.action, inputs, mapping=mapping, workers=workers, progress=False, on_row=on_row
        )
    except ParameterError as exc:
        # Nothing was sent. The engine's message speaks Python (mapping={...}): add how to
        # map a column on the command line.
        raise click.UsageError(
            f"{printable_lines(str(exc))}\n(map a column to a parameter with --map COLUMN=PARAM)"
        ) from None
    finally:
        progress.close()


COMMANDS = [batch_command]
