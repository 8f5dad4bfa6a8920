"""The action form's body-style dropdown (issue 14 point 3), in both languages."""

from __future__ import annotations

import pytest
from connector_lab.widgets import ActionForm

from connector_lab import Action, Param, SpecError


def test_the_body_style_dropdown_makes_a_form_action_in_both_languages():
    form = ActionForm()
    style = form.fields["body_style"]
    assert style.control.options == (
        ("JSON", "json"),
        ("Form (x-www-form-urlencoded)", "form"),
    )
    assert style.title.value == "Body style"
    form.fields["id"].control.value = "submit"
    form.fields["name"].control.value = "Submit"
    form.body_sample.value = '{"note": "hi", "count": 2}'
    form.body_parse.click()
    style.control.value = "form"
    action = form.to_spec()
    assert action.body_style == "form" and action.method == "POST"
    form.set_language("zh")
    assert style.title.value == "请求体格式"
    assert style.control.options[1] == ("表单 (x-www-form-urlencoded)", "form")
    assert style.control.value == "form"  # the choice survives the switch


def test_a_nested_body_field_in_a_form_is_shown_as_an_error():
    form = ActionForm(
        Action(
            id="a",
            name="A",
            method="POST",
            params=[Param(name="customer.name", location="body")],
        )
    )
    assert form.fields["body_style"].control.value == "json"
    form.fields["body_style"].control.value = "form"
    with pytest.raises(SpecError):
        form.to_spec()
    assert "is a nested path, which a form body cannot carry" in form.message.value
