"""Issue 13, point 7: 中文 throughout. The engine's errors carry stable codes and parameters;
the widgets word them in the chosen language with no Python class name; every label,
placeholder, button and help text of the displayed factory has both languages, in the
platform's terms. Headless; runs and saves go to the sandbox on 127.0.0.1 and a temp folder."""

from __future__ import annotations

import re

import ipywidgets as w
import pytest
from connector_lab.widgets import ConnectorFactory, label

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    Client,
    Connector,
    ConnectorLabError,
    Param,
    SpecError,
    Workspace,
)

from .english import CJK, is_english
from .tree import walk

#: Three English words in a row: a sentence a Chinese reader should not get.
SENTENCE = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}")
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+Error\b")


def render_error(exc: BaseException, language: str) -> str:
    """The widgets' one renderer of errors (imported here: each test fails on its own)."""
    from connector_lab.widgets.messages import render_error

    return render_error(exc, language)


def error_of(build) -> ConnectorLabError:
    with pytest.raises(ConnectorLabError) as info:
        build()
    return info.value


# -- the engine: codes -----------------------------------------------------------------------
BAD_CONNECTORS = {
    "host.required": {"host": " "},
    "host.has_protocol": {"host": "https://api.example.com"},
    "host.has_protocol_path": {"host": "https://api.example.com/v1"},
    "host.unsupported_protocol": {"host": "ftp://files.example.com"},
    "host.trailing_slash": {"host": "api.example.com/"},
    "host.has_path": {"host": "api.example.com/v1"},
    "host.invalid": {"host": "api example.com"},
    "host.invalid_name": {"host": "-api.example.com"},
    "host.ipv6_brackets": {"host": "::1"},
    "host.port": {"host": "api.example.com:99999"},
    "protocol.unsupported": {"protocol": "ftp"},
    "base_url.full_url": {"base_url": "https://api.example.com/v1"},
    "base_url.invalid": {"base_url": "/v1?x=1"},
    "field.required": {"display_name": " "},
    "field.unknown": {"colour": "red"},
}


@pytest.mark.parametrize("code", BAD_CONNECTORS)
def test_each_broken_connector_rule_has_its_stable_code(code):
    fields = {"display_name": "Shop", "host": "api.example.com", **BAD_CONNECTORS[code]}
    error = error_of(lambda: Connector(**fields))
    assert isinstance(error, SpecError)
    assert [p.code for p in error.problems] == [code]
    assert error.error_code == code and error.params["field"] == error.problems[0][0]
    assert error.problems[0] == (error.problems[0].field, error.problems[0].message)  # a pair


def test_codes_of_several_problems_and_of_nested_models():
    error = error_of(lambda: Connector(display_name="", host="x/y", protocol="ftp"))
    assert [(p.field, p.code) for p in error.problems] == [
        ("display_name", "field.required"),
        ("host", "host.has_path"),
        ("protocol", "protocol.unsupported"),
    ]
    assert error.error_code == "spec.invalid"  # several problems: the error as a whole
    twice = [Action(id="a", name="A", path="/a"), Action(id="a", name="B", path="/b")]
    error = error_of(lambda: Connector(display_name="S", host="h.io", actions=twice))
    assert [(p.field, p.code, p.params) for p in error.problems] == [
        ("actions[1].id", "action.duplicate_id", {"id": "a", "other": 0})
    ]
    error = error_of(lambda: Connector(display_name="S", host="h.io", actions=[{"id": "a"}]))
    assert {p.code for p in error.problems} == {"field.required"}


