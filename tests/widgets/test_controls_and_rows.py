"""The one type → widget factory, the rows generated from the models' metadata, and the form
base's loading guard — each checked as displayed, by walking the widget tree."""

from __future__ import annotations

from typing import Literal

import ipywidgets as w
import pytest
from connector_lab.widgets import ActionForm, ConnectorFactory, ConnectorForm
from connector_lab.widgets.controls import CONTROL_CLASS, control, is_plain
from connector_lab.widgets.form_base import FormBase
from connector_lab.widgets.i18n import FIELD_LABELS_ZH, field_titles, label
from connector_lab.widgets.params import ParamRow
from connector_lab.widgets.rows import FieldRow

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    Connector,
    DingTalkAuth,
    Pagination,
    Param,
)
from connector_lab.spec import LOCATIONS, METHODS, PARAM_TYPES, SOURCES, SYSTEM_FIELDS

from .tree import displayed, inside, walk

INPUTS = (w.Text, w.Textarea, w.Password, w.Dropdown, w.Checkbox, w.IntText, w.FloatText)


def plain_fields(model) -> list[str]:
    return [n for n, info in model.model_fields.items() if is_plain(info.annotation)]


def test_connector_rows_show_the_models_titles_help_and_placeholders():
    form = ConnectorForm()
    shown = [name for name in plain_fields(Connector) if name != "auth"]
    assert list(form.fields) == shown  # the model's order
    rows = [x for x in walk(form) if isinstance(x, FieldRow)]
    assert rows[: len(shown)] == list(form.fields.values())  # displayed, in that order
    for name in shown:
        info = Connector.model_fields[name]
        row = displayed(form, "cl-" + name.replace("_", "-"))
        title = inside(row, w.Label)
        assert title.value == info.title, name
        assert title.tooltip == info.description, name
        extra = info.json_schema_extra or {}
        if "placeholder" in extra:
            assert row.control.placeholder == extra["placeholder"], name
    assert isinstance(displayed(form, "cl-description").control, w.Textarea)  # multiline
    assert inside(displayed(form, "cl-auth-type"), w.Label).value == (
        Connector.model_fields["auth"].title
    )
    protocol = inside(displayed(form, "cl-protocol"), w.Dropdown)
    assert protocol.options == ("http", "https") and protocol.value == "https"


def test_the_chinese_labels_are_keyed_by_field_and_cover_every_title():
    assert set(FIELD_LABELS_ZH) == set(field_titles())
    form = ConnectorForm(language="zh")
    form.auth_type.value = "dingtalk"
    legacy = displayed(form, "cl-auth-legacy")
    assert inside(legacy, w.Label).value == FIELD_LABELS_ZH["auth.legacy"]
    form.set_language("en")
    assert inside(legacy, w.Label).value == DingTalkAuth.model_fields["legacy"].title


def test_action_choices_are_the_engines_vocabulary():
    form = ActionForm()
    assert inside(displayed(form, "cl-action-method"), w.Dropdown).options == METHODS
    assert list(form.tables) == list(LOCATIONS)
    assert [x for x in walk(form) if x in form.tables.values()] == list(form.tables.values())
    row = ParamRow("query", Param(name="uid", source="system", system_field="org_id"))
    assert row.type.options == PARAM_TYPES
    sources = [value for _, value in row.source.options]
    assert list(dict.fromkeys(s for s, _ in sources)) == list(SOURCES)
    assert [f for _, f in sources if f] == list(SYSTEM_FIELDS)  # one choice per system field
    assert row.source.value == ("system", "org_id")


def test_the_path_rows_follow_the_engines_placeholders():
    form = ActionForm()
    form.fields["path"].control.value = "/users/{user_id}/orders/{ order }"
    assert [r.name.value for r in form.tables["path"].rows] == ["user_id"]


