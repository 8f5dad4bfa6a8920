"""Issue 13, point 6: the layout of the factory's forms — column headers above parameter rows,
Apply within reach and confirmed, checkbox labels that fit, field paths that keep their type
on the line, a bad JSON sample named next to it, the run context shown only when used, and
DingTalk pointed at the sandbox in one click. Widgets are found by walking the displayed tree;
runs are real HTTP to the bundled sandbox."""

from __future__ import annotations

import ipywidgets as w
import pytest
from connector_lab.widgets import ActionForm, ConnectorFactory, ConnectorForm
from connector_lab.widgets.action_form import ActionList, ResponseFieldRow
from connector_lab.widgets.params import ParamTable

from connector_lab import Action, Param, ResponseField

from .tree import displayed, walk
from .walks import add_action_and_run, blank_factory


def shown(widget: w.Widget) -> bool:
    return widget.layout.display != "none"


def texts(root: w.Widget) -> list[str]:
    """The text of every label-like widget displayed below ``root``."""
    return [x.value for x in walk(root) if isinstance(x, w.Label | w.HTML) and shown(x)]


@pytest.fixture
def factory(shop, shop_account, tmp_path) -> ConnectorFactory:
    return ConnectorFactory(shop, [shop_account], workspace=tmp_path / "ws")


# -- parameter rows --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "language, words",
    [
        ("en", ["Name", "Type", "Required", "Default / value", "Source", "Description"]),
        ("zh", ["参数名称", "参数类型", "是否必填", "默认值", "参数来源", "参数描述"]),
    ],
)
def test_parameter_rows_have_column_headers_in_both_languages(language, words):
    table = ParamTable("query", [Param(name="count")], language=language)
    header = displayed(table, "cl-param-header")
    assert shown(header) and table.children.index(header) < table.children.index(table.rows_box)
    assert [cell.value for cell in header.children] == words
    # each header sits over its column: the same widths as the row's inputs
    row = table.rows[0]
    row_widths = [c.layout.width for c in row.children if shown(c)][: len(words)]
    assert [cell.layout.width for cell in header.children] == row_widths


def test_the_header_follows_a_language_switch():
    table = ParamTable("query", [Param(name="count")])
    table.set_language("zh")
    assert displayed(table, "cl-param-header").children[0].value == "参数名称"


def test_an_auto_made_path_parameter_shows_its_name():
    form = ActionForm()
    form.fields["path"].value = "/orders/{order_id}"
    (row,) = form.tables["path"].rows
    name_cell = next(c for c in row.children if shown(c))  # the Name column as displayed
    assert isinstance(name_cell, w.HTML) and "order_id" in name_cell.value
    assert row.raw()["name"] == "order_id"


# -- Apply: within reach, confirmed ----------------------------------------------------------
def test_apply_sits_beside_the_picker_and_confirms_until_the_next_edit(shop):
    actions = ActionList(shop.actions)
    top = displayed(actions, "cl-apply-action-top")
    order = list(walk(actions))
    assert order.index(top) < order.index(actions.form_box)  # above the form, not after it
    actions.picker.value = "orders"
    actions.form.fields["name"].value = "All orders"
    top.click()
    assert actions.get("orders").name == "All orders"
    note = displayed(actions, "cl-applied-action-top").value
    assert "Applied: action &#x27;orders&#x27; — save the connector to keep it" in note
    assert "Applied" in displayed(actions, "cl-applied-action").value  # and by the bottom one
    actions.form.fields["description"].value = "edited again"
    assert displayed(actions, "cl-applied-action-top").value == ""
    assert displayed(actions, "cl-applied-action").value == ""


def test_apply_of_an_account_confirms_in_chinese(factory):
    accounts = factory.account_list
    factory.language_picker.value = "zh"
    accounts.new.click()
    accounts.form.inputs["token"].value = "k-2"
    displayed(accounts, "cl-apply-account-top").click()
    note = displayed(accounts, "cl-applied-account-top").value
    assert "已应用：鉴权账号“test_2” — 保存连接器后才会保留" in note
    assert [a.name for a in accounts.accounts] == ["test", "test_2"]


def test_a_param_row_added_after_apply_clears_the_confirmation(shop):
    actions = ActionList(shop.actions)
    actions.picker.value = "orders"
    actions.apply.click()
    assert actions.applied.value
    actions.form.tables["query"].add.click()
    assert actions.applied.value == "" and actions.applied_top.value == ""


