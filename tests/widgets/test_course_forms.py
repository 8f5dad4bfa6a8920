"""Lessons 2, 3 and 4 done in the forms: each exercise filled through the CoursePanel's widgets
only (values set, buttons clicked), Check pressed and the report read where it is displayed —
the solution's success, and one typical wrong answer per lesson with its words."""

from __future__ import annotations

import json

import pytest
from connector_lab.widgets import CoursePanel

from connector_lab.course import start_lesson
from connector_lab.course.lesson4 import SAMPLE
from connector_lab.sandbox import DEMO_CREDENTIALS

from .test_course_panel import press_check
from .tree import displayed


@pytest.fixture(scope="module")
def lessons():
    """Lessons 2, 3 and 4 (English), each on a sandbox of its own, stopped at the end."""
    runs = {n: start_lesson(n) for n in (2, 3, 4)}
    yield runs
    for run in runs.values():
        run.stop()


def step1(panel: CoursePanel, name: str, host: str, auth_type: str) -> None:
    """Step 1: the connector's name, host, protocol and authentication type."""
    form = panel.factory.connector_form
    form.fields["display_name"].value = name
    form.fields["host"].value = host
    form.fields["protocol"].value = "http"
    form.auth_type.value = auth_type


def step2(panel: CoursePanel, action_id: str, path: str, method: str = "GET") -> None:
    """Step 2: an action (id, name, method, path) as the form holds it, not applied yet."""
    action = panel.factory.action_list.form
    action.fields["id"].value = action_id
    action.fields["name"].value = action_id.title()
    action.fields["method"].value = method
    action.fields["path"].value = path


def apply_and_choose(panel: CoursePanel, account: dict[str, str]) -> None:
    """Apply the action (step 2), an account holding ``account`` (step 3), and choose that
    account at the test step (step 4)."""
    displayed(panel, "cl-apply-action").click()
    form = panel.factory.account_list.form
    for key, value in account.items():
        form.inputs[key].value = value
    displayed(panel, "cl-apply-account").click()
    run = panel.factory.run_panel
    run.refresh()
    run.account.value = "test"


# -- lesson 2: an API key in a header ----------------------------------------------------------
def fill_lesson2(panel: CoursePanel, host: str, *, location: str, name: str) -> None:
    step1(panel, "Items", host, "api_key")
    settings = panel.factory.connector_form.settings.fields
    settings["location"].value = location
    settings["name"].value = name
    step2(panel, "items", "/apikey/header/items")
    apply_and_choose(panel, {"token": "demo-api-key"})


def test_lesson2_the_key_in_a_header_passes(lessons):
    panel = CoursePanel(lessons[2])
    fill_lesson2(panel, lessons[2].host, location="header", name="X-API-Key")
    report = press_check(panel)
    assert "Lesson 2: well done — everything is right." in report, report
    assert "the API key travels in header X-API-Key, never in the URL" in report
    assert "<table" in report and "demo-api-key" not in report


def test_lesson2_the_key_in_the_query_is_told_to_move_to_the_header(lessons):
    panel = CoursePanel(lessons[2])
    fill_lesson2(panel, lessons[2].host, location="query", name="api_key")
    report = press_check(panel)
    assert (
        "the API key went in the query (api_key) but this server wants a header (X-API-Key)"
    ) in report
    assert "<table" not in report and "demo-api-key" not in report


# -- lesson 3: the DingTalk token flow -------------------------------------------------------
def fill_lesson3(panel: CoursePanel, host: str, *, sandbox_token_url: bool) -> None:
    step1(panel, "DingTalk", host, "dingtalk")
    button = displayed(panel, "cl-sandbox-token-url")
    assert button.layout.display != "none"  # offered: the host is the sandbox's (loopback)
    if sandbox_token_url:
        button.click()
        assert button.layout.display == "none"  # the token URL is the sandbox's now
    step2(panel, "users", "/v1.0/contact/users")
    credentials = {"app_key": DEMO_CREDENTIALS.app_key, "app_secret": DEMO_CREDENTIALS.app_secret}
    apply_and_choose(panel, credentials)


def test_lesson3_the_sandbox_token_url_passes(lessons):
    panel = CoursePanel(lessons[3])
    fill_lesson3(panel, lessons[3].host, sandbox_token_url=True)
    report = press_check(panel)
    assert "Lesson 3: well done — everything is right." in report, report
    assert "the token was fetched once and reused for 3 calls" in report
    assert "at expiry a new token was fetched once" in report and "<table" in report
    assert DEMO_CREDENTIALS.app_secret not in report


def test_lesson3_the_public_token_url_left_in_place_is_refused_before_sending(
    lessons, name_lookups
):
    run = lessons[3]
    panel = CoursePanel(run)
    fill_lesson3(panel, run.host, sandbox_token_url=False)
    report = press_check(panel)
    assert "the token URL points at DingTalk&#x27;s public server" in report, report
    assert f"use the sandbox&#x27;s token URL http://{run.host}/v1.0/oauth2/accessToken" in report
    assert not any("dingtalk" in str(host) for host in name_lookups)  # nothing left loopback
    assert run.sandbox.token_requests == 0 and "<table" not in report


# -- lesson 4: a POST with a JSON body and the login user id ---------------------------------
def fill_lesson4(panel: CoursePanel, host: str, *, user_source: tuple) -> None:
    step1(panel, "Reports", host, "none")
    step2(panel, "report", "/echo", method="POST")
    form = panel.factory.action_list.form
    form.body_sample.value = json.dumps(SAMPLE)
    form.body_parse.click()
    (user,) = [r for r in form.tables["body"].rows if r.name.value == "owner.userId"]
    user.source.value = user_source
    if user_source == ("static", None):
        user.value.value = "user-4711"  # the learner's own id, typed
    apply_and_choose(panel, {})


def test_lesson4_the_body_parsed_and_the_login_user_id_pass(lessons):
    panel = CoursePanel(lessons[4])
    fill_lesson4(panel, lessons[4].host, user_source=("system", "user_id"))
    report = press_check(panel)
    assert "Lesson 4: well done — everything is right." in report, report
    assert "owner.userId holds each login user&#x27;s own id" in report
    assert "user-4711" in report and "<table" in report


def test_lesson4_a_user_id_typed_as_a_value_is_told_to_choose_the_system_field(lessons):
    panel = CoursePanel(lessons[4])
    fill_lesson4(panel, lessons[4].host, user_source=("static", None))
    report = press_check(panel)
    assert "the user id is typed as a fixed value: owner.userId arrived as" in report, report
    assert "choose the system field 登录人ID (login user id) as its value source" in report


# -- in Chinese ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "fill", "words"),
    [
        (
            2,
            lambda p, h: fill_lesson2(p, h, location="query", name="api_key"),
            "API 密钥放在了查询参数",
        ),
        (
            3,
            lambda p, h: fill_lesson3(p, h, sandbox_token_url=False),
            "令牌地址指向钉钉的公网服务器",
        ),
        (
            4,
            lambda p, h: fill_lesson4(p, h, user_source=("static", None)),
            "登录人的 ID 被写成了固定值",
        ),
    ],
)
def test_in_chinese_the_wrong_answers_are_told_in_chinese(lessons, number, fill, words):
    panel = CoursePanel(lessons[number])
    panel.factory.language_picker.value = "zh"  # the learner switches the forms to 中文
    fill(panel, lessons[number].host)
    report = press_check(panel)
    assert words in report and displayed(panel, "cl-check-button").description == "检查"
