"""Lesson 4 — a POST action whose JSON body is parsed from a sample (``POST /echo``, which
answers with what it received), one body field filled by the system field 登录人ID (the login
user id of the run context). The check runs the action as two different login users, so a
user id typed as a fixed value cannot pass; 组织ID (``org_id``) is explained in the notebook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from ..spec.samples import json_type
from ..spec.vocabulary import BODYLESS_METHODS
from ..wire.request import RunContext
from .checks import Attempt, all_right, opening, run_action
from .findings import Finding
from .lessons import Lesson, register_lesson
from .messages import add_messages, bilingual

PATH = "/echo"
SAMPLE = {"title": "Quarterly report", "amount": 12.5, "tags": ["q3"], "owner": {"userId": ""}}
USER_FIELD = "owner.userId"
#: The login users the check runs as: two of them, so that no fixed value is right for both.
USERS = (RunContext(user_id="user-4711", org_id="org-42"), RunContext("user-0815", "org-42"))

add_messages(
    {
        "lesson4.fields_in_query": {
            "en": "the fields went in the query string ({names}) and the body arrived empty — "
            "parse the sample into the body (Location body) so they travel as one JSON object",
            "zh": "字段被放进了查询字符串（{names}），请求体是空的 —— 请把样例 JSON 解析为"
            "请求体参数（参数位置 body），让它们作为一个 JSON 对象发送",
        },
        "lesson4.body_json": {
            "en": "the body arrived as JSON with the sample's shape ({names})",
            "zh": "请求体以 JSON 发送，结构与样例一致（{names}）",
        },
        "lesson4.body_shape": {
            "en": "the body arrived without {names} (or with another type) — parse the whole "
            "sample into body parameters; nested fields are named with dots (owner.userId)",
            "zh": "请求体缺少 {names}（或类型不对）—— 请把整个样例 JSON 解析为请求体参数；"
            "嵌套字段用点号命名（owner.userId）",
        },
        "lesson4.user_id": {
            "en": "{field} holds each login user's own id (system field login user id)",
            "zh": "{field} 填入的是当前登录人自己的 ID（系统字段“登录人ID”）",
        },
        "lesson4.user_id_fixed": {
            "en": "the user id is typed as a fixed value: {field} arrived as {sent} for login "
            "user {user} — choose the system field 登录人ID (login user id) as its value "
            "source, so each user's own id is sent",
            "zh": "登录人的 ID 被写成了固定值：登录人为 {user} 时，{field} 发送的是 {sent} —— "
            "请把该参数的参数来源设为系统字段“登录人ID”，这样每个人发送的都是自己的 ID",
        },
        "lesson4.user_is_org": {
            "en": "{field} holds the organization id ({sent}), not the login user's id — "
            "choose the system field 登录人ID (user_id), not 组织ID (org_id)",
            "zh": "{field} 填入的是组织ID（{sent}），而不是登录人的 ID —— "
            "请选择系统字段“登录人ID”（user_id），而不是“组织ID”（org_id）",
        },
    }
)


def _leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    """The sample's leaf fields by dotted name, as body parameters are named."""
    if isinstance(value, dict) and value:
        found: dict[str, Any] = {}
        for key, child in value.items():
            found.update(_leaves(child, f"{prefix}.{key}" if prefix else key))
        return found
    return {prefix: value}


def _kind(value: Any) -> str:
    """A value's JSON type, an integer counting as a number (12 for an amount of 12.5)."""
    kind = json_type(value)
    return "number" if kind == "integer" else kind


def _echo_action(action) -> bool:
    return action.path.rstrip("/") == PATH


def _echo(attempt: Attempt, action, context: RunContext) -> tuple[Finding, dict | None]:
    ran, result = run_action(attempt, action, context=context)
    echo = result.json() if ran.ok else None
    return ran, echo if isinstance(echo, dict) else None


def _body_findings(echo: dict) -> Iterator[Finding]:
    body = echo.get("json") if isinstance(echo.get("json"), dict) else {}
    sample = _leaves(SAMPLE)
    if not body:
        names = [n for n in sample if n in (echo.get("query") or {})]
        if names:
            yield Finding("lesson4.fields_in_query", False, {"names": ", ".join(names)})
            return
    sent = _leaves(body) if body else {}
    wrong = [n for n, v in sample.items() if n not in sent or _kind(sent[n]) != _kind(v)]
    if wrong:
        yield Finding("lesson4.body_shape", False, {"names": ", ".join(wrong)})
    else:
        yield Finding("lesson4.body_json", True, {"names": ", ".join(sample)})


def _user_finding(echoes: list[dict]) -> Finding:
    shown = {"field": USER_FIELD}
    for echo, context in zip(echoes, USERS, strict=True):
        sent = _leaves(echo.get("json") or {}).get(USER_FIELD)
        if sent == context.org_id:
            return Finding("lesson4.user_is_org", False, {**shown, "sent": repr(sent)})
        if sent != context.user_id:
            detail = {**shown, "sent": repr(sent), "user": context.user_id}
            return Finding("lesson4.user_id_fixed", False, detail)
    return Finding("lesson4.user_id", True, shown)


def check(attempt: Attempt) -> Iterator[Finding]:
    what = bilingual(f"on {PATH}", f"路径为 {PATH} ")
    action, findings = opening(attempt, _echo_action, what, scheme="none")
    if action is not None and action.method in BODYLESS_METHODS:
        shown = {"id": action.id, "method": action.method, "expected": "POST"}
        findings.append(Finding("action.method", False, shown))
    yield from findings
    if action is None or not all_right(findings):
        return
    ran, echo = _echo(attempt, action, USERS[0])
    yield ran
    if echo is None:
        return
    body = list(_body_findings(echo))
    yield from body
    if not all_right(body):
        return
    _, other = _echo(attempt, action, USERS[1])
    yield _user_finding([echo, other or {}])
    attempt.frame = pd.json_normalize(echo["json"])  # the body as it arrived, one row


LESSON = register_lesson(
    Lesson(
        number=4,
        title=bilingual(
            "A POST with a JSON body, and the system fields", "POST 请求的 JSON 请求体与系统字段"
        ),
        teaches=bilingual(
            "a POST action; body parameters parsed from a sample JSON (nested fields by dots); "
            "the system fields login user id and organization id, filled at run time",
            "POST 执行动作；由样例 JSON 解析出请求体参数（嵌套字段用点号）；"
            "系统字段“登录人ID”“组织ID”在运行时自动填入",
        ),
        task=bilingual(
            f"Make a connector for the sandbox with no authentication and an action POST "
            f"{PATH} whose body is parsed from the sample "
            '{"title": "Quarterly report", "amount": 12.5, "tags": ["q3"], '
            '"owner": {"userId": ""}}; owner.userId must carry the login user\'s id. '
            "Create an auth account and check.",
            f"为沙箱新建一个无身份验证的连接器，添加执行动作 POST {PATH}，请求体由样例 JSON "
            '{"title": "Quarterly report", "amount": 12.5, "tags": ["q3"], '
            '"owner": {"userId": ""}} 解析得到；owner.userId 必须填入登录人ID。'
            "创建一个鉴权账号后进行检查。",
        ),
        checker=check,
    )
)
