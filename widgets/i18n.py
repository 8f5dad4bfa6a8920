"""Labels of the forms in English (default) and Chinese (the original platform's terms).

A form row for a model field is labelled by the field's own ``title`` (in
:mod:`connector_lab.spec`); its Chinese label is here, in :data:`FIELD_LABELS_ZH`, keyed like
the row: the field name, prefixed by its model's ``FORM_MODELS`` key. The other words of the
forms (steps, buttons, tables) are in :data:`UI_LABELS`. :data:`LABELS` holds both.

A scheme a user registers (``connector_lab.register_scheme``) after this module is imported
is labelled from its own model: the field's ``title``, and in Chinese its
``json_schema_extra={"title_zh": ...}`` (the title when it has none).
"""

from __future__ import annotations

from typing import Any

from connector_lab.spec import SCHEMES, Action, Connector, Pagination
from connector_lab.spec.policies import RateLimit, RetryPolicy, Timeouts

LANGUAGES = ("en", "zh")

#: The models whose fields become form rows, by the prefix of their rows' label keys.
FORM_MODELS = {
    "": (Connector,),
    "auth.": tuple(SCHEMES.values()),
    "action.": (Action,),
    "pagination.": (Pagination,),
    "retry.": (RetryPolicy,),
    "rate_limit.": (RateLimit,),
    "timeouts.": (Timeouts,),
}

FIELD_LABELS_ZH: dict[str, str] = {
    # connector (F-1)
    "display_name": "连接器显示名称",
    "icon_url": "图标图片地址",
    "description": "连接器描述",
    "host": "域名",
    "protocol": "请求协议",
    "base_url": "Base URL",
    "auth": "身份验证类型",
    # scheme settings
    "auth.username_label": "用户名提示",
    "auth.password_label": "密码提示",
    "auth.key_label": "密钥提示",
    "auth.token_label": "令牌提示",
    "auth.name": "参数名称",
    "auth.location": "参数位置",
    "auth.token_url": "令牌地址",
    "auth.legacy": "旧版接口 (access_token 参数)",
    "auth.refresh_margin": "提前刷新 (秒)",
    "auth.api_key_header": "App Key 请求头",
    "auth.version": "签名版本",
    "auth.signer": "签名方式",
    # actions (F-3)
    "action.id": "唯一标识",
    "action.name": "动作名称",
    "action.description": "动作描述",
    "action.method": "请求方式",
    "action.path": "请求地址",
    "action.records_path": "记录路径 (JSONPath)",
    "action.body_style": "请求体格式",
    # pagination (F-10)
    "pagination.style": "分页方式",
    "pagination.page_param": "页码参数",
    "pagination.first_page": "起始页码",
    "pagination.offset_param": "偏移量参数",
    "pagination.size_param": "每页条数参数",
    "pagination.page_size": "每页条数",
    "pagination.cursor_param": "游标参数",
    "pagination.cursor_in": "游标位置",
    "pagination.cursor_path": "下一页游标 (JSONPath)",
    "pagination.cursor_header": "下一页游标响应头",
    "pagination.next_url_path": "下一页地址 (JSONPath)",
    "pagination.total_path": "总数 (JSONPath)",
    "pagination.total_header": "总数响应头",
    "pagination.stop_on_short_page": "不足一页时停止",
    "pagination.max_pages": "最多页数",
    "pagination.max_records": "最多记录数",
    # retry policy, rate limit, timeouts (F-10)
    "retry.total": "重试次数",
    "retry.statuses": "重试的状态码",
    "retry.connection_errors": "连接错误时重试",
    "retry.methods": "重试的请求方式",
    "retry.allow_post": "允许重试 POST",
    "retry.backoff_factor": "退避系数",
    "retry.backoff_max": "最长退避 (秒)",
    "retry.jitter": "随机抖动",
    "retry.respect_retry_after": "遵循 Retry-After",
    "retry.max_retry_after": "最长 Retry-After (秒)",
    "rate_limit.requests": "请求数上限",
    "rate_limit.per": "每",
    "timeouts.connect": "连接超时 (秒)",
    "timeouts.read": "读取超时 (秒)",
    "timeouts.total": "总超时 (秒)",
}

