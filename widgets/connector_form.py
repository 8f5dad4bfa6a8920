"""Step 1 (新建连接器): the connector's fields and its authentication scheme; the scheme's own
settings are generated from the scheme model and swapped in when the type changes."""

from __future__ import annotations

import html
import typing
from typing import Any

import ipywidgets as w

from connector_lab import SCHEMES, Connector, SpecError

from .common import Field, Translatable, problems_by_field, text

DEFAULT_ICON = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40'>"
    "<rect width='40' height='40' rx='8' fill='%230b57d0'/><text x='20' y='27' font-size='20' "
    "text-anchor='middle' fill='white' font-family='sans-serif'>API</text></svg>"
)


def _control_for(annotation: Any, default: Any) -> w.Widget:
    """A small type → widget factory for scheme settings."""
    if typing.get_origin(annotation) is typing.Literal:
        options = typing.get_args(annotation)
        return w.Dropdown(options=options, value=default if default in options else options[0])
    if annotation is bool:
        return w.Checkbox(value=bool(default), indent=False)
    if annotation is float:
        return w.FloatText(value=float(default or 0))
    return text(value="" if default is None else str(default))


class SchemeSettings(w.VBox, Translatable):
    """The non-secret settings of one scheme type, built from its model's fields."""

    def __init__(
        self, scheme_type: str, values: dict[str, Any] | None = None, language: str = "en"
    ):
        self._init_labels(language)
        self.scheme_type = scheme_type
        model = SCHEMES[scheme_type]
        hints = typing.get_type_hints(model)
        self.fields: dict[str, Field] = {}
        for name, info in model.model_fields.items():
            if name == "type":
                continue
            value = (values or {}).get(name, info.default)
            control = _control_for(hints[name], value)
            self.fields[name] = Field(f"auth.{name}", control, self, css=f"cl-auth-{name}")
        super().__init__(list(self.fields.values()))

    def values(self) -> dict[str, Any]:
        return {name: field.control.value for name, field in self.fields.items()}

    def show_errors(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.show_error(problems.get(name))


class ConnectorForm(w.VBox, Translatable):
    """Display name, icon, description, host, protocol, base URL and authentication.

    ``to_spec()`` returns the :class:`Connector` (without actions: the action step adds them)
    or raises the :class:`SpecError` whose messages are shown next to their fields.
    """

    FIELDS = ("display_name", "icon_url", "description", "host", "protocol", "base_url")

    def __init__(self, connector: Connector | None = None, *, language: str = "en"):
        self._init_labels(language)
        self._touched: set[str] = set()
        self._loading = False
        self.icon = w.HTML()
        controls = {
            "display_name": text(placeholder="Sandbox shop"),
            "icon_url": text(placeholder="https://… (optional)"),
            "description": w.Textarea(layout=w.Layout(width="420px", height="56px")),
            "host": text(placeholder="api.example.com"),
            "protocol": w.Dropdown(options=["https", "http"], value="https"),
            "base_url": text(value="/"),
        }
        self.fields = {
            name: Field(name, control, self, css=f"cl-{name.replace('_', '-')}")
            for name, control in controls.items()
        }
        self.auth_type = w.Dropdown(options=self._scheme_options(), value="none")
        self.auth_field = Field("auth", self.auth_type, self, css="cl-auth-type")
        self.settings = SchemeSettings("none", language=language)
        self.settings_box = w.VBox([self.settings])
        for name, field in self.fields.items():
            field.control.observe(lambda change, n=name: self._changed(n), names="value")
        self.auth_type.observe(self._auth_changed, names="value")
        self._on_change: list = []
        super().__init__([self.icon, *self.fields.values(), self.auth_field, self.settings_box])
        self.add_class("cl-connector-form")
        if connector is not None:
            self.from_spec(connector)
        self._update_icon()

    def __repr__(self) -> str:
        return f"<ConnectorForm: {self.fields['display_name'].control.value!r}>"

    def _scheme_options(self) -> list[tuple[str, str]]:
        zh = self.language == "zh"
        return [(cls.label_zh if zh else cls.label, key) for key, cls in SCHEMES.items()]

    def set_language(self, language: str) -> None:
        super().set_language(language)
        current = self.auth_type.value
        self._loading = True
        try:
            self.auth_type.options = self._scheme_options()
            self.auth_type.value = current
        finally:
            self._loading = False

    def _translatable_children(self):
        return (self.settings,)

    def on_change(self, callback) -> None:
        """Call ``callback()`` whenever the connector (or its scheme) changes."""
        self._on_change.append(callback)

    def _changed(self, name: str) -> None:
        if self._loading:
            return
        self._touched.add(name)
        if name == "icon_url":
            self._update_icon()
        self.validate(only_touched=True)
        for callback in self._on_change:
            callback()

    def _auth_changed(self, change) -> None:
        if self._loading:
            return
        self._swap_settings(change["new"], {})
        for callback in self._on_change:
            callback()

    def _swap_settings(self, scheme_type: str, values: dict[str, Any]) -> None:
        self.settings = SchemeSettings(scheme_type, values, language=self.language)
        for field in self.settings.fields.values():
            field.control.observe(lambda change: self._changed("auth"), names="value")
        self.settings_box.children = [self.settings]

    def _update_icon(self) -> None:
        url = self.fields["icon_url"].control.value.strip() or DEFAULT_ICON
        self.icon.value = (
            f'<img class="cl-icon" src="{html.escape(url)}" width="40" height="40" alt="icon">'
        )

    # -- spec ----------------------------------------------------------------------------------
    def raw(self) -> dict[str, Any]:
        values = {name: field.control.value for name, field in self.fields.items()}
        values["auth"] = {"type": self.auth_type.value, **self.settings.values()}
        return values

    def to_spec(self, actions: list | None = None) -> Connector:
        """The connector; every problem is shown next to its field, then raised."""
        try:
            connector = Connector(**self.raw(), actions=actions or [])
        except SpecError as error:
            self._show(error, only_touched=False)
            raise
        self._show(None, only_touched=False)
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
        problems = problems_by_field(error) if error else {}
        for name, field in self.fields.items():
            if only_touched and name not in self._touched:
                continue
            field.show_error(problems.get(name))
        auth_problems = {}
        if error:
            for path, message in error.problems:
                if path.startswith("auth."):
                    auth_problems.setdefault(path.split(".")[-1], message)
        self.settings.show_errors(auth_problems)

    def from_spec(self, connector: Connector) -> None:
        self._loading = True
        try:
            for name, field in self.fields.items():
                field.control.value = getattr(connector, name)
            scheme = connector.auth
            self.auth_type.value = scheme.type
            self._swap_settings(scheme.type, scheme.model_dump(exclude={"type"}))
        finally:
            self._loading = False
        self._update_icon()
        for callback in self._on_change:  # one notification for the whole load
            callback()

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
