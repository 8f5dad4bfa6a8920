"""Labels of the forms in English (default) and Chinese (the original platform's terms)."""

from __future__ import annotations

LANGUAGES = ("en", "zh")

LABELS: dict[str, tuple[str, str]] = {
    # step titles
    "step.connector": ("1 · Connector", "1 · 新建连接器"),
    "step.actions": ("2 · Actions", "2 · 创建执行动作"),
    "step.accounts": ("3 · Auth accounts", "3 · 鉴权配置"),
    "step.test": ("4 · Test", "4 · 测试连接器"),
    # connector (F-1)
    "display_name": ("Display name", "连接器显示名称"),
    "icon_url": ("Icon URL", "图标图片地址"),
    "description": ("Description", "连接器描述"),
    "host": ("Host", "域名"),
    "protocol": ("Protocol", "请求协议"),
    "base_url": ("Base URL", "Base URL"),
    "auth": ("Authentication", "身份验证类型"),
    "auth.settings": ("Scheme settings", "验证设置"),
    # scheme settings
    "auth.username_label": ("Username prompt", "用户名提示"),
    "auth.password_label": ("Password prompt", "密码提示"),
    "auth.key_label": ("Key prompt", "密钥提示"),
    "auth.token_label": ("Token prompt", "令牌提示"),
    "auth.name": ("Parameter name", "参数名称"),
    "auth.location": ("Sent in", "参数位置"),
    "auth.token_url": ("Token endpoint", "令牌地址"),
    "auth.legacy": ("Legacy (access_token in query)", "旧版接口 (access_token 参数)"),
    "auth.refresh_margin": ("Refresh margin (s)", "提前刷新 (秒)"),
    "auth.api_key_header": ("App Key header", "App Key 请求头"),
    "auth.version": ("Signature version", "签名版本"),
    # actions (F-3)
    "actions": ("Actions", "执行动作"),
    "action.id": ("Id", "唯一标识"),
    "action.name": ("Name", "动作名称"),
    "action.description": ("Description", "动作描述"),
    "action.method": ("Method", "请求方式"),
    "action.path": ("Path", "请求地址"),
    "action.records_path": ("Records (JSONPath)", "记录路径 (JSONPath)"),
    "params.query": ("Query", "Query"),
    "params.path": ("Path", "Path"),
    "params.header": ("Headers", "Headers"),
    "params.body": ("Body", "Body"),
    "param.name": ("name", "参数名"),
    "param.type": ("type", "类型"),
    "param.required": ("required", "必填"),
    "param.default": ("default / value", "默认值 / 值"),
    "param.source": ("source", "来源"),
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
    "add": ("Add", "新增"),
    "remove": ("Remove", "删除"),
    "apply": ("Apply", "保存"),
    "new_action": ("New action", "新建动作"),
    # accounts (F-4)
    "accounts": ("Auth accounts", "鉴权账号"),
    "account.name": ("Account name", "账号名称"),
    "new_account": ("New account", "新建账号"),
    "account.none": (
        "This scheme needs no values; the account still names the test setup.",
        "该验证方式无需填写; 测试仍需选择一个账号。",
    ),
    # test (F-5)
    "test.action": ("Action", "执行动作"),
    "test.account": ("Auth account", "鉴权账号"),
    "test.user_id": ("Login user id", "登录人ID"),
    "test.org_id": ("Organization id", "组织ID"),
    "test.run": ("Run", "运行"),
    "test.running": ("Running…", "运行中…"),
    "test.status": ("Status", "状态"),
    "test.body": ("Body", "返回内容"),
    "test.table": ("Table", "表格"),
    "test.check": ("Expected response", "接口返回校验"),
    "test.request": ("Request as sent", "实际请求"),
    "test.headers": ("Response headers", "返回头"),
    "test.curl": ("Copy as cURL", "复制为 cURL"),
    "test.rows": ("showing {shown} of {total} rows", "显示 {shown} / 共 {total} 行"),
    # app
    "workspace": ("Workspace folder", "工作区目录"),
    "save": ("Save", "保存"),
    "load": ("Load", "加载"),
    "language": ("Language", "语言"),
}


def label(key: str, language: str = "en") -> str:
    """The label of ``key`` in ``language`` (English when a key has no translation)."""
    english, chinese = LABELS.get(key, (key, key))
    return chinese if language == "zh" else english
