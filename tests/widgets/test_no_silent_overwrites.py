"""Issue 13, point 1: no work is lost silently — a taken action id or account name is refused
next to its field (Replace overwrites on purpose), new accounts get a free default name, and
Load lists the saved connectors and asks before discarding unsaved edits. Headless, with runs
over real HTTP to the sandbox on 127.0.0.1."""

from __future__ import annotations

import pytest
from connector_lab.widgets import ConnectorFactory

from connector_lab import Workspace

from .tree import displayed, walk


@pytest.fixture
def factory(shop, shop_account) -> ConnectorFactory:
    return ConnectorFactory(shop, [shop_account])


def new_action(factory, **values: str) -> None:
    actions = factory.action_list
    actions.new.click()
    for name, value in values.items():
        actions.form.fields[name].control.value = value
    actions.apply.click()


def test_a_new_action_with_a_taken_id_is_refused_at_the_id_field(factory, shop):
    actions = factory.action_list
    new_action(factory, id="orders", name="Other", path="/other")
    assert actions.actions == shop.actions  # nothing replaced
    assert "&#x27;orders&#x27; already exists" in actions.form.fields["id"].message
    replace = displayed(actions, "cl-replace-action")
    assert replace.layout.display is None  # shown, beside Apply
    replace.click()
    orders = actions.get("orders")
    assert (orders.name, orders.path) == ("Other", "/other")
    assert [a.id for a in actions.actions] == [a.id for a in shop.actions]  # same place
    assert actions.form.fields["id"].message == ""
    assert replace.layout.display == "none"


def test_a_free_id_is_added_and_the_refusal_speaks_chinese(factory, shop):
    factory.set_language("zh")
    actions = factory.action_list
    new_action(factory, id="orders", name="Other", path="/other")
    assert "“orders” 已存在" in actions.form.fields["id"].message
    assert actions.replace.description == "替换"
    actions.form.fields["id"].control.value = "other"
    actions.apply.click()
    assert [a.id for a in actions.actions] == [*(a.id for a in shop.actions), "other"]
    assert actions.replace.layout.display == "none"


def test_a_new_account_gets_a_free_name_and_never_overwrites_a_working_one(factory, sandbox):
    accounts = factory.account_list
    assert accounts.form.name.value == "test_2"  # the blank form beside the "test" account
    accounts.form.inputs["token"].value = "wrong"
    accounts.apply.click()
    accounts.new.click()
    assert accounts.form.name.value == "test_3"
    accounts.form.name.value = "test"  # named like the working account
    accounts.form.inputs["token"].value = "wrong"
    accounts.apply.click()
    assert [a.name for a in accounts.accounts] == ["test", "test_2"]
    assert accounts.account("test").values["token"].get_secret_value() == (
        sandbox.credentials.api_key
    )
    assert "&#x27;test&#x27; already exists" in accounts.form.name_error.value
    assert displayed(accounts, "cl-account-name-error") is accounts.form.name_error
    panel = factory.run_panel
    panel.refresh()
    panel.action.value, panel.account.value = "orders", "test"
    panel.run_button.click()
    assert "HTTP 200 OK" in panel.status.value  # the working key is still there
    displayed(accounts, "cl-replace-account").click()  # overwrite on purpose
    assert accounts.account("test").values["token"].get_secret_value() == "wrong"
    assert accounts.form.name_error.value == ""


@pytest.fixture
def saved(tmp_path, shop, shop_account) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    workspace.save(shop, "shop")
    workspace.save_account("shop", shop_account)
    return workspace


def test_load_offers_the_saved_connectors_and_save_refreshes_the_list(saved, shop):
    factory = ConnectorFactory(workspace=saved)
    picker = displayed(factory, "cl-load-picker")
    assert picker.options == ("shop",) and picker.value == "shop"
    factory.load_button.click()  # nothing to lose: no question
    assert factory.connector == shop
    assert factory.confirm.layout.display == "none"
    factory.connector_id.value = "shop_copy"
    factory.save_button.click()
    assert picker.options == ("shop", "shop_copy") and picker.value == "shop_copy"


