"""`make lab`'s launch code serves notebooks/ and the quickstart runs in a real browser."""

from __future__ import annotations

import pytest

from .conftest import run_all_cells, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_quickstart_runs_in_jupyterlab(jupyter_lab, page, tmp_path):
    page.goto(jupyter_lab.notebook_url("00_quickstart.ipynb"))
    run_all_cells(page)

    # The orders table comes from the sandbox API started by the notebook's first cell.
    table = page.wait_for_selector(".jp-OutputArea-output table.dataframe", timeout=90_000)
    header = table.inner_text()
    assert "customer.name" in header
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    table.scroll_into_view_if_needed()
    errors = page.query_selector_all('.jp-OutputArea-output[data-mime-type*="error"]')
    assert save_screenshot(page, tmp_path, "quickstart.png").stat().st_size > 10_000
    assert errors == [], [e.inner_text() for e in errors]
