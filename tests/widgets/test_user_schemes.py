"""Schemes a user adds (issue 14 point 4): a settings model and a credentials class defined
here, registered with ``register_scheme``, round trip through a Workspace, send their header
to the sandbox echo, and appear in a new factory's auth list and account form; a zero-trust
signer is registered and chosen by name in the scheme's settings."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import metadata
from typing import ClassVar, Literal

import pytest
import requests
from connector_lab.widgets import ConnectorFactory
from connector_lab.widgets.i18n import label
from pydantic import Field

import connector_lab.spec.schemes as schemes_module
from connector_lab import (
    SCHEMES,
    Action,
    AuthAccount,
    Client,
    Connector,
    CredentialAuth,
    DingTalkZeroTrustAuth,
    Param,
    SchemeBase,
    SpecError,
    Workspace,
    register_scheme,
    register_signer,
)
from connector_lab.spec.schemes import AccountField
from connector_lab.wire.auth import registry, zero_trust


class TicketAuth(SchemeBase):
    """A user's scheme: a ticket sent in a header the connector names."""

    label: ClassVar[str] = "Ticket"
    label_zh: ClassVar[str] = "票据"
    type: Literal["ticket"] = "ticket"
    header: str = Field(
        "X-Ticket",
        title="Ticket header",
        description="The header that carries the ticket.",
        json_schema_extra={"title_zh": "票据请求头", "description_zh": "携带票据的请求头。"},
    )

    def account_fields(self) -> list[AccountField]:
        return [AccountField("ticket", "Ticket", secret=True)]


class TicketCredentials(CredentialAuth):
    def __init__(self, account, scheme, secret_keys):
        super().__init__(account, secret_keys)
        self.header = scheme.header
        self.credential_headers = frozenset({scheme.header.lower()})

    @classmethod
    def from_scheme(cls, account, scheme, secret_keys, **_):
        return cls(account, scheme, secret_keys)

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers[self.header] = self.header_value("ticket")
        return r


@pytest.fixture(autouse=True)
def _registries_restored() -> Iterator[None]:
    """Whatever a test registers is gone after it: other tests count the auth types."""
    schemes, creds, signers = dict(SCHEMES), dict(registry._REGISTRY), dict(zero_trust._SIGNERS)
    yield
    for saved, live in ((schemes, SCHEMES), (creds, registry._REGISTRY)):
        live.clear()
        live.update(saved)
    zero_trust._SIGNERS.clear()
    zero_trust._SIGNERS.update(signers)


def _echo_connector(api, auth) -> Connector:
    return Connector(
        display_name="Echo",
        host=api.host_port,
        protocol="http",
        auth=auth,
        actions=[Action(id="echo", name="Echo", path="/echo", params=[Param(name="q")])],
    )


def test_a_registered_scheme_round_trips_and_sends_its_header(tmp_path, sandbox):
    register_scheme(TicketAuth, TicketCredentials)
    connector = _echo_connector(sandbox, {"type": "ticket", "header": "X-My-Ticket"})
    assert isinstance(connector.auth, TicketAuth)
    workspace = Workspace(tmp_path / "ws")
    workspace.save(connector)
    loaded = Workspace(tmp_path / "ws").load("echo")
    assert loaded == connector and loaded.auth.header == "X-My-Ticket"
    assert '"header": "X-My-Ticket"' in loaded.to_json()
    with Client(loaded, AuthAccount(name="t", values={"ticket": "tk-canary-7"})) as client:
        result = client.run("echo", q="1")
    assert result.json()["headers"]["X-My-Ticket"] == "tk-canary-7"
    assert "tk-canary-7" not in str(result.request) + result.curl()  # masked: a credential


def test_an_unknown_scheme_type_lists_the_known_ones():
    with pytest.raises(SpecError) as caught:
        Connector(display_name="E", host="example.com", auth={"type": "ticket"})
    assert caught.value.problems[0][0] == "auth"
    assert "'ticket' is not a known auth scheme type; known: none, basic" in str(caught.value)
    assert "register_scheme" in str(caught.value)


def test_registering_a_model_without_a_tag_or_labels_says_what_is_missing():
    class Bare(SchemeBase):
        pass

    with pytest.raises(SpecError) as caught:
        register_scheme(Bare, TicketCredentials)
    fields = [field for field, _ in caught.value.problems]
    assert fields == ["type", "label", "label_zh"]
    with pytest.raises(SpecError, match="not a CredentialAuth subclass"):
        register_scheme(TicketAuth, int)


