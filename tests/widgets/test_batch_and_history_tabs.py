"""The Batch and History tabs of the factory, headless, over real HTTP: the flaky server of
tests/harvest/flaky.py fails chosen rows (a 503, a dropped connection) and records what it
received; the history is the workspace's journal of what the factory ran."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import ipywidgets as w
import pandas as pd
import pytest
from connector_lab.widgets import BatchTab, ConnectorFactory, HistoryTab
from connector_lab.widgets.table_inputs import parse_csv

from connector_lab import AuthAccount, Workspace
from tests.harvest.flaky import FlakyServer

from .harvesting import flaky_shop, paged_shop, sandbox_account
from .tree import displayed

WAIT = 60


@pytest.fixture
def flaky():
    with FlakyServer() as server:
        yield server


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    return Workspace(tmp_path / "ws")


def batch_factory(server, workspace=None, **kw) -> ConnectorFactory:
    factory = ConnectorFactory(
        flaky_shop(server.host_port), [AuthAccount(name="test")], workspace=workspace, **kw
    )
    factory.tabs.selected_index = 4  # the Batch tab: refreshed when shown
    return factory


def upload_value(name: str, content: bytes) -> tuple[dict, ...]:
    """A FileUpload value as the browser sets it (ipywidgets 8)."""
    return (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc),
        },
    )


def served_ids(server) -> list[str]:
    return sorted(r["path"].split("?")[0].rsplit("/", 1)[1] for r in server.requests)


def test_the_batch_and_history_tabs_are_displayed(flaky, workspace):
    factory = batch_factory(flaky, workspace)
    assert isinstance(displayed(factory, "cl-batch"), BatchTab)
    assert isinstance(displayed(factory, "cl-history"), HistoryTab)
    assert factory.tabs.titles[4:] == ("5 · Batch", "6 · History")
    for css in ("frame", "upload", "action", "workers", "run", "rerun", "progress", "table"):
        displayed(factory, f"cl-batch-{css}")
    for css in ("connector", "action", "status", "kind", "refresh", "table"):
        displayed(factory, f"cl-history-{css}")
    assert isinstance(displayed(factory, "cl-batch-upload"), w.FileUpload)
    factory.set_language("zh")
    assert factory.tabs.titles[4:] == ("5 · 批量运行", "6 · 运行日志")
    assert displayed(factory, "cl-batch-rerun").description == "重新运行失败行"


def test_mapping_is_prefilled_by_name_and_marks_required_parameters(flaky):
    orders = pd.DataFrame({"id": [1, 2], "comment": ["a", "b"]})
    factory = batch_factory(flaky, inputs={"orders": orders})
    tab = factory.batch_tab
    assert tab.frame_picker.value == "orders"
    assert displayed(factory, "cl-batch-map-id").value == "id"  # equal names
    assert displayed(factory, "cl-batch-map-note").value is None  # no column of that name
    assert displayed(factory, "cl-batch-map-note").options[1:] == ("id", "comment")
    titles = [row.children[0].value for row in tab.mapping_box.children]
    assert titles == ["id (string) *", "note (string)"]
    displayed(factory, "cl-batch-map-note").value = "id"
    with pytest.raises(ValueError, match="column 'id' is mapped to both 'id' and 'note'"):
        tab.mapping()


def test_a_kernel_dataframe_batch_with_failures_and_a_rerun(flaky, workspace, monkeypatch):
    # The kernel's namespace as IPython gives it (get_ipython().user_ns), without a kernel.
    user_ns = {
        "orders_in": pd.DataFrame({"id": [str(i) for i in range(1, 9)]}),
        "_": pd.DataFrame({"id": ["output history"]}),
        "not_a_frame": [1, 2],
    }
    monkeypatch.setattr("IPython.get_ipython", lambda: SimpleNamespace(user_ns=user_ns))
    factory = batch_factory(flaky, workspace)
    tab = factory.batch_tab
    assert list(tab.frames) == ["orders_in"]
    assert tab.frame_picker.options == (("orders_in (8 rows)", "orders_in"),)
    flaky.fail(status_503=[3], close=[6])
    displayed(factory, "cl-batch-workers").value = 2
    displayed(factory, "cl-batch-run").click()
    assert tab.job.wait(WAIT)
    assert tab.status_line.value == ""
    progress = displayed(factory, "cl-batch-progress")
    assert (progress.value, progress.max) == (8, 8)
    outcome = tab.outcome
    assert (outcome.succeeded, outcome.failed) == (6, 2)
    assert "6 succeeded · 2 failed" in displayed(factory, "cl-batch-counts").value
    table = displayed(factory, "cl-batch-table").value
    assert "showing 8 of 8 rows" in table and "503" in table
    assert served_ids(flaky).count("3") == 1 and len(flaky.requests) == 8
    rerun = displayed(factory, "cl-batch-rerun")
    assert rerun.disabled is False
    flaky.heal()
    rerun.click()
    assert tab.job.wait(WAIT)
    assert (tab.outcome.succeeded, tab.outcome.failed) == (8, 0)
    assert (progress.value, progress.max) == (2, 2)
    # Only the failed rows went out again.
    assert len(flaky.requests) == 10 and served_ids(flaky).count("3") == 2
    assert rerun.disabled is True
    assert len(tab.outcome.records) == 16


def test_an_uploaded_csv_is_parsed_mapped_and_run(flaky):
    factory = batch_factory(flaky)
    tab = factory.batch_tab
    displayed(factory, "cl-batch-upload").value = upload_value(
        "ids.csv", b"item,label\n10,x\n11,y\n12,z\n"
    )
    assert tab.status_line.value == ""
    assert tab.frame_picker.value == "ids.csv"
    assert displayed(factory, "cl-batch-map-id").value is None  # no column named id
    displayed(factory, "cl-batch-map-id").value = "item"
    displayed(factory, "cl-batch-map-note").value = "label"
    displayed(factory, "cl-batch-run").click()
    assert tab.job.wait(WAIT)
    assert tab.outcome.failed == 0 and tab.outcome.succeeded == 3
    assert sorted(r["path"] for r in flaky.requests) == [
        "/items/10?note=x",
        "/items/11?note=y",
        "/items/12?note=z",
    ]
    assert list(tab.outcome.table.columns[:2]) == ["item", "label"]  # the mapped columns


def test_a_bad_csv_is_an_error_naming_the_file(flaky):
    factory = batch_factory(flaky)
    displayed(factory, "cl-batch-upload").value = upload_value("broken.csv", b"\xff\xfe\x00bad")
    message = factory.batch_tab.status_line.value
    assert "broken.csv: not a readable CSV" in message and "UTF-8" in message
    with pytest.raises(ValueError, match=r"empty\.csv: not a readable CSV"):
        parse_csv("empty.csv", b"")
    assert parse_csv("bom.csv", "\ufeffid\n1\n".encode()).columns.tolist() == ["id"]


def test_a_required_parameter_without_a_column_is_refused_before_sending(flaky):
    factory = batch_factory(flaky, inputs={"t": pd.DataFrame({"other": [1, 2]})})
    tab = factory.batch_tab
    tab.run_button.click()
    assert tab.job.wait(WAIT)
    assert "is required but no column fills it" in tab.status_line.value
    assert "ParameterError" not in tab.status_line.value and "id" in tab.status_line.value
    assert flaky.requests == []
    assert tab.run_button.disabled is False


def test_history_shows_the_runs_with_filters(fresh_sandbox, workspace):
    factory = ConnectorFactory(
        paged_shop(fresh_sandbox.host_port), [sandbox_account(fresh_sandbox)], workspace=workspace
    )
    factory.connector_id.value = "paged"
    panel = factory.run_panel
    panel.action.value = "items"
    panel.param_inputs["total"].value = "25"
    panel.run_button.click()  # one run
    panel.all_pages.start()  # three pages
    assert panel.all_pages.job.wait(WAIT)
    panel.action.value = "broken"
    panel.run_button.click()  # one failing run
    factory.tabs.selected_index = 5
    history = factory.history_tab
    assert len(history.frame) == 5
    assert "showing 5 of 5 rows" in displayed(factory, "cl-history-table").value
    assert set(history.frame["connector"]) == {"paged"}
    assert displayed(factory, "cl-history-action").options[1:] == (
        ("broken", "broken"),
        ("items", "items"),
    )
    displayed(factory, "cl-history-kind").value = "page"
    assert len(history.frame) == 3 and set(history.frame["kind"]) == {"page"}
    displayed(factory, "cl-history-kind").value = None
    displayed(factory, "cl-history-status").value = "error"
    assert history.frame["action"].tolist() == ["broken"]
    text = displayed(factory, "cl-history-table").value
    assert fresh_sandbox.credentials.api_key not in text


def test_history_without_a_workspace_says_how_to_get_one(sandbox):
    factory = ConnectorFactory(paged_shop(sandbox.host_port), [sandbox_account(sandbox)])
    factory.tabs.selected_index = 5
    message = displayed(factory, "cl-history-message").value
    assert "workspace=Workspace.default()" in message
    factory.set_language("zh")
    assert "工作区" in displayed(factory, "cl-history-message").value


def test_an_empty_history_says_so(workspace):
    tab = HistoryTab(workspace)
    tab.refresh()
    assert tab.message.value == "No runs recorded yet." and tab.table.value == ""
