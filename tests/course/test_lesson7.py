"""Lesson 7 (import a cURL command, fix it): the fixed import passes; the import unchanged and
the key left in the connector fail in plain words, and no message shows the key."""

from __future__ import annotations

from connector_lab import ApiKeyAuth, AuthAccount, from_curl
from connector_lab.course import start_lesson
from connector_lab.course.lesson7 import curl_command, fixed
from connector_lab.sandbox.credentials import DEMO_CREDENTIALS

LESSON = 7
KEY = DEMO_CREDENTIALS.api_key


def imported(host: str):
    return from_curl(curl_command(host)).connector


def solution(host: str):
    connector = imported(host)
    return connector.model_copy(
        update={
            "protocol": "http",
            "auth": ApiKeyAuth(name="X-Shop-Key"),
            "actions": [fixed(connector.actions[0])],
        }
    )


def account() -> AuthAccount:
    return AuthAccount(name="shop", values={"token": KEY})


def test_the_command_imports_with_its_mistakes(lesson):
    connector = imported(lesson.host)
    assert connector.protocol == "https" and connector.actions[0].path == "/orders/42"
    assert connector.actions[0].params[0].value == KEY


def test_the_fixed_import_passes(lesson):
    report = lesson.check(solution(lesson.host), account())
    assert report.passed, report.text()
    assert list(report.frame["id"]) == [42] and "order 42 came back" in report.text()


def test_the_import_unchanged_fails_with_each_mistake(lesson):
    report = lesson.check(imported(lesson.host), account())
    assert report.codes() == [
        "protocol.wrong",
        "lesson7.path_literal",
        "lesson7.secret_in_connector",
        "auth.wrong_type",
    ]
    text = report.text()
    assert "the sandbox speaks http" in text
    assert "the imported path /orders/42 has the order id 42 written in" in text
    assert "the key is stored in the connector" in text and "move it to an auth account" in text
    assert KEY not in text and KEY not in report.text("zh") and KEY not in report.html()
    assert "密钥保存在连接器里" in report.text("zh")


def test_the_key_left_as_a_static_header(lesson):
    connector = solution(lesson.host)
    action = connector.actions[0]
    kept = imported(lesson.host).actions[0].params[0]
    connector = connector.model_copy(
        update={
            "auth": ApiKeyAuth(name="X-Shop-Key"),
            "actions": [action.model_copy(update={"params": [*action.params, kept]})],
        }
    )
    report = lesson.check(connector, account())
    assert report.codes() == ["lesson7.secret_in_connector"]
    assert "static header X-Shop-Key of action" in report.text() and KEY not in report.text()


def test_the_key_in_the_query_or_an_empty_account(lesson):
    connector = solution(lesson.host).model_copy(
        update={"auth": ApiKeyAuth(name="api_key", location="query")}
    )
    report = lesson.check(connector, AuthAccount(name="shop"))
    assert report.codes() == ["lesson7.key_place", "lesson7.account_empty"]
    assert "the command sends it in the header X-Shop-Key" in report.text()
    assert "鉴权账号 shop 中没有密钥" in report.text("zh")


def test_a_report_in_chinese():
    with start_lesson(7, language="zh") as run:
        report = run.check(imported(run.host), account())
    assert "第 7 课" in report.text() and "the " not in report.text()


def test_the_command_to_import_is_shown_under_the_task(lesson):
    assert lesson.material == curl_command(lesson.host)
    shown = lesson._repr_html_()
    assert "the command to import" in shown and "<pre class='cl-lesson-material'" in shown
    assert f"curl -H &#x27;X-Shop-Key: {KEY}&#x27; &#x27;https://{lesson.host}/orders/42" in shown
    with start_lesson(1, sandbox=lesson.sandbox) as other:
        assert other.material is None and "cl-lesson-material" not in other._repr_html_()
