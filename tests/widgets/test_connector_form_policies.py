"""The connector form's Advanced accordion: retries, rate limit and timeouts typed, round-tripped
through the Connector, errors next to their fields; a loaded connector's other retry settings
are carried through unchanged (headless)."""

from __future__ import annotations

import pytest
from connector_lab.widgets import ConnectorForm

from connector_lab import Action, Connector, RateLimit, RetryPolicy, SpecError, Timeouts


def test_saving_the_form_keeps_the_policies_of_the_loaded_connector():
    connector = Connector(
        display_name="Shop",
        host="api.example.com",
        actions=[Action(id="orders", name="Orders", path="/orders")],
        retry=RetryPolicy(total=5, allow_post=True),
        rate_limit=RateLimit(requests=10),
        timeouts=Timeouts(connect=2, total=20),
    )
    form = ConnectorForm(connector)
    form.fields["display_name"].control.value = "Shop (renamed)"
    saved = form.to_spec(connector.actions)
    assert saved.display_name == "Shop (renamed)"
    assert saved.retry == connector.retry
    assert saved.rate_limit == connector.rate_limit
    assert saved.timeouts == connector.timeouts
    # A new form (nothing loaded) makes a connector without them.
    fresh = ConnectorForm()
    fresh.fields["display_name"].control.value = "New"
    fresh.fields["host"].control.value = "api.example.com"
    assert fresh.to_spec().retry is None


def test_the_policy_fields_are_in_a_collapsed_accordion_of_the_displayed_form():
    from connector_lab.widgets import ConnectorFactory, PolicySection

    from .tree import displayed

    factory = ConnectorFactory()
    section = displayed(factory, "cl-policies")
    assert isinstance(section, PolicySection) and section is factory.connector_form.policies
    assert section.selected_index is None  # collapsed
    assert section.titles == ("Advanced: retries, rate limit, timeouts",)
    for css in ("retry-total", "retry-allow-post", "rate-limit-requests", "rate-limit-per"):
        displayed(section, f"cl-{css}")
    for name in ("connect", "read", "total"):
        displayed(section, f"cl-timeouts-{name}")
    factory.set_language("zh")
    assert section.titles == ("高级: 重试、限流、超时",)
    assert displayed(section, "cl-retry-total").title.value == "重试次数"
    assert displayed(section, "cl-rate-limit-per").control.options[1] == ("每分钟", "minute")


def _form_with(**typed) -> ConnectorForm:
    form = ConnectorForm()
    form.fields["display_name"].control.value = "Shop"
    form.fields["host"].control.value = "api.example.com"
    for key, value in typed.items():
        form.policies.fields[key.replace("__", ".")].control.value = value
    return form


def test_typed_policies_round_trip_through_the_connector():
    form = _form_with(
        retry__total="4",
        retry__allow_post=True,
        rate_limit__requests="120",
        rate_limit__per="minute",
        timeouts__connect="2.5",
        timeouts__total="30",
    )
    connector = form.to_spec()
    assert connector.retry == RetryPolicy(total=4, allow_post=True)
    assert connector.rate_limit == RateLimit(requests=120, per="minute")
    assert connector.timeouts == Timeouts(connect=2.5, total=30)
    again = ConnectorForm(connector)
    values = {key: row.control.value for key, row in again.policies.fields.items()}
    assert values == {
        "retry.total": "4",
        "retry.allow_post": True,
        "rate_limit.requests": "120",
        "rate_limit.per": "minute",
        "timeouts.connect": "2.5",
        "timeouts.read": "",
        "timeouts.total": "30.0",
    }
    assert again.to_spec() == connector


def test_emptied_fields_remove_the_policies():
    connector = _form_with(retry__total="2", rate_limit__requests="5").to_spec()
    form = ConnectorForm(connector)
    form.policies.fields["retry.total"].control.value = ""
    form.policies.fields["rate_limit.requests"].control.value = ""
    cleared = form.to_spec()
    assert (cleared.retry, cleared.rate_limit, cleared.timeouts) == (None, None, None)


def test_bad_policy_values_show_errors_next_to_their_fields():
    form = _form_with(retry__total="many", rate_limit__requests="0", timeouts__read="-1")
    section = form.policies
    # typing shows the problems as they come (the section opens so none hides)
    assert "valid integer" in section.fields["retry.total"].message
    assert "out of range; give 1 to 100000" in section.fields["rate_limit.requests"].message
    assert "not a positive number of seconds" in section.fields["timeouts.read"].message
    assert section.fields["timeouts.connect"].message == ""
    assert section.selected_index == 0
    with pytest.raises(SpecError) as raised:
        form.to_spec()
    paths = {path for path, _ in raised.value.problems}
    assert {"retry.total", "rate_limit.requests", "timeouts.read"} <= paths
    section.fields["retry.total"].control.value = "1"
    section.fields["rate_limit.requests"].control.value = "3"
    section.fields["timeouts.read"].control.value = "5"
    assert form.to_spec().timeouts == Timeouts(read=5)
    assert all(row.message == "" for row in section.fields.values())
