"""Step 2 (创建执行动作): one action's fields and parameters, sample parsing for the request
body and the expected response, and the list of a connector's actions."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import ipywidgets as w

from connector_lab import Action, ResponseField, SpecError
from connector_lab._rules import json_error_message
from connector_lab.spec import METHODS, body_params, response_fields

from .common import Field, Translatable, error_html, guarded, problems_by_field, text
from .i18n import label
from .item_list import ItemList
from .params import ParamTable

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _parse_json(text_value: str) -> Any:
    try:
        return json.loads(text_value)
    except json.JSONDecodeError as exc:
        raise SpecError([("sample", json_error_message(exc))]) from None


class ResponseFieldRow(w.HBox):
    """One field of the expected response: path and type shown, required and description
    editable (the platform's 接口返回 table)."""

    def __init__(self, field: ResponseField, language: str):
        self.path, self.type = field.path, field.type
        depth = field.path.count(".") + field.path.count("[]")
        self.required = w.Checkbox(
            value=field.required,
            indent=False,
            description=label("param.required", language),
            layout=w.Layout(width="90px"),
        )
        self.description = w.Text(
            value=field.description,
            layout=w.Layout(width="220px"),
            placeholder=label("param.description", language),
        )
        title = w.HTML(
            f"<code style='margin-left:{12 * depth}px'>{html.escape(field.path)}"
            f"</code> <i>{html.escape(field.type)}</i>",
            layout=w.Layout(width="320px"),
        )
        super().__init__([title, self.required, self.description])
        self.add_class("cl-response-field")

    def to_spec(self) -> ResponseField:
        return ResponseField(
            path=self.path,
            type=self.type,
            required=self.required.value,
            description=self.description.value,
        )


class ActionForm(w.VBox, Translatable):
    """Id, name, description, method, path, records path, the four parameter tables, and
    the request/response samples. ``to_spec()`` → :class:`Action`."""

    SIMPLE = ("id", "name", "description", "method", "path", "records_path")

    def __init__(self, action: Action | None = None, *, language: str = "en"):
        self._init_labels(language)
        self._loading = False
        controls = {
            "id": text(placeholder="list_orders"),
            "name": text(placeholder="List orders"),
            "description": text(),
            "method": w.Dropdown(options=METHODS, value="GET"),
            "path": text(placeholder="/orders/{order_id}"),
            "records_path": text(placeholder="$.data[*] (optional)"),
        }
        self.fields = {
            name: Field(f"action.{name}", control, self, css=f"cl-action-{name.replace('_', '-')}")
            for name, control in controls.items()
        }
        self.tables = {
            loc: ParamTable(loc, language=language) for loc in ("query", "path", "header", "body")
        }
        self.body_sample = w.Textarea(
            placeholder='{"name": "Ann", "age": 30}', layout=w.Layout(width="420px", height="80px")
        )
        self.body_parse = self.labelled(w.Button(), "body.parse", "description")
        self.response_sample = w.Textarea(
            placeholder='{"data": [{"id": 1}]}', layout=w.Layout(width="420px", height="80px")
        )
        self.response_sample.add_class("cl-response-sample")
        self.response_parse = self.labelled(w.Button(), "response.parse", "description")
        self.response_parse.add_class("cl-response-parse")
        self.response_tree = w.VBox()
        self.response_tree.add_class("cl-field-tree")
        self.message = w.HTML()
        self.expected_response: Any = None
        show = self._show_message
        self.body_parse.on_click(guarded(show)(self._parse_body))
        self.response_parse.on_click(guarded(show)(self._parse_response))
        self.fields["path"].control.observe(self._path_changed, names="value")
        for name, field in self.fields.items():
            field.control.observe(lambda change, n=name: self._validate_field(n), names="value")
        samples = w.VBox(
            [
                self.labelled(w.HTML(), "body.sample"),
                self.body_sample,
                self.body_parse,
                self.labelled(w.HTML(), "response"),
                self.response_sample,
                self.response_parse,
                self.response_tree,
            ]
        )
        super().__init__([*self.fields.values(), *self.tables.values(), samples, self.message])
        self.add_class("cl-action-form")
        if action is not None:
            self.from_spec(action)

    def __repr__(self) -> str:
        return f"<ActionForm: {self.fields['id'].control.value!r}>"

    def _translatable_children(self):
        return tuple(self.tables.values())

    def _show_message(self, message: str) -> None:
        self.message.value = error_html(message) if message else ""

    def _path_changed(self, change) -> None:
        self.tables["path"].sync_placeholders(_PLACEHOLDER.findall(change["new"]))

    def _parse_body(self, _button=None) -> None:
        params = body_params(_parse_json(self.body_sample.value))
        self.tables["body"].set_rows(params)
        if self.fields["method"].control.value in ("GET", "HEAD", "OPTIONS"):
            self.fields["method"].control.value = "POST"
        self._show_message("")

    def _parse_response(self, _button=None) -> None:
        self.expected_response = _parse_json(self.response_sample.value)
        self._show_fields(response_fields(self.expected_response))
        self._show_message("")

    def _annotated_fields(self) -> list[ResponseField]:
        """The rows, or [] when they say no more than the sample does (the default)."""
        fields = [row.to_spec() for row in self.response_tree.children]
        if self.expected_response is None or fields == response_fields(self.expected_response):
            return []
        return fields

    def _show_fields(self, fields: list[ResponseField]) -> None:
        self.response_tree.children = [ResponseFieldRow(f, self.language) for f in fields]

    def _validate_field(self, name: str) -> None:
        if self._loading:
            return
        try:
            self.to_spec(show=False)
            self.fields[name].show_error(None)
        except SpecError as error:
            self.fields[name].show_error(problems_by_field(error).get(name))

    def raw(self) -> dict[str, Any]:
        values = {name: field.control.value for name, field in self.fields.items()}
        values["records_path"] = values["records_path"].strip() or None
        values["params"] = [row for table in self.tables.values() for row in table.raw()]
        values["expected_response"] = self.expected_response
        values["response_fields"] = self._annotated_fields()
        return values

    def to_spec(self, *, show: bool = True) -> Action:
        try:
            action = Action(**self.raw())
        except SpecError as error:
            if show:
                problems = problems_by_field(error)
                for name, field in self.fields.items():
                    field.show_error(problems.get(name))
                self._show_message(str(error))
            raise
        if show:
            for field in self.fields.values():
                field.show_error(None)
            self._show_message("")
        return action

    def from_spec(self, action: Action) -> None:
        self._loading = True
        try:
            for name, field in self.fields.items():
                value = getattr(action, name)
                field.control.value = "" if value is None else value
            for location, table in self.tables.items():
                params = [p for p in action.params if p.location == location]
                table.set_rows(params, auto=location == "path")
            self.expected_response = action.expected_response
            self.response_sample.value = (
                ""
                if action.expected_response is None
                else json.dumps(action.expected_response, indent=2, ensure_ascii=False)
            )
            fields = action.response_fields or (
                response_fields(action.expected_response)
                if action.expected_response is not None
                else []
            )
            self._show_fields(fields)
        finally:
            self._loading = False
        self._show_message("")


class ActionList(ItemList):
    """A connector's actions: listed, added, edited (Apply), removed."""

    title_key, new_key, css = "actions", "new_action", "action"

    def key(self, item: Action) -> str:
        return item.id

    def option(self, item: Action) -> str:
        return f"{item.id} — {item.name}"

    def make_form(self) -> ActionForm:
        return ActionForm(language=self.language)

    def blank(self) -> Action:
        return Action(id="new_action", name="New action")

    @property
    def actions(self) -> list[Action]:
        return self.items

    def set_actions(self, actions: list[Action]) -> None:
        self.set_items(actions)

    def __repr__(self) -> str:
        return f"<ActionList: {[a.id for a in self.items]}>"
