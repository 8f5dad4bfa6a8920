"""The run panel and the factory, headless, against the sandbox over real HTTP."""

from __future__ import annotations

import ipywidgets as w
import pytest
from connector_lab.widgets import ConnectorFactory, label

from connector_lab import StoreError, Workspace

from .tree import displayed, walk


def shown(panel) -> list[str]:
    """Every text the panel displays (HTML views and text boxes), found in its tree."""
    return [x.value for x in walk(panel) if isinstance(x, w.HTML | w.Text | w.Textarea)]


def run(factory, action: str, **values: str):
    """Choose ``action`` in the run panel, type ``values`` into its parameter form, Run."""
    panel = factory.run_panel
    panel.action.value = action
    for name, value in values.items():
        displayed(panel, f"cl-param-input-{name}").value = value
    panel.run_button.click()
    return panel


@pytest.fixture
def factory(shop, shop_account) -> ConnectorFactory:
    return ConnectorFactory(shop, [shop_account])


def test_parameter_form_is_generated_from_the_action(factory):
    panel = factory.run_panel
    panel.action.value = "orders"
    (row,) = panel.params_box.children
    assert row.children[0].value == "count (integer) *"
    assert panel.param_inputs["count"].value == "5"  # the default


def test_run_shows_everything_and_masks_the_secret(factory, sandbox):
    panel = run(factory, "orders", count="7")
    assert panel.error.value == ""
    assert "HTTP 200 OK" in panel.status.value
    assert "showing 7 of 7 rows" in panel.table.caption.value
    assert "customer.name" in panel.table.grid._dt_args["table_html"]
    assert "✓ matches the expected response" in panel.check.value
    assert "X-API-Key: ***" in panel.request.value
    assert panel.curl.value == f"curl '{sandbox.url}/orders?count=7' -H 'X-API-Key: ***'"
    assert "<details" in panel.body.value
    assert not any(sandbox.credentials.api_key in text for text in shown(panel))
    assert factory.result.status == 200 and len(factory.frame) == 7
    assert panel.run_button.disabled is False


def test_errors_of_every_kind_appear_in_the_panel(factory):
    panel = run(factory, "order", id="seven")
    assert "id: parameter &#x27;id&#x27;: &#x27;seven&#x27; is not an integer" in panel.error.value
    assert "ParameterError" not in panel.error.value  # a class name tells a user nothing
    run(factory, "fail", status="503")
    assert "HTTP 503" in panel.status.value and panel.error.value == ""
    panel.account.value = None
    panel.run_button.click()
    assert "choose an auth account (step 3)" in panel.error.value
    assert panel.run_button.disabled is False


def test_a_100000_row_result_sends_bounded_html(factory):
    panel = run(factory, "orders", count="100000")
    assert len(factory.frame) == 100_000
    assert "of 100,000 rows" in panel.table.caption.value
    html_sent = sum(len(text) for text in shown(panel)) + panel.table.data_size
    assert html_sent < 300_000, html_sent  # the body alone is ~57 MB of JSON


def test_language_switch_shows_the_chinese_labels(factory):
    factory.set_language("zh")
    form = factory.connector_form
    assert factory.tabs.titles == (
        "1 · 新建连接器",
        "2 · 创建执行动作",
        "3 · 鉴权配置",
        "4 · 测试连接器",
        "5 · 批量运行",
        "6 · 运行日志",
    )
    assert [form.fields[n].title.value for n in ("display_name", "host", "protocol")] == [
        "连接器显示名称",
        "域名",
        "请求协议",
    ]
    assert form.auth_field.title.value == "身份验证类型"
    assert ("API 密钥", "api_key") in form.auth_type.options
    assert factory.run_panel.run_button.description == "运行"
    assert factory.action_list.form.fields["path"].title.value == "请求地址"
    factory.language_picker.value = "en"
    assert form.fields["host"].title.value == label("host") == "Host"


def test_factory_hands_its_work_to_code_and_saves_to_a_workspace(tmp_path, sandbox):
    factory = ConnectorFactory(workspace=tmp_path / "ws")
    form = factory.connector_form
    form.fields["display_name"].control.value = "Shop"
    form.fields["host"].control.value = sandbox.host_port
    form.fields["protocol"].control.value = "http"
    form.auth_type.value = "api_key"
    form.settings.fields["name"].control.value = "X-API-Key"
    factory.action_list.start_new()
    factory.action_list.form.fields["id"].control.value = "items"
    factory.action_list.form.fields["name"].control.value = "Items"
    factory.action_list.form.fields["path"].control.value = "/apikey/header/items"
    factory.action_list.apply.click()
    factory.account_list.form.inputs["token"].value = "env:CL_FACTORY_KEY"
    factory.account_list.apply.click()
    factory.save_button.click()
    assert "saved as <b>shop</b>" in factory.status.value
    workspace = Workspace(tmp_path / "ws")
    assert workspace.load("shop") == factory.connector
    assert workspace.list_accounts("shop") == [
        {"connector": "shop", "account": "test", "fields": {"token": "$CL_FACTORY_KEY"}}
    ]
    again = ConnectorFactory(workspace=tmp_path / "ws")
    assert again.load_picker.options == ("shop",)
    again.load_picker.value = "shop"
    again.load_button.click()
    assert again.connector == factory.connector
    assert [a.name for a in again.accounts] == ["test"]
    again.guard(again.load)("missing")
    assert "no connector &#x27;missing&#x27;" in again.status.value


def test_the_request_is_previewed_as_the_user_types(factory, sandbox):
    panel = factory.run_panel
    panel.action.value = "order"
    preview = displayed(panel, "cl-preview-request")  # shown in the panel, not just kept
    assert "missing required parameter(s): &#x27;id&#x27;" in preview.value
    displayed(panel, "cl-param-input-id").value = "42"
    assert preview.value == f"<code>GET {sandbox.url}/orders/42</code>"
    assert sandbox.credentials.api_key not in preview.value  # auth is not applied


def test_saving_without_a_workspace_says_how_to_give_one(factory):
    with pytest.raises(StoreError, match=r"workspace=Workspace.default\(\)"):
        factory.save()


def test_the_factorys_network_policy_reaches_every_run(shop, shop_account, sandbox):
    from connector_lab import NetworkPolicy

    public = ConnectorFactory(shop, [shop_account], network=NetworkPolicy("public_only"))
    panel = run(public, "orders", count="2")
    assert "refused to connect to 127.0.0.1" in panel.error.value
    assert "loopback" in panel.error.value and public.result is None
    with public.run_panel.client() as client:  # the batch tab's clients too
        assert client.network.mode == "public_only"
    local = ConnectorFactory(shop, [shop_account])
    run(local, "orders")
    assert local.result.status == 200 and len(local.frame) == 5
    with pytest.raises(TypeError, match="NetworkPolicy"):
        ConnectorFactory(network="public_only")
