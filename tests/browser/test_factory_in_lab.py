"""The connector factory in JupyterLab, in a real Chromium: fill a connector, an action and
an account through the rendered widgets, press Run, and see the sandbox's table."""

from __future__ import annotations

import re

import pytest

from .conftest import run_all_cells, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_build_and_run_a_connector_through_the_widgets(jupyter_lab, page, tmp_path):
    page.goto(jupyter_lab.notebook_url("01_connector_factory.ipynb"))
    run_all_cells(page)
    factory = page.locator(".cl-try-it")
    factory.wait_for(timeout=90_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    # text_content, not inner_text: Lab hides off-screen cells, whose inner text is empty.
    banner = page.locator(".jp-OutputArea-output", has_text="sandbox host:").first.text_content()
    host = re.search(r"sandbox host: (\S+)", banner).group(1)
    factory.scroll_into_view_if_needed()

    # Step 1: the connector
    factory.locator(".cl-display-name input").fill("Shop")
    factory.locator(".cl-host input").fill("https://wrong.example.com/")
    factory.locator(".cl-error", has_text="includes the protocol").wait_for()
    factory.locator(".cl-host input").fill(host)
    factory.locator(".cl-protocol select").select_option("http")
    factory.locator(".cl-auth-type select").select_option(label="API key")
    factory.locator(".cl-auth-name input").fill("X-API-Key")

    # Step 2: an action
    factory.locator(".lm-TabBar-tab", has_text="2 · Actions").click()
    factory.locator(".cl-new-action").click()
    factory.locator(".cl-action-path input").fill("/orders")
    factory.locator(".cl-apply-action").click()
    factory.locator(".cl-action-picker select option", has_text="new_action").wait_for(
        state="attached"
    )

    # Step 3: an account (the key goes in a password field)
    factory.locator(".lm-TabBar-tab", has_text="3 · Auth accounts").click()
    secret = factory.locator(".cl-account-token input")
    assert secret.get_attribute("type") == "password"
    secret.fill("demo-api-key")
    factory.locator(".cl-apply-account").click()

    # Step 4: run
    factory.locator(".lm-TabBar-tab", has_text="4 · Test").click()
    factory.locator(".cl-test-account select option", has_text="test").wait_for(state="attached")
    factory.locator(".cl-run").click()
    table = factory.locator(".cl-table .dt-scroll-body table")
    table.wait_for(timeout=60_000)
    assert "customer.name" in table.inner_text()
    assert "showing 25 of 25 rows" in factory.locator(".cl-table").inner_text()
    assert "HTTP 200 OK" in factory.locator(".cl-test-status").inner_text()
    assert "demo-api-key" not in factory.locator(".cl-test-panel").inner_text()
    table.scroll_into_view_if_needed()
    assert save_screenshot(page, tmp_path, "factory.png").stat().st_size > 10_000