def test_a_scheme_registered_after_import_is_in_a_new_factory_and_its_account_form(tmp_path):
    register_scheme(TicketAuth, TicketCredentials)
    factory = ConnectorFactory(workspace=tmp_path / "ws")
    form = factory.connector_form
    assert ("Ticket", "ticket") in form.auth_type.options
    form.auth_type.value = "ticket"
    row = form.settings.fields["header"]
    assert row.control.value == "X-Ticket"
    assert row.title.value == label("auth.header") == "Ticket header"
    assert row.title.tooltip == "The header that carries the ticket."
    assert factory.account_list.form.inputs.keys() == {"ticket"}
    factory.set_language("zh")
    assert ("票据", "ticket") in form.auth_type.options
    assert form.settings.fields["header"].title.value == "票据请求头"
    assert form.settings.fields["header"].title.tooltip == "携带票据的请求头。"


def test_a_plugin_entry_point_registers_its_scheme(monkeypatch):
    point = metadata.EntryPoint(
        name="ticket",
        value="tests.widgets.test_user_schemes:_plugin",
        group="connector_lab.schemes",
    )
    monkeypatch.setattr(schemes_module, "_plugins_loaded", False)
    monkeypatch.setattr(
        schemes_module, "entry_points", lambda group: [point] if group == point.group else []
    )
    connector = Connector(display_name="E", host="example.com", auth={"type": "ticket"})
    # the plugin's module is imported by its entry point name: its own TicketAuth class
    assert type(connector.auth) is SCHEMES["ticket"]
    assert type(connector.auth).__name__ == "TicketAuth"


def _plugin() -> None:
    register_scheme(TicketAuth, TicketCredentials)


def test_a_zero_trust_signer_is_registered_and_chosen_by_name(sandbox):
    seen = []

    def plain_signer(method, url, app_key, app_secret, scheme):
        seen.append((method, scheme.signer))
        return {"X-Plain-Key": app_key, "X-Plain-Sig": "sig-" + method}

    register_signer("plain", plain_signer)
    connector = _echo_connector(sandbox, DingTalkZeroTrustAuth(signer="plain"))
    assert Connector.from_json(connector.to_json()).auth.signer == "plain"
    account = AuthAccount(name="t", values={"app_key": "k1", "app_secret": "s1"})
    with Client(connector, account) as client:
        headers = client.run("echo").json()["headers"]
    assert (headers["X-Plain-Key"], headers["X-Plain-Sig"]) == ("k1", "sig-GET")
    assert seen == [("GET", "plain")]
    unknown = _echo_connector(sandbox, DingTalkZeroTrustAuth(signer="nope"))
    with pytest.raises(SpecError, match="'nope' is not a registered signer; known: hmac_gateway"):
        Client(unknown, account).run("echo")


def test_a_registered_schemes_header_does_not_cross_a_redirect_or_leak(sandbox, tmp_path):
    """The redirect stripping and the canary scan (tests/engine/test_redirects.py,
    tests/test_secret_hygiene.py) for a user's scheme: its declared credential header is
    not sent to another host, and its secret is in no result, history or saved file."""
    register_scheme(TicketAuth, TicketCredentials)
    canary = "ticket-canary-3e9b"
    connector = Connector(
        display_name="Echo",
        host=sandbox.host_port,
        protocol="http",
        auth={"type": "ticket"},
        actions=[
            Action(
                id="away",
                name="Away",
                path="/redirect/other-host",
                params=[Param(name="to", default="/echo"), Param(name="code", default="302")],
            )
        ],
    )
    workspace = Workspace(tmp_path / "ws")
    workspace.save(connector)
    workspace.save_account("echo", AuthAccount(name="t", values={"ticket": "env:CL_TICKET"}))
    account = AuthAccount(name="t", values={"ticket": canary})
    with Client(connector, account) as client:
        result = client.run("away")
    echo = result.json()
    assert echo["server"] == sandbox.other_url.removeprefix("http://")
    assert "x-ticket" not in {name.lower() for name in echo["headers"]}
    texts = [result.text, str(result.request), result.curl(), repr(result), repr(account)]
    texts += [p.read_text() for p in (tmp_path / "ws").rglob("*") if p.is_file()]
    assert not [text[:200] for text in texts if canary in text]
