"""Step 3 (鉴权配置): auth accounts — a name plus the values the connector's scheme needs,
prompted with the connector's own labels, secrets in password fields. Several per connector;
one is needed even for scheme "none"."""

from __future__ import annotations

import html

import ipywidgets as w

from connector_lab import AuthAccount, SpecError

from .common import ERROR_STYLE, LABEL_WIDTH
from .controls import control
from .form_base import FormBase
from .item_list import ItemList

#: What an account value may be: typed in, or read from the environment when sending.
VALUE_HINT = "value, or env:VARIABLE_NAME"


class AccountForm(w.VBox, FormBase):
    """One account for ``scheme``; ``to_spec()`` → :class:`AuthAccount` (values checked)."""

    def __init__(self, scheme, account: AuthAccount | None = None, *, language: str = "en"):
        self.message = self._init_form(language)
        self.scheme = scheme
        self.name = control(str, account.name if account else "test").widget
        self.name.add_class("cl-account-name")
        self.name_error = w.HTML(layout=w.Layout(margin="0 0 0 " + LABEL_WIDTH))
        self.name_error.add_class("cl-account-name-error")
        self.inputs: dict[str, w.Text] = {}
        name_row = w.HBox(
            [self.labelled(w.Label(layout=w.Layout(width=LABEL_WIDTH)), "account.name"), self.name]
        )
        rows = [w.VBox([name_row, self.name_error])]
        for field in scheme.account_fields():
            value = control(str, placeholder=VALUE_HINT, secret=field.secret).widget
            self.labelled(value, VALUE_HINT, "placeholder")
            value.add_class(f"cl-account-{field.key.replace('_', '-')}")
            self.inputs[field.key] = value
            rows.append(w.HBox([w.Label(field.label, layout=w.Layout(width=LABEL_WIDTH)), value]))
        if not self.inputs:
            rows.append(self.labelled(w.HTML(), "account.none"))
        super().__init__([*rows, self.message])
        self._show_values(account)
        self.add_class("cl-account-form")

    def __repr__(self) -> str:
        return f"<AccountForm: {self.name.value!r}, fields {list(self.inputs)}>"

    def from_spec(self, account: AuthAccount | None) -> None:
        """Show ``account`` (or a blank one named "test")."""
        self.name.value = account.name if account else "test"
        self._show_values(account)
        self.show_status("")

    def show_key_error(self, message: str | None) -> None:
        """A message under the name field ("already exists"), or none."""
        self.name_error.value = (
            f'<span class="cl-error" style="{ERROR_STYLE}">{html.escape(message)}</span>'
            if message
            else ""
        )

    def _show_values(self, account: AuthAccount | None) -> None:
        for key, value in self.inputs.items():
            has = account is not None and account.is_set(key)
            value.value = account.values[key].get_secret_value() if has else ""

    def to_spec(self) -> AuthAccount:
        try:
            account = AuthAccount(
                name=self.name.value,
                values={key: value.value for key, value in self.inputs.items()},
            )
            account.check_for(self.scheme)
        except SpecError as error:
            self.show_exception(error)
            raise
        self.show_status("")
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

    def free_name(self, wanted: str = "test") -> str:
        """``wanted``, or ``wanted_2``, ``wanted_3``… — the first no account has."""
        taken = {account.name for account in self.items}
        name, n = wanted, 1
        while name in taken:
            n += 1
            name = f"{wanted}_{n}"
        return name

    def load_blank(self) -> None:
        """A blank account named so that Apply adds it (never "test" over a "test")."""
        super().load_blank()
        self.form.name.value = self.free_name()
        self.remember_form()

    def form_state(self) -> tuple:
        form = self.form
        return form.name.value, {key: value.value for key, value in form.inputs.items()}

    @property
    def accounts(self) -> list[AuthAccount]:
        return self.items

    def account(self, name: str) -> AuthAccount:
        return self.get(name)

    def set_scheme(self, scheme) -> None:
        """The connector's scheme changed: new fields and prompts (values kept by key)."""
        self.scheme = scheme
        edited = self.form_edited
        current = self.form
        kept = {key: value.value for key, value in current.inputs.items()}
        form = AccountForm(scheme, language=self.language)
        form.name.value = current.name.value
        form.name_error.value = current.name_error.value
        for key, value in form.inputs.items():
            value.value = kept.get(key, "")
        self.form_box.children = [form]
        if not edited:
            self.remember_form()

    def __repr__(self) -> str:
        return f"<AccountList: {[a.name for a in self.items]}>"
