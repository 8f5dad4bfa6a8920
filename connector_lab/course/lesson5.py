"""Lesson 5 — the expected response (接口返回) parsed from a sample, the records path that makes
one row per order (``$.data[*]`` on ``GET /orders``), and the table exported to a file (CSV or
Parquet) that the check reads back.

As on the platform, an action without a records path makes the whole answer one record: the
check shows the table a learner would get (one row, the orders a nested list), not a guess."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ConnectorLabError
from ..spec import Action, AuthAccount
from ..wire.client import Client
from .checks import Attempt, all_right, opening
from .findings import Finding
from .lessons import Lesson, register_lesson
from .messages import add_messages, bilingual

RECORDS_PATH = "$.data[*]"

add_messages(
    {
        "lesson5.no_sample": {
            "en": "action {id} has no expected response — run GET /orders once, paste its "
            "answer as the sample and parse it into the expected response",
            "zh": "执行动作 {id} 没有接口返回示例 —— 先运行一次 GET /orders，"
            "把返回内容粘贴为示例并解析为接口返回",
        },
        "lesson5.sample_ok": {
            "en": "the answer matches the expected response",
            "zh": "返回内容与接口返回示例一致",
        },
        "lesson5.sample_mismatch": {
            "en": "the answer does not match the expected response ({detail}) — parse a sample "
            "of this API's own answer",
            "zh": "返回内容与接口返回示例不一致（{detail}）—— 请用该接口真实的返回内容作为示例解析",
        },
        "lesson5.records_missing": {
            "en": "the table has 1 row with the {orders} orders as a nested list: set the "
            "records path to $.data[*] so that each order is a row",
            "zh": "表格只有 1 行，{orders} 个订单挤在一个嵌套列表里：请把记录路径（records path）"
            "设为 $.data[*]，让每个订单成为一行",
        },
        "lesson5.records_nothing": {
            "en": "the records path {path} matches nothing in the answer (0 rows) — the orders "
            "are the list under data: use $.data[*]",
            "zh": "记录路径 {path} 在返回内容中匹配不到任何数据（0 行）—— 订单在 data 列表下："
            "请使用 $.data[*]",
        },
        "lesson5.records_rows": {
            "en": "the records path {path} gives {rows} row(s), but the answer has {orders} "
            "orders — use $.data[*] for one row per order",
            "zh": "记录路径 {path} 得到 {rows} 行，但返回了 {orders} 个订单 —— "
            "请使用 $.data[*]，每个订单一行",
        },
        "lesson5.records_ok": {
            "en": "the records path {path} gives one row per order ({rows} rows)",
            "zh": "记录路径 {path} 每个订单一行（共 {rows} 行）",
        },
        "lesson5.export_missing": {
            "en": "no export file was named — export the table (to_csv or to_parquet) and "
            "check with export='orders.csv' (in the forms: Save table at the test step, "
            "then Check)",
            "zh": "没有指定导出文件 —— 请导出表格（to_csv 或 to_parquet），"
            "再用 export='orders.csv' 检查（在表单中：在测试步骤点击“保存表格”，再检查）",
        },
        "lesson5.export_not_found": {
            "en": "the export file {file} does not exist — export the table to it first",
            "zh": "导出文件 {file} 不存在 —— 请先把表格导出到该文件",
        },
        "lesson5.export_format": {
            "en": "{file} is neither CSV nor Parquet — export to a .csv or .parquet file",
            "zh": "{file} 既不是 CSV 也不是 Parquet —— 请导出为 .csv 或 .parquet 文件",
        },
        "lesson5.export_unreadable": {
            "en": "the export file {file} could not be read ({detail}) — export it again",
            "zh": "无法读取导出文件 {file}（{detail}）—— 请重新导出",
        },
        "lesson5.export_empty": {
            "en": "the export file {file} holds no rows — export the table of orders, not an "
            "empty one",
            "zh": "导出文件 {file} 中没有数据行 —— 请导出订单表格，而不是空表格",
        },
        "lesson5.export_rows": {
            "en": "the export file {file} has {rows} row(s), but the answer has {orders} "
            "orders — export the table made with the records path $.data[*]",
            "zh": "导出文件 {file} 有 {rows} 行，但返回了 {orders} 个订单 —— "
            "请导出使用记录路径 $.data[*] 得到的表格",
        },
        "lesson5.export_ok": {
            "en": "the export file {file} holds the {rows} orders",
            "zh": "导出文件 {file} 包含全部 {rows} 个订单",
        },
    }
)


def _lists_orders(action: Action) -> bool:
    return action.method == "GET" and action.path.rstrip("/") == "/orders"


def _run(attempt: Attempt, action: Action, values: dict[str, Any]):
    """The answer and the table the action makes (the whole answer one row when no records
    path is set), or the finding that says why there is none."""
    account = attempt.account or AuthAccount(name="course")
    try:
        with Client(attempt.connector, account) as client:
            result = client.run(action, values)
            frame = result.to_frame(action.records_path or "$") if result.ok else None
    except ConnectorLabError as exc:
        return Finding("run.failed", False, {"detail": str(exc)}), None, None
    if frame is None:
        shown = {"status": result.status, "detail": result.reason or ""}
        return Finding("run.status", False, shown), None, None
    return Finding("run.ok", True, {"status": result.status, "rows": len(frame)}), result, frame


def _sample(action: Action, result) -> Finding:
    if action.expected_response is None:
        return Finding("lesson5.no_sample", False, {"id": action.id})
    checked = result.check()
    if checked.ok:
        return Finding("lesson5.sample_ok", True)
    wrong = checked.problem or ", ".join(checked.missing + [p for p, *_ in checked.type_changes])
    return Finding("lesson5.sample_mismatch", False, {"detail": wrong})


def _records(action: Action, rows: int, orders: int) -> Finding:
    path = action.records_path
    if not path:
        return Finding("lesson5.records_missing", False, {"orders": orders})
    if rows == 0:
        return Finding("lesson5.records_nothing", False, {"path": path})
    if rows != orders:
        return Finding(
            "lesson5.records_rows", False, {"path": path, "rows": rows, "orders": orders}
        )
    return Finding("lesson5.records_ok", True, {"path": path, "rows": rows})


def _read_export(file: Path) -> tuple[pd.DataFrame | None, Finding | None]:
    shown = {"file": file.name}
    if not file.is_file():
        return None, Finding("lesson5.export_not_found", False, shown)
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        return None, Finding("lesson5.export_format", False, shown)
    try:
        if suffix == ".csv":
            return pd.read_csv(file), None
        return pd.read_parquet(file), None
    except pd.errors.EmptyDataError:
        return pd.DataFrame(), None
    except (OSError, ValueError) as exc:
        detail = type(exc).__name__
        return None, Finding("lesson5.export_unreadable", False, {**shown, "detail": detail})


def check_export(export: Any, orders: int) -> Finding:
    """The exported file: there, readable, and one row per order of the answer."""
    if not export:
        return Finding("lesson5.export_missing", False)
    file = Path(export)
    frame, problem = _read_export(file)
    if problem is not None:
        return problem
    shown = {"file": file.name, "rows": len(frame)}
    if frame.empty:
        return Finding("lesson5.export_empty", False, shown)
    if len(frame) != orders:
        return Finding("lesson5.export_rows", False, {**shown, "orders": orders})
    return Finding("lesson5.export_ok", True, shown)


def check(attempt: Attempt) -> Iterator[Finding]:
    values = dict(attempt.values)
    export = values.pop("export", None)
    what = bilingual("GET /orders", "GET /orders（查询订单列表）")
    action, findings = opening(attempt, _lists_orders, what)
    yield from findings
    if action is None or not all_right(findings):
        return
    ran, result, frame = _run(attempt, action, values)
    yield ran
    if result is None:
        return
    body = result.json()
    orders = len(body.get("data") or []) if isinstance(body, dict) else 0
    records = _records(action, len(frame), orders)
    yield from (_sample(action, result), records, check_export(export, orders))
    if records.ok:
        attempt.frame = frame


LESSON = register_lesson(
    Lesson(
        number=5,
        title=bilingual(
            "The expected response, records and a table in a file",
            "接口返回、记录路径与导出表格",
        ),
        teaches=bilingual(
            "parsing a sample into the expected response; the records path that makes one "
            "row per record; exporting the table to CSV or Parquet",
            "把示例解析为接口返回；用记录路径让每条记录成为一行；把表格导出为 CSV 或 Parquet",
        ),
        task=bilingual(
            "Make a connector for the sandbox with an action GET /orders: parse a sample of "
            "its answer into the expected response, set the records path so that each order "
            "is a row, export the table to a CSV or Parquet file, and check with "
            "export='the file' (in the forms: Run, then Save table under the table, then "
            "Check).",
            "为沙箱新建连接器，添加执行动作 GET /orders：把返回示例解析为接口返回，"
            "设置记录路径让每个订单成为一行，把表格导出为 CSV 或 Parquet 文件，"
            "然后用 export='文件名' 进行检查（在表单中：运行，在表格下方点击“保存表格”，"
            "再点击“检查”）。",
        ),
        checker=check,
        check_values=("export",),  # the forms: the file "Save table" wrote (test step)
    )
)
