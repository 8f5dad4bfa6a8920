"""Lesson 6 — pagination (分页) and a harvest of all pages: an action on ``/paged/pages`` (or
``/paged/cursor``, ``/paged/offset``) with a Pagination setting; the check harvests every page
with ``Client.harvest`` and compares the rows with the sandbox's total (the ``total=`` value,
95 unless the run gives another)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import ConnectorLabError, PaginationLoopError
from ..spec import Action, AuthAccount
from ..wire.client import Client
from .checks import Attempt, all_right, opening
from .findings import Finding
from .lessons import Lesson, register_lesson
from .messages import add_messages, bilingual

#: What the sandbox's /paged/* routes hold unless ``total=`` says otherwise.
DEFAULT_TOTAL = 95
#: What each style's parameter or path is on the sandbox (the fix a message names).
SANDBOX_NAMES = {
    "page": ("page_param", "page"),
    "offset": ("offset_param", "offset"),
    "cursor": ("cursor_param", "cursor"),
}

add_messages(
    {
        "lesson6.no_pagination": {
            "en": "got {rows} of {total} rows — only the first page came back: set the "
            "action's pagination (style {style}) so that every page is fetched",
            "zh": "只取到 {total} 行中的 {rows} 行 —— 只返回了第一页：请为执行动作设置分页"
            "（方式 {style}），以获取所有页",
        },
        "lesson6.loop": {
            "en": "the second page came back the same as the first: the server does not know "
            "the parameter '{name}' — this API's {what} parameter is '{expected}'",
            "zh": "第二页与第一页完全相同：服务器不认识参数“{name}” —— "
            "该接口的{what}参数是“{expected}”",
        },
        "lesson6.loop_other": {
            "en": "the pages repeat ({detail}) — check the pagination's parameter names",
            "zh": "分页结果重复（{detail}）—— 请检查分页的参数名",
        },
        "lesson6.short": {
            "en": "the harvest stopped after {rows} of {total} rows (it stopped because: "
            "{stop}) — {hint}",
            "zh": "采集在 {total} 行中的 {rows} 行处停止（原因：{stop}）—— {hint}",
        },
        "lesson6.too_many": {
            "en": "the harvest gave {rows} rows, but the sandbox holds {total} — some pages "
            "were fetched twice: check the first page number and the page size",
            "zh": "采集得到 {rows} 行，但沙箱只有 {total} 行 —— 有的页被重复获取："
            "请检查起始页码和每页条数",
        },
        "lesson6.all_rows": {
            "en": "all {total} rows harvested, {pages} page(s)",
            "zh": "已采集全部 {total} 行，共 {pages} 页",
        },
        "lesson6.harvest_failed": {
            "en": "the harvest did not complete: {detail}",
            "zh": "采集未能完成：{detail}",
        },
    }
)

_WHAT = {
    "page_param": bilingual("page", "页码"),
    "offset_param": bilingual("offset", "偏移量"),
    "cursor_param": bilingual("cursor", "游标"),
}
_CURSOR_HINT = bilingual(
    "the next cursor path {path} finds nothing in the answer: this API gives it at $.next_cursor",
    "下一页游标路径 {path} 在返回内容中找不到游标：该接口的游标位于 $.next_cursor",
)
_STOP_HINT = bilingual(
    "check the stop rules (page size, max pages, max records)",
    "请检查停止规则（每页条数、最大页数、最大记录数）",
)


def _paged(action: Action) -> bool:
    return action.method == "GET" and action.path.startswith("/paged/")


def _style(action: Action) -> str:
    return {"/paged/cursor": "cursor", "/paged/offset": "offset"}.get(action.path, "page")


def _total(action: Action, values: dict[str, Any]) -> int:
    declared = next((p for p in action.params if p.name == "total"), None)
    default = declared.default if declared is not None else None
    return int(values.get("total") or default or DEFAULT_TOTAL)


def _first_page(client: Client, action: Action, values: dict[str, Any], total: int) -> Finding:
    rows = len(client.run(action, values).to_frame())
    return Finding(
        "lesson6.no_pagination", False, {"rows": rows, "total": total, "style": _style(action)}
    )


def _loop(action: Action, exc: PaginationLoopError) -> Finding:
    style = action.pagination.style if action.pagination else "auto"
    field, expected = SANDBOX_NAMES.get(style, (None, None))
    name = getattr(action.pagination, field) if field else None
    if name is None or name == expected:
        return Finding("lesson6.loop_other", False, {"detail": str(exc)})
    shown = {"name": name, "expected": expected, "what": _WHAT[field]}
    return Finding("lesson6.loop", False, shown)


def _short(action: Action, rows: int, total: int, stop: str) -> Finding:
    pagination = action.pagination
    if pagination.style == "cursor" and pagination.cursor_path != "$.next_cursor":
        path = pagination.cursor_path or "—"
        hint = {lang: text.format(path=path) for lang, text in _CURSOR_HINT.items()}
    else:
        hint = _STOP_HINT
    return Finding(
        "lesson6.short", False, {"rows": rows, "total": total, "stop": stop, "hint": hint}
    )


def _harvest(attempt: Attempt, action: Action, total: int) -> Iterator[Finding]:
    values = dict(attempt.values)
    account = attempt.account or AuthAccount(name="course")
    try:
        with Client(attempt.connector, account) as client:
            if action.pagination is None:
                yield _first_page(client, action, values, total)
                return
            pages = list(client.pages(action, values))
            frame = client.harvest(action, values)
    except PaginationLoopError as exc:
        yield _loop(action, exc)
        return
    except ConnectorLabError as exc:
        yield Finding("lesson6.harvest_failed", False, {"detail": str(exc)})
        return
    rows, last = len(frame), pages[-1].page if pages else None
    if rows < total:
        yield _short(action, rows, total, getattr(last, "stop", None) or "—")
    elif rows > total:
        yield Finding("lesson6.too_many", False, {"rows": rows, "total": total})
    else:
        attempt.frame = frame
        filled = sum(1 for p in pages if getattr(p.page, "records", 0))
        yield Finding("lesson6.all_rows", True, {"total": total, "pages": filled})


def check(attempt: Attempt) -> Iterator[Finding]:
    what = bilingual("GET on /paged/…", "GET /paged/…（分页列表）")
    action, findings = opening(attempt, _paged, what)
    yield from findings
    if action is None or not all_right(findings):
        return
    yield from _harvest(attempt, action, _total(action, attempt.values))


LESSON = register_lesson(
    Lesson(
        number=6,
        title=bilingual("Pagination and a harvest of all pages", "分页与采集所有页"),
        teaches=bilingual(
            "why a list stops at the first page; the pagination styles (page number, offset, "
            "cursor); the parameter names a server expects; harvesting every page into one "
            "table",
            "为什么列表只返回第一页；分页方式（页码、偏移量、游标）；服务器认的参数名；"
            "把所有页采集成一张表格",
        ),
        task=bilingual(
            "Make a connector for the sandbox with an action GET /paged/pages (10 rows a "
            "page, 95 in all). Set its pagination so that a harvest gets every row, and check.",
            "为沙箱新建连接器，添加执行动作 GET /paged/pages（每页 10 行，共 95 行）。"
            "设置分页，使采集能获取所有行，然后进行检查。",
        ),
        checker=check,
    )
)
