"""The run panel's "Save table": the table of the last run written to the workspace's exports
folder by the engine's writer, in each format, read back; its name checked; nothing written
before a run; a download link; no secret in the name or the status."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from connector_lab.widgets import ConnectorFactory, RunPanel, save_table

from connector_lab import Workspace

from .harvesting import paged_shop, sandbox_account
from .tree import displayed


@pytest.fixture
def factory(shop, shop_account, tmp_path) -> ConnectorFactory:
    return ConnectorFactory(shop, [shop_account], workspace=Workspace(tmp_path / "ws"))


def ran(factory: ConnectorFactory, count: str = "7") -> RunPanel:
    """The shop's orders action run with ``count`` rows, through the run panel's widgets."""
    panel = factory.run_panel
    panel.action.value = "orders"
    displayed(panel, "cl-param-input-count").value = count
    displayed(panel, "cl-run").click()
    assert len(panel.frame) == int(count)
    return panel


def save(panel: RunPanel, fmt: str | None = None, name: str | None = None) -> str:
    """Choose the format, type the name (when given), press Save; the status shown."""
    if fmt is not None:
        displayed(panel, "cl-save-table-format").value = fmt
    if name is not None:
        displayed(panel, "cl-save-table-name").value = name
    displayed(panel, "cl-save-table").click()
    return displayed(panel, "cl-save-table-status").value


def read_back(file: Path) -> pd.DataFrame:
    if file.suffix == ".csv":
        return pd.read_csv(file)
    if file.suffix == ".xlsx":
        return pd.read_excel(file)
    if file.suffix == ".parquet":
        return pd.read_parquet(file)
    return pd.DataFrame([json.loads(line) for line in file.read_text("utf-8").splitlines()])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_each_format_is_written_to_the_exports_folder_and_reads_back(factory, tmp_path, fmt):
    panel = ran(factory)
    status = save(panel, fmt)
    file = panel.last_saved
    assert file == tmp_path / "ws" / "exports" / f"orders.{fmt}"
    assert len(read_back(file)) == 7
    assert "Saved 7 row(s) to" in status and str(file) in status
    link = displayed(panel, "cl-save-table-download").value
    assert f'download="orders.{fmt}"' in link and "base64," in link


def test_the_default_name_is_the_action_id_and_follows_the_format(factory):
    panel = ran(factory)
    name = displayed(panel, "cl-save-table-name")
    assert name.value == "orders.csv"
    displayed(panel, "cl-save-table-format").value = "parquet"
    assert name.value == "orders.parquet"
    name.value = "march.parquet"
    displayed(panel, "cl-save-table-format").value = "jsonl"
    assert name.value == "march.jsonl"
    ran(factory, "3")  # the same action again: the typed name stays
    assert name.value == "march.jsonl"


def test_nothing_to_save_before_a_run(factory, tmp_path):
    panel = factory.run_panel
    button = displayed(panel, "cl-save-table")
    assert button.disabled and button.description == "Save table"
    assert "Run first" in displayed(panel, "cl-save-table-status").value
    assert panel.save_table.save() is None
    assert panel.last_saved is None and not (tmp_path / "ws" / "exports").exists()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../orders.csv", "file name: &#x27;../orders.csv&#x27; is a path — type a file name only"),
        ("orders.txt", "does not end in .csv, the suffix of the chosen format — end it in .csv"),
        ("  ", "file name: empty — type a name such as orders.csv"),
    ],
)
def test_a_bad_name_is_refused_with_its_fix_and_writes_nothing(factory, tmp_path, name, words):
    panel = ran(factory)
    status = save(panel, "csv", name)
    assert words in status and "cl-error" in status, status
    assert "Traceback" not in status and "ConnectorLabError" not in status
    assert panel.last_saved is None
    assert not any((tmp_path / "ws").rglob("orders.*"))


def test_a_bad_name_in_chinese(factory):
    factory.set_language("zh")
    panel = ran(factory)
    assert displayed(panel, "cl-save-table").description == "保存表格"
    status = save(panel, "csv", "a/b.csv")
    assert "文件名: a/b.csv 是路径 —— 只填写文件名" in status, status
    save(panel, "csv", "orders.csv")
    assert "已保存 7 行到" in displayed(panel, "cl-save-table-status").value


def test_all_pages_are_saved_too(sandbox, tmp_path):
    factory = ConnectorFactory(
        paged_shop(sandbox.host_port), [sandbox_account(sandbox)], workspace=tmp_path / "ws"
    )
    panel = factory.run_panel
    panel.action.value = "items"
    displayed(panel, "cl-param-input-total").value = "95"
    displayed(panel, "cl-all-pages").click()
    assert panel.all_pages.job.wait(60)
    assert len(panel.frame) == 95
    assert "Saved 95 row(s)" in save(panel, "parquet")
    assert len(pd.read_parquet(panel.last_saved)) == 95
    assert panel.last_saved == tmp_path / "ws" / "exports" / "items.parquet"


def test_no_secret_in_the_name_or_the_status(factory, sandbox):
    panel = ran(factory)
    status = save(panel, "csv")
    key = sandbox.credentials.api_key
    assert key not in status and key not in str(panel.last_saved)
    assert key not in displayed(panel, "cl-save-table-name").value


def test_without_a_workspace_it_says_so(shop, shop_account):
    panel = ran(ConnectorFactory(shop, [shop_account]))
    status = save(panel, "csv")
    assert "there is no workspace to save the table in" in status
    assert panel.last_saved is None


def test_a_file_over_the_download_limit_gets_no_link_but_says_where_it_is(factory, monkeypatch):
    monkeypatch.setattr(save_table, "DOWNLOAD_LIMIT", 10)
    panel = ran(factory)
    save(panel, "csv")
    shown = displayed(panel, "cl-save-table-download").value
    assert "larger than 20 MB: no download link" in shown and "base64" not in shown
    assert panel.last_saved.is_file()


def test_the_saved_line_follows_a_language_switch(factory):
    panel = ran(factory)
    save(panel, "jsonl")
    factory.set_language("zh")
    assert "已保存 7 行到" in displayed(panel, "cl-save-table-status").value
    assert "下载 orders.jsonl" in displayed(panel, "cl-save-table-download").value
