"""Labels of the forms in English (default) and Chinese (the original platform's terms).

A form row for a model field is labelled by the field's own ``title`` (in
:mod:`connector_lab.spec`); its Chinese label is here, in :data:`FIELD_LABELS_ZH`, keyed like
the row: the field name, prefixed by its model's ``FORM_MODELS`` key. The other words of the
forms (steps, buttons, tables) are in :data:`UI_LABELS`. :data:`LABELS` holds both.

A scheme a user registers (``connector_lab.register_scheme``) after this module is imported
is labelled from its own model: the field's ``title`` and ``description`` (its help), and in
Chinese its ``json_schema_extra={"title_zh": ..., "description_zh": ...}`` (the English when
it has none).
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
    "auth.username_label": "用户名标签",
    "auth.password_label": "密码标签",
    "auth.key_label": "参数标签",
    "auth.token_label": "令牌标签",
    "auth.name": "参数名称",
    "auth.location": "参数位置",
    "auth.token_url": "令牌地址",
    "auth.legacy": "旧版接口 (access_token 参数)",
    "auth.refresh_margin": "提前刷新 (秒)",
    "auth.api_key_header": "App Key 请求头",
    "auth.version": "签名版本",
    "auth.signer": "签名方式",
    "auth.signature_method": "签名方法",
    "auth.signed_headers": "额外签名请求头",
    "auth.stage": "环境 (X-Ca-Stage)",
    "auth.client_auth": "客户端认证方式",
    "auth.scope": "权限范围 (scope)",
    "auth.audience": "受众 (audience)",
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
    "param.name": ("name", "参数名称"),
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
    "apply": ("Apply", "应用"),  # not 保存: Save (the toolbar) writes the workspace
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
    "save.confirm": (
        "Another connector is saved as {id}: replace it, or type another id?",
        "已有另一个连接器保存为 {id}：替换它，还是填写其他 ID？",
    ),
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
    # the run panel's "Save table" (保存表格)
    "save.title": ("<b>Save table</b>", "<b>保存表格</b>"),
    "save.format.csv": ("CSV", "CSV"),
    "save.format.xlsx": ("Excel", "Excel 工作簿"),
    "save.format.parquet": ("Parquet", "Parquet 列式文件"),
    "save.format.jsonl": ("JSON Lines", "JSON Lines (每行一个 JSON)"),
    "save.save": ("Save table", "保存表格"),
    "save.run_first": (
        "Run first: there is no table to save yet.",
        "请先运行: 还没有可保存的表格。",
    ),
    "save.saved": ("Saved {rows} row(s) to {path}", "已保存 {rows} 行到 {path}"),
    "save.too_big": (
        "The file is larger than 20 MB: no download link — open it from the exports folder.",
        "文件超过 20 MB, 不提供下载链接 —— 请在 exports 文件夹中打开。",
    ),
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


# -- issue 13 point 7: help (tooltips), placeholders and messages in both languages ---------

#: The Chinese help (tooltip) of a form row, keyed like the row; the English is the field's
#: ``description`` in :mod:`connector_lab.spec`.
HELP_ZH: dict[str, str] = {
    "display_name": "使用者看到的连接器名称。",
    "icon_url": "图标的 http(s) 或 data:image 地址; 留空则使用默认图标。",
    "description": "该接口提供什么, 写给使用连接器的人。",
    "host": "接口的域名 (和端口), 不带协议头, 也不带路径。",
    "protocol": "请求使用的协议。",
    "base_url": "每个执行动作的请求地址都接在这个路径前缀之后。",
    "auth": "连接器的每个请求如何证明发送者的身份。",
    "auth.username_label": "鉴权账号中用户名一栏的提示, 例如 “工号”。",
    "auth.password_label": "鉴权账号中密码一栏的提示。",
    "auth.key_label": "配置鉴权信息时的提示。",
    "auth.location": "把密钥附加在查询参数还是 header 里。",
    "auth.name": "系统需要的 apiKey 名称 (header 或查询参数的名称)。",
    "auth.token_url": "用 App Key 和 App Secret 获取访问令牌的地址。",
    "auth.legacy": "旧版接口: 令牌放在 access_token 查询参数中。",
    "auth.refresh_margin": "缓存的令牌在过期前多少秒重新获取。",
    "auth.api_key_header": "携带 App Key 的请求头。",
    "auth.version": "网关的签名版本。",
    "auth.signer": "为每个请求签名的已注册签名方式 (默认: hmac_gateway)。",
    "auth.signature_method": "网关要求的 HMAC 算法 (X-Ca-Signature-Method)。",
    "auth.signed_headers": "除 X-Ca-* 之外一并签名的请求头, 以逗号分隔 (例如 X-Tenant)。",
    "auth.stage": "接口的环境 (X-Ca-Stage); 留空则不发送 (RELEASE)。",
    "auth.token_label": "鉴权账号中令牌一栏的提示。",
    "auth.client_auth": "客户端 ID 和密钥放在表单请求体中, 还是作为 HTTP Basic 发送。",
    "auth.scope": "申请的权限范围, 多个用空格分隔 (留空: 不指定)。",
    "auth.audience": "令牌的目标 API, 服务器要求时填写 (留空: 不指定)。",
    "action.id": "代码中用来识别该动作的名称: 字母、数字、“_” 或 “-”。",
    "action.name": "使用者看到的执行动作名称。",
    "action.description": "该执行动作做什么。",
    "action.method": "请求的 HTTP 方法。",
    "action.path": "相对于连接器的 Base URL; {name} 表示一个 Path 参数。",
    "action.records_path": "响应中记录列表的 JSONPath (留空则自动识别)。",
    "action.body_style": "请求体参数的发送方式: JSON 对象, 或表单 "
    "(application/x-www-form-urlencoded, 仅限不含 “.” 的参数名)。",
    "pagination.style": "如何请求下一页; “自动识别” 从第一页判断。",
    "pagination.page_param": "存放页码的查询参数。",
    "pagination.first_page": "第一页的页码 (0 或 1)。",
    "pagination.offset_param": "存放第一条记录序号的查询参数。",
    "pagination.size_param": "存放每页条数的查询参数 (per_page、limit、pageSize)。",
    "pagination.page_size": "每页请求的记录数; 不足这个数的页即为最后一页。",
    "pagination.cursor_param": "发送下一页游标所用的参数。",
    "pagination.cursor_in": "游标放在查询参数中还是请求体中。",
    "pagination.cursor_path": "响应体中下一页游标的位置。",
    "pagination.cursor_header": "存放下一页游标的响应头 (代替响应体)。",
    "pagination.next_url_path": "响应体中下一页地址的位置 (绝对或相对地址)。",
    "pagination.total_path": "响应体中记录总数的位置。",
    "pagination.total_header": "存放记录总数的响应头。",
    "pagination.stop_on_short_page": "某页的记录数少于每页条数时停止。",
    "pagination.max_pages": "获取这么多页后停止 (留空: 不限)。",
    "pagination.max_records": "获取这么多条记录后停止 (留空: 不限)。",
    "retry.total": "请求失败后重试的次数 (0: 不重试)。",
    "retry.statuses": "需要重试的 HTTP 状态码。",
    "retry.connection_errors": "连接失败、被重置或超时时重试。",
    "retry.methods": "需要重试的请求方式 (默认为幂等的方式)。",
    "retry.allow_post": "也重试 POST: 仅当接口允许重复 POST 时开启。",
    "retry.backoff_factor": "指数退避的秒数: 第 n 次重试前等待 系数 × 2^(n-1)。",
    "retry.backoff_max": "退避等待的最长时间 (秒)。",
    "retry.jitter": "每次退避随机增减的比例 (0.25: ±25 %)。",
    "retry.respect_retry_after": "按服务器 Retry-After 的要求等待 (秒数或日期)。",
    "retry.max_retry_after": "Retry-After 超过此值时放弃, 不再等待 (秒)。",
    "rate_limit.requests": "每个周期内最多发起的请求数。",
    "rate_limit.per": "周期: 每秒或每分钟。",
    "timeouts.connect": "建立连接的秒数。",
    "timeouts.read": "连接后接收响应 (响应头和响应体) 的秒数。",
    "timeouts.total": "一次尝试整个交换过程的秒数, 包括重定向。",
}

#: Placeholders in Chinese, keyed by the English placeholder itself (an example or a hint);
#: one that is code (a host, a path, an id, JSON) reads the same in both and is not here.
PLACEHOLDERS_ZH: dict[str, str] = {
    "Sandbox shop": "示例商城",
    "List orders": "查询订单列表",
    "$.data[*] (optional)": "$.data[*] (可选)",
    "https://… (optional)": "https://… (可选)",
    "per_page (optional)": "per_page (可选)",
    "X-Next-Cursor (optional)": "X-Next-Cursor (可选)",
    "$.total (optional)": "$.total (可选)",
    "X-Total-Count (optional)": "X-Total-Count (可选)",
    "(empty)": "(空)",
    "connector id": "连接器ID",
    "value, or env:VARIABLE_NAME": "值, 或 env:环境变量名",
    "X-Tenant, X-Request-Id": "例如 X-Tenant, X-Request-Id",
}

#: Words of the forms added with the messages (issue 13 point 7).
UI_LABELS_I18N: dict[str, tuple[str, str]] = {
    "saved_as": ("saved as <b>{id}</b>", "已保存为 <b>{id}</b>"),
    "loaded": ("loaded <b>{id}</b>", "已加载 <b>{id}</b>"),
    "imported": ("imported <b>{count}</b> action(s)", "已导入 <b>{count}</b> 个执行动作"),
    "upload": ("Upload", "上传"),
    # a choice's label is keyed "<row key>.<value>" (the platform's 参数位置 choices)
    "auth.location.query": ("query", "查询参数"),
    "auth.location.header": ("header", "header"),
    "type.string": ("string", "文本"),
    "type.integer": ("integer", "整数"),
    "type.number": ("number", "数字"),
    "type.boolean": ("boolean", "布尔值"),
    "type.array": ("array", "数组"),
    "type.object": ("object", "对象"),
}


def field_helps() -> dict[str, str]:
    """The English help (a field's ``description``) of every titled field, keyed like a row."""
    helps: dict[str, str] = {}
    for prefix, models in FORM_MODELS.items():
        for model in models:
            for name, info in model.model_fields.items():
                if info.title and info.description:
                    helps.setdefault(prefix + name, info.description)
    return helps


LABELS: dict[str, tuple[str, str]] = {
    **UI_LABELS,
    # a field without a Chinese label shows its English title in both languages
    **{key: (title, FIELD_LABELS_ZH.get(key, title)) for key, title in field_titles().items()},
    **UI_LABELS_I18N,
    **{f"help.{key}": (text, HELP_ZH.get(key, text)) for key, text in field_helps().items()},
    **{english: (english, chinese) for english, chinese in PLACEHOLDERS_ZH.items()},
}


def _registered_field_label(key: str) -> tuple[str, str] | None:
    """(English, Chinese) of a settings field of a scheme registered after import: its
    label (``auth.<name>``) or its help (``help.auth.<name>``)."""
    is_help = key.startswith("help.auth.")
    if not (is_help or key.startswith("auth.")):
        return None
    for model in SCHEMES.values():
        info = model.model_fields.get(key.rsplit(".", 1)[-1])
        if info is None or not info.title:
            continue
        extra: Any = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if is_help:
            text = info.description or ""
            return text, str(extra.get("description_zh") or text)
        return info.title, str(extra.get("title_zh") or info.title)
    return None


def label(key: str, language: str = "en") -> str:
    """The label of ``key`` in ``language`` (English when a key has no translation)."""
    english, chinese = LABELS.get(key) or _registered_field_label(key) or (key, key)
    return chinese if language == "zh" else english
