""" "All pages" in JupyterLab, in a real Chromium: a notebook builds the factory on the
sandbox's paginated list; the test presses the rendered "All pages" button and sees the
progress bar reach the end, the summary and the combined table."""

from __future__ import annotations

import pytest

from .conftest import open_setup_notebook, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETUP = """\
from connector_lab import Action, ApiKeyAuth, AuthAccount, Connector, Pagination, Param
from connector_lab.sandbox import start
from connector_lab.widgets import ConnectorFactory

api = start()
shop = Connector(
    display_name="Paged shop", host=api.host_port, protocol="http",
    auth=ApiKeyAuth(name="X-API-Key"),
    actions=[Action(
        id="items", name="Items", path="/paged/pages", records_path="$.data[*]",
        params=[Param(name="total", type="integer", default=95),
                Param(name="delay", type="number", default=0.3)],
        pagination=Pagination(style="page", size_param="per_page", page_size=10,
                              total_path="$.total"),
    )],
)
factory = ConnectorFactory(
    shop, [AuthAccount(name="test", values={"token": api.credentials.api_key})],
    css_class="cl-harvest-lab",
)
factory.tabs.selected_index = 3
factory
"""


def test_all_pages_fills_the_progress_bar_and_the_table(jupyter_lab, page, tmp_path):
    open_setup_notebook(jupyter_lab, page, "harvest_all_pages.ipynb", SETUP)
    factory = page.locator(".cl-harvest-lab")
    factory.wait_for(timeout=90_000)
    factory.locator(".cl-all-pages").wait_for()
    bar = factory.locator(".cl-pages-progress")
    factory.locator(".cl-all-pages").click()

    # Wait for the final summary: while running it reads "10 of 10 pages · 95 records"
    # (which contains the same words) before the stop reason comes.
    summary = factory.locator(".cl-pages-summary", has_text="total 95 reached")
    summary.wait_for(timeout=60_000)
    assert "10 pages · 95 records" in summary.inner_text()
    # The bar is full: its value is the page count it shows as its maximum.
    width = bar.locator(".progress-bar").evaluate("el => el.style.width")
    assert width in ("100%", "100.0%"), width
    table = factory.locator(".cl-table .dt-scroll-body table")
    table.wait_for(timeout=30_000)
    assert "showing 95 of 95 rows" in factory.locator(".cl-table").inner_text()
    assert factory.locator(".cl-all-pages").is_enabled()
    assert factory.locator(".cl-stop").is_disabled()
    table.scroll_into_view_if_needed()
    assert save_screenshot(page, tmp_path, "harvest-all-pages.png").stat().st_size > 10_000
