"""Headless tests of the forms: set values, click, and check the engine objects they make and
what they show (including an error per form and a masked secret)."""

from __future__ import annotations

import ipywidgets as w
import pytest
from connector_lab.widgets import AccountList, ActionList, ConnectorForm
from connector_lab.widgets.connector_form import DEFAULT_ICON

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    BasicAuth,
    Connector,
    NoAuth,
    Param,
    SpecError,
)


def fill_connector(form: ConnectorForm, **values) -> None:
    for name, value in values.items():
        form.fields[name].control.value = value


def test_connector_form_makes_the_connector():
    form = ConnectorForm()
    fill_connector(
        form, display_name="Shop", host="api.example.com", protocol="http", base_url="v1/"
    )
    form.auth_type.value = "api_key"
    assert sorted(form.settings.fields) == ["key_label", "location", "name"]
    form.settings.fields["name"].control.value = "X-Key"
    form.settings.fields["location"].control.value = "query"
    assert form.to_spec() == Connector(
        display_name="Shop",
        host="api.example.com",
        protocol="http",
        base_url="/v1",
        auth=ApiKeyAuth(name="X-Key", location="query"),
    )


def test_connector_errors_appear_next_to_the_field_as_the_user_types():
    form = ConnectorForm()
    form.fields["host"].control.value = "https://api.example.com/"
    assert (
        "use host &#x27;api.example.com&#x27; and protocol &#x27;https&#x27;"
        in form.fields["host"].message
    )
    assert form.fields["display_name"].message == ""  # untouched fields stay quiet
    form.fields["host"].control.value = "api.example.com"
    assert form.fields["host"].message == ""
    with pytest.raises(SpecError):
        form.to_spec()  # now every field is checked
    assert "display name" in form.fields["display_name"].message


def test_each_scheme_swaps_in_its_own_settings():
    form = ConnectorForm()
    expected = {
        "none": [],
        "basic": ["username_label", "password_label"],
        "api_key": ["key_label", "location", "name"],
        "aliyun_appcode": [],
        "dingtalk": ["token_url", "legacy", "refresh_margin"],
        "dingtalk_zero_trust": ["api_key_header", "version", "signer"],
        "bearer": ["token_label"],
    }
    for scheme_type, fields in expected.items():
        form.auth_type.value = scheme_type
        assert list(form.settings.fields) == fields, scheme_type
    form.auth_type.value = "dingtalk"
    assert isinstance(form.settings.fields["legacy"].control, w.Checkbox)
    form.settings.fields["token_url"].control.value = "/relative"
    fill_connector(form, display_name="D", host="h.io")
    with pytest.raises(SpecError):
        form.to_spec()
    assert "is not an absolute http(s) URL" in form.settings.fields["token_url"].message


def test_icon_default_and_custom():
    form = ConnectorForm()
    assert DEFAULT_ICON.split(",")[0] in form.icon.value
    form.fields["icon_url"].control.value = "https://example.com/i.png"
    assert 'src="https://example.com/i.png"' in form.icon.value


def test_connector_from_spec_round_trip():
    connector = Connector(display_name="X", host="h.io", auth=BasicAuth(username_label="工号"))
    form = ConnectorForm(connector)
    assert form.settings.fields["username_label"].control.value == "工号"
    assert form.to_spec() == connector


def test_action_form_path_rows_follow_placeholders_and_samples_parse():
    actions = ActionList()
    actions.start_new()
    form = actions.form
    form.fields["id"].control.value = "create_user"
    form.fields["name"].control.value = "Create user"
    form.fields["path"].control.value = "/orgs/{org}/users/{user_id}"
    assert [r.name.value for r in form.tables["path"].rows] == ["org", "user_id"]
    form.fields["path"].control.value = "/orgs/{org}/users"
    assert [r.name.value for r in form.tables["path"].rows] == ["org"]
    form.tables["header"].add_row().name.value = "X-Trace"
    header = form.tables["header"].rows[0]
    header.source.value = ("static", None)
    header.value.value = "t-1"
    query = form.tables["query"].add_row()
    query.name.value = "uid"
    query.source.value = ("system", "user_id")
    form.body_sample.value = '{"name": "Ann", "address": {"city": "Lyon"}}'
    form.body_parse.click()
    assert form.fields["method"].control.value == "POST"  # a body needs a method with one
    form.response_sample.value = '{"id": 1, "tags": ["a"]}'
    form.response_parse.click()
    rows = form.response_tree.children
    assert [(row.path, row.type) for row in rows] == [("id", "integer"), ("tags", "array")]
    actions.apply.click()
    assert actions.status.value == ""
    assert actions.actions == [
        Action(
            id="create_user",
            name="Create user",
            method="POST",
            path="/orgs/{org}/users",
            params=[
                Param(name="uid", location="query", source="system", system_field="user_id"),
                Param(name="org", location="path", required=True),
                Param(name="X-Trace", location="header", source="static", value="t-1"),
                Param(name="name", location="body", required=True, default="Ann"),
                Param(name="address.city", location="body", required=True, default="Lyon"),
            ],
            expected_response={"id": 1, "tags": ["a"]},
        )
    ]


