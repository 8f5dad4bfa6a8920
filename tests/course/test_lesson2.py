"""Lesson 2 (an API key in a header): the solution passes its check and the typical wrong
answers fail with the message a learner needs, in English and in Chinese."""

from __future__ import annotations

import pytest

from connector_lab import Action, ApiKeyAuth, AuthAccount, Connector
from connector_lab.course import start_lesson

LESSON = 2
KEY = "demo-api-key"


def solution(host: str, name: str = "X-API-Key", location: str = "header") -> Connector:
    return Connector(
        display_name="Items",
        host=host,
        protocol="http",
        auth=ApiKeyAuth(name=name, location=location),
        actions=[Action(id="items", name="Items", path="/apikey/header/items")],
    )


def account(key: str = KEY) -> AuthAccount:
    return AuthAccount(name="test", values={"token": key})


def test_the_solution_passes_and_shows_the_items(lesson):
    report = lesson.check(solution(lesson.host), account())
    assert report.passed, report.text()
    assert len(report.frame) == 10 and "<table" in report.html()


@pytest.mark.parametrize(
    ("answer", "key", "code", "words"),
    [
        (
            lambda host: solution(host, name="api_key", location="query"),
            KEY,
            "lesson2.key_in_query",
            "the API key went in the query (api_key) but this server wants a header",
        ),
        (
            lambda host: solution(host, name="X-Api-Token"),
            KEY,
            "lesson2.header_name",
            "this server reads X-API-Key",
        ),
        (
            lambda host: solution(host),
            "not-the-key",
            "lesson2.key_refused",
            "the sandbox refused the key (***) — check the account's value",
        ),
    ],
)
def test_a_wrong_answer_fails_with_its_message(lesson, answer, key, code, words):
    report = lesson.check(answer(lesson.host), account(key))
    assert not report.passed and code in report.codes()
    assert words in report.text()
    assert "not-the-key" not in report.text() and report.frame is None


def test_the_query_mistake_says_why_in_chinese():
    with start_lesson(2, language="zh") as run:
        report = run.check(solution(run.host, name="api_key", location="query"), account())
    assert "查询字符串会被记录在服务器日志" in report.text()
