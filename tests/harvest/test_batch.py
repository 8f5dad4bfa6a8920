"""Batch runs over a table of inputs, against a real HTTP server that fails chosen rows:
mapping, the error before anything is sent, accounting, re-running the failed rows, records
keyed to their rows, progress, and one history entry per row."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from connector_lab import (
    Action,
    BatchOutcome,
    Client,
    Connector,
    Param,
    ParameterError,
    RunHistory,
)

from .flaky import FlakyServer

FAIL_503 = {3, 17, 29, 44}
FAIL_CLOSE = {8, 51}
BAD_VALUE_ROW = 33  # its item_id does not convert to an integer


@pytest.fixture
def server() -> Iterator[FlakyServer]:
    with FlakyServer() as running:
        yield running


def flaky_connector(server: FlakyServer) -> Connector:
    item_id = Param(name="item_id", location="path", type="integer", required=True)
    note = Param(name="note", location="query")
    return Connector(
        display_name="Flaky",
        host=server.host_port,
        protocol="http",
        actions=[
            Action(id="item", name="Item", path="/items/{item_id}", params=[item_id, note]),
            Action(id="csv", name="CSV", path="/csv/{item_id}", params=[item_id]),
            Action(id="empty", name="Empty", path="/empty", params=[note]),
        ],
    )


@pytest.fixture
def client(server) -> Iterator[Client]:
    with Client(flaky_connector(server)) as made:
        yield made


def inputs(n: int = 60) -> pd.DataFrame:
    ids: list[object] = list(range(n))
    ids[BAD_VALUE_ROW] = "not-a-number"
    return pd.DataFrame({"item_id": ids, "region": [f"r{i % 3}" for i in range(n)]})


def test_columns_map_to_parameters_by_name(server, client):
    outcome = client.batch("item", pd.DataFrame({"item_id": [1, 2]}), progress=False)
    assert isinstance(outcome, BatchOutcome)
    assert sorted(r["path"] for r in server.requests) == ["/items/1", "/items/2"]
    assert outcome.succeeded == 2 and outcome.failed == 0
    assert list(outcome.table.columns) == [
        "item_id",
        "status",
        "ok",
        "error",
        "elapsed",
        "retries",
        "records",
    ]


def test_a_mapping_names_the_parameter_of_a_column(server, client):
    frame = pd.DataFrame({"code": [7, 8], "comment": ["a b", None]})
    outcome = client.batch(
        "item", frame, mapping={"code": "item_id", "comment": "note"}, progress=False
    )
    assert outcome.succeeded == 2
    paths = sorted(r["path"] for r in server.requests)
    assert paths == ["/items/7?note=a+b", "/items/8"]  # an empty cell leaves the parameter out
    assert list(outcome.table.columns[:2]) == ["code", "comment"]  # the mapped columns are keys


def test_a_required_parameter_without_a_column_fails_before_anything_is_sent(server, client):
    frame = pd.DataFrame({"id": [1, 2], "note": ["x", "y"]})
    with pytest.raises(ParameterError) as caught:
        client.batch("item", frame, progress=False)
    text = str(caught.value)
    assert "item_id" in text and "'id'" in text and "'note'" in text and "mapping=" in text
    assert caught.value.fields == ["item_id"]
    with pytest.raises(ParameterError, match="'missing' is not an input column") as caught:
        client.batch("item", frame, mapping={"missing": "item_id"}, progress=False)
    with pytest.raises(ParameterError, match="not a parameter"):
        client.batch("item", frame, mapping={"id": "nope"}, progress=False)
    with pytest.raises(ParameterError, match="'zone' is not an input column"):
        client.batch("item", frame, mapping={"id": "item_id"}, keys=["zone"], progress=False)
    assert server.requests == []  # nothing reached the wire


def test_inputs_must_be_a_table(client):
    with pytest.raises(TypeError, match="DataFrame or a list of dicts"):
        client.batch("item", "item_id=1", progress=False)
    with pytest.raises(ParameterError, match="worker count"):
        client.batch("item", [{"item_id": 1}], workers=0, progress=False)


def test_failing_rows_never_stop_the_others_and_every_row_is_accounted(server, client):
    server.fail(status_503=FAIL_503, close=FAIL_CLOSE)
    frame = inputs(60)
    outcome = client.batch("item", frame, workers=6, progress=False, keys=["item_id", "region"])
    table = outcome.table
    assert outcome.succeeded + outcome.failed == len(frame) == len(table)
    failed = set(table.index[~table["ok"]])
    assert failed == FAIL_503 | FAIL_CLOSE | {BAD_VALUE_ROW}
    assert outcome.failed == 7 and outcome.succeeded == 53
    # one row per input, in input order, keyed like the inputs
    assert table["item_id"].tolist() == frame["item_id"].tolist()
    assert table.index.equals(frame.index)
    assert table.loc[sorted(FAIL_503), "status"].tolist() == [503] * 4
    assert table.loc[sorted(FAIL_503), "error"].str.contains("HTTP 503.*busy").all()
    assert table.loc[sorted(FAIL_CLOSE), "status"].isna().all()
    assert table.loc[sorted(FAIL_CLOSE), "error"].str.startswith("TransportError").all()
    assert "not-a-number" in table.loc[BAD_VALUE_ROW, "error"]
    assert table.loc[BAD_VALUE_ROW, "error"].startswith("ParameterError")
    assert table.loc[table["ok"], "status"].eq(200).all()
    assert table.loc[table["ok"], "records"].eq(2).all()
    # the server saw every row but the one whose value did not convert
    seen = {r["path"] for r in server.requests}
    assert f"/items/{BAD_VALUE_ROW}" not in seen and len(seen) == 59
    # the failed inputs are the original rows, index kept
    assert outcome.failed_inputs.equals(frame.loc[sorted(failed)])


def test_records_carry_the_keys_of_their_row(server, client):
    server.fail(status_503={11})
    frame = pd.DataFrame({"item_id": [10, 11, 12], "who": ["a", "b", "c"]})
    outcome = client.batch("item", frame, keys=["who", "item_id"], progress=False)
    records = outcome.records
    assert list(records.columns) == ["_row", "who", "item_id", "id", "n"]
    assert records["_row"].tolist() == [0, 0, 2, 2]  # row order; the failed row has none
    assert records["who"].tolist() == ["a", "a", "c", "c"]
    assert records["id"].tolist() == ["10", "10", "12", "12"]  # the server's own field
    assert records["n"].tolist() == [1, 2, 1, 2]


def test_a_key_named_like_a_record_field_is_renamed(client):
    outcome = client.batch("item", pd.DataFrame({"item_id": [1], "id": ["mine"]}), keys=["id"])
    assert list(outcome.records.columns) == ["_row", "input.id", "id", "n"]
    assert outcome.records["input.id"].tolist() == ["mine", "mine"]


def test_rerun_takes_only_the_failed_rows_and_merges(server, client):
    server.fail(status_503=FAIL_503, close=FAIL_CLOSE)
    frame = inputs(60)
    first = client.batch("item", frame, workers=4, progress=False)
    assert first.failed == 7
    before = len(server.requests)
    server.heal()
    second = first.rerun()
    sent = [r["path"] for r in server.requests[before:]]
    assert sorted(sent) == sorted(f"/items/{i}" for i in FAIL_503 | FAIL_CLOSE)
    assert second.failed == 1 and second.succeeded == 59  # the bad value fails again
    assert list(second.table.index[~second.table["ok"]]) == [BAD_VALUE_ROW]
    assert second.table["item_id"].tolist() == frame["item_id"].tolist()
    # records: two per successful row, in row order, the re-run rows among them
    assert len(second.records) == 2 * 59
    assert second.records["_row"].is_monotonic_increasing
    assert set(second.records["_row"]) == set(range(60)) - {BAD_VALUE_ROW}
    assert first.failed == 7  # the first outcome is unchanged
    assert second.rerun().failed == 1  # nothing left to gain; still accounted


def test_a_list_of_dicts_csv_bodies_and_empty_bodies(client):
    outcome = client.batch("csv", [{"item_id": 4}, {"item_id": 5}], progress=False)
    assert outcome.records.columns.tolist() == ["_row", "item_id", "id", "name"]
    assert outcome.records.values.tolist() == [[0, 4, 4, "row 4"], [1, 5, 5, "row 5"]]
    empty = client.batch("empty", pd.DataFrame({"note": ["a", "b"]}), progress=False)
    assert empty.succeeded == 2 and empty.table["records"].tolist() == [0, 0]
    assert empty.table["status"].tolist() == [204, 204]
    assert len(empty.records) == 0 and list(empty.records.columns) == ["_row", "note"]


def test_on_row_reports_each_row_and_progress_goes_to_stderr(server, client, capsys):
    server.fail(status_503={1})
    seen = []
    outcome = client.batch(
        "item",
        pd.DataFrame({"item_id": [0, 1, 2, 3]}),
        workers=2,
        on_row=lambda position, row: seen.append((position, row["ok"])),
    )
    assert sorted(seen) == [(0, True), (1, False), (2, True), (3, True)]
    assert outcome.failed == 1
    err = capsys.readouterr().err
    assert "item" in err and "4/4" in err and "failed=1" in err


def test_every_row_is_in_the_history(tmp_path, server):
    history = RunHistory(tmp_path / "history" / "runs.jsonl")
    server.fail(status_503={2}, close={4})
    client = Client(flaky_connector(server), history=history)
    frame = pd.DataFrame({"item_id": [0, 1, 2, 3, 4, "x"]})
    outcome = client.batch("item", frame, progress=False)
    rows = history.read(kind="batch", order="oldest").sort_values("number")
    assert len(rows) == 6 and rows["run_id"].nunique() == 1
    assert rows["run_id"].iat[0] == outcome.run_id
    assert rows["number"].tolist() == [0, 1, 2, 3, 4, 5]
    assert rows["ok"].tolist() == [True, True, False, True, False, False]
    assert rows["status"].tolist()[:3] == [200, 200, 503]
    assert rows["records"].tolist()[:2] == [2, 2]
    assert rows["params"].tolist()[5] == {"item_id": "x"}
    assert len(history.read(status="error", run_id=outcome.run_id)) == 3
    server.heal()
    outcome.rerun(progress=False)
    again = history.read(run_id=outcome.run_id)
    assert len(again) == 9 and again["number"].value_counts()[2] == 2  # the re-run is logged
