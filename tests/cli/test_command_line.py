"""``connector-lab`` as a user and a script meet it: the tables and JSON it prints, the exit
codes (0 ok, 1 the run failed, 2 usage), the workspace from ``--workspace`` or the
environment — each through a real process (see conftest.py: every call also proves there is
no traceback and no canary secret in its output)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from connector_lab.sandbox.data import order as sandbox_order
from tests.cli.conftest import invoke

SCRIPT = Path(sys.executable).parent / "connector-lab"


def test_help_is_quick_and_loads_neither_pandas_nor_requests(tmp_path):
    code = (
        "import sys\n"
        "from connector_lab.cli import main\n"
        "try:\n    main(['run', '--help'])\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print(code, sorted(m for m in ('pandas', 'requests') if m in sys.modules))\n"
    )
    done = invoke("-c", code, workspace=tmp_path, program=[sys.executable])
    assert "-p, --param KEY=VALUE" in done.out and "--account NAME" in done.out
    assert done.out.strip().splitlines()[-1] == "0 []"


def test_list_through_the_installed_script_reads_the_environments_workspace(cli_setup):
    program = str(SCRIPT) if SCRIPT.exists() else shutil.which("connector-lab")
    assert program, "the connector-lab console script is not installed"
    done = invoke("list", workspace=cli_setup.workspace, program=[program])
    assert done.code == 0, done.err
    header, *rows = done.out.splitlines()
    assert header.split() == ["id", "name", "host", "auth", "actions"]
    assert rows[1].split() == [
        "sandbox-shop", "Sandbox", "shop", cli_setup.api.host_port, "api_key", "8"
    ]  # fmt: skip
    assert rows[0].split()[0] == "query-key"


def test_workspace_option_wins_over_the_environment_and_json_parses(cli_setup, tmp_path):
    done = invoke("--workspace", str(cli_setup.workspace), "list", "--json", workspace=tmp_path)
    assert done.code == 0, done.err
    listed = json.loads(done.out)
    assert [row["id"] for row in listed] == ["query-key", "sandbox-shop"]
    assert listed[1] == {
        "id": "sandbox-shop",
        "name": "Sandbox shop",
        "host": cli_setup.api.host_port,
        "auth": "api_key",
        "actions": 8,
        "error": None,
    }
    empty = invoke("--json", "list", workspace=tmp_path)  # the environment's: nothing there
    assert (empty.code, json.loads(empty.out)) == (0, [])
    assert "no connectors in workspace" in empty.err


def test_a_broken_connector_file_is_listed_with_its_error_and_exit_code_1(cli_setup, tmp_path):
    shutil.copytree(cli_setup.workspace, tmp_path / "ws")
    (tmp_path / "ws" / "connectors" / "broken.json").write_text('{"schema_version": 2, "conn')
    done = invoke("list", workspace=tmp_path / "ws")
    assert done.code == 1
    assert "sandbox-shop" in done.out and "broken" in done.out
    assert "cannot load broken: " in done.err and "broken.json" in done.err


def test_show_a_connector_names_its_accounts_never_their_values(cli_setup):
    done = invoke("show", "sandbox-shop", workspace=cli_setup.workspace)
    assert done.code == 0, done.err
    assert "accounts     test (token: set)" in done.out
    assert f"origin       http://{cli_setup.api.host_port}" in done.out
    actions = done.out.split("\nactions\n")[1].splitlines()
    assert actions[0].split() == ["id", "method", "path", "params", "pagination", "name"]
    assert actions[7].split()[:3] == ["echo", "PUT", "/echo/{id}"]


def test_show_an_action_as_json(cli_setup):
    done = invoke("--json", "show", "sandbox-shop", "echo", workspace=cli_setup.workspace)
    assert done.code == 0, done.err
    shown = json.loads(done.out)
    assert (shown["connector"], shown["id"], shown["method"]) == ("sandbox-shop", "echo", "PUT")
    assert [(p["name"], p["location"]) for p in shown["params"]] == [
        ("id", "path"),
        ("q", "query"),
        ("X-Trace", "header"),
        ("item.qty", "body"),
    ]


def test_run_prints_the_records_as_a_table_and_the_status_on_stderr(cli_setup):
    before = len(cli_setup.requests)
    done = invoke(
        "run", "sandbox-shop", "orders", "-p", "count=3", "--account", "test",
        workspace=cli_setup.workspace,
    )  # fmt: skip
    assert done.code == 0, done.err
    sent = [r for r in cli_setup.requests[before:] if "/slow" not in r]
    assert sent == ["GET /orders 200"]  # one request, and the canary key was accepted
    header, *rows = done.out.splitlines()
    assert header.split()[:3] == ["id", "number", "created_at"]
    numbers = [row.split()[1] for row in rows]
    assert numbers == [sandbox_order(cli_setup.api.seed, i)["number"] for i in (1, 2, 3)]
    assert done.err.startswith("HTTP 200 OK · ") and "· 3 records · GET http://" in done.err


def test_run_json_for_scripts_masks_a_key_in_the_query(cli_setup):
    done = invoke("run", "query-key", "items", "--json", workspace=cli_setup.workspace)
    assert done.code == 0, done.err
    result = json.loads(done.out)
    assert (result["ok"], result["status"], result["account"]) == (True, 200, "test")
    assert isinstance(result["elapsed"], float) and result["elapsed"] >= 0
    assert result["count"] == len(result["records"]) > 0
    assert "api_key=" in result["url"]  # the key travelled (the canary check proves masked)


def test_run_writes_the_table_by_suffix_with_out(cli_setup, tmp_path):
    target = tmp_path / "orders.csv"
    done = invoke(
        "run", "sandbox-shop", "orders", "-p", "count=4", "--out", str(target),
        workspace=cli_setup.workspace,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert done.out == "" and f"wrote 4 rows to {target}" in done.err
    frame = pd.read_csv(target)
    assert list(frame["id"]) == [1, 2, 3, 4] and "customer.address.city" in frame.columns


def test_an_http_error_status_exits_1_with_a_json_outcome(cli_setup):
    done = invoke(
        "--json", "run", "sandbox-shop", "fail", "-p", "status=503",
        workspace=cli_setup.workspace,
    )  # fmt: skip
    assert done.code == 1
    outcome = json.loads(done.out)
    assert (outcome["ok"], outcome["status"], outcome["records"]) == (False, 503, [])
    assert "HTTP 503 Service Unavailable" in done.err


def test_a_transport_failure_exits_1_with_the_engines_message(cli_setup):
    done = invoke(
        "run", "sandbox-shop", "slow", "-p", "delay=3", "--timeout", "0.3",
        workspace=cli_setup.workspace,
    )  # fmt: skip
    assert done.code == 1
    assert done.out == ""
    assert "Error: GET http://" in done.err and "no answer within 0.3 s" in done.err


USAGE = {
    "unknown connector": (
        ["run", "nope", "orders"],
        "no connector 'nope' in workspace",
        "connectors: query-key, sandbox-shop",
    ),
    "unknown action": (["run", "sandbox-shop", "nope"], "has no action 'nope'", "orders_plain"),
    "unknown account": (
        ["run", "sandbox-shop", "orders", "--account", "prod"],
        "has no account 'prod'",
        "accounts: test",
    ),
    "bad -p syntax": (
        ["run", "sandbox-shop", "orders", "-p", "count"],
        "'count' is not key=value",
        "-p count=5",
    ),
    "bad value": (
        ["run", "sandbox-shop", "orders", "-p", "count=many"],
        "'many' is not an integer",
        "give e.g. 42",
    ),
    "bad --out": (
        ["run", "sandbox-shop", "orders", "--out", "orders.txt"],
        "cannot tell the format of 'orders.txt'",
        ".parquet",
    ),
}


@pytest.mark.parametrize("case", USAGE, ids=str)
def test_usage_errors_exit_2_naming_what_and_the_fix(cli_setup, case, tmp_path):
    args, what, fix = USAGE[case]
    before = len(cli_setup.requests)
    done = invoke(*args, workspace=cli_setup.workspace, cwd=tmp_path)
    assert done.code == 2
    assert done.out == ""
    assert what in done.err and fix in done.err
    assert "Usage: connector-lab run" in done.err
    # Refused before anything was sent (a /slow answer of an earlier test may still log).
    assert [r for r in cli_setup.requests[before:] if "/slow" not in r] == []
    assert not (tmp_path / "orders.txt").exists()
