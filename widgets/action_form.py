"""Step 2 (创建执行动作): one action's fields and parameters, sample parsing for the request
body and the expected response, and the list of a connector's actions. The plain fields are
rows generated from the Action model; the parameter tables and the samples are laid out here."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from connector_lab import Action, ResponseField, Result, SpecError
from connector_lab.spec import (
    BODY_STYLES,
    BODYLESS_METHODS,
    LOCATIONS,
    body_params,
    placeholders,
    response_fields,
)
from connector_lab.spec.limits import parse_json

from .common import error_html, nested_problems, problems_by_field
from .controls import control
from .form_base import FormBase
from .i18n import label
from .item_list import ItemList
from .pagination_section import PaginationSection
from .params import ParamTable
from .rows import model_rows


def _parse_json(text_value: str) -> Any:
    value, problem = parse_json(text_value)
    if problem is not None:
        raise SpecError([("sample", problem)])
    return value


def _sample_input(placeholder: str) -> w.Textarea:
    return control(str, placeholder=placeholder, height="80px").widget


PATH_STYLE = (
    "display:block;width:236px;box-sizing:border-box;"
    "white-space:nowrap;overflow:hidden;text-overflow:ellipsis"
)


class ResponseFieldRow(w.HBox):
    """One field of the expected response: path and type shown, required and description
    editable (the platform's 接口返回 table)."""

    def __init__(self, field: ResponseField, language: str):
        self.path, self.type = field.path, field.type
        depth = field.path.count(".") + field.path.count("[]")
        self.required = control(bool, field.required, width="90px").widget
        self.required.description = label("param.required", language)
        self.description = control(
            str, field.description, placeholder=label("param.description", language), width="220px"
        ).widget
        # fixed columns: a long path is cut with an ellipsis (whole in its tooltip) and never
        # pushes its type onto the next line
        path = html.escape(field.path, quote=True)
        title = w.HTML(
            f'<div title="{path}" style="{PATH_STYLE};padding-left:{12 * depth}px">'
            f"<code>{path}</code></div>",
            layout=w.Layout(width="240px", overflow="hidden"),
        )
        title.add_class("cl-response-field-path")
        kind = w.HTML(f"<i>{html.escape(field.type)}</i>", layout=w.Layout(width="80px"))
        kind.add_class("cl-response-field-type")
        super().__init__([title, kind, self.required, self.description])
        self.add_class("cl-response-field")

    def to_spec(self) -> ResponseField:
        return ResponseField(
            path=self.path,
            type=self.type,
            required=self.required.value,
            description=self.description.value,
        )


class ActionForm(w.VBox, FormBase):
    """The action's fields, the parameter tables (one per location), the pagination section
    and the request and response samples. ``to_spec()`` → :class:`Action`.

    ``runner(action)`` runs an action once and returns its :class:`Result` — what the
    pagination section's "detect from a test run" needs (the factory gives its run panel's).
    """

    def __init__(
        self,
        action: Action | None = None,
        *,
        language: str = "en",
        runner: Callable[[Action], Result] | None = None,
    ):
        self.message = self._init_form(language)
        self.fields = model_rows(Action, self, prefix="action.")
        self.fields["body_style"].control.options = self._body_style_options()
        self.tables = {loc: ParamTable(loc, language=language) for loc in LOCATIONS}
        self.pagination = PaginationSection(language=language)
        self.runner = runner
        self.expected_response: Any = None
        samples = self._make_samples()
        self._wire_samples()
        self.watch(self.fields["path"].control, self._path_changed)
        for name, field in self.fields.items():
            self.watch(field.control, lambda n=name: self._validate_field(n))
        super().__init__(
            [
                *self.fields.values(),
                *self.tables.values(),
                self.pagination,
                samples,
                self.message,
            ]
        )
        self.add_class("cl-action-form")
        if action is not None:
            self.from_spec(action)

    def _make_samples(self) -> w.VBox:
        """The request body and response samples, each with its Parse and its error line."""
        self.body_sample = _sample_input('{"name": "Ann", "age": 30}')
        self.body_parse = self.labelled(w.Button(), "body.parse", "description")
        self.response_sample = _sample_input('{"data": [{"id": 1}]}')
        self.response_sample.add_class("cl-response-sample")
        self.response_parse = self.labelled(w.Button(), "response.parse", "description")
        self.response_parse.add_class("cl-response-parse")
        # a bad sample is reported under its own Parse button, naming the sample
        self.body_error, self.response_error = w.HTML(), w.HTML()
        self.body_error.add_class("cl-body-sample-error")
        self.response_error.add_class("cl-response-sample-error")
        self.response_tree = w.VBox()
        self.response_tree.add_class("cl-field-tree")
        return w.VBox(
            [
                self.labelled(w.HTML(), "body.sample"),
                self.body_sample,
                self.body_parse,
                self.body_error,
                self.labelled(w.HTML(), "response"),
                self.response_sample,
                self.response_parse,
                self.response_error,
                self.response_tree,
            ]
        )

    def __repr__(self) -> str:
        return f"<ActionForm: {self.fields['id'].value!r}>"

    def _translatable_children(self):
        return (*self.tables.values(), self.pagination)

    def _body_style_options(self) -> list[tuple[str, str]]:
        return [
            (label(f"action.body_style.{style}", self.language), style) for style in BODY_STYLES
        ]

    def set_language(self, language: str) -> None:
        super().set_language(language)
        style = self.fields["body_style"].control
        current = style.value
        with self.loading():
            style.options = self._body_style_options()
            style.value = current

    @property
    def runner(self) -> Callable[[Action], Result] | None:
        return self._runner

    @runner.setter
    def runner(self, runner: Callable[[Action], Result] | None) -> None:
        self._runner = runner
        self.pagination.runner = self._test_run if runner is not None else None

    def _test_run(self) -> Result:
        """One run of the action as the form holds it (applied or not), without its
        pagination: detection reads the first page."""
        return self._runner(Action(**{**self.raw(), "pagination": None}))

    def show_key_error(self, message: str | None) -> None:
        """A message at the id field ("already exists"), or none."""
        self.fields["id"].show_error(message)

    def _path_changed(self) -> None:
        self.tables["path"].sync_placeholders(placeholders(self.fields["path"].value))

    def _wire_samples(self) -> None:
        parse = self.guard(self._parse)  # anything but a sample's own problem: the status line
        self.body_parse.on_click(lambda _: parse("body", self._parse_body))
        self.response_parse.on_click(lambda _: parse("response", self._parse_response))
        self.watch(self.body_sample, lambda: self._sample_edited("body"))
        self.watch(self.response_sample, lambda: self._sample_edited("response"))

    def _sample_error(self, which: str) -> w.HTML:
        return self.body_error if which == "body" else self.response_error

    def _parse(self, which: str, parse: Callable[[], None]) -> None:
        """Parse a sample; a failure ("not valid JSON") is shown under that sample, named."""
        try:
            parse()
        except SpecError as error:
            problem = "; ".join(message for _, message in error.problems)
            text = label(f"{which}.sample_error", self.language).format(problem=problem)
            self._sample_error(which).value = error_html(text)
            return
        self._sample_error(which).value = ""

    def _sample_edited(self, which: str) -> None:
        """A sample edited (or cleared): what its last Parse said is about text that is gone."""
        self._sample_error(which).value = ""

    def _parse_body(self, _button=None) -> None:
        params = body_params(_parse_json(self.body_sample.value))
        self.tables["body"].set_rows(params)
        if self.fields["method"].value in BODYLESS_METHODS:
            self.fields["method"].value = "POST"
        self.show_status("")

    def _parse_response(self, _button=None) -> None:
        self.expected_response = _parse_json(self.response_sample.value)
        self._show_fields(response_fields(self.expected_response))
        self.show_status("")

    def _annotated_fields(self) -> list[ResponseField]:
        """The rows, or [] when they say no more than the sample does (the default)."""
        fields = [row.to_spec() for row in self.response_tree.children]
        if self.expected_response is None or fields == response_fields(self.expected_response):
            return []
        return fields

    def _show_fields(self, fields: list[ResponseField]) -> None:
        self.response_tree.children = [ResponseFieldRow(f, self.language) for f in fields]

    def _validate_field(self, name: str) -> None:
        try:
            self.to_spec(show=False)
            self.fields[name].show_error(None)
        except SpecError as error:
            self.fields[name].show_error(problems_by_field(error, self.language).get(name))

    def raw(self) -> dict[str, Any]:
        values = {name: field.value for name, field in self.fields.items()}
        values["params"] = [row for table in self.tables.values() for row in table.raw()]
        values["expected_response"] = self.expected_response
        values["response_fields"] = self._annotated_fields()
        values["pagination"] = self.pagination.raw()
        return values

    def to_spec(self, *, show: bool = True) -> Action:
        try:
            action = Action(**self.raw())
        except SpecError as error:
            if show:
                problems = problems_by_field(error, self.language)
                for name, field in self.fields.items():
                    field.show_error(problems.get(name))
                self.pagination.show_errors(nested_problems(error, "pagination", self.language))
                self.show_exception(error)
            raise
        if show:
            for field in self.fields.values():
                field.show_error(None)
            self.pagination.show_errors({})
            self.show_status("")
        return action

    def from_spec(self, action: Action) -> None:
        with self.loading():
            for name, field in self.fields.items():
                field.value = getattr(action, name)
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
            self.pagination.from_spec(action.pagination)
        self.show_status("")


class ActionList(ItemList):
    """A connector's actions: listed, added, edited (Apply), removed."""

    title_key, new_key, css = "actions", "new_action", "action"

    def __init__(
        self,
        items: list[Action] = (),
        *,
        language: str = "en",
        runner: Callable[[Action], Result] | None = None,
    ):
        # read by make_form, which the shell calls while it is built
        self._runner = runner
        super().__init__(items, language=language)

    def key(self, item: Action) -> str:
        return item.id

    def option(self, item: Action) -> str:
        return f"{item.id} — {item.name}"

    def make_form(self) -> ActionForm:
        return ActionForm(language=self.language, runner=self._runner)

    def blank(self) -> Action:
        # Named in the form's language: the name is the learner's to keep or change.
        return Action(id="new_action", name=label("new_action", self.language))

    @property
    def actions(self) -> list[Action]:
        return self.items

    def set_actions(self, actions: list[Action]) -> None:
        self.set_items(actions)

    def __repr__(self) -> str:
        return f"<ActionList: {[a.id for a in self.items]}>"
