"""Form rows: a label, an input and its error line — and the rows of a model's plain fields,
generated from the model's own metadata (title → label, description → help, choices and
placeholder → the input), so the forms do not restate the models."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .common import ERROR_STYLE, LABEL_WIDTH, Translatable
from .controls import Control, choices_of, control, is_plain
from .i18n import LABELS


class FieldRow(w.VBox):
    """A label, an input and, below it, the input's error message (empty when valid).
    ``control`` is the input widget; ``value`` reads and writes it in the model's terms."""

    def __init__(
        self, key: str, input_: Control, owner: Translatable, *, css: str = "", help: str = ""
    ):
        self.key = key
        self.input = input_
        self.control = input_.widget
        self.title = owner.labelled(w.Label(layout=w.Layout(width=LABEL_WIDTH)), key)
        # the help is the field's description, in English; its Chinese is keyed "help.<key>"
        if help:
            owner.labelled(self.title, f"help.{key}", "tooltip")
        self.error = w.HTML(layout=w.Layout(margin="0 0 0 " + LABEL_WIDTH))
        if css:
            self.add_class(css)
        if isinstance(self.control, w.Checkbox):
            # A long label ("Legacy (access_token in query)") would be cut at the label
            # column and run into the box: the box sits in the input column, its label after.
            self.title.layout = w.Layout(width="auto", margin="0 0 0 6px")
            line = [w.Box(layout=w.Layout(width=LABEL_WIDTH)), self.control, self.title]
            self.control.layout.width = "auto"
        else:
            line = [self.title, self.control]
        super().__init__([w.HBox(line), self.error])

    @property
    def value(self) -> Any:
        return self.input.value

    @value.setter
    def value(self, value: Any) -> None:
        self.input.value = value

    def show_error(self, message: str | None) -> None:
        self.error.value = (
            f'<span class="cl-error" style="{ERROR_STYLE}">{html.escape(message)}</span>'
            if message
            else ""
        )

    @property
    def message(self) -> str:
        return self.error.value


def field_help(model: type[BaseModel], name: str) -> str:
    """The help of a field: its ``description``."""
    return model.model_fields[name].description or ""


def _default(info: Any) -> Any:
    value = info.get_default(call_default_factory=True)
    return None if value is PydanticUndefined else value


def model_rows(
    model: type[BaseModel],
    owner: Translatable,
    *,
    prefix: str = "",
    values: dict[str, Any] | None = None,
    skip: tuple[str, ...] = (),
) -> dict[str, FieldRow]:
    """A row per plain field of ``model`` (one input can edit it), in the model's order.

    The label key is ``prefix + name`` (its English label is the field's ``title``, see
    :mod:`.i18n`); the help is its ``description``; ``json_schema_extra`` may give a
    ``placeholder``, ``enum`` choices or ``multiline``. ``values`` override the defaults.
    """
    rows: dict[str, FieldRow] = {}
    for name, info in model.model_fields.items():
        if name in skip or not is_plain(info.annotation):
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        input_ = control(
            info.annotation,
            (values or {}).get(name, _default(info)),
            choices=extra.get("enum"),
            placeholder=extra.get("placeholder", ""),
            height="56px" if extra.get("multiline") else None,
        )
        key = prefix + name
        allowed = choices_of(info.annotation)
        if allowed and any(f"{key}.{v}" in LABELS for v in allowed):
            owner.labelled_choices(input_.widget, key, allowed)
        if getattr(input_.widget, "placeholder", ""):
            # an example, or a hint such as "(empty)": keyed by its English text
            owner.labelled(input_.widget, input_.widget.placeholder, "placeholder")
        css = "cl-" + key.replace(".", "-").replace("_", "-")
        rows[name] = FieldRow(key, input_, owner, css=css, help=field_help(model, name))
    return rows
