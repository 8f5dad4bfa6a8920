"""The words of every course finding, in English and in Chinese (the platform's terms), keyed
by the finding's ``code`` and formatted with its ``params`` (a parameter made with
:func:`bilingual` shows the words of the report's language).

A lesson adds its own codes with :func:`add_messages`; a code without words in a language falls
back to English, and a code without words at all shows the code and its parameters, so a
missing text is visible, never a crash.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # -- the definition as a whole ------------------------------------------------------------
    "definition.invalid": {
        "en": "{field}: {message}",
        "zh": "{field}：{message}",
    },
    "host.protocol": {
        "en": "the host must not contain {scheme}:// — type only the domain ({fixed}) and "
        "choose the protocol in the Protocol field",
        "zh": "域名中不要包含 {scheme}:// —— 只填写域名（{fixed}），并在“请求协议”中选择协议",
    },
    "host.path": {
        "en": "the host must not contain a path ({path}) — put it in Base URL or the action's path",
        "zh": "域名中不要包含路径（{path}）—— 请填写到 Base URL 或执行动作的路径中",
    },
    "host.sandbox": {
        "en": "the host points at the sandbox ({host})",
        "zh": "域名指向沙箱（{host}）",
    },
    "host.not_sandbox": {
        "en": "the host is {host}, but this lesson's sandbox is at {sandbox} — copy the host "
        "printed when the lesson started",
        "zh": "域名是 {host}，但本课的沙箱地址是 {sandbox} —— 请复制课程开始时打印的域名",
    },
    "protocol.ok": {"en": "the protocol is {protocol}", "zh": "请求协议为 {protocol}"},
    "protocol.wrong": {
        "en": "the protocol is {protocol}, but the sandbox speaks {expected} — choose {expected}",
        "zh": "请求协议为 {protocol}，但沙箱使用 {expected} —— 请选择 {expected}",
    },
    # -- auth ---------------------------------------------------------------------------------
    "auth.ok": {"en": "authentication: {scheme}", "zh": "身份验证类型：{scheme}"},
    "auth.wrong_type": {
        "en": "authentication is {scheme}, but this API needs {expected} — choose {expected} "
        "in step 1",
        "zh": "身份验证类型是“{scheme}”，但该接口需要“{expected}” —— 请在第 1 步选择“{expected}”",
    },
    "account.missing": {
        "en": "no auth account was chosen — the test step always runs with an account, even "
        "for an API without authentication (its values are simply empty): create one in step "
        "3 and pick it in step 4",
        "zh": "没有选择鉴权账号 —— 测试时总要选择一个账号，即使接口无需身份验证（账号的值为空）："
        "请在第 3 步创建账号，并在第 4 步选择它",
    },
    "account.ok": {"en": "auth account: {name}", "zh": "鉴权账号：{name}"},
    # -- actions ------------------------------------------------------------------------------
    "action.missing": {
        "en": "no action {what} — add one in step 2",
        "zh": "没有{what}的执行动作 —— 请在第 2 步添加",
    },
    "action.ok": {"en": "action {id}: {method} {path}", "zh": "执行动作 {id}：{method} {path}"},
    "action.method": {
        "en": "action {id} uses {method}, but {expected} is needed here",
        "zh": "执行动作 {id} 使用 {method}，这里需要 {expected}",
    },
    "action.bodyless": {
        "en": "action {id} is a {method}, and a {method} has no body — yet it has body "
        "parameter(s) {names}: choose POST as its method to send them in the body",
        "zh": "执行动作 {id} 使用 {method}，而 {method} 请求没有请求体 —— 但它有参数位置为 body "
        "的参数（{names}）：请把请求方式改为 POST，才能把它们放在请求体中发送",
    },
    # -- the run ------------------------------------------------------------------------------
    "run.ok": {
        "en": "the sandbox answered HTTP {status} with {rows} row(s)",
        "zh": "沙箱返回 HTTP {status}，共 {rows} 行",
    },
    "run.status": {
        "en": "the sandbox answered HTTP {status}: {detail}",
        "zh": "沙箱返回 HTTP {status}：{detail}",
    },
    "run.failed": {
        "en": "the request did not complete: {detail}",
        "zh": "请求未能完成：{detail}",
    },
    "run.values": {
        "en": "the run needs values: {detail}",
        "zh": "运行缺少参数值：{detail}",
    },
    # -- the report ---------------------------------------------------------------------------
    "report.passed": {
        "en": "Lesson {lesson}: well done — everything is right.",
        "zh": "第 {lesson} 课：完成 —— 全部正确。",
    },
    "report.failed": {
        "en": "Lesson {lesson}: {count} thing(s) to fix.",
        "zh": "第 {lesson} 课：还有 {count} 处需要修改。",
    },
}


def add_messages(messages: dict[str, dict[str, str]]) -> None:
    """Add (or replace) the words of some codes; each needs at least ``"en"``."""
    for code, words in messages.items():
        if "en" not in words:
            raise ValueError(f"course message {code!r} has no English text; add 'en'")
        MESSAGES[code] = dict(words)


def bilingual(en: str, zh: str) -> dict[str, str]:
    """A parameter value with words in both languages (a scheme's label, a field's name)."""
    return {"en": en, "zh": zh}


def _in(language: str, value: Any) -> Any:
    if isinstance(value, dict) and "en" in value:
        return value.get(language) or value["en"]
    return value


def message(code: str, params: dict[str, Any], language: str = "en") -> str:
    """The words of ``code`` in ``language`` (English when it has none), with ``params``."""
    words = MESSAGES.get(code)
    if words is None:
        shown = ", ".join(f"{k}={v!r}" for k, v in params.items())
        return f"[{code}] {shown}"
    template = words.get(language) or words["en"]
    shown = {key: _in(language, value) for key, value in params.items()}
    try:
        return template.format(**shown)
    except (KeyError, IndexError):  # a template naming a parameter the finding lacks
        return f"{template} [{code}: {params}]"