def test_store_auth_and_transport_errors_have_class_and_site_codes(tmp_path, shop, sandbox):
    workspace = Workspace(tmp_path / "ws")
    workspace.save(shop, "shop")
    shared = workspace.export_connector("shop", tmp_path / "shop.json")
    conflict = error_of(lambda: workspace.import_connector(shared))
    assert (conflict.error_code, conflict.params["id"]) == ("store.conflict", "shop")
    assert error_of(lambda: workspace.load("nope")).error_code == "store.not_found"
    (workspace.connectors_dir / "broken.json").write_text("{", encoding="utf-8")
    assert error_of(lambda: workspace.load("broken")).error_code == "store.load"
    bad_key = AuthAccount(name="t", values={"token": "wrong"})
    with Client(shop, bad_key) as client:
        result = client.run("fail", status=503)
    assert error_of(result.raise_for_status).error_code == "http.status"
    assert error_of(result.raise_for_status).params["status"] == 503
    unreachable = shop.model_copy(update={"host": "127.0.0.1:9"})
    with Client(unreachable, bad_key) as client:
        refused = error_of(lambda: client.run("orders"))
    assert refused.error_code == "transport.failed" and refused.params["method"] == "GET"


# -- the widgets: one renderer, no class names -----------------------------------------------
def test_a_bad_host_error_reads_in_chinese_without_class_name_or_english_sentence():
    error = error_of(lambda: Connector(display_name="S", host="https://api.example.com/v1"))
    text = render_error(error, "zh")
    assert text.startswith("域名: ") and "api.example.com" in text and "/v1" in text
    assert "SpecError" not in text and not SENTENCE.search(text), text
    assert render_error(error, "en") == str(error)  # English stays the engine's own


def test_an_unknown_code_falls_back_to_the_english_message_never_the_class_name():
    class Odd(ConnectorLabError):
        error_code = "odd.unknown"

    assert render_error(Odd("the English words"), "zh") == "the English words"
    assert render_error(RuntimeError("boom"), "zh") == "boom"
    assert render_error(RuntimeError(), "zh") == "意外错误"


def test_a_conflict_in_the_workspace_reads_in_chinese(tmp_path, shop):
    workspace = Workspace(tmp_path / "ws")
    workspace.save(shop, "shop")
    shared = workspace.export_connector("shop", tmp_path / "shop.json")
    text = render_error(error_of(lambda: workspace.import_connector(shared)), "zh")
    assert text == "连接器 “shop” 已存在; 请改名, 或选择替换"


def test_the_factory_in_chinese_shows_host_errors_in_chinese_under_the_field_and_on_save(
    tmp_path,
):
    factory = ConnectorFactory(workspace=tmp_path / "ws", language="zh")
    form = factory.connector_form
    form.fields["display_name"].value = "商城"
    form.fields["host"].value = "https://api.example.com/v1"
    under_field = form.fields["host"].message
    assert "包含请求协议和路径" in under_field and not SENTENCE.search(under_field)
    factory.save_button.click()
    banner = factory.status.value
    assert "域名" in banner and "包含请求协议" in banner
    assert not CLASS_NAME.search(banner) and not SENTENCE.search(banner), banner


def test_store_errors_in_the_chinese_factory_read_in_chinese(tmp_path, shop):
    empty = ConnectorFactory(workspace=tmp_path / "empty", language="zh")
    empty.load_button.click()
    assert "工作区中还没有保存的连接器" in empty.status.value
    assert "StoreError" not in empty.status.value
    workspace = Workspace(tmp_path / "ws")
    workspace.save(shop, "shop")
    (workspace.connectors_dir / "shop.json").write_text("{", encoding="utf-8")
    factory = ConnectorFactory(workspace=workspace, language="zh")
    factory.load_button.click()
    assert "文件无法加载" in factory.status.value
    assert not CLASS_NAME.search(factory.status.value), factory.status.value


def test_save_and_load_say_so_in_the_language_of_the_factory(tmp_path, shop):
    factory = ConnectorFactory(shop, workspace=tmp_path / "ws", language="zh")
    factory.connector_id.value = "shop"
    factory.save_button.click()
    assert "已保存为 <b>shop</b>" in factory.status.value
    factory.load_button.click()
    assert "已加载 <b>shop</b>" in factory.status.value


def test_a_language_switch_rewords_the_errors_shown(tmp_path):
    factory = ConnectorFactory(workspace=tmp_path / "ws", language="zh")
    host = factory.connector_form.fields["host"]
    host.value = "api.example.com/v1"
    factory.save_button.click()
    assert "包含路径" in host.message and "包含路径" in factory.status.value
    factory.set_language("en")
    assert "includes a path" in host.message and "includes a path" in factory.status.value
    assert not CJK.search(factory.status.value) and not CJK.search(host.message)
    factory.set_language("zh")
    assert "包含路径" in host.message and "包含路径" in factory.status.value


