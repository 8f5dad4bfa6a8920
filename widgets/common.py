"""Small building blocks shared by the forms: labels that follow the language, turning a
SpecError into per-field messages, and the HTML of an error."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from connector_lab import SpecError

from .i18n import LABELS, label
from .messages import problem_text

ERROR_STYLE = "color:#b3261e;font-size:12px"
LABEL_WIDTH = "170px"


class Translatable:
    """Keeps the widgets whose text is a label, so a language switch re-labels them all."""

    language: str = "en"

    def _init_labels(self, language: str) -> None:
        self.language = language
        self._labelled: list[tuple[Any, str, str]] = []  # (widget, attribute, key)
        self._choices: list[tuple[Any, str, tuple]] = []  # (dropdown, key, values)

    def labelled(self, widget: Any, key: str, attribute: str = "value") -> Any:
        self._labelled.append((widget, attribute, key))
        setattr(widget, attribute, label(key, self.language))
        return widget

    def labelled_choices(self, widget: Any, key: str, values: tuple) -> Any:
        """A dropdown of ``values`` whose labels are the labels ``"<key>.<value>"`` (the
        value itself when it has none), re-labelled on a language switch."""
        self._choices.append((widget, key, values))
        _label_choices(widget, key, values, self.language)
        return widget

    def set_language(self, language: str) -> None:
        self.language = language
        for widget, attribute, key in self._labelled:
            setattr(widget, attribute, label(key, language))
        for widget, key, values in self._choices:
            _label_choices(widget, key, values, language)
        for child in self._translatable_children():
            child.set_language(language)

    def _translatable_children(self) -> Iterable[Translatable]:
        return ()


def _label_choices(widget: Any, key: str, values: tuple, language: str) -> None:
    index = widget.index  # new options move the selection: the same choice stays chosen
    pairs = [(LABELS.get(f"{key}.{v}", (str(v), str(v)))[language == "zh"], v) for v in values]
    if list(widget.options) != pairs:
        widget.options = pairs
        widget.index = index


def problems_by_field(error: SpecError, language: str = "en") -> dict[str, str]:
    """First problem per top-level field name (``actions[0].id`` counts as ``actions``),
    worded in ``language``."""
    out: dict[str, str] = {}
    for problem in error.problems:
        name = problem[0].split(".")[0].split("[")[0]
        out.setdefault(name, problem_text(problem, language))
    return out


def nested_problems(error: SpecError, field: str, language: str = "en") -> dict[str, str]:
    """First problem per field of the nested model at ``field`` (``pagination.max_pages``
    counts as ``max_pages``; a problem with ``field`` itself counts as ``""``)."""
    out: dict[str, str] = {}
    for problem in error.problems:
        path = problem[0]
        if path == field or path.startswith(field + "."):
            name = path[len(field) + 1 :].split(".")[0].split("[")[0]
            out.setdefault(name, problem_text(problem, language))
    return out


def error_html(message: str) -> str:
    return (
        f'<div class="cl-error" style="{ERROR_STYLE};white-space:pre-wrap">'
        f"{html.escape(message)}</div>"
    )


NOTE_STYLE = "color:#8a6d00;font-size:12px"


def note_html(message: str) -> str:
    return (
        f'<div class="cl-note" style="{NOTE_STYLE};white-space:pre-wrap">'
        f"{html.escape(message)}</div>"
    )