@pytest.mark.parametrize(
    ("kind", "value", "widget", "shown", "typed", "read"),
    [
        (str, "abc", w.Text, "abc", "x", "x"),
        (str | None, None, w.Text, "", "  $.data  ", "$.data"),
        (str | None, "a", w.Text, "a", "  ", None),
        (Literal["header", "query"], "query", w.Dropdown, "query", "header", "header"),
        (bool, True, w.Checkbox, True, False, False),
        (int, 3, w.IntText, 3, 4, 4),
        (int | None, 50, w.Text, "50", "  ", None),  # empty: "no limit"
        (int | None, None, w.Text, "", " 12 ", 12),
        (int | None, None, w.Text, "", "ten", "ten"),  # the model names the field's problem
        (float, 300.0, w.FloatText, 300.0, 2.5, 2.5),
        ("string", None, w.Text, "", "abc", "abc"),
        ("integer", 5, w.Text, "5", "seven", "seven"),  # the engine converts (and says why)
        ("object", {"a": [1]}, w.Text, '{"a": [1]}', "{}", "{}"),
        ("boolean", None, w.Dropdown, None, True, True),
    ],
)
def test_the_factory_makes_each_kind_of_input(kind, value, widget, shown, typed, read):
    made = control(kind, value)
    assert type(made.widget) is widget
    assert CONTROL_CLASS in made.widget._dom_classes
    assert made.widget.value == shown
    made.widget.value = typed
    assert made.value == read
    made.value = value
    assert made.widget.value == shown


def test_the_factory_makes_secrets_text_areas_and_choices():
    assert type(control(str, "s", secret=True).widget) is w.Password
    assert type(control(str, height="80px").widget) is w.Textarea
    assert control(str, "PUT", choices=METHODS).widget.options == METHODS
    boolean = control("boolean", "yes").widget  # a default the engine accepts for a boolean
    assert boolean.value is True and [v for _, v in boolean.options] == [None, True, False]
    assert control("integer").widget.placeholder == "integer"


def test_every_input_of_the_factory_comes_from_the_one_control_factory(tmp_path):
    connector = Connector(
        display_name="D",
        host="h.io",
        auth=DingTalkAuth(),
        actions=[
            Action(
                id="a",
                name="A",
                method="POST",
                path="/x/{id}",
                params=[
                    Param(name="id", location="path"),
                    Param(name="flag", type="boolean"),
                    Param(name="X-Trace", location="header", source="static", value="t"),
                    Param(name="doc", location="body", type="object", default={"k": 1}),
                ],
                expected_response={"id": 1},
                pagination=Pagination(style="page"),  # shows a number box and optional ones
            )
        ],
    )
    factory = ConnectorFactory(
        connector,
        [AuthAccount(name="t", values={"app_key": "k", "app_secret": "s"})],
        workspace=tmp_path,
    )
    factory.action_list.picker.value = "a"
    factory.run_panel.refresh()
    inputs = [x for x in walk(factory) if isinstance(x, INPUTS)]
    assert {type(x) for x in inputs} == {
        w.Text,
        w.Textarea,
        w.Password,
        w.Dropdown,
        w.Checkbox,
        w.IntText,
        w.FloatText,
    }
    hand_made = [x for x in inputs if CONTROL_CLASS not in x._dom_classes]
    assert hand_made == []
    run_inputs = factory.run_panel.param_inputs
    assert type(run_inputs["flag"]) is w.Dropdown
    assert run_inputs["doc"].value == '{"k": 1}'  # an object default as the JSON to edit


def test_the_loading_guard_keeps_from_spec_quiet():
    form = ConnectorForm()
    calls = []
    form.on_change(lambda: calls.append(form.is_loading))
    form.from_spec(Connector(display_name="A", host="h.io", auth=ApiKeyAuth(name="K")))
    assert calls == [False]  # one change event, after the load
    assert all(field.message == "" for field in form.fields.values())
    with form.loading():
        form.fields["host"].control.value = "https://h.io/"
    assert calls == [False] and form.fields["host"].message == ""  # no handler ran
    form.fields["host"].control.value = "https://h2.io/"
    assert calls == [False, False]
    assert "includes the protocol" in displayed(form, "cl-host").message


class Probe(w.VBox, FormBase):
    """The smallest form: one input watched, its status line displayed."""

    def __init__(self, handler):
        status = self._init_form("en")
        self.input = control(str).widget
        self.watch(self.input, handler)
        super().__init__([self.input, status])


def test_a_failing_handler_is_shown_on_the_status_line_not_lost():
    def fail():
        raise RuntimeError("boom")

    probe = Probe(fail)
    probe.input.value = "x"
    (line,) = [x for x in walk(probe) if x is probe.status_line]
    assert "boom" in line.value and "cl-error" in line.value
    assert "RuntimeError" not in line.value  # a class name tells a user nothing
    probe.show_status("")
    with probe.loading():
        probe.input.value = "y"
    assert line.value == ""


def test_the_run_panels_labels_carry_its_name():
    factory = ConnectorFactory()
    panel = displayed(factory, "cl-test-panel")
    assert panel is factory.run_panel
    assert displayed(panel, "cl-run").description == label("run.run") == "Run"
    assert factory.tabs.titles[3] == label("step.run")