def test_action_errors_and_list_editing():
    actions = ActionList([Action(id="a", name="A"), Action(id="b", name="B")])
    actions.picker.value = "a"
    assert actions.form.fields["id"].control.value == "a"
    actions.form.fields["id"].control.value = "bad id"
    assert "is not a valid action id" in actions.form.fields["id"].message
    actions.apply.click()
    assert "is not a valid action id" in actions.status.value + actions.form.message.value
    assert [a.id for a in actions.actions] == ["a", "b"]  # nothing stored
    actions.form.fields["id"].control.value = "a2"
    actions.apply.click()
    assert [a.id for a in actions.actions] == ["a2", "b"]  # edited in place
    actions.picker.value = "b"
    actions.remove.click()
    assert [a.id for a in actions.actions] == ["a2"]
    actions.form.body_sample.value = "{not json"
    actions.form.body_parse.click()
    assert "not valid JSON (line 1, column 2" in actions.form.body_error.value
    actions.form.body_sample.value = "[" * 100_000  # deeper than any parser goes
    actions.form.body_parse.click()
    assert "is nested more than 200 levels deep" in actions.form.body_error.value


def test_account_form_uses_the_connectors_prompts_and_password_fields():
    accounts = AccountList(BasicAuth(username_label="工号", password_label="密码"))
    form = accounts.form
    labels = [row.children[0].value for row in form.children[1:3]]
    assert labels == ["工号", "密码"]
    assert isinstance(form.inputs["password"], w.Password)
    assert isinstance(form.inputs["username"], w.Text)
    form.name.value = "test"
    form.inputs["username"].value = "ann"
    form.inputs["password"].value = "pw-canary-9"
    accounts.apply.click()
    assert accounts.accounts == [
        AuthAccount(name="test", values={"username": "ann", "password": "pw-canary-9"})
    ]
    assert accounts.picker.options == (("test", "test"),)  # names only
    assert "pw-canary-9" not in repr(accounts.accounts)


def test_account_errors_and_scheme_none():
    accounts = AccountList(ApiKeyAuth(name="X-Key", key_label="Shop key"))
    accounts.form.name.value = "prod"
    accounts.apply.click()
    assert "Shop key is required by API key; fill it in" in accounts.form.message.value
    assert accounts.accounts == []
    accounts.set_scheme(NoAuth())
    assert accounts.form.inputs == {}
    accounts.apply.click()
    assert accounts.accounts == [AuthAccount(name="prod")]


def test_expected_response_fields_are_editable():
    actions = ActionList()
    actions.start_new()
    form = actions.form
    form.response_sample.value = '{"id": 1, "nickname": "x", "items": [{"sku": "a"}]}'
    form.response_parse.click()
    rows = {row.path: row for row in form.response_tree.children}
    assert list(rows) == ["id", "nickname", "items", "items[].sku"]
    rows["nickname"].required.value = False
    rows["id"].description.value = "订单ID"
    action = actions.apply_form()
    by_path = {f.path: f for f in action.response_fields}
    assert by_path["nickname"].required is False
    assert by_path["id"].description == "订单ID"
    actions.start_new()
    actions.picker.value = action.id  # reload: the annotations come back
    rows = {row.path: row for row in actions.form.response_tree.children}
    assert rows["nickname"].required.value is False
    assert rows["id"].description.value == "订单ID"
