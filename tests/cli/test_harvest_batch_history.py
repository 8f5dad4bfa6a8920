"""``connector-lab harvest``, ``batch`` and ``history`` as real processes against a canary
sandbox: files read back, exit codes, progress on stderr (never on stdout), and what the
server received. Every call goes through :func:`tests.cli.conftest.invoke`, which also
proves there is no traceback and no canary secret in the output."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from connector_lab import Action, AuthAccount, Pagination, Param, Workspace
from connector_lab.sandbox import serve
from tests.cli.conftest import CliSetup, invoke, query_key_connector
from tests.conftest import sandbox_shop
from tests.engine.conftest import CANARY, CANARY_SECRETS

PAGED = "GET /paged/pages 200"


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Iterator[CliSetup]:
    """A canary sandbox and a workspace: ``shop`` (the sandbox shop plus ``items``, page
    number paging over /paged/pages stored with the action) and ``query-key``, each with one
    account holding the canary API key."""
    requests: list[str] = []
    root = tmp_path_factory.mktemp("cli-harvest-ws")
    with serve(credentials=CANARY, log=requests.append) as api:
        connector = sandbox_shop(api)
        items = Action(
            id="items",
            name="Items",
            path="/paged/pages",
            records_path="$.data",
            params=[Param(name="total", type="integer", default=95)],
            pagination=Pagination(style="page", size_param="per_page", page_size=10),
        )
        connector = connector.model_copy(update={"actions": [*connector.actions, items]})
        workspace = Workspace(root)
        for connector_id, found in (("shop", connector), ("query-key", query_key_connector(api))):
            workspace.save(found, connector_id)
            workspace.save_account(
                connector_id, AuthAccount(name="test", values={"token": CANARY.api_key})
            )
        yield CliSetup(api, root, requests)


def sent_since(setup: CliSetup, before: int) -> list[str]:
    return [line for line in setup.requests[before:] if "/slow" not in line]


def test_harvest_streams_every_page_to_csv_with_progress_on_stderr(shop, tmp_path):
    before = len(shop.requests)
    target = tmp_path / "items.csv"
    done = invoke("harvest", "shop", "items", "--out", str(target), workspace=shop.workspace)
    assert done.code == 0, done.err
    assert sent_since(shop, before) == [PAGED] * 10  # 95 records, 10 a page
    assert pd.read_csv(target)["id"].tolist() == list(range(1, 96))
    assert done.out == ""  # progress and the summary are for people: stderr only
    assert "harvest items: 1 page · 10 records\n" in done.err  # the first progress line
    assert "\r" not in done.err  # stderr is a pipe here: plain lines, no redrawn bar
    summary = done.err.strip().splitlines()[-1]
    assert summary.startswith("harvest items: 10 pages · 95 records · short page (5 of 10")
    assert summary.endswith(f"wrote {target}")


def test_harvest_json_reports_a_parquet_harvest_and_limits_apply(shop, tmp_path):
    target = tmp_path / "items.parquet"
    done = invoke(
        "harvest", "shop", "items", "-p", "total=42", "--max-records", "35",
        "--out", str(target), "--json", workspace=shop.workspace,
    )  # fmt: skip
    assert done.code == 0, done.err
    report = json.loads(done.out)  # stdout holds the JSON alone
    assert {k: report[k] for k in ("ok", "connector", "action", "account", "format")} == {
        "ok": True, "connector": "shop", "action": "items", "account": "test",
        "format": "Parquet",
    }  # fmt: skip
    assert (report["pages"], report["records"], report["stop"]) == (4, 35, "max_records 35 reached")
    assert report["path"] == str(target) and report["columns"] == ["id", "name", "value"]
    assert pd.read_parquet(target)["id"].tolist() == list(range(1, 36))
    assert "harvest items: 1 page · 10 records" in done.err


def test_harvest_without_out_prints_a_bounded_table_and_says_what_was_left_out(shop):
    done = invoke("harvest", "shop", "items", "-p", "total=63", workspace=shop.workspace)
    assert done.code == 0, done.err
    header, *rows = done.out.splitlines()
    assert header.split() == ["id", "name", "value"]
    assert [row.split()[0] for row in rows] == [str(n) for n in range(1, 51)]
    assert "showing the first 50 of 63 rows (13 left out)" in done.err


def test_harvest_refuses_a_workbook_before_anything_is_sent(shop, tmp_path):
    before = len(shop.requests)
    done = invoke(
        "harvest", "shop", "items", "--out", str(tmp_path / "items.xlsx"), workspace=shop.workspace
    )
    assert done.code == 2
    assert "cannot be streamed page by page" in done.err and ".parquet" in done.err
    assert sent_since(shop, before) == []


def write_ids(path: Path, ids: list[str]) -> Path:
    path.write_text("order_id,note\n" + "".join(f"{i},row {i}\n" for i in ids))
    return path


def test_batch_with_failing_rows_exits_1_and_the_outcome_has_every_row(shop, tmp_path):
    inputs = write_ids(tmp_path / "ids.csv", ["1", "0", "3", "999999999"])  # 0 and 999… 404
    before = len(shop.requests)
    done = invoke(
        "batch", "shop", "order", "--in", str(inputs), "--map", "order_id=id",
        "--out", str(tmp_path / "orders.csv"), "--outcome", str(tmp_path / "outcome.csv"),
        workspace=shop.workspace,
    )  # fmt: skip
    assert done.code == 1, done.err
    assert sorted(sent_since(shop, before)) == [
        "GET /orders/0 404", "GET /orders/1 200", "GET /orders/3 200", "GET /orders/999999999 404"
    ]  # fmt: skip
    outcome = pd.read_csv(tmp_path / "outcome.csv")
    assert outcome["row"].tolist() == [0, 1, 2, 3]
    assert outcome["order_id"].tolist() == [1, 0, 3, 999999999]
    assert outcome["ok"].tolist() == [True, False, True, False]
    assert outcome["status"].tolist() == [200, 404, 200, 404]
    assert outcome["error"].isna().tolist() == [True, False, True, False]
    assert "does not exist" in outcome["error"][1]
    records = pd.read_csv(tmp_path / "orders.csv")
    assert records["id"].tolist() == [1, 3]
    assert done.out == ""
    assert "batch order: 2 succeeded, 2 failed of 4 rows · 2 records" in done.err


def test_batch_all_good_exits_0_with_a_json_outcome(shop, tmp_path):
    inputs = tmp_path / "ids.csv"
    inputs.write_text("id\n5\n6\n7\n")  # the column is named like the parameter: no --map
    done = invoke(
        "--json", "batch", "shop", "order", "--in", str(inputs), "--workers", "2",
        workspace=shop.workspace,
    )  # fmt: skip
    assert done.code == 0, done.err
    outcome = json.loads(done.out)
    assert (outcome["ok"], outcome["succeeded"], outcome["failed"], outcome["records"]) == (
        True, 3, 0, 3,
    )  # fmt: skip
    assert [(r["row"], r["id"], r["status"], r["ok"]) for r in outcome["rows"]] == [
        (0, "5", 200, True), (1, "6", 200, True), (2, "7", 200, True)
    ]  # fmt: skip
    assert "batch order: 3 succeeded, 0 failed of 3 rows" in done.err


def test_batch_missing_column_exits_2_and_sends_nothing(shop, tmp_path):
    inputs = write_ids(tmp_path / "ids.csv", ["1", "2"])
    before = len(shop.requests)
    done = invoke(
        "batch", "shop", "order", "--in", str(inputs), "--outcome", str(tmp_path / "oc.csv"),
        workspace=shop.workspace,
    )  # fmt: skip
    assert done.code == 2
    assert "id: is required but no column fills it; columns: 'order_id', 'note'" in done.err
    assert "--map COLUMN=PARAM" in done.err
    assert sent_since(shop, before) == []
    assert not (tmp_path / "oc.csv").exists()


def test_batch_names_an_unreadable_csv(shop, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    done = invoke("batch", "shop", "order", "--in", str(empty), workspace=shop.workspace)
    assert done.code == 2
    assert f"cannot read {str(empty)!r} as CSV" in done.err and "header row" in done.err


def test_history_shows_runs_with_filters_and_holds_no_canary(shop, tmp_path):
    workspace = tmp_path / "ws"
    shutil.copytree(shop.workspace, workspace, ignore=shutil.ignore_patterns("history"))
    assert invoke("run", "query-key", "items", workspace=workspace).code == 0
    assert invoke("run", "shop", "fail", "-p", "status=503", workspace=workspace).code == 1

    # --workspace wins over the environment's (empty) workspace.
    listed = invoke("--workspace", str(workspace), "history", workspace=tmp_path / "other")
    assert listed.code == 0, listed.err
    header, *rows = listed.out.splitlines()
    assert header.split()[:4] == ["time", "kind", "connector", "action"]
    assert [row.split()[3:6] for row in rows] == [
        ["run", "shop", "fail"],
        ["run", "query-key", "items"],
    ]
    only = invoke("--json", "history", "--status", "ok", "--kind", "run", workspace=workspace)
    entries = json.loads(only.out)
    assert [(e["connector"], e["status"], e["account"]) for e in entries] == [
        ("query-key", 200, "test")
    ]
    assert "api_key=" in entries[0]["url"]  # the key's place is there, its value masked
    errors = invoke("history", "--status", "503", "--connector", "query-key", workspace=workspace)
    assert (errors.code, errors.out) == (0, "")
    assert "no entries in the run history" in errors.err and "status=503" in errors.err
    journal = "".join(p.read_text() for p in (workspace / "history").glob("runs*.jsonl"))
    assert journal.count("\n") == 2
    assert [c for c in CANARY_SECRETS if c in journal] == []
