"""Small building blocks shared by the forms: a labelled field with its error line, labels
that follow the language, and turning a SpecError into per-field messages."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as w

from connector_lab import SpecError

from .i18n import label

ERROR_STYLE = "color:#b3261e;font-size:12px"
LABEL_WIDTH = "170px"


class Translatable:
    """Keeps the widgets whose text is a label, so a language switch re-labels them all."""

    language: str = "en"

    def _init_labels(self, language: str) -> None:
        self.language = language
        self._labelled: list[tuple[Any, str, str]] = []  # (widget, attribute, key)

    def labelled(self, widget: Any, key: str, attribute: str = "value") -> Any:
        self._labelled.append((widget, attribute, key))
        setattr(widget, attribute, label(key, self.language))
        return widget

    def set_language(self, language: str) -> None:
        self.language = language
        for widget, attribute, key in self._labelled:
            setattr(widget, attribute, label(key, language))
        for child in self._translatable_children():
            child.set_language(language)

    def _translatable_children(self) -> Iterable[Translatable]:
        return ()


class Field(w.VBox):
    """A label, an input and, below it, the input's error message (empty when valid)."""

    def __init__(self, key: str, control: w.Widget, owner: Translatable, css: str = ""):
        self.key = key
        self.control = control
        self.title = owner.labelled(w.Label(layout=w.Layout(width=LABEL_WIDTH)), key)
        self.error = w.HTML(layout=w.Layout(margin="0 0 0 " + LABEL_WIDTH))
        if css:
            self.add_class(css)
        super().__init__([w.HBox([self.title, control]), self.error])

    def show_error(self, message: str | None) -> None:
        self.error.value = (
            f'<span class="cl-error" style="{ERROR_STYLE}">{html.escape(message)}</span>'
            if message
            else ""
        )

    @property
    def message(self) -> str:
        return self.error.value


def problems_by_field(error: SpecError) -> dict[str, str]:
    """First problem per top-level field name (``actions[0].id`` counts as ``actions``)."""
    out: dict[str, str] = {}
    for field, message in error.problems:
        name = field.split(".")[0].split("[")[0]
        out.setdefault(name, message)
    return out


def guarded(show: Callable[[str], None]) -> Callable:
    """Decorate a callback so that any exception is shown in the form, not lost: ipywidgets
    swallows exceptions raised in handlers (they end up in a log nobody reads)."""

    def wrap(callback: Callable) -> Callable:
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except Exception as exc:  # broad on purpose: every failure must reach the user
                show(f"{type(exc).__name__}: {exc}")
                return None

        return run

    return wrap


def text(**kwargs: Any) -> w.Text:
    return w.Text(layout=w.Layout(width="420px"), **kwargs)


def error_html(message: str) -> str:
    return (
        f'<div class="cl-error" style="{ERROR_STYLE};white-space:pre-wrap">'
        f"{html.escape(message)}</div>"
    )
