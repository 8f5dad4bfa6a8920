"""Lesson 6 (pagination, harvest of all pages): the solution harvests all the sandbox's rows;
no pagination, a wrong page parameter and a wrong cursor path fail in plain words."""

from __future__ import annotations

import pytest

from connector_lab import Action, AuthAccount, Connector, NoAuth, Pagination, Param
from connector_lab.course import start_lesson

LESSON = 6


def solution(host: str, path: str = "/paged/pages", pagination=None, **extra) -> Connector:
    params = [Param(name="total", location="query", type="integer", default=extra.get("total", 95))]
    action = Action(id="items", name="Items", path=path, params=params, pagination=pagination)
    return Connector(
        display_name="Paged", host=host, protocol="http", auth=NoAuth(), actions=[action]
    )


@pytest.mark.parametrize(
    ("path", "pagination"),
    [
        ("/paged/pages", Pagination(style="page")),
        ("/paged/cursor", Pagination(style="cursor", cursor_path="$.next_cursor")),
    ],
)
def test_the_solution_harvests_every_row(lesson, path, pagination):
    report = lesson.check(solution(lesson.host, path, pagination), AuthAccount(name="t"))
    assert report.passed, report.text()
    assert len(report.frame) == 95 and report.frame["id"].is_unique
    assert "all 95 rows harvested, 10 page(s)" in report.text()


def test_the_total_param_is_followed(lesson):
    connector = solution(lesson.host, pagination=Pagination(style="page"), total=23)
    report = lesson.check(connector, AuthAccount(name="t"))
    assert report.passed and len(report.frame) == 23


def test_no_pagination_gets_the_first_page(lesson):
    report = lesson.check(solution(lesson.host), AuthAccount(name="t"))
    assert report.codes() == ["lesson6.no_pagination"]
    assert "got 10 of 95 rows" in report.text() and "set the action's pagination" in report.text()
    assert "只取到 95 行中的 10 行" in report.text("zh")


def test_a_wrong_page_parameter_is_named(lesson):
    connector = solution(lesson.host, pagination=Pagination(style="page", page_param="p"))
    report = lesson.check(connector, AuthAccount(name="t"))
    assert report.codes() == ["lesson6.loop"]
    assert "the server does not know the parameter 'p'" in report.text()
    assert "this API's page parameter is 'page'" in report.text()
    assert "该接口的页码参数是“page”" in report.text("zh")


def test_a_wrong_cursor_path_stops_early(lesson):
    pagination = Pagination(style="cursor", cursor_path="$.next")
    report = lesson.check(solution(lesson.host, "/paged/cursor", pagination), AuthAccount(name="t"))
    assert report.codes() == ["lesson6.short"]
    assert "stopped after 10 of 95 rows" in report.text()
    assert "the next cursor path $.next finds nothing" in report.text()
    assert "游标位于 $.next_cursor" in report.text("zh")


def test_a_report_in_chinese():
    with start_lesson(6, language="zh") as run:
        report = run.check(solution(run.host), AuthAccount(name="t"))
    assert "第 6 课" in report.text() and "the " not in report.text()
