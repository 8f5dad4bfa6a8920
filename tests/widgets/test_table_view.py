"""The run panel's results (issue 13, point 5), headless over real HTTP to the sandbox: a real
table view (itables' widget: sortable, scrolling in its own box, column types shown) and one
render budget for everything the panel shows."""

from __future__ import annotations

import json

import ipywidgets as w
import pandas as pd
import pytest
from connector_lab.widgets import ConnectorFactory
from connector_lab.widgets.table_view import TableView, typed_columns

from connector_lab import Action, Param

from .tree import displayed, walk


def nested(depth: int, width: int) -> object:
    """A JSON value ``width`` wide at each of ``depth`` levels (``width ** depth`` leaves)."""
    if depth == 0:
        return "v"
    return {f"k{i}": nested(depth - 1, width) for i in range(width)}


@pytest.fixture
def factory(shop, shop_account) -> ConnectorFactory:
    big = Action(
        id="echo_big",
        name="Echo a big body",
        method="POST",
        path="/echo",
        params=[Param(name="data", location="body", type="object")],
    )
    connector = shop.model_copy(update={"actions": [*shop.actions, big]})
    return ConnectorFactory(connector, [shop_account])


def rendered_size(panel) -> int:
    """Characters the panel renders: every HTML view and text box in its displayed tree (the
    parameter form the user typed into excluded) plus the data of the table widget."""
    typed = set(map(id, walk(panel.params_box)))
    texts = [
        x.value
        for x in walk(panel)
        if isinstance(x, w.HTML | w.Text | w.Textarea) and id(x) not in typed
    ]
    grids = [x._dt_args for x in walk(panel) if type(x).__name__ == "ITable"]
    data = sum(len(a.get("data_json", "")) + len(a.get("table_html", "")) for a in grids)
    return sum(map(len, texts)) + data


def test_a_1_6_mb_body_renders_well_under_300_kb(factory):
    panel = factory.run_panel
    panel.action.value = "echo_big"
    body = json.dumps(nested(4, 20))  # 160,000 leaves: the echo answers with it twice
    assert 1_500_000 < len(body) < 2_000_000
    displayed(panel, "cl-param-input-data").value = body
    panel.run_button.click()
    assert panel.error.value == "", panel.error.value
    assert len(factory.result.content) > 3_000_000
    size = rendered_size(panel)
    assert size < 300_000, size
    assert "more" in panel.body.value  # the tree says where it stopped
    assert len(panel.curl.value) < 10_000 and panel.curl.value.endswith("…")


def test_results_show_in_a_sortable_scrolling_table_with_types(factory):
    panel = factory.run_panel
    panel.action.value = "orders"
    displayed(panel, "cl-param-input-count").value = "7"
    panel.run_button.click()
    view = displayed(panel, "cl-table")
    assert isinstance(view, TableView)
    grid = displayed(panel, "cl-grid")
    assert type(grid).__name__ == "ITable"  # itables' anywidget, not an HTML string
    args = grid._dt_args
    assert args["scrollX"] is True and args["scrollY"] and args.get("ordering", True)
    assert args["paging"] is False
    header = args["table_html"]
    assert "customer.name" in header and "int64" in header.lower() and "text" in header
    rows = json.loads(args["data_json"])
    assert len(rows) == 7 and rows[0][0] == 1  # no index column: the first is the id
    assert "showing 7 of 7 rows" in view.caption.value


def test_a_body_that_is_no_table_shows_a_message_and_no_grid(factory):
    panel = factory.run_panel
    panel.action.value = "orders"
    panel.run_button.click()
    assert panel.table.grid in panel.table.children
    panel.table.message("<i>no table</i>")
    assert panel.table.children == (panel.table.caption,) and panel.table.data_size == 0


def test_typed_columns_name_each_type():
    frame = pd.DataFrame({"id": [1, 2], "name": ["a", "b"], "tags": [["x"], None]})
    assert list(typed_columns(frame).columns) == ["id · int64", "name · text", "tags · list"]


def test_many_rows_are_bounded():
    view = TableView()
    view.show(pd.DataFrame({"n": range(50_000), "s": ["x" * 80] * 50_000}), "{shown}/{total}")
    assert view.data_size < 100_000
    shown, total = view.caption.value.split(">")[1].split("<")[0].split("/")
    assert (shown, total) == ("1,000", "50,000")
