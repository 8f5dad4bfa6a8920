"""Issue 13, points 2–4: what the factory shows stays true — an error goes once what failed
is fixed, a blank form is not marked before anyone typed, the request preview is displayed.
Everything is found by walking the displayed tree from the factory, over real HTTP."""

from __future__ import annotations

import ipywidgets as w
import pytest
from connector_lab.widgets import ActionForm, ConnectorFactory

from connector_lab import SpecError

from .tree import displayed, walk


def errors(root: w.Widget) -> list[str]:
    """Every error the tree below ``root`` displays now."""
    return [x.value for x in walk(root) if isinstance(x, w.HTML) and "cl-error" in x.value]


@pytest.fixture
def factory(shop, shop_account, tmp_path) -> ConnectorFactory:
    return ConnectorFactory(shop, [shop_account], workspace=tmp_path / "ws")


def test_the_save_error_banner_goes_once_the_host_is_fixed(factory, sandbox):
    host = factory.connector_form.fields["host"]
    host.value = f"http://{sandbox.host_port}/"
    factory.save_button.click()
    assert "includes the protocol" in factory.status.value
    host.value = "still wrong/"
    assert "still wrong" in factory.status.value  # still wrong: the banner says so
    assert "SpecError" not in factory.status.value
    host.value = sandbox.host_port
    assert factory.status.value == ""
    assert errors(factory) == []


def test_a_new_run_shows_no_old_connector_error_beside_its_table(factory, sandbox):
    host = factory.connector_form.fields["host"]
    host.value = f"http://{sandbox.host_port}/"
    factory.save_button.click()
    panel = factory.run_panel
    panel.action.value = "orders"
    panel.run_button.click()
    assert "includes the protocol" in panel.error.value
    host.value = sandbox.host_port
    factory.tabs.selected_index = 3
    panel.run_button.click()
    assert "HTTP 200 OK" in panel.status.value and panel.table.grid in panel.table.children
    assert errors(factory) == []


def test_a_cleared_json_sample_clears_its_message():
    form = ActionForm()
    for sample, parse in (
        (form.response_sample, form.response_parse),
        (form.body_sample, form.body_parse),
    ):
        sample.value = '{"data": [1,'
        parse.click()
        assert "sample" in (form.body_error.value + form.response_error.value) and errors(form)
        sample.value = ""
        assert form.message.value == "" and errors(form) == []


def test_an_apply_error_stays_when_a_sample_is_edited(shop):
    form = ActionForm(shop.actions[0])
    form.fields["id"].value = ""
    with pytest.raises(SpecError):
        form.to_spec()
    message = form.message.value
    form.response_sample.value = "{}"
    assert form.message.value == message  # not the sample's message: not the sample's to clear


def test_the_rows_caption_follows_a_language_switch(factory, sandbox):
    panel = factory.run_panel
    panel.action.value = "orders"
    panel.run_button.click()
    assert "showing 5 of 5 rows" in panel.table.caption.value
    factory.language_picker.value = "zh"
    assert "显示 5 / 共 5 行" in panel.table.caption.value
    assert "showing" not in panel.table.caption.value


def test_a_blank_factory_shows_no_error_before_anything_is_typed(tmp_path):
    factory = ConnectorFactory(workspace=tmp_path / "ws")
    assert errors(factory) == []
    form = factory.connector_form
    form.fields["display_name"].value = "Shop"
    form.auth_type.value = "api_key"
    assert errors(factory) == []  # the untouched host is not marked yet
    form.fields["host"].value = "http://shop.example/"
    assert "includes the protocol" in form.fields["host"].message  # from its first edit
    form.fields["host"].value = ""
    assert "host is required" in form.fields["host"].message
    assert form.fields["display_name"].message == ""


def test_save_shows_every_problem_of_a_blank_form(tmp_path):
    factory = ConnectorFactory(workspace=tmp_path / "ws")
    factory.save_button.click()
    form = factory.connector_form
    assert "display name" in form.fields["display_name"].message
    assert "host is required" in form.fields["host"].message
    assert "cl-error" in factory.status.value and "SpecError" not in factory.status.value


def test_the_test_tab_of_a_blank_factory_notes_what_is_missing(tmp_path):
    factory = ConnectorFactory(workspace=tmp_path / "ws")
    factory.tabs.selected_index = 3
    panel = factory.run_panel
    assert "cl-note" in panel.error.value and "host" in panel.error.value
    assert errors(panel) == []


def test_the_request_preview_is_in_the_displayed_factory(factory, sandbox):
    panel = factory.run_panel
    panel.action.value = "order"
    (preview,) = [x for x in walk(factory) if "cl-preview-request" in x._dom_classes]
    assert "missing required parameter" in preview.value
    displayed(factory, "cl-param-input-id").value = "42"
    assert preview.value == f"<code>GET {sandbox.url}/orders/42</code>"
    assert sandbox.credentials.api_key not in preview.value


def test_typed_parameter_values_survive_a_save_a_tab_switch_and_a_language_switch(factory, sandbox):
    """The form keeps showing the request its result came from (notebook 01's step 4 showed
    ``count 5`` above a 12-row table after the connector was saved)."""
    panel = factory.run_panel
    panel.action.value = "orders"
    panel.param_inputs["count"].value = "7"
    panel.run_button.click()
    assert "showing 7 of 7 rows" in panel.table.caption.value
    factory.connector_id.value = "kept"
    factory.save_button.click()
    factory.tabs.selected_index = 0
    factory.tabs.selected_index = 3
    factory.language_picker.value = "zh"
    assert panel.param_inputs["count"].value == "7"
    assert panel.param_inputs["count"] in walk(factory)
    assert "count=7" in panel.preview.value
    panel.action.value = "orders_plain"  # another action starts from its own defaults
    panel.action.value = "orders"
    assert panel.param_inputs["count"].value == "5"


def test_opening_the_test_tab_keeps_the_inputs_being_typed_in(factory, sandbox):
    """A refresh with the same action form keeps its input widgets (a swapped input loses
    the keystrokes made meanwhile — seen in the browser); another language rebuilds it."""
    panel = factory.run_panel
    panel.action.value = "orders"
    typing = panel.param_inputs["count"]
    factory.tabs.selected_index = 0
    factory.tabs.selected_index = 3  # the Test tab refreshes the panel
    assert panel.param_inputs["count"] is typing and typing in walk(factory)
    factory.language_picker.value = "zh"  # relabelled: built again, the value kept
    assert panel.param_inputs["count"] is not typing