# -- a checkbox label that fits --------------------------------------------------------------
def test_the_dingtalk_legacy_label_is_not_cut_and_stands_beside_its_box():
    form = ConnectorForm()
    form.auth_type.value = "dingtalk"
    row = form.settings.fields["legacy"]
    line = row.children[0]
    box = line.children.index(row.control)
    title = line.children.index(row.title)
    assert title > box  # the label after the box, never under it
    assert row.title.value == "Legacy (access_token in query)"
    assert row.title.layout.width in (None, "auto")  # not cut at the label column
    assert row.control.description == ""


# -- long field paths ------------------------------------------------------------------------
def test_a_long_field_path_is_ellipsised_with_its_type_in_a_column_of_its_own():
    path = "data[].customer.shipping_address.lines[].postal_code_with_a_long_name"
    row = ResponseFieldRow(ResponseField(path=path, type="string"), "en")
    path_cell = displayed(row, "cl-response-field-path")
    type_cell = displayed(row, "cl-response-field-type")
    assert path_cell is not type_cell and "string" in type_cell.value
    assert "string" not in path_cell.value
    assert path_cell.layout.width and path_cell.layout.width.endswith("px")
    assert "text-overflow:ellipsis" in path_cell.value and "nowrap" in path_cell.value
    assert f'title="{path}"' in path_cell.value  # the whole path in its tooltip


# -- a bad JSON sample, named, next to it ----------------------------------------------------
def test_a_bad_response_sample_is_named_under_that_sample():
    form = ActionForm()
    form.response_sample.value = '{"data": [1,\n  }'
    form.response_parse.click()
    message = displayed(form, "cl-response-sample-error").value
    assert "Response sample: " in message and "line 2" in message
    assert displayed(form, "cl-body-sample-error").value == ""
    samples = form.response_error.layout  # shown where the sample is
    assert samples.display != "none"
    children = next(c for c in walk(form) if form.response_sample in getattr(c, "children", ()))
    children = children.children
    assert children.index(form.response_error) == children.index(form.response_parse) + 1


def test_a_bad_request_sample_is_named_in_chinese():
    form = ActionForm(language="zh")
    form.body_sample.value = "{oops"
    form.body_parse.click()
    assert "请求JSON: " in displayed(form, "cl-body-sample-error").value
    assert displayed(form, "cl-response-sample-error").value == ""
    form.body_sample.value = '{"a": 1}'
    assert displayed(form, "cl-body-sample-error").value == ""


# -- run context inputs only when used -------------------------------------------------------
def test_login_user_and_organization_ids_show_only_when_a_parameter_uses_them(
    shop, shop_account, tmp_path, sandbox
):
    who = Action(
        id="who",
        name="Who",
        path="/echo/1",
        method="PUT",
        params=[Param(name="uid", source="system", system_field="user_id")],
    )
    connector = shop.model_copy(update={"actions": [*shop.actions, who]})
    factory = ConnectorFactory(connector, [shop_account], workspace=tmp_path / "ws")
    panel = factory.run_panel
    rows = panel.context_rows
    panel.action.value = "orders"
    assert not shown(rows["user_id"]) and not shown(rows["org_id"])
    panel.action.value = "who"
    assert shown(rows["user_id"]) and not shown(rows["org_id"])
    panel.user_id.value = "u-42"
    panel.run_button.click()
    assert "HTTP 200" in panel.status.value
    assert "u-42" in panel.result.text


# -- DingTalk on the sandbox -----------------------------------------------------------------
def test_dingtalk_on_the_sandbox_gets_its_token_url_in_one_click(sandbox, tmp_path):
    factory = blank_factory(tmp_path, "DingTalk on the sandbox", "dingtalk")
    form = factory.connector_form
    button = displayed(form, "cl-sandbox-token-url")
    assert not shown(button)  # no host yet: nothing to offer
    form.fields["host"].value = sandbox.host_port
    form.fields["protocol"].value = "http"
    assert shown(button) and button.description == "Use the sandbox token URL"
    button.click()
    token_url = f"http://{sandbox.host_port}/v1.0/oauth2/accessToken"
    assert form.settings.fields["token_url"].value == token_url
    assert not shown(button)  # done: nothing left to offer
    creds = sandbox.credentials
    values = {"app_key": creds.app_key, "app_secret": creds.app_secret}
    panel = add_action_and_run(factory, "users", "/v1.0/contact/users", values)
    assert "HTTP 200" in panel.status.value, panel.error.value


def test_a_public_host_is_offered_no_sandbox_token_url():
    form = ConnectorForm()
    form.auth_type.value = "dingtalk"
    form.fields["host"].value = "api.example.com"
    assert not shown(displayed(form, "cl-sandbox-token-url"))
