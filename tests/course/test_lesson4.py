"""Lesson 4 (a POST with a JSON body parsed from a sample, and the system field 登录人ID): the
solution passes its check and the typical wrong answers fail with the message a learner needs,
in English and in Chinese."""

from __future__ import annotations

import pytest

from connector_lab import Action, AuthAccount, Connector, NoAuth, Param, body_params
from connector_lab.course import start_lesson
from connector_lab.course.lesson4 import SAMPLE

LESSON = 4


def params(user: Param | None = None, location: str = "body") -> list[Param]:
    """The sample's body parameters, ``owner.userId`` replaced by ``user`` when given."""
    parsed = [p.model_copy(update={"location": location}) for p in body_params(SAMPLE)]
    return [user if user is not None and p.name == "owner.userId" else p for p in parsed]


def system_user(field: str = "user_id") -> Param:
    return Param(name="owner.userId", location="body", source="system", system_field=field)


def solution(host: str, parameters: list[Param] | None = None) -> Connector:
    return Connector(
        display_name="Reports",
        host=host,
        protocol="http",
        auth=NoAuth(),
        actions=[
            Action(
                id="report",
                name="Report",
                method="POST",
                path="/echo",
                params=parameters if parameters is not None else params(system_user()),
            )
        ],
    )


def account() -> AuthAccount:
    return AuthAccount(name="test")


def test_the_solution_passes_and_shows_the_body_as_it_arrived(lesson):
    report = lesson.check(solution(lesson.host), account())
    assert report.passed, report.text()
    row = report.frame.iloc[0]
    assert row["owner.userId"] == "user-4711" and row["title"] == "Quarterly report"
    assert "owner.userId holds each login user's own id" in report.text()
    assert "<table" in report.html()


def test_a_get_with_a_body_is_told_to_choose_post(lesson):
    connector = solution(lesson.host).model_dump(mode="json")
    connector["actions"][0]["method"] = "GET"
    report = lesson.check(connector, account())
    assert report.codes() == ["action.bodyless"], report.text()
    assert "a GET has no body" in report.text()
    assert "choose POST as its method" in report.text()
    assert "needs a method with a body" not in report.text()  # the engine's words are replaced


@pytest.mark.parametrize(
    ("parameters", "code", "words"),
    [
        (
            params(
                Param(
                    name="owner.userId", location="query", source="system", system_field="user_id"
                ),
                location="query",
            ),
            "lesson4.fields_in_query",
            "the fields went in the query string (title, amount, tags, owner.userId) and the "
            "body arrived empty — parse the sample into the body",
        ),
        (
            params(Param(name="owner.userId", location="body", default="user-4711")),
            "lesson4.user_id_fixed",
            "the user id is typed as a fixed value: owner.userId arrived as 'user-4711' for "
            "login user user-0815 — choose the system field 登录人ID",
        ),
        (
            params(Param(name="owner.userId", location="body", source="static", value="me")),
            "lesson4.user_id_fixed",
            "so each user's own id is sent",
        ),
        (
            params(),
            "lesson4.user_id_fixed",
            "owner.userId arrived as '' for login user user-4711",
        ),
        (
            params(system_user("org_id")),
            "lesson4.user_is_org",
            "holds the organization id ('org-42'), not the login user's id",
        ),
        (
            [p for p in params(system_user()) if p.name != "tags"],
            "lesson4.body_shape",
            "the body arrived without tags",
        ),
    ],
)
def test_a_wrong_answer_fails_with_its_message(lesson, parameters, code, words):
    report = lesson.check(solution(lesson.host, parameters), account())
    assert not report.passed and code in report.codes(), report.text()
    assert words in report.text()
    assert report.frame is None


def test_the_fixed_user_id_mistake_says_why_in_chinese():
    fixed = params(Param(name="owner.userId", location="body", default="user-4711"))
    with start_lesson(4, language="zh") as run:
        report = run.check(solution(run.host, fixed), account())
        connector = solution(run.host).model_dump(mode="json")
        connector["actions"][0]["method"] = "GET"
        bodyless = run.check(connector, account())
    assert "请把该参数的参数来源设为系统字段“登录人ID”" in report.text()
    assert "请把请求方式改为 POST" in bodyless.text()


def test_values_given_to_the_check_go_in_the_body(lesson):
    report = lesson.check(solution(lesson.host), account(), title="Annual report", amount=12)
    assert report.passed, report.text()
    assert report.frame.iloc[0]["title"] == "Annual report"


def test_a_get_without_a_body_is_told_to_use_post(lesson):
    get = Action(id="report", name="Report", path="/echo", params=params(location="query"))
    connector = solution(lesson.host).model_copy(update={"actions": [get]})
    report = lesson.check(connector, account())
    assert report.codes() == ["action.method"]
    assert "action report uses GET, but POST is needed here" in report.text()


def test_the_bodyless_words_hold_for_any_lesson_and_any_spelling():
    connector = {
        "display_name": "Orders",
        "host": "https://example.com/",
        "actions": [
            {
                "id": "a",
                "name": "A",
                "method": "get",
                "path": "/x",
                "params": [{"name": "q", "location": "Body"}],
            },
            {
                "id": "b",
                "name": "B",
                "method": "POST",
                "path": "/y",
                "params": [{"name": "q", "location": "body"}],
            },
        ],
    }
    with start_lesson(1) as run:
        report = run.check(connector)
    assert report.codes() == ["host.protocol", "action.bodyless"], report.text()
    assert "action a is a GET, and a GET has no body" in report.text()
