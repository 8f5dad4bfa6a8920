"""The connector form has no rows for the retry policy, rate limit and timeouts, so saving a
loaded connector must carry them through unchanged (headless)."""

from __future__ import annotations

from connector_lab.widgets import ConnectorForm

from connector_lab import Action, Connector, RateLimit, RetryPolicy, Timeouts


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
