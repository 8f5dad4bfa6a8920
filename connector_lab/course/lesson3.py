"""Lesson 3 — the DingTalk token flow: an access token fetched from the token URL with App Key
and App Secret, cached (one per app per client, reused until near its expiry), sent in the
header ``x-acs-dingtalk-access-token``, and fetched once more when it expires.

The check runs ``GET /v1.0/contact/users`` :data:`CALLS` times in one client and counts the
sandbox's token requests (one), then expires the sandbox's tokens and runs once more (one more
fetch, and the call answered). A token URL outside the sandbox is caught before anything is
sent."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from .._rules import mask
from ..errors import AuthError, ConnectorLabError, ParameterError, TransportError
from ..spec import Action, DingTalkAuth
from ..wire.auth import TokenCache
from ..wire.client import Client
from .checks import Attempt, all_right, opening, result_detail
from .findings import Finding
from .lessons import Lesson, register_lesson
from .messages import add_messages, bilingual

PATH = "/v1.0/contact/users"
TOKEN_PATH = "/v1.0/oauth2/accessToken"
TOKEN_HEADER = "x-acs-dingtalk-access-token"
CALLS = 3  # runs of the action in one client before the tokens expire

add_messages(
    {
        "lesson3.token_url_public": {
            "en": "the token URL points at DingTalk's public server ({url}); in this lesson use "
            "the sandbox's token URL {sandbox} in the Token endpoint field (nothing was sent to "
            "the public server)",
            "zh": "令牌地址指向钉钉的公网服务器（{url}）；本课请使用沙箱的令牌地址 "
            "{sandbox}，填写在“令牌地址”字段中（没有向公网服务器发送任何请求）",
        },
        "lesson3.token_url_elsewhere": {
            "en": "the token URL is {url}, but the sandbox issues tokens at {sandbox} — put "
            "that URL in the Token endpoint field",
            "zh": "令牌地址是 {url}，但沙箱在 {sandbox} 颁发令牌 "
            "—— 请把该地址填写在“令牌地址”字段中",
        },
        "lesson3.token_url_ok": {
            "en": "the token URL is the sandbox's ({url})",
            "zh": "令牌地址指向沙箱（{url}）",
        },
        "lesson3.token_pasted": {
            "en": "the token is pasted into the action {id} as a fixed header ({header}: "
            "{value}) — it expires (and is a secret in the connector file); choose DingTalk "
            "authentication so it is fetched, cached and renewed",
            "zh": "令牌被当作固定的请求头粘贴在执行动作 {id} 中（{header}: {value}）"
            "—— 它会过期（而且是写在连接器文件里的密钥）；请选择“钉钉开放平台验证”，"
            "让令牌自动获取、缓存和续期",
        },
        "lesson3.credentials_refused": {
            "en": "the sandbox refused the App Key/App Secret (App Secret {secret}) and issued "
            "no token: {detail} — check the auth account {account}: App Key and App Secret "
            "must be the ones given in the task",
            "zh": "沙箱拒绝了 App Key/App Secret（App Secret {secret}），没有颁发令牌："
            "{detail} —— 请检查鉴权账号“{account}”：App Key 和 App Secret 应为任务中给出的值",
        },
        "lesson3.fetched_once": {
            "en": "the token was fetched once and reused for {calls} calls "
            "(sandbox.token_requests = 1), sent in the header " + TOKEN_HEADER,
            "zh": "令牌只获取了一次，并在 {calls} 次调用中复用（sandbox.token_requests = 1），"
            "通过请求头 " + TOKEN_HEADER + " 发送",
        },
        "lesson3.fetched_every_call": {
            "en": "the token is fetched on every call — reuse it: {count} token requests for "
            "{calls} calls; run the calls in one client so the token is cached until near "
            "its expiry",
            "zh": "每次调用都重新获取令牌 —— 请复用它：{calls} 次调用发出了 {count} 次令牌 "
            "请求；请在同一个客户端中运行，让令牌缓存到接近过期时再更新",
        },
        "lesson3.no_token_fetched": {
            "en": "no token was fetched for {calls} calls — choose DingTalk authentication so "
            "the token is fetched from the token URL",
            "zh": "{calls} 次调用没有获取任何令牌 —— 请选择“钉钉开放平台验证”，"
            "让令牌从令牌地址获取",
        },
        "lesson3.refetched_at_expiry": {
            "en": "at expiry a new token was fetched once: the sandbox refused the old token "
            "(HTTP 401), a new one was fetched and the call retried (HTTP {status})",
            "zh": "令牌过期后只重新获取了一次：沙箱拒绝了旧令牌（HTTP 401），"
            "获取新令牌后重试调用（HTTP {status}）",
        },
        "lesson3.expiry_not_renewed": {
            "en": "after the tokens expired the call answered HTTP {status} with {count} new "
            "token request(s) — a new token must be fetched exactly once",
            "zh": "令牌过期后调用返回 HTTP {status}，新的令牌请求 {count} 次 "
            "—— 应当只重新获取一次令牌",
        },
    }
)


def sandbox_token_url(host: str) -> str:
    """The token URL of the sandbox at ``host`` (``127.0.0.1:port``)."""
    return f"http://{host}{TOKEN_PATH}"


def check_token_url(attempt: Attempt) -> Finding | None:
    """Where the token is fetched — checked before anything is sent (None: no DingTalk auth)."""
    auth = attempt.connector.auth
    if not isinstance(auth, DingTalkAuth):
        return None
    expected = sandbox_token_url(attempt.sandbox.host_port)
    parts = urlsplit(auth.token_url)
    shown = {"url": auth.token_url, "sandbox": expected}
    if (parts.hostname or "").lower().endswith("dingtalk.com"):
        return Finding("lesson3.token_url_public", False, shown)
    if parts.netloc != attempt.sandbox.host_port or parts.path.rstrip("/") != TOKEN_PATH:
        return Finding("lesson3.token_url_elsewhere", False, shown)
    return Finding("lesson3.token_url_ok", True, {"url": auth.token_url})


def pasted_tokens(attempt: Attempt) -> list[Finding]:
    """A token typed into an action as a fixed header (its value masked)."""
    return [
        Finding(
            "lesson3.token_pasted",
            False,
            {"id": action.id, "header": param.name, "value": mask(param.value)},
        )
        for action in attempt.connector.actions
        for param in action.params
        if param.location == "header" and param.name.lower() == TOKEN_HEADER
    ]


def token_count_finding(count: int, calls: int = CALLS) -> Finding:
    """What ``count`` token requests for ``calls`` runs in one client say."""
    if count == 1:
        return Finding("lesson3.fetched_once", True, {"calls": calls})
    if count == 0:
        return Finding("lesson3.no_token_fetched", False, {"calls": calls})
    return Finding("lesson3.fetched_every_call", False, {"count": count, "calls": calls})


def expiry_finding(count: int, status: int) -> Finding:
    """What the run after the sandbox expired its tokens says."""
    if count == 1 and status == 200:
        return Finding("lesson3.refetched_at_expiry", True, {"status": status})
    return Finding("lesson3.expiry_not_renewed", False, {"count": count, "status": status})


def _users_action(action: Action) -> bool:
    return action.method == "GET" and action.path.rstrip("/") == PATH


def _refused(attempt: Attempt, exc: AuthError) -> Finding:
    """The token request refused: the provider's code and words (never the secret)."""
    secret = attempt.account.values.get("app_secret")
    parts = [exc.code, exc.provider_message]
    detail = " — ".join(p for p in parts if p) or str(exc)
    if exc.status is not None:
        detail += f" (HTTP {exc.status})"
    if isinstance(secret, str) and secret:
        detail = detail.replace(secret, mask(secret))
    shown = {"secret": mask(secret), "detail": detail, "account": attempt.account.name}
    return Finding("lesson3.credentials_refused", False, shown)


