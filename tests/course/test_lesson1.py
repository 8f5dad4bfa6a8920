"""Lesson 1 (no auth, GET with a path parameter): the solution passes its check and the typical
wrong answers fail with the message a learner needs, in English and in Chinese."""

from __future__ import annotations

import pytest

from connector_lab import Action, ApiKeyAuth, AuthAccount, Connector, NoAuth, Param
from connector_lab.course import LESSONS, start_lesson
from connector_lab.course.findings import CELL_CHARACTERS

LESSON = 1


def solution(host: str, path: str = "/orders/{id}", **changes) -> Connector:
    params = [Param(name="id", location="path", type="integer")] if "{id}" in path else []
    fields = dict(
        display_name="Shop",
        host=host,
        protocol="http",
        auth=NoAuth(),
        actions=[Action(id="order", name="Order", path=path, params=params)],
    )
    return Connector(**{**fields, **changes})


def test_the_solution_passes_and_shows_the_order(lesson):
    report = lesson.check(solution(lesson.host), AuthAccount(name="test"), id=4)
    assert report.passed, report.text()
    assert list(report.frame["id"]) == [4]
    assert "well done" in report.text() and "<table" in report.html()


@pytest.mark.parametrize(
    ("answer", "code", "words"),
    [
        (
            lambda host: {"display_name": "Shop", "host": f"https://{host}/", "protocol": "http"},
            "host.protocol",
            "the host must not contain https://",
        ),
        (
            lambda host: solution(host, path="/orders/3"),
            "lesson1.path_literal",
            "the path /orders/3 fixes the order id",
        ),
        (
            lambda host: solution(host, auth=ApiKeyAuth(name="X-API-Key")),
            "auth.wrong_type",
            "this API needs No authentication",
        ),
        (
            lambda host: solution(host, protocol="https"),
            "protocol.wrong",
            "the sandbox speaks http",
        ),
    ],
)
def test_a_wrong_answer_fails_with_its_message(lesson, answer, code, words):
    report = lesson.check(answer(lesson.host), AuthAccount(name="test", values={"token": "k"}))
    assert not report.passed and code in report.codes()
    assert words in report.text()
    assert report.frame is None and "<table" not in report.html()


def test_no_account_is_named_in_both_languages(lesson):
    report = lesson.check(solution(lesson.host))
    assert report.codes() == ["account.missing"]
    assert "the test step always runs with an account" in report.text("en")
    assert "测试时总要选择一个账号" in report.text("zh")


def test_a_host_elsewhere_names_the_sandbox(lesson):
    report = lesson.check(solution("127.0.0.1:1"), AuthAccount(name="test"))
    assert report.codes() == ["host.not_sandbox"]
    assert lesson.host in report.text()


def test_a_report_in_chinese_has_no_english_sentence():
    with start_lesson(1, language="zh") as run:
        report = run.check(solution(run.host, path="/orders/3"), AuthAccount(name="t"))
    text = report.text()
    assert "第 1 课" in text and "路径 /orders/3 把订单号写死了" in text
    assert "the " not in text


def test_lessons_are_numbered_from_one_with_both_languages():
    assert sorted(LESSONS)[0] == 1
    for lesson in LESSONS.values():
        for words in (lesson.title, lesson.teaches, lesson.task):
            assert words["en"] and words["zh"]


def test_an_unknown_lesson_says_which_exist():
    with pytest.raises(ValueError, match="there is no lesson 99; the course has lessons 1"):
        start_lesson(99)


def test_the_success_table_cuts_long_cells_and_scrolls(lesson):
    report = lesson.check(solution(lesson.host), AuthAccount(name="test"), id=4)
    long_value = next(str(v) for v in report.frame.iloc[0] if len(str(v)) > CELL_CHARACTERS)
    shown = report.html()
    assert long_value not in shown and long_value[: CELL_CHARACTERS - 1] + "…" in shown
    assert "overflow:auto" in shown
