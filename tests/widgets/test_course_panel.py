"""The course panel, headless: lesson 1 filled through the widgets (values set, buttons
clicked), Check pressed, and the report read where it is displayed — in English and 中文."""

from __future__ import annotations

import ipywidgets as w
import pytest
from connector_lab.widgets import CoursePanel

from connector_lab.course import start_lesson

from .tree import displayed, walk


@pytest.fixture
def lesson(sandbox):
    """Lesson 1 in English on the session's sandbox (a check resets only its counters)."""
    with start_lesson(1, sandbox=sandbox) as run:
        yield run


def shown(panel: CoursePanel) -> str:
    """Every text the panel's tree displays, joined."""
    return "\n".join(x.value for x in walk(panel) if isinstance(x, w.HTML))


def fill_lesson1(panel: CoursePanel, host: str, *, protocol: str = "http") -> None:
    """The steps as a learner fills them: step 1, an action applied in step 2, an account
    applied in step 3, the account and an id in step 4."""
    form = panel.factory.connector_form
    form.fields["display_name"].value = "Shop"
    form.fields["host"].value = host
    form.fields["protocol"].value = protocol
    action = panel.factory.action_list.form
    action.fields["id"].value = "order"
    action.fields["name"].value = "Order"
    action.fields["path"].value = "/orders/{id}"
    displayed(panel, "cl-apply-action").click()
    displayed(panel, "cl-apply-account").click()
    run = panel.factory.run_panel
    if run.account.options:  # a connector not valid yet offers nothing to run
        run.account.value = "test"
        displayed(run, "cl-param-input-id").value = "4"


def press_check(panel: CoursePanel) -> str:
    displayed(panel, "cl-check-button").click()
    return displayed(panel, "cl-check-report").value


def test_the_panel_shows_the_task_the_host_and_a_check_button(lesson):
    panel = CoursePanel(lesson)
    assert "GET /orders/{id}" in shown(panel) and lesson.host in shown(panel)
    assert displayed(panel, "cl-check-button").description == "Check"
    assert panel.factory.language == "en" and "cl-factory" in panel.factory._dom_classes


def test_lesson1_filled_in_the_forms_passes_and_shows_the_table(lesson):
    panel = CoursePanel(lesson)
    fill_lesson1(panel, lesson.host)
    report = press_check(panel)
    assert "Lesson 1: well done — everything is right." in report
    assert "order 4 came back, one row" in report and "<table" in report
    assert panel.report.passed and list(panel.report.frame["id"]) == [4]


def test_a_host_typed_as_a_url_says_what_is_wrong(lesson):
    panel = CoursePanel(lesson)
    fill_lesson1(panel, f"https://{lesson.host}")
    report = press_check(panel)
    assert "the host must not contain https://" in report
    assert "Traceback" not in report and "<table" not in report


def test_https_and_a_missing_account_are_named(lesson):
    panel = CoursePanel(lesson)
    fill_lesson1(panel, lesson.host, protocol="https")
    panel.factory.run_panel.account.value = None
    report = press_check(panel)
    assert "the sandbox speaks http — choose http" in report
    assert "the test step always runs with an account" in report


def test_an_empty_form_gets_words_not_a_traceback(lesson):
    report = press_check(CoursePanel(lesson))
    assert "a host is required" in report and "Traceback" not in report


def test_an_action_not_applied_is_pointed_out(lesson):
    panel = CoursePanel(lesson)
    fill_lesson1(panel, lesson.host)
    panel.factory.action_list.form.fields["path"].value = "/orders/{id}/x"
    assert "Step 2 (actions) has changes not applied yet" in press_check(panel)


def test_in_chinese_the_button_and_the_report_speak_chinese(sandbox):
    with start_lesson(1, language="zh", sandbox=sandbox) as run:
        panel = CoursePanel(run)
        assert displayed(panel, "cl-check-button").description == "检查"
        assert "沙箱域名" in shown(panel)
        fill_lesson1(panel, f"https://{run.host}")
        report = press_check(panel)
        assert "域名中不要包含 https://" in report
        fill_lesson1(panel, run.host)
        assert "第 1 课：完成 —— 全部正确。" in press_check(panel)


def test_the_language_picker_switches_the_panel_and_the_report(lesson):
    panel = CoursePanel(lesson)
    fill_lesson1(panel, lesson.host)
    press_check(panel)
    panel.factory.language_picker.value = "zh"
    assert displayed(panel, "cl-check-button").description == "检查"
    assert "第 1 课：完成" in displayed(panel, "cl-check-report").value
    assert "第 1 课" in panel.header.value
