"""Parameter editors for one location (Query, Path, Headers, Body): a row per parameter with
its name, type, required mark, default or value, source and description — inputs from the
Param model's own fields, choices from the engine's vocabulary."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from connector_lab import Param
from connector_lab.errors import ConversionError
from connector_lab.spec import SOURCES, SYSTEM_FIELDS, convert

from .common import Translatable
from .controls import control, text_of
from .i18n import label

#: The columns of a row, (label key, width): the header above the rows uses the same widths.
COLUMNS = (
    ("param.col.name", "150px"),
    ("param.col.type", "95px"),
    ("param.col.required", "90px"),
    ("param.col.default", "150px"),
    ("param.col.source", "135px"),
    ("param.col.description", "170px"),
)


def source_choices(language: str) -> list[tuple[str, tuple[str, str | None]]]:
    """(label, (source, system_field)) per value source; the system source once per system
    field it can read."""
    choices = []
    for source in SOURCES:
        fields = SYSTEM_FIELDS if source == "system" else {}
        if fields:
            choices += [(label(f"source.{f}", language), (source, f)) for f in fields]
        else:
            choices.append((label(f"source.{source}", language), (source, None)))
    return choices


def _param_input(name: str, value: Any, **options: Any) -> w.Widget:
    """The input for the Param field ``name``, from its annotation."""
    return control(Param.model_fields[name].annotation, value, **options).widget


class ParamRow(w.HBox):
    """One parameter. ``auto`` rows (path placeholders) keep the name the path gives them."""

    def __init__(
        self,
        location: str,
        param: Param | None = None,
        *,
        language: str = "en",
        auto: bool = False,
        on_remove=None,
    ):
        self.location = location
        self.auto = auto
        self._make_name(param, auto)
        kind = param.type if param else Param.model_fields["type"].default
        self.type = _param_input("type", kind, width="95px")
        self.required = _param_input(
            "required", param.required if param else location == "path", width="90px"
        )
        shown = (param.value if param.source == "static" else param.default) if param else None
        # the default or the value, whichever the source uses, as JSON text
        self.value = control(str, text_of(shown), width="150px").widget
        self.value.add_class("cl-param-value")
        self.source = _param_input(
            "source", self._source_of(param), choices=source_choices(language), width="135px"
        )
        self.description = _param_input(
            "description", param.description if param else "", width="170px"
        )
        self.remove = w.Button(
            icon="trash",
            layout=w.Layout(width="36px"),
            tooltip=label("remove", language),
            disabled=auto,
        )
        if on_remove is not None:
            self.remove.on_click(lambda _: on_remove(self))
        self.set_language(language)
        super().__init__(
            [
                self.name,
                self.name_shown,
                self.type,
                self.required,
                self.value,
                self.source,
                self.description,
                self.remove,
            ]
        )
        self.add_class(f"cl-param-{location}")

    def _make_name(self, param: Param | None, auto: bool) -> None:
        """The name input; an auto row shows its name as text instead (a disabled input
        looks empty in the browser) and keeps the input hidden, for :meth:`raw`."""
        self.name = _param_input("name", param.name if param else "", width="150px")
        self.name.disabled = auto
        self.name.add_class("cl-param-name")
        self.name_shown = w.HTML(
            f"<code>{html.escape(self.name.value)}</code>", layout=w.Layout(width="150px")
        )
        self.name_shown.add_class("cl-param-auto-name")
        self.name_shown.layout.display = None if auto else "none"
        if auto:
            self.name.layout.display = "none"

    @staticmethod
    def _source_of(param: Param | None) -> tuple:
        if param is None:
            return (Param.model_fields["source"].default, None)
        return (param.source, param.system_field if param.source == "system" else None)

    def set_language(self, language: str) -> None:
        current = self.source.value
        self.source.options = source_choices(language)
        self.source.value = current
        self.required.description = label("param.required", language)
        self.name.placeholder = label("param.name", language)
        self.value.placeholder = label("param.default", language)
        self.description.placeholder = label("param.description", language)

    def _typed(self, text: str) -> Any:
        """The text as the model stores it: the object or array its JSON spells for those
        types, else the text itself (the model converts it, or names the problem)."""
        try:
            value = convert(self.name.value, self.type.value, text)
        except ConversionError:
            return text
        return value if isinstance(value, dict | list) else text

    def raw(self) -> dict[str, Any]:
        source, system_field = self.source.value
        text = self.value.value
        value = None if text == "" else self._typed(text)
        fields = {
            "name": self.name.value,
            "location": self.location,
            "type": self.type.value,
            "required": self.required.value,
            "description": self.description.value,
            "source": source,
        }
        if source == "static":
            fields["value"] = value
        elif source == "system":
            fields["system_field"] = system_field
        else:
            fields["default"] = value
        return fields


class ParamTable(w.VBox, Translatable):
    """The rows of one location, with an add button (none for Path: the path drives it)."""

    def __init__(self, location: str, params: list[Param] = (), *, language: str = "en"):
        self._init_labels(language)
        self.location = location
        self.title = self.labelled(w.HTML(), f"params.{location}")
        self.header = w.HBox(
            [self.labelled(w.Label(layout=w.Layout(width=width)), key) for key, width in COLUMNS]
        )
        self.header.add_class("cl-param-header")
        self.rows_box = w.VBox()
        self.rows_box.observe(lambda _: self._show_header(), names="children")
        self.add = self.labelled(
            w.Button(layout=w.Layout(width="120px")), "add_param", "description"
        )
        self.add.add_class(f"cl-add-{location}")
        self.add.on_click(lambda _: self.add_row())
        self._show_header()
        children = [self.title, self.header, self.rows_box] + (
            [] if location == "path" else [self.add]
        )
        super().__init__(children)
        for param in params:
            self.add_row(param, auto=location == "path")

    def _show_header(self) -> None:
        """The column headers stand above rows: a table with none shows none."""
        self.header.layout.display = None if self.rows_box.children else "none"

    @property
    def rows(self) -> list[ParamRow]:
        return list(self.rows_box.children)

    def add_row(self, param: Param | None = None, *, auto: bool = False) -> ParamRow:
        row = ParamRow(
            self.location, param, language=self.language, auto=auto, on_remove=self.remove_row
        )
        self.rows_box.children = [*self.rows, row]
        return row

    def remove_row(self, row: ParamRow) -> None:
        self.rows_box.children = [r for r in self.rows if r is not row]

    def set_rows(self, params: list[Param], *, auto: bool = False) -> None:
        self.rows_box.children = []
        for param in params:
            self.add_row(param, auto=auto)

    def sync_placeholders(self, names: list[str]) -> None:
        """Path rows follow the ``{name}`` placeholders: new ones appear, gone ones go."""
        existing = {row.name.value: row for row in self.rows}
        self.rows_box.children = [
            existing.get(name)
            or ParamRow(
                "path",
                Param(name=name, location="path", required=True),
                language=self.language,
                auto=True,
            )
            for name in names
        ]

    def raw(self) -> list[dict[str, Any]]:
        return [row.raw() for row in self.rows]

    def set_language(self, language: str) -> None:
        super().set_language(language)
        for row in self.rows:
            row.set_language(language)
