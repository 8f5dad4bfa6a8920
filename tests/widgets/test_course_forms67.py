"""Lessons 6 and 7 done in the forms: lesson 6's pagination set in the action form's
pagination section, lesson 7's command (shown under the task) pasted into step 1's Import
section and fixed in the forms — Check pressed and the report read where it is displayed."""

from __future__ import annotations

import pytest
from connector_lab.widgets import CoursePanel

from connector_lab.course import start_lesson
from connector_lab.course.lesson7 import curl_command
from connector_lab.sandbox import DEMO_CREDENTIALS

from .test_course_forms import apply_and_choose, step1, step2
from .test_course_panel import press_check
from .tree import displayed

KEY = DEMO_CREDENTIALS.api_key


@pytest.fixture(scope="module")
def lessons():
    """Lessons 6 and 7 (English), each on a sandbox of its own, stopped at the end."""
    runs = {n: start_lesson(n) for n in (6, 7)}
    yield runs
    for run in runs.values():
        run.stop()


# -- lesson 6: pagination and a harvest of all pages -------------------------------------------
def fill_lesson6(panel: CoursePanel, host: str, *, style: str) -> None:
    step1(panel, "Paged", host, "none")
    step2(panel, "items", "/paged/pages")
    displayed(panel, "cl-pagination").style.value = style  # the action form's 分页 section
    apply_and_choose(panel, {})


def test_lesson6_page_numbers_set_in_the_pagination_section_pass(lessons):
    panel = CoursePanel(lessons[6])
    fill_lesson6(panel, lessons[6].host, style="page")
    assert panel.factory.action_list.actions[0].pagination.page_param == "page"
    report = press_check(panel)
    assert "Lesson 6: well done — everything is right." in report, report
    assert "all 95 rows harvested, 10 page(s)" in report and "<table" in report


def test_lesson6_no_pagination_is_told_it_got_the_first_page_only(lessons):
    panel = CoursePanel(lessons[6])
    fill_lesson6(panel, lessons[6].host, style="none")
    report = press_check(panel)
    assert "got 10 of 95 rows — only the first page came back" in report, report
    assert "set the action&#x27;s pagination (style page)" in report and "<table" not in report


# -- lesson 7: a cURL command imported and fixed -----------------------------------------------
def import_the_command(panel: CoursePanel) -> None:
    """Copy the command shown under the task into step 1's Import section; Preview, Create."""
    shown = displayed(panel, "cl-lesson-header").value
    assert "cl-lesson-material" in shown
    command = panel.lesson_run.material
    assert command == curl_command(panel.lesson_run.host) and "X-Shop-Key" in shown
    displayed(panel, "cl-import-source").value = "curl"
    displayed(panel, "cl-import-text").value = command
    displayed(panel, "cl-import-preview").click()
    displayed(panel, "cl-import-create").click()
    assert "cl-imported" in panel.factory.import_panel.message.value


def fix_in_the_forms(panel: CoursePanel) -> None:
    """Protocol http; API key in header X-Shop-Key; the path /orders/{id} (its path parameter
    appears) and the static key header removed; an account holding the key, chosen."""
    form = panel.factory.connector_form
    form.fields["protocol"].value = "http"
    form.auth_type.value = "api_key"
    settings = form.settings.fields
    settings["location"].value = "header"
    settings["name"].value = "X-Shop-Key"
    action = panel.factory.action_list.form
    action.fields["path"].value = "/orders/{id}"
    assert [row.name.value for row in action.tables["path"].rows] == ["id"]
    (static,) = action.tables["header"].rows
    static.remove.click()
    apply_and_choose(panel, {"token": KEY})


def test_lesson7_the_command_imported_and_fixed_in_the_forms_passes(lessons):
    panel = CoursePanel(lessons[7])
    import_the_command(panel)
    fix_in_the_forms(panel)
    displayed(panel.factory.run_panel, "cl-param-input-id").value = "42"
    report = press_check(panel)
    assert "Lesson 7: well done — everything is right." in report, report
    assert "order 42 came back, one row" in report and "<table" in report
    assert KEY not in report


def test_lesson7_the_import_left_as_it_is_is_told_each_mistake(lessons):
    panel = CoursePanel(lessons[7])
    import_the_command(panel)
    report = press_check(panel)
    assert "the sandbox speaks http" in report, report
    assert "the imported path /orders/42 has the order id 42 written in" in report
    assert "the key is stored in the connector" in report and "move it to an auth account" in report
    assert KEY not in report and "<table" not in report


def test_in_chinese_the_command_is_shown_and_the_import_left_as_it_is_is_told_in_chinese(lessons):
    panel = CoursePanel(lessons[7])
    panel.factory.language_picker.value = "zh"
    assert "要导入的命令" in displayed(panel, "cl-lesson-header").value
    import_the_command(panel)
    report = press_check(panel)
    assert "密钥保存在连接器里" in report and KEY not in report


def test_lesson6_in_chinese_no_pagination(lessons):
    panel = CoursePanel(lessons[6])
    panel.factory.language_picker.value = "zh"
    fill_lesson6(panel, lessons[6].host, style="none")
    assert "只取到 95 行中的 10 行" in press_check(panel)
