"""Lesson 5 (expected response, records path, export): the solution passes and the typical
wrong answers fail with the words a learner needs, in English and in Chinese."""

from __future__ import annotations

import pytest

from connector_lab import Action, AuthAccount, Client, Connector, NoAuth, to_csv, to_parquet
from connector_lab.course import start_lesson

LESSON = 5
SAMPLE = {"data": [{"id": 1, "number": "SO-1", "status": "paid", "total": 9.5}], "total": 1}


def solution(host: str, **changes) -> Connector:
    fields = dict(id="orders", name="Orders", path="/orders", expected_response=SAMPLE)
    action = Action(**{"records_path": "$.data[*]", **fields, **changes})
    return Connector(
        display_name="Shop", host=host, protocol="http", auth=NoAuth(), actions=[action]
    )


def exported(connector: Connector, path, records: str | None = "$.data[*]"):
    with Client(connector, AuthAccount(name="t")) as client:
        frame = client.run("orders").to_frame(records)
    (to_parquet if str(path).endswith(".parquet") else to_csv)(frame, path)
    return path


@pytest.mark.parametrize("name", ["orders.csv", "orders.parquet"])
def test_the_solution_passes_with_its_export(lesson, tmp_path, name):
    connector = solution(lesson.host)
    file = exported(connector, tmp_path / name)
    report = lesson.check(connector, AuthAccount(name="t"), export=str(file))
    assert report.passed, report.text()
    assert len(report.frame) == 25 and "one row per order (25 rows)" in report.text()
    assert "<table" in report.html()


def test_records_path_left_out_gives_one_row(lesson, tmp_path):
    connector = solution(lesson.host, records_path=None)
    file = exported(connector, tmp_path / "o.csv", records="$")
    report = lesson.check(connector, AuthAccount(name="t"), export=str(file))
    assert report.codes() == ["lesson5.records_missing", "lesson5.export_rows"]
    assert "the table has 1 row" in report.text()
    assert "set the records path to $.data[*]" in report.text()
    assert "请把记录路径（records path）设为 $.data[*]" in report.text("zh")
    assert report.frame is None


def test_a_records_path_that_matches_nothing(lesson, tmp_path):
    connector = solution(lesson.host, records_path="$.orders[*]")
    file = exported(connector, tmp_path / "o.csv")
    report = lesson.check(connector, AuthAccount(name="t"), export=str(file))
    assert "lesson5.records_nothing" in report.codes()
    assert "the records path $.orders[*] matches nothing" in report.text()
    assert "匹配不到任何数据" in report.text("zh")


def test_the_export_missing_or_empty(lesson, tmp_path):
    connector = solution(lesson.host)
    report = lesson.check(connector, AuthAccount(name="t"))
    assert report.codes() == ["lesson5.export_missing"]
    assert "no export file was named" in report.text()
    report = lesson.check(connector, AuthAccount(name="t"), export=str(tmp_path / "none.csv"))
    assert report.codes() == ["lesson5.export_not_found"]
    assert "none.csv does not exist" in report.text() and str(tmp_path) not in report.text()
    (tmp_path / "empty.csv").write_text("")
    report = lesson.check(connector, AuthAccount(name="t"), export=str(tmp_path / "empty.csv"))
    assert report.codes() == ["lesson5.export_empty"]
    assert "导出文件 empty.csv 中没有数据行" in report.text("zh")


def test_no_sample_is_named(lesson, tmp_path):
    connector = solution(lesson.host, expected_response=None)
    file = exported(connector, tmp_path / "o.csv")
    report = lesson.check(connector, AuthAccount(name="t"), export=str(file))
    assert report.codes() == ["lesson5.no_sample"]
    assert "has no expected response" in report.text()


def test_a_report_in_chinese():
    with start_lesson(5, language="zh") as run:
        report = run.check(solution(run.host, records_path="$.x[*]"), AuthAccount(name="t"))
    assert "第 5 课" in report.text() and "the " not in report.text()
