"""Lesson 2 — an API key sent in a header (``X-API-Key`` on ``/apikey/header/items``), not in
the query: where the key travels, and why a query string is the wrong place for a secret.
HTTP Basic (``/basic/profile``) is explained in the notebook; the check is about the key."""

from __future__ import annotations

from collections.abc import Iterator

from .._rules import mask
from ..spec import ApiKeyAuth
from .checks import Attempt, all_right, opening, run_action
from .findings import Finding
from .lessons import Lesson, register_lesson
from .messages import add_messages, bilingual

HEADER = "X-API-Key"
PATH = "/apikey/header/items"

add_messages(
    {
        "lesson2.key_in_query": {
            "en": "the API key went in the query ({name}) but this server wants a header "
            "({header}) — and rightly so: a query string ends up in server logs, proxies and "
            "browser history, where anyone can read the key; set Sent in to header and the "
            "name to {header}",
            "zh": "API 密钥放在了查询参数（{name}）中，但该服务器要求放在请求头（{header}）"
            "—— 这样做是对的：查询字符串会被记录在服务器日志、代理和浏览器历史中，密钥会因此泄露；"
            "请把参数位置改为请求头（header），名称填写 {header}",
        },
        "lesson2.header_name": {
            "en": "the key goes in header {name}, but this server reads {header} — rename it "
            "to {header} (a header name ignores case, but its spelling counts)",
            "zh": "密钥放在请求头 {name} 中，但该服务器读取的是 {header} —— 请把名称改为 "
            "{header}（请求头名称不区分大小写，但拼写必须一致）",
        },
        "lesson2.key_header": {
            "en": "the API key travels in header {header}, never in the URL",
            "zh": "API 密钥通过请求头 {header} 发送，不出现在 URL 中",
        },
        "lesson2.key_refused": {
            "en": "the sandbox refused the key ({key}) — check the account's value: auth "
            "account {account} must hold the key given in the task",
            "zh": "沙箱拒绝了该密钥（{key}）—— 请检查鉴权账号“{account}”中填写的值，"
            "应为任务中给出的密钥",
        },
    }
)


def _key_place(auth: ApiKeyAuth) -> Finding:
    if auth.location == "query":
        return Finding("lesson2.key_in_query", False, {"name": auth.name, "header": HEADER})
    if auth.name.lower() != HEADER.lower():
        return Finding("lesson2.header_name", False, {"name": auth.name, "header": HEADER})
    return Finding("lesson2.key_header", True, {"header": HEADER})


def _items_action(action) -> bool:
    return action.method == "GET" and action.path.rstrip("/") == PATH


def check(attempt: Attempt) -> Iterator[Finding]:
    what = bilingual(f"GET {PATH}", f"GET {PATH} ")
    action, findings = opening(attempt, _items_action, what, scheme="api_key")
    if isinstance(attempt.connector.auth, ApiKeyAuth):
        findings.append(_key_place(attempt.connector.auth))
    yield from findings
    if action is None or not all_right(findings):
        return
    ran, result = run_action(attempt, action)
    if result is not None and result.status == 401:
        key = mask(attempt.account.values.get("token"))
        yield Finding("lesson2.key_refused", False, {"key": key, "account": attempt.account.name})
    else:
        yield ran


LESSON = register_lesson(
    Lesson(
        number=2,
        title=bilingual("An API key: query versus header", "API 密钥：查询参数还是请求头"),
        teaches=bilingual(
            "API-key and Basic authentication; where a key travels (header or query) and why "
            "a secret does not belong in a URL; the auth account holds the key",
            "API 密钥与基本身份验证；密钥放在请求头还是查询参数，为什么密钥不应出现在 URL 中；"
            "鉴权账号保存密钥",
        ),
        task=bilingual(
            f"Make a connector for the sandbox with API-key authentication, the key sent in "
            f"the header {HEADER}, and an action GET {PATH}. Create an auth account holding "
            "the sandbox's key demo-api-key and check.",
            f"为沙箱新建一个使用 API 密钥身份验证的连接器，密钥通过请求头 {HEADER} 发送，"
            f"并添加执行动作 GET {PATH}。创建一个鉴权账号，填入沙箱的密钥 demo-api-key，"
            "然后进行检查。",
        ),
        checker=check,
    )
)
