"""The one type → widget factory: every input of the forms is made here, from a model field's
annotation (``str``, a ``Literal``, ``bool``, ``int``, ``float``, ``X | None``) or from a
parameter type (``"string"``, ``"integer"``, … of :data:`connector_lab.spec.PARAM_TYPES`).

A :class:`Control` is the ipywidget the user sees plus how its value maps to the model's:
``None`` shows as an empty text, a blank optional text reads back as ``None``, a parameter
value shows as the JSON it stands for.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from connector_lab.spec import PARAM_TYPES, convert

TEXT_WIDTH = "420px"
#: Every widget made here carries this class: a test walks the forms and checks that no
#: input was built by hand.
CONTROL_CLASS = "cl-control"


def _same(value: Any) -> Any:
    return value


class Control:
    """An input widget (``.widget``) and its value in the model's terms (``.value``)."""

    def __init__(
        self,
        widget: w.ValueWidget,
        *,
        read: Callable[[Any], Any] = _same,
        write: Callable[[Any], Any] = _same,
    ):
        self.widget = widget
        self._read, self._write = read, write
        widget.add_class(CONTROL_CLASS)

    def __repr__(self) -> str:
        return f"<Control {type(self.widget).__name__}: {self.value!r}>"

    @property
    def value(self) -> Any:
        return self._read(self.widget.value)

    @value.setter
    def value(self, value: Any) -> None:
        self.widget.value = self._write(value)


def text_of(value: Any) -> str:
    """A value as the text a person edits: ``None`` is empty, anything not text is JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _optional(annotation: Any) -> tuple[bool, Any]:
    """(True, X) for ``X | None`` / ``Optional[X]``, else (False, annotation)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(inner) == 1:
            return True, inner[0]
    return False, annotation


def choices_of(annotation: Any) -> tuple | None:
    """The values a ``Literal`` allows (None for any other annotation)."""
    _, annotation = _optional(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    return None


def is_plain(annotation: Any) -> bool:
    """Whether one input can edit a field of this annotation (lists, models and ``Any`` need
    a form of their own)."""
    _, annotation = _optional(annotation)
    return annotation in (str, bool, int, float) or choices_of(annotation) is not None


def _choice(options: Sequence, value: Any, layout: w.Layout) -> Control:
    # options are values or (label, value) pairs, as ipywidgets takes them
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    chosen = value if value in values else (values[0] if values else None)
    return Control(w.Dropdown(options=options, value=chosen, layout=layout))


def _boolean_or_unset(value: Any) -> bool | None:
    return None if value is None else convert("default", "boolean", value)


def _whole_number_or_text(text: str) -> Any:
    """An optional whole number as typed: blank is ``None``, digits are the number, anything
    else stays text for the model to name as the field's problem."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def _number_or_text(text: str) -> Any:
    """An optional number as typed: blank is ``None``, a number is the float, anything else
    stays text for the model to name as the field's problem."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _optional_number(
    value: Any, read: Callable[[str], Any], *, placeholder: str, layout: w.Layout
) -> Control:
    # A number box cannot be empty, and empty is how "no limit" is said.
    widget = w.Text(placeholder=placeholder or "(empty)", layout=layout)
    made = Control(widget, read=read, write=text_of)
    made.value = value
    return made


def _parameter_input(type_: str, value: Any, layout: w.Layout) -> Control:
    """A run-time parameter value: a boolean may stay unset; anything else is typed as text
    and converted by the engine, whose message then names the parameter."""
    if type_ == "boolean":
        options = [("", None), ("true", True), ("false", False)]
        made = Control(w.Dropdown(options=options, layout=layout), write=_boolean_or_unset)
    else:
        made = Control(w.Text(placeholder=type_, layout=layout), write=text_of)
    made.value = value
    return made


def _text(
    value: Any,
    optional: bool,
    *,
    placeholder: str,
    secret: bool,
    height: str | None,
    layout: w.Layout,
) -> Control:
    if height is not None:
        layout.height = height
        widget = w.Textarea(placeholder=placeholder, layout=layout)
    else:
        widget = (w.Password if secret else w.Text)(placeholder=placeholder, layout=layout)
    # a blank optional text means "not given"
    read = (lambda text: text.strip() or None) if optional else _same
    control = Control(widget, read=read, write=text_of)
    control.value = value
    return control


def control(
    kind: Any,
    value: Any = None,
    *,
    choices: Sequence | None = None,
    placeholder: str = "",
    secret: bool = False,
    height: str | None = None,
    width: str | None = None,
) -> Control:
    """The input for ``kind`` — an annotation or a parameter type — showing ``value``.

    ``choices`` (values or ``(label, value)`` pairs) make a dropdown whatever the kind; a
    ``Literal`` brings its own. ``height`` makes a text a text area, ``secret`` a password
    field; an optional ``int`` or ``float`` a text box that may stay empty (read back as ``None``).

    >>> type(control(bool, True).widget).__name__
    'Checkbox'
    >>> control("integer", 5).value  # typed as text; the engine converts it when running
    '5'
    """
    layout = w.Layout(width=width)
    if isinstance(kind, str) and kind in PARAM_TYPES:
        layout.width = width or "300px"
        return _parameter_input(kind, value, layout)
    optional, annotation = _optional(kind)
    choices = choices if choices is not None else choices_of(annotation)
    if choices is not None:
        return _choice(choices, value, layout)
    if annotation is bool:
        return Control(w.Checkbox(value=bool(value), indent=False, layout=layout))
    if annotation in (int, float) and optional:
        layout.width = width or "160px"
        read = _whole_number_or_text if annotation is int else _number_or_text
        return _optional_number(value, read, placeholder=placeholder, layout=layout)
    if annotation is int:
        return Control(w.IntText(value=int(value or 0), layout=layout))
    if annotation is float:
        return Control(w.FloatText(value=float(value or 0), layout=layout))
    layout.width = width or TEXT_WIDTH
    return _text(
        value, optional, placeholder=placeholder, secret=secret, height=height, layout=layout
    )


__all__ = ["CONTROL_CLASS", "Control", "choices_of", "control", "is_plain", "text_of"]
