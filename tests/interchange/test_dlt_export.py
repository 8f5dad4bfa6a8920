"""to_dlt, the production path proven (issue 12, point 7): the exported dlt rest_api source
runs against the sandbox into DuckDB, and the rows equal connector_lab's own harvest."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

from connector_lab import (
    Action,
    AuthAccount,
    BasicAuth,
    Client,
    Connector,
    Pagination,
    to_dlt,
)

from .paged_shop import TOTAL, api_key_shop, integer, paged_actions

pytest.importorskip("dlt")
duckdb = pytest.importorskip("duckdb")


def paged(api) -> Connector:
    offset = Action(
        id="offset",
        name="Offset",
        path="/paged/offset",
        params=[integer("total", TOTAL)],
        pagination=Pagination(
            style="offset", size_param="limit", page_size=6, total_path="$.total"
        ),
    )
    return api_key_shop(api, [*paged_actions(records_path="$.data[*]"), offset])


def test_exported_source_loads_what_the_harvest_gets(sandbox, tmp_path):
    connector = paged(sandbox)
    (tmp_path / "shop_dlt.py").write_text(to_dlt(connector), encoding="utf-8")
    database = tmp_path / "out.duckdb"
    env = {
        **os.environ,
        "SANDBOX_SHOP_API_KEY": sandbox.credentials.api_key,
        "RUNTIME__DLTHUB_TELEMETRY": "false",
        "DLT_DATA_DIR": str(tmp_path / "dlt-data"),
        "DLT_PROJECT_DIR": str(tmp_path),
        "HOME": str(tmp_path),
    }
    code = (
        "import dlt, shop_dlt; "
        f"print(shop_dlt.load(destination=dlt.destinations.duckdb({str(database)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    account = AuthAccount(name="t", values={"token": sandbox.credentials.api_key})
    with Client(connector, account) as client, duckdb.connect(str(database)) as con:
        for action in ("pages", "cursor", "offset"):
            frame = client.harvest(action)
            rows = con.sql(f"select id, name, value from sandbox_shop.{action} order by id")
            loaded = rows.fetchall()
            assert [r[0] for r in loaded] == list(frame["id"]) == list(range(1, 24))
            assert [(r[1], r[2]) for r in loaded] == list(
                zip(frame["name"], frame["value"], strict=True)
            )


def test_config_maps_auth_and_paginators(sandbox):
    source = to_dlt(paged(sandbox))
    ast.parse(source)
    assert '"type": "page_number"' in source and '"base_page": 1' in source
    assert '"type": "cursor"' in source and '"cursor_path": "$.next_cursor"' in source
    assert '"type": "offset"' in source and '"limit": 6' in source
    assert '"data_selector": "$.data[*]"' in source
    assert '_secret("SANDBOX_SHOP_API_KEY")' in source
    basic = paged(sandbox).model_copy(update={"auth": BasicAuth()})
    assert '"type": "http_basic"' in to_dlt(basic)


def test_dlt_is_not_imported_by_the_engine():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, connector_lab as c; c.to_dlt; c.to_python; "
            "assert 'dlt' not in sys.modules",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
