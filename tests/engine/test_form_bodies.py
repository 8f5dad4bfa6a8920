"""Form-encoded bodies (issue 14 point 3): an action whose ``body_style`` is ``"form"`` sends
its body parameters as ``application/x-www-form-urlencoded`` — checked at the server, on the
sandbox's echo — refuses nested names, and JSON actions are saved as before."""

from __future__ import annotations

import json

import pytest

from connector_lab import Action, AuthAccount, Client, Connector, Param, SpecError, build_request


def _form_action(**extra) -> Action:
    return Action(
        id="submit",
        name="Submit",
        method="POST",
        path="/echo/form",
        body_style="form",
        params=[
            Param(name="note", location="body"),
            Param(name="count", location="body", type="integer"),
            Param(name="tags", location="body", type="array"),
            Param(name="ok", location="body", type="boolean", source="static", value=True),
        ],
        **extra,
    )


def test_a_form_action_sends_urlencoded_pairs_to_the_server(sandbox):
    connector = Connector(
        display_name="Echo", host=sandbox.host_port, protocol="http", actions=[_form_action()]
    )
    with Client(connector, AuthAccount(name="t")) as client:
        echo = client.run("submit", note="a&b=c 中+", count=3, tags=["x", "y"]).json()
    assert echo["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert echo["body"] == "note=a%26b%3Dc+%E4%B8%AD%2B&count=3&tags=x&tags=y&ok=true"


def test_the_plan_says_form_and_a_json_action_is_unchanged():
    connector = Connector(display_name="E", host="example.com", actions=[_form_action()])
    plan = build_request(connector, "submit", {"note": "n"})
    assert (plan.body_style, plan.headers["Content-Type"]) == (
        "form",
        "application/x-www-form-urlencoded",
    )
    assert plan.body_bytes() == b"note=n&ok=true"
    as_json = connector.actions[0].model_copy(update={"body_style": "json"})
    assert json.loads(build_request(connector, as_json, {"note": "n"}).body_bytes()) == {
        "note": "n",
        "ok": True,
    }


def test_the_style_is_saved_for_forms_only_and_old_files_load():
    form = _form_action()
    assert Action.from_json(form.to_json()) == form
    assert '"body_style": "form"' in form.to_json()
    plain = form.model_copy(update={"body_style": "json"})
    assert "body_style" not in plain.to_json()  # saved as before the style existed
    old = json.loads(plain.to_json())
    assert Action.model_validate(old).body_style == "json"


def test_a_nested_body_name_is_refused_in_a_form():
    with pytest.raises(SpecError) as caught:
        Action(
            id="a",
            name="A",
            method="POST",
            body_style="form",
            params=[Param(name="customer.name", location="body")],
        )
    ((field, message),) = caught.value.problems
    assert field == "params[0].name"
    assert "'customer.name' is a nested path, which a form body cannot carry" in message
    assert "give it a flat name (e.g. 'customer_name') or set the body style to 'json'" in message