def test_load_asks_before_discarding_unsaved_edits(saved):
    factory = ConnectorFactory(workspace=saved)
    factory.load_button.click()
    factory.action_list.picker.value = "order"  # looking at another action is no edit
    factory.load_button.click()
    assert factory.confirm.layout.display == "none"
    name = factory.connector_form.fields["display_name"]
    name.control.value = "My shop"
    factory.load_button.click()
    confirm = displayed(factory, "cl-load-confirm")
    assert confirm.layout.display is None
    assert "Discard changes and load?" in confirm.children[0].value
    displayed(factory, "cl-load-no").click()
    assert confirm.layout.display == "none" and name.value == "My shop"  # kept
    factory.load_button.click()
    displayed(factory, "cl-load-yes").click()
    assert name.value == "Sandbox shop" and confirm.layout.display == "none"


def test_an_unapplied_form_edit_counts_as_unsaved(saved):
    factory = ConnectorFactory(workspace=saved)
    factory.load_button.click()
    factory.account_list.form.inputs["token"].value = "typed, not applied"
    factory.load_button.click()
    assert factory.confirm.layout.display is None
    factory.set_language("zh")
    assert factory.confirm.children[0].value == "放弃未保存的修改并加载？"
    assert factory.confirm_yes.description == "是"


def test_the_run_panel_makes_a_new_account_in_step_3(factory, sandbox):
    """Point 9: "New account" beside the run panel's account choice opens step 3 with a fresh
    form; the account applied there is offered back in the run panel and works."""
    factory.tabs.selected_index = 3
    displayed(factory.run_panel, "cl-run-new-account").click()
    accounts = factory.account_list
    assert factory.tabs.selected_index == 2
    assert accounts.form.name.value == "test_2" and accounts.form.inputs["token"].value == ""
    accounts.form.name.value = "second"
    accounts.form.inputs["token"].value = sandbox.credentials.api_key
    accounts.apply.click()
    factory.tabs.selected_index = 3
    panel = factory.run_panel
    assert panel.account.options == ("test", "second")
    panel.action.value, panel.account.value = "orders", "second"
    panel.run_button.click()
    assert "HTTP 200 OK" in panel.status.value


def test_save_asks_before_writing_over_another_saved_connector(shop, shop_account, tmp_path):
    """A fresh factory whose connector would be saved under an id another connector has: a
    Replace step (both languages), not a silent overwrite; its own id saves without asking."""
    from connector_lab import Workspace

    workspace = Workspace(tmp_path / "ws")
    workspace.save(shop, "shop")
    other = ConnectorFactory(workspace=workspace)
    other.connector_form.fields["display_name"].value = "Shop"
    other.connector_form.fields["host"].value = "127.0.0.1:9"
    other.connector_id.value = "shop"
    other.save_button.click()
    assert other.save_confirm.layout.display is None and other.save_confirm in walk(other)
    assert "Another connector is saved as shop" in other.save_confirm_text.value
    assert workspace.load("shop").host == shop.host  # not written over yet
    other.language_picker.value = "zh"
    other.save_button.click()
    assert "已有另一个连接器保存为 shop" in other.save_confirm_text.value
    cancel = next(x for x in walk(other.save_confirm) if "cl-save-cancel" in x._dom_classes)
    cancel.click()
    assert other.save_confirm.layout.display == "none"
    assert workspace.load("shop").host == shop.host
    other.save_button.click()
    replace = next(x for x in walk(other.save_confirm) if "cl-save-replace" in x._dom_classes)
    replace.click()
    assert workspace.load("shop").host == "127.0.0.1:9"
    other.connector_form.fields["host"].value = "127.0.0.1:10"
    other.save_button.click()  # its own id now: saved without asking
    assert other.save_confirm.layout.display == "none"
    assert workspace.load("shop").host == "127.0.0.1:10"
