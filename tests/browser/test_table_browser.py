"""The run panel's table in JupyterLab, in a real Chromium (issue 13, point 5): itables' widget
renders offline, sorts on a header click, keeps its header in place and scrolls inside its own
box both ways while the form above it does not move."""

from __future__ import annotations

import nbformat
import pytest

from .conftest import run_all_cells, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETUP = """\
from connector_lab import Action, ApiKeyAuth, AuthAccount, Connector, Param
from connector_lab.sandbox import DEMO_CREDENTIALS, start
from connector_lab.widgets import ConnectorFactory

api = start()
shop = Connector(
    display_name="Shop", host=api.host_port, protocol="http", auth=ApiKeyAuth(name="X-API-Key"),
    actions=[Action(id="orders", name="Orders", path="/orders",
                    params=[Param(name="count", type="integer", default=60)])],
)
account = AuthAccount(name="test", values={"token": DEMO_CREDENTIALS.api_key})
factory = ConnectorFactory(shop, [account], css_class="cl-table-lab")
factory
"""

SCROLL_BODY = ".cl-table .dt-scroll-body, .cl-table .dataTables_scrollBody"


def write_notebook(root, name: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, root / name)


def box(locator) -> dict:
    return locator.evaluate(
        "e => ({top: e.getBoundingClientRect().top, left: e.getBoundingClientRect().left,"
        " sw: e.scrollWidth, cw: e.clientWidth, sh: e.scrollHeight, ch: e.clientHeight})"
    )


def test_results_table_sorts_scrolls_in_its_box_with_a_fixed_header(jupyter_lab, page, tmp_path):
    page.set_viewport_size({"width": 1000, "height": 1000})
    write_notebook(jupyter_lab.root, "table.ipynb")
    page.goto(jupyter_lab.notebook_url("table.ipynb"))
    run_all_cells(page)
    factory = page.locator(".cl-table-lab")
    factory.wait_for(timeout=90_000)
    factory.locator(".lm-TabBar-tab", has_text="4 · Test").click()
    factory.locator(".cl-test-action select option", has_text="orders").first.wait_for(
        state="attached"
    )
    factory.locator(".cl-run").click()
    factory.locator(".cl-test-status >> text=HTTP 200").wait_for(timeout=60_000)
    body = factory.locator(SCROLL_BODY).first
    body.wait_for(timeout=60_000)
    assert "showing 60 of 60 rows" in factory.locator(".cl-table .cl-rows").first.inner_text()
    header = factory.locator(
        ".cl-table .dt-scroll-head thead, .cl-table .dataTables_scrollHead thead"
    ).first
    assert "customer.name" in header.inner_text() and "int64" in header.inner_text().lower()

    # the table scrolls inside its own box, both ways, and the form above it does not move
    run_button, panel = factory.locator(".cl-run"), factory.locator(".cl-test-panel")
    before, header_before = box(run_button), box(header)
    sizes = box(body)
    assert sizes["sh"] > sizes["ch"] and sizes["sw"] > sizes["cw"], sizes
    body.evaluate("e => { e.scrollTop = 400; e.scrollLeft = 400; }")
    page.wait_for_timeout(300)
    assert body.evaluate("e => [e.scrollTop, e.scrollLeft]") == [400, 400]
    assert box(run_button) == before  # the form stayed where it was
    assert box(header)["top"] == header_before["top"]  # the header stayed in view
    assert panel.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # nothing wider than it

    # a click on a header's sort arrows sorts (its text stays selectable)
    first_id = body.locator("tbody tr").first.locator("td").first
    assert first_id.inner_text() == "1"
    arrows = header.locator("th").first.locator(".dt-column-order")
    for _ in range(2):  # ascending, then descending
        arrows.click()
        page.wait_for_timeout(300)
    assert first_id.inner_text() == "60"
    save_screenshot(page, tmp_path, "table_view.png")
