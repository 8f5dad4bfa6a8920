"""Step 1 (新建连接器): the connector's fields and its authentication scheme. The rows are
generated from the Connector model and, for the scheme's own settings, from the scheme model
of the chosen type — swapped in when the type changes."""

from __future__ import annotations

import html
import ipaddress
from typing import Any

import ipywidgets as w

from connector_lab import SCHEMES, Connector, SpecError

from .common import LABEL_WIDTH, Translatable, problems_by_field
from .controls import control
from .form_base import FormBase
from .messages import problem_text
from .policy_section import PolicySection
from .rows import FieldRow, field_help, model_rows

DEFAULT_ICON = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40'>"
    "<rect width='40' height='40' rx='8' fill='%230b57d0'/><text x='20' y='27' font-size='20' "
    "text-anchor='middle' fill='white' font-family='sans-serif'>API</text></svg>"
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (``name`` or ``name:port``) is this machine: the bundled sandbox
    listens there."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]").split("]")[0]).is_loopback
    except ValueError:
        return False


class SchemeSettings(w.VBox, Translatable):
    """The non-secret settings of one scheme type, a row per field of its model."""

    def __init__(
        self, scheme_type: str, values: dict[str, Any] | None = None, language: str = "en"
    ):
        self._init_labels(language)
        self.scheme_type = scheme_type
        self.fields = model_rows(
            SCHEMES[scheme_type], self, prefix="auth.", values=values, skip=("type",)
        )
        super().__init__(list(self.fields.values()))

    def values(self) -> dict[str, Any]:
        return {name: field.value for name, field in self.fields.items()}

    def show_errors(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.show_error(problems.get(name))


class ConnectorForm(w.VBox, FormBase):
    """Display name, icon, description, host, protocol, base URL and authentication; the
    retry policy, rate limit and timeouts in a collapsed "Advanced" accordion (:attr:`policies`).

    ``to_spec()`` returns the :class:`Connector` (without actions: the action step adds them)
    or raises the :class:`SpecError` whose messages are shown next to their fields.
    """

    def __init__(self, connector: Connector | None = None, *, language: str = "en"):
        status = self._init_form(language)
        self._touched: set[str] = set()
        self.icon = w.HTML()
        # auth is laid out by hand: its type swaps the settings below it
        self.fields = model_rows(Connector, self, skip=("auth",))
        auth_input = control(str, "none", choices=self._scheme_options())
        self.auth_type = auth_input.widget
        self.auth_field = FieldRow(
            "auth", auth_input, self, css="cl-auth-type", help=field_help(Connector, "auth")
        )
        self.settings = SchemeSettings("none", language=language)
        self.settings_box = w.VBox([self.settings])
        # DingTalk on the bundled sandbox (a loopback host): its token URL is on that host
        self.sandbox_token = self.labelled(
            w.Button(
                icon="magic", layout=w.Layout(width="max-content", margin="0 0 0 " + LABEL_WIDTH)
            ),
            "auth.sandbox_token_url",
            "description",
        )
        self.sandbox_token.add_class("cl-sandbox-token-url")
        self.sandbox_token.on_click(self.guard(lambda _: self.use_sandbox_token_url()))
        for name, field in self.fields.items():
            self.watch(field.control, lambda n=name: self._changed(n))
        self.watch(self.auth_type, self._auth_changed)
        self.policies = PolicySection(language=language)
        self.policies.watch_all(lambda: self._changed("policies"))
        super().__init__(
            [
                self.icon,
                *self.fields.values(),
                self.auth_field,
                self.settings_box,
                self.sandbox_token,
                self.policies,
                status,
            ]
        )
        self.add_class("cl-connector-form")
        if connector is not None:
            self.from_spec(connector)
        self._update_icon()
        self._offer_sandbox_token()

    def __repr__(self) -> str:
        return f"<ConnectorForm: {self.fields['display_name'].value!r}>"

    def _scheme_options(self) -> list[tuple[str, str]]:
        zh = self.language == "zh"
        return [(cls.label_zh if zh else cls.label, key) for key, cls in SCHEMES.items()]

    def set_language(self, language: str) -> None:
        super().set_language(language)
        current = self.auth_type.value
        with self.loading():
            self.auth_type.options = self._scheme_options()
            self.auth_type.value = current
        self._reword_errors()

    def _reword_errors(self) -> None:
        """The messages shown under fields, in the new language (none appear or go)."""
        try:
            Connector(**self.raw())
            return
        except SpecError as error:
            problems = problems_by_field(error, self.language)
        for name, field in self.fields.items():
            if field.message:
                field.show_error(problems.get(name))

    def _translatable_children(self):
        return (self.settings, self.policies)

    def _changed(self, name: str) -> None:
        self._touched.add(name)
        if name == "icon_url":
            self._update_icon()
        self.validate(only_touched=True)
        self._offer_sandbox_token()
        self.tell_listeners()

    def _auth_changed(self) -> None:
        self._swap_settings(self.auth_type.value, {})
        self._offer_sandbox_token()
        self.tell_listeners()

    def sandbox_token_url(self) -> str | None:
        """The token URL of the sandbox at this connector's host, when the scheme fetches a
        token (DingTalk, OAuth2) and the host is a loopback one (the bundled sandbox); else
        None."""
        host = (self.fields["host"].value or "").strip()
        scheme = self.auth_type.value
        if scheme not in ("dingtalk", "oauth2_client_credentials") or not is_loopback(host):
            return None
        if scheme == "oauth2_client_credentials":
            path = "/oauth2/token"
        elif self.settings.fields["legacy"].value:
            path = "/gettoken"
        else:
            path = "/v1.0/oauth2/accessToken"
        return f"{self.fields['protocol'].value}://{host}{path}"

    def _offer_sandbox_token(self) -> None:
        """Offer the sandbox's token URL while the token URL field holds another one."""
        wanted = self.sandbox_token_url()
        shown = wanted is not None and self.settings.fields["token_url"].value != wanted
        self.sandbox_token.layout.display = None if shown else "none"

    def use_sandbox_token_url(self) -> None:
        """Point the token URL (DingTalk, OAuth2) at the sandbox on this connector's host."""
        wanted = self.sandbox_token_url()
        if wanted is not None:
            self.settings.fields["token_url"].value = wanted

    def _swap_settings(self, scheme_type: str, values: dict[str, Any]) -> None:
        self.settings = SchemeSettings(scheme_type, values, language=self.language)
        for field in self.settings.fields.values():
            self.watch(field.control, lambda: self._changed("auth"))
        self.settings_box.children = [self.settings]

    def _update_icon(self) -> None:
        url = self.fields["icon_url"].value.strip() or DEFAULT_ICON
        self.icon.value = (
            f'<img class="cl-icon" src="{html.escape(url)}" width="40" height="40" alt="icon">'
        )

    # -- spec ----------------------------------------------------------------------------------
    def raw(self) -> dict[str, Any]:
        values = {name: field.value for name, field in self.fields.items()}
        values["auth"] = {"type": self.auth_type.value, **self.settings.values()}
        # Only the policies set: a connector without them stays as one made in code.
        policies = {name: v for name, v in self.policies.raw().items() if v is not None}
        return {**values, **policies}

    def to_spec(self, actions: list | None = None, *, show: bool = True) -> Connector:
        """The connector; every problem is shown next to its field, then raised. With
        ``show=False`` (a check nobody asked for, such as the run panel's refresh) the fields
        keep showing only what was typed into them."""
        try:
            connector = Connector(**self.raw(), actions=actions or [])
        except SpecError as error:
            self._show(error, only_touched=not show)
            raise
        self._show(None, only_touched=not show)
        return connector

    def validate(self, *, only_touched: bool = False) -> SpecError | None:
        try:
            Connector(**self.raw())
        except SpecError as error:
            self._show(error, only_touched=only_touched)
            return error
        self._show(None, only_touched=only_touched)
        return None

    def _show(self, error: SpecError | None, *, only_touched: bool) -> None:
        problems = problems_by_field(error, self.language) if error else {}
        for name, field in self.fields.items():
            if only_touched and name not in self._touched:
                continue
            field.show_error(problems.get(name))
        auth_problems = {}
        if error:
            for problem in error.problems:
                if problem[0].startswith("auth."):
                    auth_problems.setdefault(
                        problem[0].split(".")[-1], problem_text(problem, self.language)
                    )
        if not only_touched or "auth" in self._touched:
            self.settings.show_errors(auth_problems)
        if not only_touched or "policies" in self._touched:
            self.policies.show_errors(error)

    def from_spec(self, connector: Connector) -> None:
        self.policies.from_spec(connector)
        with self.loading():
            for name, field in self.fields.items():
                field.value = getattr(connector, name)
            scheme = connector.auth
            self.auth_type.value = scheme.type
            self._swap_settings(scheme.type, scheme.model_dump(exclude={"type"}))
        # a loaded connector is valid: no message of the form before it stays
        self._touched.clear()
        self._show(None, only_touched=False)
        self._update_icon()
        self._offer_sandbox_token()
        self.tell_listeners()  # one change event for the whole load

    @property
    def scheme(self):
        """The current scheme; while a setting is still invalid, an unchecked copy (enough
        for the account step, which only reads the prompts)."""
        model = SCHEMES[self.auth_type.value]
        try:
            return model(**self.settings.values())
        except SpecError:
            return model.model_construct(**self.settings.values())


__all__ = ["DEFAULT_ICON", "ConnectorForm", "SchemeSettings"]
