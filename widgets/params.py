"""Parameter editors for one location (Query, Path, Headers, Body): a row per parameter with
its name, type, required mark, default or value, source and description."""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as w

from connector_lab import Param
from connector_lab.spec import PARAM_TYPES

from .common import Translatable
from .i18n import label

#: source choices: (label key, (source, system_field))
SOURCES = [
    ("source.user", ("user", None)),
    ("source.static", ("static", None)),
    ("source.user_id", ("system", "user_id")),
    ("source.org_id", ("system", "org_id")),
]


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


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
        self.name = w.Text(
            value=param.name if param else "",
            placeholder=label("param.name", language),
            layout=w.Layout(width="150px"),
            disabled=auto,
        )
        self.type = w.Dropdown(
            options=PARAM_TYPES,
            value=param.type if param else "string",
            layout=w.Layout(width="95px"),
        )
        self.required = w.Checkbox(
            value=bool(param.required) if param else location == "path",
            indent=False,
            description=label("param.required", language),
            layout=w.Layout(width="90px"),
        )
        self.value = w.Text(
            value=_text_of(
                (param.value if param.source == "static" else param.default) if param else None
            ),
            placeholder=label("param.default", language),
            layout=w.Layout(width="150px"),
        )
        self.source = w.Dropdown(
            options=self._source_options(language),
            value=self._source_of(param),
            layout=w.Layout(width="135px"),
        )
        self.description = w.Text(
            value=param.description if param else "",
            placeholder=label("param.description", language),
            layout=w.Layout(width="170px"),
        )
        self.remove = w.Button(
            icon="trash",
            layout=w.Layout(width="36px"),
            tooltip=label("remove", language),
            disabled=auto,
        )
        if on_remove is not None:
            self.remove.on_click(lambda _: on_remove(self))
        super().__init__(
            [
                self.name,
                self.type,
                self.required,
                self.value,
                self.source,
                self.description,
                self.remove,
            ]
        )
        self.add_class(f"cl-param-{location}")

    @staticmethod
    def _source_options(language: str) -> list[tuple[str, tuple]]:
        return [(label(key, language), value) for key, value in SOURCES]

    @staticmethod
    def _source_of(param: Param | None) -> tuple:
        if param is None:
            return ("user", None)
        return (param.source, param.system_field if param.source == "system" else None)

    def set_language(self, language: str) -> None:
        current = self.source.value
        self.source.options = self._source_options(language)
        self.source.value = current
        self.required.description = label("param.required", language)
        self.name.placeholder = label("param.name", language)
        self.value.placeholder = label("param.default", language)
        self.description.placeholder = label("param.description", language)

    def raw(self) -> dict[str, Any]:
        source, system_field = self.source.value
        text = self.value.value
        value: Any = None
        if text != "":
            value = text
            if self.type.value in ("object", "array"):
                try:
                    value = json.loads(text)
                except ValueError:
                    value = text  # the model names the parameter and the fix
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
        self.rows_box = w.VBox()
        self.add = self.labelled(
            w.Button(layout=w.Layout(width="120px")), "add_param", "description"
        )
        self.add.add_class(f"cl-add-{location}")
        self.add.on_click(lambda _: self.add_row())
        children = [self.title, self.rows_box] + ([] if location == "path" else [self.add])
        super().__init__(children)
        for param in params:
            self.add_row(param, auto=location == "path")

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
