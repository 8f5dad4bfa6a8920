"""How the widgets word an error, in English or Chinese: the one place an exception becomes
text on the screen.

The engine is language-neutral: each error carries a stable ``error_code`` and ``params`` (and
each problem of a SpecError its own ``code`` and ``params``). Here are the Chinese templates,
keyed by code and formatted with the params. English is the engine's own ``str()``. A code with
no template, or a template the params do not fill, falls back to the English message — never to
the Python class name, which tells a user nothing.
"""

from __future__ import annotations

from typing import Any

from connector_lab import ConnectorLabError, SpecError
from connector_lab.errors import Problem

from .i18n import LABELS, label

#: Chinese wording per error code; ``{name}`` is filled from the error's params.
ZH_TEMPLATES: dict[str, str] = {
    # the connector's host, protocol, base URL (step 1)
    "host.required": "请填写域名, 例如 api.example.com 或 127.0.0.1:8765",
    "host.has_protocol": "{value} 包含请求协议; 域名请填写 {host}, 请求协议选择 {protocol}",
    "host.protocol_only": "{value} 包含请求协议; 域名只填写主机名, 请求协议选择 {protocol}",
    "host.has_protocol_path": (
        "{value} 包含请求协议和路径; 域名请填写 {host}, 请求协议选择 {protocol}, "
        "Base URL 填写 {base_url}"
    ),
    "host.unsupported_protocol": (
        "{value} 使用的协议 {protocol} 不受支持; 连接器只支持 http 或 https, "
        "域名只填写主机名, 例如 api.example.com"
    ),
    "host.trailing_slash": "{value} 以 “/” 结尾; 域名请填写 {host}",
    "host.has_path": "{value} 包含路径; 域名请填写 {host}, Base URL 填写 {base_url}",
    "host.invalid": (
        "{value} 不是有效的域名; 请填写域名 (如 api.example.com)、IP 地址或方括号中的 "
        "IPv6 地址, 可带 “:端口”"
    ),
    "host.invalid_name": (
        "{value} 不是有效的域名; 只能使用字母、数字、“-” 和 “.” (如 api.example.com)"
    ),
    "host.ipv6_brackets": "{value} 看起来是 IPv6 地址; 请写在方括号中: {host}",
    "host.ipv6_invalid": "{value} 方括号中的 IPv6 地址无效",
    "host.port": "{value} 的端口 {port} 无效; 端口是 1 到 65535 之间的数字",
    "protocol.unsupported": "{value} 不是支持的请求协议; 请选择 http 或 https",
    "base_url.full_url": (
        "{value} 是完整网址; Base URL 只填写路径前缀 (例如 {path}), "
        "域名和请求协议在各自的字段中填写"
    ),
    "base_url.invalid": "{value} 不能包含 “?”、“#” 或占位符; Base URL 是普通的路径前缀",
    "icon_url.invalid": (
        "{value} 不是图片地址; 请填写 http(s) 地址或 data:image 地址, 留空则使用默认图标"
    ),
    # any field
    "field.required": "此项为必填项",
    "field.unknown": "不是已知字段; 请删除或检查拼写",
    "field.wrong_type": "值的类型不正确",
    "json.invalid": "不是有效的 JSON",
    "action.duplicate_id": (
        "唯一标识 “{id}” 重复 (与 actions[{other}] 相同); 同一连接器中的唯一标识不能重复"
    ),
    # the workspace
    "store.conflict": "连接器 “{id}” 已存在; 请改名, 或选择替换",
    "store.not_found": "工作区中没有连接器 {id}; 已有的连接器: {known}",
    "store.no_workspace": (
        "该连接器工厂没有工作区, 无法保存; 请传入 workspace=Workspace.default() 或一个文件夹"
    ),
    "store.empty": "工作区中还没有保存的连接器: 请先保存一个连接器",
    "store.load": "文件无法加载 ({path}); 请检查文件内容",
    # the run panel's "Save table"
    "export.name_empty": "文件名: 不能为空 —— 请填写文件名, 例如 orders.csv",
    "export.name_separator": (
        "文件名: {name} 是路径 —— 只填写文件名, 例如 orders{suffix}; "
        "文件保存在工作区的 exports 文件夹中"
    ),
    "export.name_hidden": (
        "文件名: {name} 以 “.” 开头或包含控制字符 —— 请填写普通文件名, 例如 orders{suffix}"
    ),
    "export.name_suffix": (
        "文件名: {name} 不是以所选格式的后缀 {suffix} 结尾 —— 请改为以 {suffix} 结尾, "
        "或选择与其后缀相符的格式 ({known})"
    ),
    "export.no_workspace": (
        "没有可保存表格的工作区; 请用 workspace=Workspace.default() 或一个文件夹打开连接器工厂"
    ),
    "export.failed": "无法写入文件 {path}; 原有文件 (如有) 保持不变",
    # authentication
    "auth.token_failed": (
        "未能获取访问令牌 (HTTP {status}, 错误码 {provider_code}); 请检查账号的密钥和令牌地址"
    ),
    "auth.token_unreachable": "无法连接令牌地址; 请检查令牌地址和网络",
    "auth.bad_token": "返回的访问令牌无法发送; 请检查令牌地址是否正确",
    # the request
    "transport.timeout": "{method} {url}: 超时未收到响应; 请调大超时时间, 或检查服务器是否正常",
    "transport.blocked": "网络策略拒绝连接 {host} ({address} 属于 {address_range}); 未发送任何请求",
    "transport.too_large": "响应内容超过 {limit} 字节的上限, 已停止读取",
    "http.status": "服务器返回了 HTTP {status}",
    "pagination.loop": "分页出现循环: {value} 重复出现",
}

#: The head of a SpecError with several problems, then one line per problem.
SEVERAL = ("{title} ({count} problems):", "定义有误 (共 {count} 个问题):")
UNEXPECTED = ("unexpected error", "意外错误")


def _zh(code: str, params: dict[str, Any]) -> str | None:
    template = ZH_TEMPLATES.get(code)
    if template is None:
        return None
    try:
        return template.format(**{k: "" if v is None else v for k, v in params.items()})
    except (KeyError, IndexError, ValueError):  # params do not fill it: English is better
        return None


def problem_text(problem: tuple[str, str], language: str = "en") -> str:
    """One problem's message (without its field) in ``language``."""
    if language == "zh" and isinstance(problem, Problem):
        return _zh(problem.code, problem.params) or problem[1]
    return problem[1]


def field_label(field: str, language: str) -> str:
    """A field path as the forms name it (``host`` → 域名); other paths stay as they are."""
    if language != "zh":
        return field
    name = field.split(".")[-1].split("[")[0]
    for key in (field, f"action.{name}", name):
        if key in LABELS:
            return label(key, language)
    return field


def _spec_text(exc: SpecError, language: str) -> str:
    lines = [
        (f"{field_label(p[0], language)}: " if p[0] else "") + problem_text(p, language)
        for p in exc.problems
    ]
    if len(lines) == 1:
        return lines[0]
    head = SEVERAL[language == "zh"].format(title=exc.title, count=len(lines))
    return "\n".join([head, *(f"  - {line}" for line in lines)])


def render_error(exc: BaseException, language: str = "en") -> str:
    """What the user reads for ``exc``: per its code in ``language``, else the English text;
    never the class name."""
    if isinstance(exc, SpecError) and exc.problems:
        return _spec_text(exc, language)
    if language == "zh" and isinstance(exc, ConnectorLabError):
        text = _zh(exc.error_code, exc.params)
        if text:
            return text
    return str(exc) or UNEXPECTED[language == "zh"]
