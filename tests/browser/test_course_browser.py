"""Lesson 1 of the course in JupyterLab, in a real Chromium (issue 15): run the lesson's
notebook, fill the exercise through the CoursePanel's factory — no auth, GET /orders/{id}, an
account, a value for id — press Check and see the success message and the table."""

from __future__ import annotations

import re

import pytest

from .conftest import run_all_cells, save_screenshot, type_until_previewed

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TAB = ".lm-TabBar-tab"


def test_lesson_1_checked_through_the_forms(jupyter_lab, page, tmp_path):
    page.goto(jupyter_lab.notebook_url("course/en/01_no_auth_get.ipynb"))
    run_all_cells(page)
    panel = page.locator(".cl-course-panel")
    panel.locator(".cl-host input").wait_for(timeout=90_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    host = re.search(r"127\.0\.0\.1:\d+", panel.locator(".cl-lesson-host").text_content())[0]
    panel.scroll_into_view_if_needed()

    # Step 1: the connector, no authentication
    panel.locator(".cl-display-name input").fill("Shop")
    panel.locator(".cl-host input").fill(host)
    panel.locator(".cl-protocol select").select_option("http")
    panel.locator(".cl-auth-type select").select_option(label="No authentication")

    # Step 2: GET /orders/{id} (the path makes the id row)
    panel.locator(TAB).nth(1).click()
    panel.locator(".cl-new-action").click()
    panel.locator(".cl-action-path input").fill("/orders/{id}")
    panel.locator(".cl-param-path .cl-param-auto-name", has_text="id").wait_for()
    panel.locator(".cl-apply-action").first.click()
    panel.locator(".cl-action-picker select option", has_text="new_action").wait_for(
        state="attached"
    )

    # Step 3: an account (no values for no auth)
    panel.locator(TAB).nth(2).click()
    panel.locator(".cl-apply-account").first.click()

    # Step 4: choose it, give the id, Check
    panel.locator(TAB).nth(3).click()
    panel.locator(".cl-test-account select option").first.wait_for(state="attached")
    type_until_previewed(panel, {"id": "4"}, shown="/orders/4")
    panel.locator(".cl-check-button").click()
    report = panel.locator(".cl-check-report .cl-check-passed")
    report.wait_for(timeout=60_000)
    text = report.inner_text()
    assert "well done" in text and "order 4 came back" in text
    assert report.locator("table").count() == 1
    report.scroll_into_view_if_needed()
    save_screenshot(page, tmp_path, "course-lesson1-checked.png")
