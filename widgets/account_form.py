"""Step 3 (鉴权配置): auth accounts — a name plus the values the connector's scheme needs,
prompted with the connector's own labels, secrets in password fields. Several per connector;
one is needed even for scheme "none"."""

from __future__ import annotations

import ipywidgets as w

from connector_lab import AuthAccount, SpecError

from .common import LABEL_WIDTH, Translatable, error_html, text
from .item_list import ItemList


class AccountForm(w.VBox, Translatable):
    """One account for ``scheme``; ``to_spec()`` → :class:`AuthAccount` (values checked)."""

    def __init__(self, scheme, account: AuthAccount | None = None, *, language: str = "en"):
        self._init_labels(language)
        self.scheme = scheme
        self.name = text(value=account.name if account else "test")
        self.name.add_class("cl-account-name")
        self.inputs: dict[str, w.Text] = {}
        rows = [
            w.HBox(
                [
                    self.labelled(w.Label(layout=w.Layout(width=LABEL_WIDTH)), "account.name"),
                    self.name,
                ]
            )
        ]
        for field in scheme.account_fields():
            widget_class = w.Password if field.secret else w.Text
            control = widget_class(
                layout=w.Layout(width="420px"), placeholder="value, or env:VARIABLE_NAME"
            )
            control.add_class(f"cl-account-{field.key.replace('_', '-')}")
            if account is not None and account.is_set(field.key):
                control.value = account.values[field.key].get_secret_value()
            self.inputs[field.key] = control
            rows.append(w.HBox([w.Label(field.label, layout=w.Layout(width=LABEL_WIDTH)), control]))
        if not self.inputs:
            rows.append(self.labelled(w.HTML(), "account.none"))
        self.message = w.HTML()
        super().__init__([*rows, self.message])
        self.add_class("cl-account-form")

    def __repr__(self) -> str:
        return f"<AccountForm: {self.name.value!r}, fields {list(self.inputs)}>"

    def from_spec(self, account: AuthAccount | None) -> None:
        """Show ``account`` (or a blank one named "test")."""
        self.name.value = account.name if account else "test"
        for key, control in self.inputs.items():
            has = account is not None and account.is_set(key)
            control.value = account.values[key].get_secret_value() if has else ""
        self.message.value = ""

    def to_spec(self) -> AuthAccount:
        try:
            account = AuthAccount(
                name=self.name.value,
                values={key: control.value for key, control in self.inputs.items()},
            )
            account.check_for(self.scheme)
        except SpecError as error:
            self.message.value = error_html(str(error))
            raise
        self.message.value = ""
        return account


class AccountList(ItemList):
    """The accounts of a connector; the form follows the connector's current scheme. The
    list shows names only: values never leave the account."""

    title_key, new_key, css = "accounts", "new_account", "account"

    def __init__(self, scheme, accounts: list[AuthAccount] = (), *, language: str = "en"):
        self.scheme = scheme
        super().__init__(accounts, language=language)

    def key(self, item: AuthAccount) -> str:
        return item.name

    def make_form(self) -> AccountForm:
        return AccountForm(self.scheme, language=self.language)

    @property
    def accounts(self) -> list[AuthAccount]:
        return self.items

    def account(self, name: str) -> AuthAccount:
        return self.get(name)

    def set_scheme(self, scheme) -> None:
        """The connector's scheme changed: new fields and prompts (values kept by key)."""
        self.scheme = scheme
        current = self.form
        kept = {k: c.value for k, c in current.inputs.items()}
        form = AccountForm(scheme, language=self.language)
        form.name.value = current.name.value
        for key, control in form.inputs.items():
            control.value = kept.get(key, "")
        self.form_box.children = [form]

    def __repr__(self) -> str:
        return f"<AccountList: {[a.name for a in self.items]}>"
