"""Import in JupyterLab, in a real Chromium: a notebook builds an empty factory beside the
sandbox; the test opens step 1's Import section, pastes a cURL command, presses Preview and
Create, goes to the test step, runs the action it made and sees HTTP 200 and the table."""

from __future__ import annotations

import re

import pytest

from connector_lab.sandbox import DEMO_CREDENTIALS

from .conftest import open_setup_notebook, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETUP = """\
from connector_lab.sandbox import start
from connector_lab.widgets import ConnectorFactory

api = start()
print("sandbox url:", api.url)
factory = ConnectorFactory(css_class="cl-import-lab")
factory
"""


def test_import_a_curl_command_then_run_the_action_it_made(jupyter_lab, page, tmp_path):
    open_setup_notebook(jupyter_lab, page, "import_curl.ipynb", SETUP)
    factory = page.locator(".cl-import-lab")
    factory.wait_for(timeout=90_000)
    banner = page.locator(".jp-OutputArea-output", has_text="sandbox url:").first.text_content()
    url = re.search(r"sandbox url: (\S+)", banner).group(1)
    key = DEMO_CREDENTIALS.api_key

    # Step 1: open Import, paste, Preview
    factory.locator(".cl-interchange .jupyter-widget-Collapse-header", has_text="Import").click()
    box = factory.locator(".cl-import-text textarea")
    box.wait_for()
    box.fill(f"curl '{url}/apikey/header/items' \\\n  -H 'X-API-Key: {key}' --compressed")
    factory.locator(".cl-import-preview").click()
    preview = factory.locator(".cl-import-preview-out")
    preview.locator("text=get_header_items").wait_for()
    assert "token=***" in preview.inner_text() and key not in preview.inner_text()

    # Create: the forms are filled, the pasted command is emptied
    factory.locator(".cl-import-create").click()
    factory.locator(".cl-imported").wait_for()
    assert factory.locator(".cl-host input").input_value() == url.split("://")[1]
    assert box.input_value() == ""

    # Step 4: run the imported action with the imported account
    factory.locator(".lm-TabBar-tab", has_text="4 · Test").click()
    factory.locator(".cl-test-account select option", has_text="imported").wait_for(
        state="attached"
    )
    factory.locator(".cl-run").click()
    status = factory.locator(".cl-test-status")
    status.locator("text=HTTP 200").wait_for(timeout=60_000)
    table = factory.locator(".cl-table .dt-scroll-body table")
    table.wait_for(timeout=60_000)
    assert key not in factory.locator(".cl-test-panel").inner_text()
    table.scroll_into_view_if_needed()
    assert save_screenshot(page, tmp_path, "import_curl.png").stat().st_size > 10_000
