"""Lesson 7 — importing a cURL command (``from_curl``) and fixing what it got wrong: the
command (:func:`curl_command`) has an ``https://`` URL, a literal order id in the path and the
API key inline as a header the importer does not know as a credential, so the import keeps
it as a static header — a secret in the connector file. The learner chooses ``http``, turns
the id into ``{id}``, and moves the key into an API-key auth account; the check reads both."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..sandbox.credentials import DEMO_CREDENTIALS
from ..spec import Action, Param
from .checks import (
    Attempt,
    check_account,
    check_auth_type,
    check_host,
    check_protocol,
    find_action,
    run_action,
)
from .findings import Finding
from .lessons import Lesson, register_lesson
from .messages import add_messages, bilingual

#: The header the shop's documentation names for its key.
KEY_HEADER = "X-Shop-Key"
ORDER_ID = 42
_SECRET_NAME = re.compile(r"key|token|secret|password|authorization|appcode", re.I)

add_messages(
    {
        "lesson7.path_literal": {
            "en": "the imported path {path} has the order id {id} written in — make it "
            "/orders/{{id}} with a path parameter id",
            "zh": "导入的路径 {path} 把订单号 {id} 写死了 —— 请改为 /orders/{{id}}，"
            "并添加路径参数 id",
        },
        "lesson7.secret_in_connector": {
            "en": "the key is stored in the connector (static header {name} of action "
            "{action}) — move it to an auth account: choose API key authentication with the "
            "header {name}, delete the static header, and put the key in the account",
            "zh": "密钥保存在连接器里（执行动作 {action} 的固定请求头 {name}）—— "
            "请把它移到鉴权账号：身份验证类型选择“API 密钥”、参数位置为请求头 {name}，"
            "删除该固定请求头，并把密钥填写到鉴权账号中",
        },
        "lesson7.no_secret": {
            "en": "no key is stored in the connector",
            "zh": "连接器中没有保存密钥",
        },
        "lesson7.key_place": {
            "en": "the API key goes in the {location} as {name}, but the command sends it in "
            "the header {expected} — set the key's location to header and its name to "
            "{expected}",
            "zh": "API 密钥放在{location}的 {name} 中，但命令是在请求头 {expected} 中发送的 —— "
            "请把参数位置设为请求头，名称设为 {expected}",
        },
        "lesson7.key_place_ok": {
            "en": "the API key is sent in the header {name}",
            "zh": "API 密钥通过请求头 {name} 发送",
        },
        "lesson7.account_empty": {
            "en": "the auth account {name} holds no key — put the key from the cURL command "
            "in the account",
            "zh": "鉴权账号 {name} 中没有密钥 —— 请把 cURL 命令中的密钥填写到账号里",
        },
        "lesson7.order": {
            "en": "order {id} came back, one row",
            "zh": "返回了订单 {id}，一行",
        },
    }
)

_HEADER = bilingual("header", "请求头")
_QUERY = bilingual("query", "查询参数")


def curl_command(host: str, key: str = DEMO_CREDENTIALS.api_key) -> str:
    """The command the lesson gives: what a browser's "Copy as cURL" made on the shop's site."""
    return f"curl -H '{KEY_HEADER}: {key}' 'https://{host}/orders/{ORDER_ID}'"


def _order_action(action: Action) -> bool:
    return action.method == "GET" and action.path == "/orders/{id}"


def _static_secret(attempt: Attempt) -> Finding:
    secrets = {DEMO_CREDENTIALS.api_key}
    for action in attempt.connector.actions:
        for param in action.params:
            if param.source != "static" or param.value in (None, ""):
                continue
            if _SECRET_NAME.search(param.name) or str(param.value) in secrets:
                shown = {"name": param.name, "action": action.id}
                return Finding("lesson7.secret_in_connector", False, shown)
    return Finding("lesson7.no_secret", True)


def _key(attempt: Attempt) -> list[Finding]:
    found = check_auth_type(attempt, "api_key")
    if not found.ok:
        return [found]
    auth = attempt.connector.auth
    if auth.location != "header" or auth.name.lower() != KEY_HEADER.lower():
        where = _HEADER if auth.location == "header" else _QUERY
        shown = {"location": where, "name": auth.name, "expected": KEY_HEADER}
        return [found, Finding("lesson7.key_place", False, shown)]
    return [found, Finding("lesson7.key_place_ok", True, {"name": auth.name})]


def _account(attempt: Attempt) -> Finding:
    found = check_account(attempt)
    if not found.ok:
        return found
    values = attempt.account.values
    if not any(_plain(v) for v in values.values()):
        return Finding("lesson7.account_empty", False, {"name": attempt.account.name})
    return found


def _plain(value) -> str:
    getter = getattr(value, "get_secret_value", None)
    return getter() if getter else str(value or "")


def _path(attempt: Attempt) -> Finding | None:
    literal = next(
        (a for a in attempt.connector.actions if re.fullmatch(r"/orders/\d+", a.path)), None
    )
    if literal is None:
        return None
    return Finding("lesson7.path_literal", False, {"path": literal.path, "id": literal.path[8:]})


def check(attempt: Attempt) -> Iterator[Finding]:
    action, found = find_action(
        attempt, _order_action, bilingual("GET /orders/{id}", "GET /orders/{id}（按订单号查询）")
    )
    if action is None:
        found = _path(attempt) or found
    findings = [check_host(attempt), check_protocol(attempt), found, _static_secret(attempt)]
    findings += [*_key(attempt), _account(attempt)]
    yield from findings
    if action is None or not all(f.ok for f in findings):
        return
    ran, _ = run_action(attempt, action, {**attempt.values, "id": ORDER_ID})
    yield ran
    if ran.ok:
        ids = [str(i) for i in attempt.frame.get("id", [])]
        if ids == [str(ORDER_ID)]:
            yield Finding("lesson7.order", True, {"id": ORDER_ID})


def fixed(imported_action: Action) -> Action:
    """The imported action with its literal id made a path parameter (what a solution does)."""
    params = [p for p in imported_action.params if p.location != "header"]
    params.append(Param(name="id", location="path", type="integer"))
    return imported_action.model_copy(update={"path": "/orders/{id}", "params": params})


LESSON = register_lesson(
    Lesson(
        number=7,
        title=bilingual(
            "Importing a cURL command and fixing what it got wrong",
            "导入 cURL 命令并修正导入结果",
        ),
        teaches=bilingual(
            "what from_curl makes of a command; the protocol and host it takes from the URL; "
            "why a literal id becomes a path parameter; why a key never stays in the "
            "connector but goes into an auth account",
            "from_curl 如何解析命令；从 URL 得到的请求协议与域名；为什么写死的编号要改成路径参数；"
            "为什么密钥不能留在连接器里，而要放进鉴权账号",
        ),
        task=bilingual(
            "Import the command shown below (the command to import: paste it in step 1's Import "
            "section, or from_curl(curl_command(lesson.host)) in a notebook), then fix it: "
            "the sandbox speaks http, "
            "the order id must be a path parameter (/orders/{id}), and the key "
            "(header X-Shop-Key) belongs in an API key auth account, not in the connector. "
            "Check with the fixed connector and the account.",
            "导入下面给出的命令（要导入的命令：粘贴到第 1 步的“导入”中，或在笔记本中用 "
            "from_curl(curl_command(lesson.host))），然后修正：沙箱使用 http 请求协议，"
            "订单号要作为路径参数（/orders/{id}），密钥（请求头 X-Shop-Key）应放在"
            "“API 密钥”类型的鉴权账号中，而不是连接器里。用修正后的连接器和账号进行检查。",
        ),
        checker=check,
        material=curl_command,
    )
)
