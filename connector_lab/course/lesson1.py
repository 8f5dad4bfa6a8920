"""Lesson 1 — a connector with no authentication and a GET action with a path parameter
(``/orders/{id}`` on the sandbox), run at the test step with an auth account all the same."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .checks import Attempt, all_right, opening, run_action
from .findings import Finding
from .lessons import Lesson, register_lesson
from .messages import add_messages, bilingual

add_messages(
    {
        "lesson1.path_literal": {
            "en": "the path {path} fixes the order id — write /orders/{{id}} so the id becomes "
            "a path parameter the test step asks for",
            "zh": "路径 {path} 把订单号写死了 —— 请写成 /orders/{{id}}，"
            "让订单号成为测试时填写的路径参数",
        },
        "lesson1.order": {
            "en": "order {id} came back, one row",
            "zh": "返回了订单 {id}，一行",
        },
        "lesson1.not_one_order": {
            "en": "the answer is not the one order asked for (got {rows} row(s)) — the path "
            "must be /orders/{{id}}",
            "zh": "返回的不是所请求的那一个订单（得到 {rows} 行）—— 路径应为 /orders/{{id}}",
        },
    }
)


def _with_path_param(action) -> bool:
    return action.method == "GET" and any(p.location == "path" for p in action.params)


def check(attempt: Attempt) -> Iterator[Finding]:
    literal = next(
        (a for a in attempt.connector.actions if re.fullmatch(r"/orders/\d+", a.path)), None
    )
    near_miss = Finding("lesson1.path_literal", False, {"path": literal.path}) if literal else None
    action, findings = opening(
        attempt,
        _with_path_param,
        bilingual("GET with a path parameter", "带路径参数的 GET 请求"),
        scheme="none",
        instead=near_miss,
    )
    yield from findings
    if action is None or not all_right(findings):
        return
    param = next(p for p in action.params if p.location == "path")
    values = {param.name: attempt.values.get(param.name, param.default or 3)}
    ran, _ = run_action(attempt, action, values)
    yield ran
    if ran.ok:
        frame = attempt.frame
        ids = list(frame["id"]) if "id" in frame.columns else []
        if len(frame) == 1 and [str(i) for i in ids] == [str(values[param.name])]:
            yield Finding("lesson1.order", True, {"id": values[param.name]})
        else:
            yield Finding("lesson1.not_one_order", False, {"rows": len(frame)})


LESSON = register_lesson(
    Lesson(
        number=1,
        title=bilingual(
            "No authentication, a GET with a path parameter", "无身份验证，带路径参数的 GET"
        ),
        teaches=bilingual(
            "host versus protocol; a path parameter; why the test step still asks for an "
            "auth account",
            "域名与请求协议；路径参数；为什么测试时仍要选择鉴权账号",
        ),
        task=bilingual(
            "Make a connector for the sandbox with no authentication and an action that gets "
            "one order by its id: GET /orders/{id}. Create an auth account and check.",
            "为沙箱新建一个无身份验证的连接器，并添加一个按订单号查询订单的执行动作："
            "GET /orders/{id}。创建一个鉴权账号后进行检查。",
        ),
        checker=check,
    )
)
