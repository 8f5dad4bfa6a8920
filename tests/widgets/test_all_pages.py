"""The run panel's "All pages", headless, against the sandbox's paginated lists over real
HTTP: every record in the table, the progress bar at the page count, Stop ending the run
early (counted at the server), errors in the panel."""

from __future__ import annotations

import time

import ipywidgets as w
import pytest
from connector_lab.widgets import AllPagesSection, ConnectorFactory

from .harvesting import paged_shop, sandbox_account
from .tree import displayed

WAIT = 60  # seconds: generous, the runs take well under one


def factory_on(api) -> ConnectorFactory:
    return ConnectorFactory(paged_shop(api.host_port), [sandbox_account(api)])


def all_pages(factory, action: str, **values: str):
    """Choose ``action``, type ``values``, press the displayed "All pages" button."""
    panel = factory.run_panel
    panel.action.value = action
    for name, value in values.items():
        displayed(panel, f"cl-param-input-{name}").value = value
    displayed(factory, "cl-all-pages").click()
    return panel


def test_the_section_is_displayed_in_the_run_panel(sandbox):
    factory = factory_on(sandbox)
    section = displayed(factory, "cl-all-pages-section")
    assert isinstance(section, AllPagesSection) and section is factory.run_panel.all_pages
    assert displayed(factory, "cl-all-pages").description == "All pages"
    assert displayed(factory, "cl-stop").disabled is True  # nothing to stop yet
    assert isinstance(displayed(factory, "cl-pages-progress"), w.IntProgress)
    factory.set_language("zh")
    assert displayed(factory, "cl-all-pages").description == "全部分页"
    assert displayed(factory, "cl-stop").description == "停止"


def test_all_pages_fills_the_table_with_every_record(fresh_sandbox):
    factory = factory_on(fresh_sandbox)
    panel = all_pages(factory, "items", total="95")
    assert panel.all_pages.job.wait(WAIT)
    assert panel.error.value == ""
    assert len(factory.frame) == 95
    assert factory.frame["id"].tolist() == list(range(1, 96))
    assert "showing 95 of 95 rows" in panel.table.caption.value
    progress = displayed(factory, "cl-pages-progress")
    assert (progress.value, progress.max) == (10, 10)  # 95 records at 10 a page
    assert progress.bar_style == "success"
    summary = displayed(factory, "cl-pages-summary").value
    assert "10 pages · 95 records" in summary and "total 95 reached" in summary
    assert fresh_sandbox.request_count("/paged/pages") == 10
    assert displayed(factory, "cl-all-pages").disabled is False
    assert displayed(factory, "cl-stop").disabled is True


def test_without_a_total_the_bar_still_ends_at_the_page_count(sandbox):
    factory = factory_on(sandbox)
    panel = all_pages(factory, "cursor", total="35")
    assert panel.all_pages.job.wait(WAIT)
    assert len(factory.frame) == 35
    progress = panel.all_pages.progress
    assert (progress.value, progress.max) == (4, 4)


def test_stop_ends_the_run_after_the_current_page(fresh_sandbox):
    factory = factory_on(fresh_sandbox)
    panel = all_pages(factory, "cursor", total="300", delay="0.3")  # 30 slow pages
    section = panel.all_pages
    deadline = time.monotonic() + WAIT
    while section.tally.pages < 2 and time.monotonic() < deadline:
        time.sleep(0.02)  # waiting for the second page to arrive, not timing anything
    assert section.tally.pages >= 2
    displayed(factory, "cl-stop").click()
    assert section.job.wait(WAIT)
    fetched = section.tally.pages
    assert 2 <= fetched < 30
    assert len(factory.frame) == fetched * 10
    # The server saw the pages kept and at most the one fetched ahead, never the rest.
    asked = fresh_sandbox.request_count("/paged/cursor")
    assert fetched <= asked <= fetched + 2 < 30
    assert "stopped by the user" in section.summary.value
    assert section.progress.value == fetched


def test_a_failing_page_is_shown_in_the_panel_masked(sandbox):
    factory = factory_on(sandbox)
    panel = all_pages(factory, "broken")
    assert panel.all_pages.job.wait(WAIT)
    assert "HTTP 500" in panel.error.value and "HTTPStatusError" not in panel.error.value
    assert sandbox.credentials.api_key not in panel.error.value
    assert panel.all_pages.progress.bar_style == "danger"
    assert factory.frame is None


def test_without_an_account_nothing_starts(sandbox):
    factory = factory_on(sandbox)
    factory.run_panel.account.value = None
    assert factory.run_panel.all_pages.start() is None
    assert "choose an auth account (step 3)" in factory.run_panel.error.value


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_progress_text_is_in_the_chosen_language(sandbox, language):
    factory = factory_on(sandbox)
    factory.set_language(language)
    panel = all_pages(factory, "items", total="25")
    assert panel.all_pages.job.wait(WAIT)
    expected = "3 pages · 25 records" if language == "en" else "共 3 页 · 25 条记录"
    assert expected in panel.all_pages.summary.value
