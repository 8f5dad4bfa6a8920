"""OAuth2 client credentials in the forms, headless: the scheme in the connector form's
dropdown in both languages, its settings (token URL checked as the user types, client
authentication as a choice), the connector it makes, and the account form's client ID and
client secret (a password field) — then a run with that account against the sandbox."""

from __future__ import annotations

import ipywidgets as w
import pytest
from connector_lab.widgets import AccountList, ConnectorFactory, ConnectorForm
from connector_lab.widgets.i18n import FIELD_LABELS_ZH

from connector_lab import (
    Action,
    AuthAccount,
    Client,
    Connector,
    OAuth2ClientCredentialsAuth,
    SpecError,
)

from .tree import displayed, inside
from .walks import add_action_and_run, blank_factory


def test_oauth2_is_offered_in_both_languages():
    form = ConnectorForm()
    assert ("OAuth2 client credentials", "oauth2_client_credentials") in form.auth_type.options
    form.set_language("zh")
    assert ("OAuth2 客户端凭据", "oauth2_client_credentials") in form.auth_type.options
    form.auth_type.value = "oauth2_client_credentials"
    row = displayed(form, "cl-auth-client-auth")
    assert inside(row, w.Label).value == FIELD_LABELS_ZH["auth.client_auth"] == "客户端认证方式"
    assert inside(row, w.Dropdown).options == ("body", "basic")


def test_oauth2_settings_make_the_connector():
    form = ConnectorForm()
    form.fields["display_name"].control.value = "Partner API"
    form.fields["host"].control.value = "api.partner.test"
    form.auth_type.value = "oauth2_client_credentials"
    fields = form.settings.fields
    assert list(fields) == ["token_url", "client_auth", "scope", "audience", "refresh_margin"]
    fields["token_url"].control.value = "/oauth2/token"
    with pytest.raises(SpecError):
        form.to_spec()
    assert "is not an absolute http(s) URL" in fields["token_url"].message
    fields["token_url"].control.value = "https://auth.partner.test/oauth2/token"
    fields["client_auth"].control.value = "basic"
    fields["scope"].control.value = "items:read"
    assert form.to_spec().auth == OAuth2ClientCredentialsAuth(
        token_url="https://auth.partner.test/oauth2/token", client_auth="basic", scope="items:read"
    )
    assert ConnectorForm(form.to_spec()).to_spec() == form.to_spec()  # and back into the form


def test_account_form_asks_for_client_id_and_secret_and_runs(fresh_sandbox):
    scheme = OAuth2ClientCredentialsAuth(token_url=f"{fresh_sandbox.url}/oauth2/token")
    accounts = AccountList(scheme)
    form = accounts.form
    assert [row.children[0].value for row in form.children[1:3]] == ["Client ID", "Client secret"]
    assert isinstance(form.inputs["client_secret"], w.Password)
    assert isinstance(form.inputs["client_id"], w.Text)
    creds = fresh_sandbox.credentials
    form.name.value = "partner"
    form.inputs["client_id"].value = creds.client_id
    form.inputs["client_secret"].value = creds.client_secret
    accounts.apply.click()
    (account,) = accounts.accounts
    assert creds.client_secret not in repr(accounts.accounts)
    connector = oauth2_connector(fresh_sandbox, scheme, "Sandbox")
    assert Client(connector, account).run("items").status == 200
    assert fresh_sandbox.oauth2_logins[0]["client_auth"] == "body"


def oauth2_connector(api, scheme: OAuth2ClientCredentialsAuth, name: str) -> Connector:
    """A connector on the sandbox with ``scheme`` and its OAuth2-protected ``items``."""
    return Connector(
        display_name=name,
        host=api.host_port,
        protocol="http",
        auth=scheme,
        actions=[Action(id="items", name="Items", path="/oauth2/api/items")],
    )


def oauth2_factory(api, tmp_path, secret: str) -> ConnectorFactory:
    scheme = OAuth2ClientCredentialsAuth(token_url=f"{api.url}/oauth2/token")
    connector = oauth2_connector(api, scheme, "OAuth2")
    values = {"client_id": api.credentials.client_id, "client_secret": secret}
    account = AuthAccount(name="test", values=values)
    return ConnectorFactory(connector, [account], workspace=tmp_path / "ws")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_run_panel_shows_the_servers_oauth2_error(fresh_sandbox, tmp_path, language):
    factory = oauth2_factory(fresh_sandbox, tmp_path, "wrong-secret-77")
    factory.set_language(language)
    panel = factory.run_panel
    panel.refresh()
    panel.action.value = "items"
    panel.run_button.click()
    shown = panel.error.value + panel.status.value
    assert "invalid_client" in shown
    if language == "en":
        assert "client authentication failed" in shown
    assert "wrong-secret-77" not in shown


def test_factory_points_oauth2_at_the_sandbox_and_runs(fresh_sandbox, tmp_path):
    factory = blank_factory(tmp_path, "OAuth2 on the sandbox", "oauth2_client_credentials")
    form = factory.connector_form
    form.fields["host"].value = fresh_sandbox.host_port
    form.fields["protocol"].value = "http"
    button = displayed(form, "cl-sandbox-token-url")
    assert button.layout.display != "none"
    button.click()
    assert form.settings.fields["token_url"].value == f"{fresh_sandbox.url}/oauth2/token"
    form.settings.fields["client_auth"].value = "basic"
    creds = fresh_sandbox.credentials
    values = {"client_id": creds.client_id, "client_secret": creds.client_secret}
    panel = add_action_and_run(factory, "items", "/oauth2/api/items", values)
    assert "HTTP 200" in panel.status.value, panel.error.value
    assert [login["client_auth"] for login in fresh_sandbox.oauth2_logins] == ["basic"]
