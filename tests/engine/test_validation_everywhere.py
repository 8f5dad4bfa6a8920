"""Every way a model is made or changed is validated and fails with the project's SpecError
naming the field — not only the constructor (issue: model_validate_json raised pydantic's own
error and model_copy(update=...) accepted an invalid host)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from connector_lab import Action, ApiKeyAuth, AuthAccount, Connector, Param, SpecError


def shop() -> Connector:
    return Connector(
        display_name="Shop",
        host="api.example.com",
        auth=ApiKeyAuth(name="X-API-Key"),
        actions=[Action(id="orders", name="Orders", path="/orders")],
    )


def test_model_validate_json_raises_spec_error_with_the_field():
    text = shop().to_json().replace('"api.example.com"', '"https://api.example.com/v1"')
    with pytest.raises(SpecError) as info:
        Connector.model_validate_json(text)
    assert not isinstance(info.value, ValidationError)
    assert info.value.fields == ["host"]
    assert "use host 'api.example.com', protocol 'https' and base URL '/v1'" in str(info.value)


def test_model_validate_json_round_trips_and_names_syntax_errors():
    assert Connector.model_validate_json(shop().to_json()) == shop()
    with pytest.raises(SpecError) as info:
        Connector.model_validate_json('{"display_name": "x",')
    assert str(info.value).startswith("not valid JSON (line 1, column")


def test_from_json_of_bytes_that_are_not_utf8_is_a_spec_error():
    with pytest.raises(SpecError, match=r"not UTF-8 text \(byte 1\)"):
        Connector.from_json(b"{\xff}")


def test_model_copy_with_an_invalid_host_is_refused():
    with pytest.raises(SpecError) as info:
        shop().model_copy(update={"host": "api.example.com/v1"})
    assert info.value.fields == ["host"]
    assert "use host 'api.example.com' and base URL '/v1'" in str(info.value)


def test_model_copy_with_an_unknown_field_is_refused():
    with pytest.raises(SpecError) as info:
        shop().model_copy(update={"hots": "x"})
    assert info.value.problems == [
        ("hots", "is not a known field; remove it or check its spelling")
    ]


def test_model_copy_runs_the_cross_field_rules():
    action = Action(id="order", name="Order", path="/orders")
    with pytest.raises(SpecError) as info:
        action.model_copy(update={"path": "/orders/{id}"})
    assert info.value.fields == ["path"]
    # A valid update gives a validated, independent copy.
    fixed = action.model_copy(
        update={"path": "/orders/{id}", "params": [Param(name="id", location="path")]}
    )
    assert fixed.placeholders() == ["id"] and action.path == "/orders"


def test_model_copy_normalises_like_the_constructor():
    copy = shop().model_copy(update={"protocol": "HTTP", "base_url": "v1//orders/"})
    assert (copy.protocol, copy.base_url) == ("http", "/v1/orders")


def test_deep_copy_does_not_share_nested_models():
    original = shop()
    copy = original.model_copy(update={"display_name": "Copy"}, deep=True)
    copy.actions[0].name = "Changed"
    assert original.actions[0].name == "Orders"


def test_assignment_is_validated_and_leaves_the_model_unchanged():
    connector = shop()
    with pytest.raises(SpecError) as info:
        connector.host = "http://api.example.com"
    assert info.value.fields == ["host"]
    assert connector.host == "api.example.com"


def test_account_values_in_the_wrong_shape_are_a_spec_error():
    with pytest.raises(SpecError) as info:
        AuthAccount.model_validate_json('{"name": "test", "values": {"token": 5}}')
    assert info.value.fields == ["values"]
