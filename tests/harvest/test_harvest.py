"""``Client.harvest`` end to end: ``collect(client.pages(...))`` over real HTTP against the
sandbox — every style into one DataFrame, child tables across pages, streamed files, the
limits, and the run history."""

from __future__ import annotations

import pandas as pd
import pytest

from connector_lab import (
    Action,
    Client,
    Connector,
    HarvestReport,
    Pagination,
    Param,
    RunHistory,
)
from tests.harvest.test_styles import DECLARED


@pytest.mark.parametrize("action", list(DECLARED))
def test_every_style_harvests_every_record_once_into_one_frame(paged, action):
    frame = paged.harvest(action, pagination=DECLARED[action], total=57)
    assert frame["id"].tolist() == list(range(1, 58))


def test_auto_detected_pages_use_the_detected_records_path(paged):
    frame = paged.harvest("link", total=23)
    assert frame["id"].tolist() == list(range(1, 24)) and "items" not in frame.columns


def test_concurrent_pages_arrive_in_page_order(paged):
    p = Pagination(style="page", size_param="per_page", page_size=5, total_path="$.total")
    frame = paged.harvest("pages", pagination=p, total=93, workers=6)
    assert frame["id"].tolist() == list(range(1, 94))


def test_max_records_of_the_pagination_cuts_the_last_page(paged):
    p = Pagination(
        style="cursor",
        cursor_path="$.next_cursor",
        size_param="limit",
        page_size=10,
        max_records=25,
    )
    frame = paged.harvest("cursor", pagination=p)
    assert frame["id"].tolist() == list(range(1, 26))


def test_child_tables_keep_unique_keys_across_pages(sandbox):
    orders = Action(
        id="orders",
        name="Orders",
        path="/paged/pages",
        params=[Param(name="total", type="integer"), Param(name="items", default="orders")],
        pagination=DECLARED["pages"],
    )
    connector = Connector(
        display_name="Orders", host=sandbox.host_port, protocol="http", actions=[orders]
    )
    with Client(connector) as client:
        tables = client.harvest("orders", total=30, tables=True)
    assert len(tables) > 1  # the orders have nested lists: child tables exist
    root = next(iter(tables.values()))
    assert len(root) == 30 and root["_id"].is_unique
    for name, table in list(tables.items())[1:]:
        assert table["_id"].is_unique, name
        assert set(table["_parent_id"]) <= set(tables[table.attrs["parent_table"]]["_id"])


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl", ".sqlite"])
def test_a_harvest_streams_to_a_file_equal_to_the_frame(paged, tmp_path, suffix):
    frame = paged.harvest("offset", pagination=DECLARED["offset"], total=44)
    report = paged.harvest(
        "offset", pagination=DECLARED["offset"], total=44, to=tmp_path / f"o{suffix}"
    )
    assert isinstance(report, HarvestReport)
    assert (report.pages, report.records) == (5, 44) and report.path.exists()
    if suffix == ".parquet":
        back = pd.read_parquet(report.path)
        assert back["id"].tolist() == frame["id"].tolist()


def test_every_page_of_a_harvest_is_in_the_history(paged, tmp_path):
    paged.history = RunHistory(tmp_path / "runs.jsonl")
    paged.harvest("next", pagination=DECLARED["next"], total=35)
    pages = paged.history.read(kind="page", order="oldest")
    assert pages["number"].tolist() == [1, 2, 3, 4] and pages["run_id"].nunique() == 1
    assert pages["records"].sum() == 35
