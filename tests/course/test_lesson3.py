"""Lesson 3 (the DingTalk token flow): the solution fetches one token for several calls and one
more at expiry; the typical wrong answers fail with the message a learner needs, in English and
in Chinese, and never show a secret."""

from __future__ import annotations

from connector_lab import Action, AuthAccount, Connector, DingTalkAuth, NoAuth, Param
from connector_lab.course import start_lesson
from connector_lab.course.lesson3 import CALLS, token_count_finding
from connector_lab.sandbox import DEMO_CREDENTIALS

LESSON = 3
PASTED = "pasted-token-7f3a9c"


def solution(host: str, token_url: str | None = None, **changes) -> Connector:
    url = token_url or f"http://{host}/v1.0/oauth2/accessToken"
    fields = dict(
        display_name="DingTalk",
        host=host,
        protocol="http",
        auth=DingTalkAuth(token_url=url),
        actions=[Action(id="users", name="Users", path="/v1.0/contact/users")],
    )
    return Connector(**{**fields, **changes})


def pasted(host: str) -> Connector:
    header = Param(
        name="x-acs-dingtalk-access-token", location="header", source="static", value=PASTED
    )
    action = Action(id="users", name="Users", path="/v1.0/contact/users", params=[header])
    return solution(host, auth=NoAuth(), actions=[action])


def account(secret: str = DEMO_CREDENTIALS.app_secret) -> AuthAccount:
    return AuthAccount(
        name="test", values={"app_key": DEMO_CREDENTIALS.app_key, "app_secret": secret}
    )


def test_the_solution_fetches_once_reuses_and_renews_at_expiry(lesson):
    report = lesson.check(solution(lesson.host), account())
    assert report.passed, report.text()
    text = report.text()
    assert f"the token was fetched once and reused for {CALLS} calls" in text
    assert "at expiry a new token was fetched once" in text
    assert lesson.sandbox.token_requests == 2  # one for the calls, one after expiry
    assert "userId" in report.frame.columns and "<table" in report.html()


def test_checks_do_not_share_a_token(lesson):
    # a second check after the sandbox's reset starts with a fresh cache: again exactly one
    assert lesson.check(solution(lesson.host), account()).passed
    assert lesson.check(solution(lesson.host), account()).passed


def test_the_public_token_url_is_caught_before_anything_is_sent(lesson, name_lookups):
    report = lesson.check(
        solution(lesson.host, "https://api.dingtalk.com/v1.0/oauth2/accessToken"), account()
    )
    assert report.codes() == ["lesson3.token_url_public"]
    assert (
        "the token URL points at DingTalk's public server (https://api.dingtalk.com/v1.0/oauth2/"
        f"accessToken); in this lesson use the sandbox's token URL http://{lesson.host}"
        "/v1.0/oauth2/accessToken"
    ) in report.text()
    assert not any("dingtalk" in str(host) for host in name_lookups)  # no packet left loopback
    assert lesson.sandbox.token_requests == 0 and report.frame is None
    assert lesson.sandbox.request_count("/v1.0/contact/users") == 0


def test_a_token_pasted_as_a_fixed_header_is_named_and_masked(lesson):
    report = lesson.check(pasted(lesson.host), account())
    assert "lesson3.token_pasted" in report.codes() and "auth.wrong_type" in report.codes()
    text = report.text()
    assert (
        "the token is pasted into the action users as a fixed header "
        "(x-acs-dingtalk-access-token: ***) — it expires (and is a secret in the connector "
        "file); choose DingTalk authentication so it is fetched, cached and renewed"
    ) in text
    assert PASTED not in text and PASTED not in report.html()


def test_a_token_pasted_as_a_default_is_named_too(lesson):
    header = Param(name="X-Acs-Dingtalk-Access-Token", location="header", default=PASTED)
    action = Action(id="users", name="Users", path="/v1.0/contact/users", params=[header])
    report = lesson.check(solution(lesson.host, auth=NoAuth(), actions=[action]), account())
    assert "lesson3.token_pasted" in report.codes() and PASTED not in report.text()


def test_a_wrong_app_secret_is_refused_in_plain_words_without_the_secret(lesson):
    report = lesson.check(solution(lesson.host), account("not-the-secret-42"))
    assert report.codes() == ["lesson3.credentials_refused"]
    text = report.text()
    assert "the sandbox refused the App Key/App Secret (App Secret ***)" in text
    assert "invalidClientIdOrSecret" in text and "check the auth account test" in text
    assert "not-the-secret-42" not in text and "not-the-secret-42" not in report.html()
    assert report.frame is None


def test_a_token_url_elsewhere_on_the_sandbox_names_the_right_one(lesson):
    report = lesson.check(solution(lesson.host, f"http://{lesson.host}/gettoken"), account())
    assert report.codes() == ["lesson3.token_url_elsewhere"]
    assert f"the sandbox issues tokens at http://{lesson.host}/v1.0/oauth2/accessToken" in (
        report.text()
    )


def test_a_token_fetched_on_every_call_is_named():
    # No connector definition makes one client fetch a token per call (the cache lives in the
    # client, and the refresh comes at the latest halfway through a token's life), so the
    # finding the check makes from the sandbox's count is tested directly.
    finding = token_count_finding(CALLS, CALLS)
    assert not finding.ok and finding.code == "lesson3.fetched_every_call"
    assert finding.text().startswith(f"the token is fetched on every call — reuse it: {CALLS}")
    assert "每次调用都重新获取令牌" in finding.text("zh")
    assert token_count_finding(1).ok and token_count_finding(0).code == "lesson3.no_token_fetched"


def test_the_pasted_token_in_chinese():
    with start_lesson(3, language="zh") as run:
        report = run.check(pasted(run.host), account())
    text = report.text()
    assert "第 3 课" in text and "令牌被当作固定的请求头粘贴在执行动作 users 中" in text
    assert "钉钉开放平台验证" in text and PASTED not in text