UI_LABELS: dict[str, tuple[str, str]] = {
    "action.body_style.json": ("JSON", "JSON"),
    "action.body_style.form": ("Form (x-www-form-urlencoded)", "表单 (x-www-form-urlencoded)"),
    # step titles
    "step.connector": ("1 · Connector", "1 · 新建连接器"),
    "step.actions": ("2 · Actions", "2 · 创建执行动作"),
    "step.accounts": ("3 · Auth accounts", "3 · 鉴权配置"),
    "step.run": ("4 · Test", "4 · 测试连接器"),
    # actions (F-3)
    "actions": ("Actions", "执行动作"),
    "params.query": ("Query", "Query"),
    "params.path": ("Path", "Path"),
    "params.header": ("Headers", "Headers"),
    "params.body": ("Body", "Body"),
    "param.name": ("name", "参数名"),
    "param.required": ("required", "必填"),
    "param.default": ("default / value", "默认值 / 值"),
    "param.description": ("description", "描述"),
    "source.user": ("user input", "用户输入"),
    "source.static": ("static value", "静态值"),
    "source.user_id": ("login user id", "登录人ID"),
    "source.org_id": ("organization id", "组织ID"),
    "add_param": ("+ parameter", "+ 参数"),
    "body.sample": ("Request JSON sample", "请求JSON"),
    "body.parse": ("Parse sample", "请求JSON进行解析"),
    "response": ("Expected response", "接口返回"),
    "response.parse": ("Parse sample", "解析"),
    "remove": ("Remove", "删除"),
    "apply": ("Apply", "保存"),
    "new_action": ("New action", "新建动作"),
    # pagination (F-10)
    "pagination": ("Pagination", "分页"),
    "pagination.none": ("None (one page)", "不分页"),
    "pagination.style.auto": ("Auto-detect", "自动识别"),
    "pagination.style.page": ("Page number", "页码"),
    "pagination.style.offset": ("Offset / limit", "偏移量 / 条数"),
    "pagination.style.cursor": ("Cursor", "游标"),
    "pagination.style.next_url": ("Next URL in the body", "返回中的下一页地址"),
    "pagination.style.link": ("Link header", "Link 响应头"),
    "pagination.stop": ("Stop when", "停止条件"),
    "pagination.detect": ("Detect from a test run", "通过测试运行识别"),
    "pagination.detected": ("Detected", "识别结果"),
    "pagination.no_runner": (
        "A test run needs the connector and an auth account: use the connector factory "
        "(steps 1 and 3), or give the form a runner.",
        "测试运行需要连接器和鉴权账号: 请在连接器工厂中使用 (第 1、3 步), 或为表单提供 runner。",
    ),
    "pagination.no_detector": (
        "Detection is not available in this version (connector_lab.harvest is missing); "
        "choose the style by hand.",
        "当前版本不支持自动识别 (缺少 connector_lab.harvest); 请手动选择分页方式。",
    ),
    # accounts (F-4)
    "accounts": ("Auth accounts", "鉴权账号"),
    "account.name": ("Account name", "账号名称"),
    "new_account": ("New account", "新建账号"),
    "account.none": (
        "This scheme needs no values; the account still names the test setup.",
        "该验证方式无需填写; 测试仍需选择一个账号。",
    ),
    # run panel (F-5)
    "run.action": ("Action", "执行动作"),
    "run.account": ("Auth account", "鉴权账号"),
    "run.user_id": ("Login user id", "登录人ID"),
    "run.org_id": ("Organization id", "组织ID"),
    "run.run": ("Run", "运行"),
    "run.running": ("Running…", "运行中…"),
    "run.body": ("Body", "返回内容"),
    "run.check": ("Expected response", "接口返回校验"),
    "run.request": ("Request as sent", "实际请求"),
    "run.headers": ("Response headers", "返回头"),
    "run.curl": ("Copy as cURL", "复制为 cURL"),
    "run.rows": ("showing {shown} of {total} rows", "显示 {shown} / 共 {total} 行"),
    "run.columns": (" · the first {shown} of {total} columns", " · 前 {shown} / 共 {total} 列"),
    "run.all_pages": ("All pages", "全部分页"),
    "run.stop": ("Stop", "停止"),
    "run.pages_progress": (
        "{pages} of {total_pages} pages · {records} records",
        "已获取 {pages} / {total_pages} 页 · {records} 条记录",
    ),
    "run.pages_done": (
        "{pages} pages · {records} records · stopped: {stop}",
        "共 {pages} 页 · {records} 条记录 · 停止原因: {stop}",
    ),
    "run.stopped_by_user": ("stopped by the user", "用户手动停止"),
    "run.unknown": ("?", "?"),
    # connector policies (F-10)
    "policies": ("Advanced: retries, rate limit, timeouts", "高级: 重试、限流、超时"),
    "policies.retry": ("Retries", "重试策略"),
    "policies.rate_limit": ("Rate limit", "限流"),
    "policies.timeouts": ("Timeouts", "超时"),
    "policies.per.second": ("per second", "每秒"),
    "policies.per.minute": ("per minute", "每分钟"),
    "policies.empty": ("empty: none", "留空: 不设置"),
    # batch tab (F-10)
    "step.batch": ("5 · Batch", "5 · 批量运行"),
    "batch.inputs": ("Input table", "输入表"),
    "batch.refresh": ("Refresh", "刷新"),
    "batch.upload": ("Upload CSV", "上传 CSV"),
    "batch.action": ("Action", "执行动作"),
    "batch.mapping": ("Column → parameter", "列 → 参数"),
    "batch.no_column": ("(no column)", "(不映射)"),
    "batch.workers": ("Workers", "并发数"),
    "batch.run": ("Run batch", "批量运行"),
    "batch.rerun": ("Re-run failed rows", "重新运行失败行"),
    "batch.counts": ("{succeeded} succeeded · {failed} failed", "成功 {succeeded} · 失败 {failed}"),
    "batch.no_frames": (
        "No DataFrame in the kernel yet: make one in a cell, pass inputs=, or upload a CSV.",
        "内核中还没有 DataFrame: 请在单元格中创建, 传入 inputs=, 或上传 CSV。",
    ),
    "batch.required": ("* required", "* 必填"),
    # history tab (F-10)
    "step.history": ("6 · History", "6 · 运行日志"),
    "history.connector": ("Connector", "连接器"),
    "history.action": ("Action", "执行动作"),
    "history.status": ("Status", "状态"),
    "history.kind": ("Kind", "类型"),
    "history.any": ("any", "全部"),
    "history.refresh": ("Refresh", "刷新"),
    "history.empty": ("No runs recorded yet.", "暂无运行记录。"),
    "history.no_workspace": (
        "The run history lives in a workspace: make the factory with "
        "workspace=Workspace.default() (or a folder) to record and see it.",
        "运行日志保存在工作区中: 请用 workspace=Workspace.default() (或一个文件夹) 创建工厂。",
    ),
    # app
    "save": ("Save", "保存"),
    "load": ("Load", "加载"),
    "load.pick": ("Saved connectors", "已保存的连接器"),
    "load.confirm": ("Discard changes and load?", "放弃未保存的修改并加载？"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    # no silent overwrites (steps 2 and 3)
    "replace": ("Replace", "替换"),
    "item.taken": (
        "'{key}' already exists: rename it, or click Replace to overwrite it",
        "“{key}” 已存在：请改名，或点击“替换”覆盖它",
    ),
    # layout (issue 13 point 6): column headers, Apply's confirmation, samples, sandbox
    "param.col.name": ("Name", "参数名称"),
    "param.col.type": ("Type", "参数类型"),
    "param.col.required": ("Required", "是否必填"),
    "param.col.default": ("Default / value", "默认值"),
    "param.col.source": ("Source", "参数来源"),
    "param.col.description": ("Description", "参数描述"),
    "applied": (
        "Applied: {kind} '{key}' — save the connector to keep it",
        "已应用：{kind}“{key}” — 保存连接器后才会保留",
    ),
    "applied.action": ("action", "执行动作"),
    "applied.account": ("account", "鉴权账号"),
    "body.sample_error": ("Request sample: {problem}", "请求JSON: {problem}"),
    "response.sample_error": ("Response sample: {problem}", "接口返回示例: {problem}"),
    "auth.sandbox_token_url": ("Use the sandbox token URL", "使用沙箱令牌地址"),
    # import / export (step 1)
    "import.title": ("Import (cURL, OpenAPI, Postman)", "导入 (cURL, OpenAPI, Postman)"),
    "import.hint": (
        "Paste a cURL command, a spec or a collection — or upload the file:",
        "粘贴 cURL 命令、接口规范或集合 — 或上传文件:",
    ),
    "import.preview": ("Preview", "预览"),
    "import.create": ("Create", "创建"),
    "import.created": (
        "created: adjust it in the forms; the account is in step 3 (saved only with Save)",
        "已创建: 可在表单中调整; 账号在第 3 步 (仅在点击保存时保存)",
    ),
    "import.empty": (
        "nothing to import: paste a command, a spec or a collection, or upload a file",
        "没有可导入的内容: 请粘贴命令、规范或集合, 或上传文件",
    ),
    "import.preview_first": ("press Preview first", "请先点击预览"),
    "import.auth": ("auth", "鉴权"),
    "import.method": ("method", "请求方式"),
    "import.path": ("path", "请求地址"),
    "import.params": ("parameters", "参数"),
    "import.accounts": ("Recognised account (masked)", "识别到的账号 (已隐藏)"),
    "import.warnings": ("Warnings", "警告"),
    "import.ignored": ("Ignored", "已忽略"),
    "export.title": ("Export", "导出"),
    "export.show": ("Export", "导出"),
    "export.download": ("Download", "下载"),
}


def field_titles() -> dict[str, str]:
    """The English label of every titled field of the form models, keyed like a form row."""
    titles: dict[str, str] = {}
    for prefix, models in FORM_MODELS.items():
        for model in models:
            for name, info in model.model_fields.items():
                if info.title:
                    titles.setdefault(prefix + name, info.title)
    return titles


LABELS: dict[str, tuple[str, str]] = {
    **UI_LABELS,
    # a field without a Chinese label shows its English title in both languages
    **{key: (title, FIELD_LABELS_ZH.get(key, title)) for key, title in field_titles().items()},
}


def _registered_field_label(key: str) -> tuple[str, str] | None:
    """(English, Chinese) of a settings field of a scheme registered after import."""
    if not key.startswith("auth."):
        return None
    for model in SCHEMES.values():
        info = model.model_fields.get(key.removeprefix("auth."))
        if info is not None and info.title:
            extra: Any = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            return info.title, str(extra.get("title_zh") or info.title)
    return None


def label(key: str, language: str = "en") -> str:
    """The label of ``key`` in ``language`` (English when a key has no translation)."""
    english, chinese = LABELS.get(key) or _registered_field_label(key) or (key, key)
    return chinese if language == "zh" else english
