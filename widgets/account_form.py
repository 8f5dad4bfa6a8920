"""Step 3 (鉴权配置): auth accounts — a name plus the values the connector's scheme needs,
prompted with the connector's own labels, secrets in password fields. Several per connector;
one is needed even for scheme "none"."""

from __future__ import annotations

import ipywidgets as w

from connector_lab import AuthAccount, SpecError

from .common import LABEL_WIDTH, Translatable, error_html, guarded, text


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


class AccountList(w.VBox, Translatable):
    """The accounts of a connector; the form follows the connector's current scheme."""

    def __init__(self, scheme, accounts: list[AuthAccount] = (), *, language: str = "en"):
        self._init_labels(language)
        self.scheme = scheme
        self.accounts: list[AuthAccount] = list(accounts)
        self.picker = w.Select(rows=4, layout=w.Layout(width="300px"))
        self.new = self.labelled(w.Button(icon="plus"), "new_account", "description")
        self.remove = self.labelled(w.Button(icon="trash"), "remove", "description")
        self.apply = self.labelled(
            w.Button(button_style="primary", icon="check"), "apply", "description"
        )
        self.apply.add_class("cl-apply-account")
        self.form_box = w.VBox()
        self.status = w.HTML()
        show = self._status
        self.new.on_click(guarded(show)(lambda _: self.start_new()))
        self.remove.on_click(guarded(show)(lambda _: self.remove_selected()))
        self.apply.on_click(guarded(show)(lambda _: self.apply_form()))
        self.picker.observe(self._picked, names="value")
        self._on_change: list = []
        super().__init__(
            [
                self.labelled(w.HTML(), "accounts"),
                w.HBox([self.picker, w.VBox([self.new, self.remove])]),
                self.form_box,
                w.HBox([self.apply, self.status]),
            ]
        )
        self.start_new()
        self._refresh()

    def __repr__(self) -> str:
        return f"<AccountList: {[a.name for a in self.accounts]}>"

    @property
    def form(self) -> AccountForm:
        return self.form_box.children[0]

    def on_change(self, callback) -> None:
        self._on_change.append(callback)

    def _status(self, message: str) -> None:
        self.status.value = error_html(message) if message else ""

    def _refresh(self, selected: str | None = None) -> None:
        # Names only in the list: values never leave the account.
        self.picker.options = [a.name for a in self.accounts]
        self.picker.value = selected
        for callback in self._on_change:
            callback()

    def _picked(self, change) -> None:
        account = next((a for a in self.accounts if a.name == change["new"]), None)
        if account is not None:
            self.form_box.children = [AccountForm(self.scheme, account, language=self.language)]

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

    def start_new(self) -> None:
        self.form_box.children = [AccountForm(self.scheme, language=self.language)]
        self.picker.value = None

    def apply_form(self) -> AuthAccount:
        account = self.form.to_spec()
        self.accounts = [a for a in self.accounts if a.name != account.name] + [account]
        self._refresh(account.name)
        self._status("")
        return account

    def remove_selected(self) -> None:
        self.accounts = [a for a in self.accounts if a.name != self.picker.value]
        self._refresh()

    def account(self, name: str) -> AuthAccount:
        for account in self.accounts:
            if account.name == name:
                return account
        raise KeyError(name)