def _run_calls(attempt: Attempt, action: Action) -> list[Finding]:
    """The action run :data:`CALLS` times in one client, then once after expiry."""
    sandbox = attempt.sandbox
    with Client(attempt.connector, attempt.account, token_cache=TokenCache()) as client:
        results = [client.run(action, dict(attempt.values)) for _ in range(CALLS)]
        failed = next((r for r in results if not r.ok), None)
        if failed is not None:
            shown = {"status": failed.status, "detail": result_detail(failed)}
            return [Finding("run.status", False, shown)]
        fetched = sandbox.token_requests
        frame = results[-1].to_frame()
        sandbox.expire_tokens()
        after = client.run(action, dict(attempt.values))
    ran = Finding("run.ok", True, {"status": results[-1].status, "rows": len(frame)})
    findings = [ran, token_count_finding(fetched)]
    findings.append(expiry_finding(sandbox.token_requests - fetched, after.status))
    if all(f.ok for f in findings):
        attempt.frame = after.to_frame()
    return findings


def _run(attempt: Attempt, action: Action) -> list[Finding]:
    try:
        return _run_calls(attempt, action)
    except AuthError as exc:
        return [_refused(attempt, exc)]
    except ParameterError as exc:
        return [Finding("run.values", False, {"detail": str(exc)})]
    except (TransportError, ConnectorLabError) as exc:
        return [Finding("run.failed", False, {"detail": str(exc)})]


def check(attempt: Attempt) -> Iterator[Finding]:
    what = bilingual(f"GET {PATH}", f"GET {PATH} ")
    action, findings = opening(attempt, _users_action, what, scheme="dingtalk")
    findings += pasted_tokens(attempt)
    token_url = check_token_url(attempt)
    if token_url is not None:
        findings.append(token_url)
    yield from findings
    if action is None or not all_right(findings):
        return  # nothing is sent: a wrong token URL must not leave the machine
    yield from _run(attempt, action)


LESSON = register_lesson(
    Lesson(
        number=3,
        title=bilingual("The DingTalk token flow", "钉钉令牌流程"),
        teaches=bilingual(
            "what is fetched (an access token from the token URL with App Key and App "
            "Secret), cached (reused until near its expiry), sent (the header "
            f"{TOKEN_HEADER}) and what happens at expiry (a new token fetched once)",
            "获取什么（用 App Key 和 App Secret 从令牌地址获取 access token）、缓存什么"
            f"（在接近过期前一直复用）、发送什么（请求头 {TOKEN_HEADER}），"
            "以及过期时会发生什么（重新获取一次新令牌）",
        ),
        task=bilingual(
            "Make a connector for the sandbox with DingTalk authentication whose token URL is "
            f"the sandbox's (http://<sandbox host>{TOKEN_PATH}), and an action GET {PATH}. "
            "Create an auth account with the sandbox's App Key demo-app-key and App Secret "
            "demo-app-secret and check: the action runs several times and once more after "
            "the token expires.",
            "为沙箱新建一个使用“钉钉开放平台验证”的连接器，令牌地址填写沙箱的地址"
            f"（http://<沙箱域名>{TOKEN_PATH}），并添加执行动作 GET {PATH}。"
            "创建一个鉴权账号，填入沙箱的 App Key demo-app-key 和 App Secret demo-app-secret，"
            "然后进行检查：执行动作会运行多次，并在令牌过期后再运行一次。",
        ),
        checker=check,
    )
)
