"""Lesson 5 done in the forms: GET /orders, the expected response parsed from a sample in the
action form, the records path, Run, "Save table" at the test step — Check pressed and the
report read where it is displayed; and the records path left out, with its words."""

from __future__ import annotations

import json

import pytest
from connector_lab.widgets import CoursePanel

from connector_lab.course import LESSONS, start_lesson

from .test_course_forms import apply_and_choose, step1, step2
from .test_course_panel import press_check
from .tree import displayed

SAMPLE = {"data": [{"id": 1, "number": "SO-1", "status": "paid", "total": 9.5}], "total": 1}


@pytest.fixture(scope="module")
def lesson5():
    run = start_lesson(5)
    yield run
    run.stop()


def fill_lesson5(panel: CoursePanel, host: str, *, records_path: str) -> None:
    """Steps 1–4: no auth, GET /orders, the sample parsed, the records path; Run; Save (CSV)."""
    step1(panel, "Shop", host, "none")
    step2(panel, "orders", "/orders")
    form = panel.factory.action_list.form
    form.response_sample.value = json.dumps(SAMPLE)
    displayed(form, "cl-response-parse").click()
    form.fields["records_path"].value = records_path
    apply_and_choose(panel, {})
    run = panel.factory.run_panel
    displayed(run, "cl-run").click()
    displayed(run, "cl-save-table-format").value = "csv"
    displayed(run, "cl-save-table").click()
    assert "Saved" in displayed(run, "cl-save-table-status").value


def test_lesson5_is_done_in_the_forms():
    assert LESSONS[5].check_values == ("export",)


def test_lesson5_sample_records_path_and_saved_table_pass(lesson5, tmp_path):
    panel = CoursePanel(lesson5, workspace=tmp_path)
    fill_lesson5(panel, lesson5.host, records_path="$.data[*]")
    saved = panel.factory.run_panel.last_saved
    assert saved == tmp_path / "exports" / "orders.csv"
    assert panel.values() == {"export": str(saved)}
    report = press_check(panel)
    assert "Lesson 5: well done — everything is right." in report, report
    assert "the answer matches the expected response" in report
    assert "the export file orders.csv holds the" in report and "<table" in report


def test_lesson5_without_a_records_path_is_told_to_set_it(lesson5, tmp_path):
    panel = CoursePanel(lesson5, workspace=tmp_path)
    fill_lesson5(panel, lesson5.host, records_path="")
    report = press_check(panel)
    assert "orders as a nested list: set the records path to $.data[*]" in report, report
    assert "<table" not in report


def test_lesson5_in_chinese_without_a_records_path(lesson5, tmp_path):
    panel = CoursePanel(lesson5, workspace=tmp_path)
    panel.factory.language_picker.value = "zh"
    step1(panel, "Shop", lesson5.host, "none")
    step2(panel, "orders", "/orders")
    apply_and_choose(panel, {})
    run = panel.factory.run_panel
    displayed(run, "cl-run").click()
    displayed(run, "cl-save-table").click()
    assert "已保存 25 行到" in displayed(run, "cl-save-table-status").value
    report = press_check(panel)
    assert "执行动作 orders 没有接口返回示例" in report, report
    assert "请把记录路径（records path）设为 $.data[*]" in report


def test_other_lessons_get_no_export_value(tmp_path):
    with start_lesson(1) as run:
        panel = CoursePanel(run, workspace=tmp_path)
        panel.factory.run_panel.save_table.last_saved = tmp_path / "x.csv"
        assert "export" not in panel.values()