# -- every label, placeholder, button and help -----------------------------------------------
def texts_shown(root: w.Widget) -> list[tuple[str, str]]:
    """(where, text) of each description, placeholder, tooltip, tab title and label shown."""
    found = []
    for widget in walk(root):
        kind = type(widget).__name__
        for attribute in ("description", "placeholder", "tooltip"):
            text = getattr(widget, attribute, None)
            if isinstance(text, str) and text.strip("\u200b"):
                found.append((f"{kind}.{attribute}", text))
        found += [(f"{kind}.title", t) for t in getattr(widget, "titles", ()) if t]
        for labelled, attribute, key in getattr(widget, "_labelled", ()):
            found.append((f"label {key!r}", getattr(labelled, attribute)))
    return found


@pytest.fixture
def full_factory(sandbox, tmp_path) -> ConnectorFactory:
    """A factory with something in every step: API-key auth, actions with parameters, an
    account, a new action form open."""
    shop = Connector(
        display_name="商城",
        host=sandbox.host_port,
        auth=ApiKeyAuth(key_label="密钥", name="X-API-Key"),
        actions=[
            Action(
                id="order",
                name="订单",
                path="/orders/{id}",
                params=[Param(name="id", location="path", type="integer")],
            )
        ],
    )
    account = AuthAccount(name="test", values={"token": sandbox.credentials.api_key})
    return ConnectorFactory(shop, [account], workspace=tmp_path / "ws")


def test_every_text_of_the_chinese_factory_is_chinese(full_factory):
    full_factory.set_language("zh")
    full_factory.action_list.new.click()
    english = [(where, text) for where, text in texts_shown(full_factory) if is_english(text)]
    assert english == []
    # every scheme's settings and every pagination style's fields, as each is chosen
    pagination = full_factory.action_list.form.pagination
    for style in [value for _, value in pagination.style.options]:
        pagination.style.value = style
        assert [t for _, t in texts_shown(pagination) if is_english(t)] == [], style
    for scheme in [value for _, value in full_factory.connector_form.auth_type.options]:
        full_factory.connector_form.auth_type.value = scheme
        shown = texts_shown(full_factory.connector_form) + texts_shown(full_factory.account_list)
        assert [t for _, t in shown if is_english(t)] == [], scheme


def test_no_text_of_the_english_factory_holds_chinese(full_factory):
    full_factory.action_list.new.click()
    form = full_factory.connector_form
    for scheme in [value for _, value in form.auth_type.options]:
        form.auth_type.value = scheme
        shown = texts_shown(full_factory)
        assert [(where, t) for where, t in shown if CJK.search(t)] == [], scheme


def test_the_labels_in_english_hold_no_chinese_and_apply_differs_from_save():
    from connector_lab.widgets.i18n import LABELS

    assert [key for key, (english, _) in LABELS.items() if CJK.search(english)] == []
    assert [key for key, (_, chinese) in LABELS.items() if is_english(chinese)] == []
    assert label("apply", "zh") != label("save", "zh")
    assert (label("apply", "zh"), label("save", "zh")) == ("应用", "保存")


def test_the_platforms_own_terms(full_factory):
    full_factory.set_language("zh")
    settings = full_factory.connector_form.settings.fields
    assert settings["key_label"].title.value == "参数标签"
    assert settings["name"].title.value == "参数名称"
    assert settings["location"].title.value == "参数位置"
    assert settings["location"].control.options == (("header", "header"), ("查询参数", "query"))
    assert label("param.name", "zh") == "参数名称" and label("param.required", "zh") == "必填"


def test_a_new_action_is_named_in_the_forms_language():
    """Seen in the 中文 browser flow's screenshot: "order_by_id — New action" in the list."""
    from connector_lab.widgets import ConnectorFactory

    factory = ConnectorFactory(language="zh")
    factory.action_list.new.click()
    assert factory.action_list.form.fields["name"].value == "新建动作"
