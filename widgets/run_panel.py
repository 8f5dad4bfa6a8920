"""Step 4 (测试连接器): pick an action and an account, fill a parameter form generated from
the action, Run, and see status, time, headers, the JSON body, a table preview, the
expected-response check, the request as sent (masked) and cURL. Every error lands here."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from connector_lab import (
    Action,
    AuthAccount,
    Client,
    Connector,
    ConnectorLabError,
    Result,
    RunContext,
    SpecError,
    build_request,
)

from . import render
from .common import LABEL_WIDTH, Translatable, error_html
from .i18n import label


class RunPanel(w.VBox, Translatable):
    """Runs one action with one account. ``source()`` gives the current connector and
    accounts (the factory passes its forms'); ``result`` and ``frame`` hold the last run."""

    __test__ = False  # not a pytest test class, whatever its name

    def __init__(
        self,
        source: Callable[[], tuple[Connector, list[AuthAccount]]],
        *,
        language: str = "en",
    ):
        self._init_labels(language)
        self.source = source
        self.result: Result | None = None
        self.frame: pd.DataFrame | None = None
        # The connector as of the last refresh: the parameter form and the preview read it,
        # so typing does not re-validate the whole definition; Run reads the source afresh.
        self._connector: Connector | None = None
        self.action = w.Dropdown(layout=w.Layout(width="300px"))
        self.action.add_class("cl-test-action")
        self.account = w.Dropdown(layout=w.Layout(width="300px"))
        self.account.add_class("cl-test-account")
        self.user_id = w.Text(layout=w.Layout(width="200px"))
        self.org_id = w.Text(layout=w.Layout(width="200px"))
        self.params_box = w.VBox()
        self.preview = w.HTML()
        self.preview.add_class("cl-preview-request")
        self.param_inputs: dict[str, w.Widget] = {}
        self.run_button = self.labelled(
            w.Button(button_style="success", icon="play"), "test.run", "description"
        )
        self.run_button.add_class("cl-run")
        self.status = w.HTML()
        self.status.add_class("cl-test-status")
        self.error = w.HTML()
        self.error.add_class("cl-test-error")
        self.table = w.HTML()
        self.table.add_class("cl-table")
        self.body = w.HTML()
        self.check = w.HTML()
        self.check.add_class("cl-check")
        self.request = w.HTML()
        self.request.add_class("cl-request")
        self.curl = w.Textarea(layout=w.Layout(width="100%", height="70px"))
        self.curl.add_class("cl-curl")
        self.headers = w.HTML()
        self.details = w.Accordion(
            children=[
                self.body,
                self.check,
                w.VBox([self.request, self.labelled(w.HTML(), "test.curl"), self.curl]),
                self.headers,
            ]
        )
        self._set_titles()
        self.action.observe(lambda _: self._build_params(), names="value")
        for context_input in (self.user_id, self.org_id):
            context_input.observe(lambda _: self._preview(), names="value")
        self.run_button.on_click(lambda _: self.run())

        def row(key, control):
            return w.HBox(
                [self.labelled(w.Label(layout=w.Layout(width=LABEL_WIDTH)), key), control]
            )

        super().__init__(
            [
                row("test.action", self.action),
                row("test.account", self.account),
                row("test.user_id", self.user_id),
                row("test.org_id", self.org_id),
                self.params_box,
                self.run_button,
                self.error,
                self.status,
                self.table,
                self.details,
            ]
        )
        self.add_class("cl-test-panel")

    def __repr__(self) -> str:
        return f"<RunPanel: action={self.action.value!r}, account={self.account.value!r}>"

    def _set_titles(self) -> None:
        keys = ("test.body", "test.check", "test.request", "test.headers")
        self.details.titles = tuple(label(key, self.language) for key in keys)

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self._set_titles()
        self._build_params()

    # -- choices -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the actions and accounts (after they were edited)."""
        try:
            connector, accounts = self.source()
        except SpecError as exc:  # the connector is not complete yet: say what is missing
            self._connector = None
            self.error.value = error_html(str(exc))
            return
        self._connector = connector
        self.error.value = ""
        keep_action, keep_account = self.action.value, self.account.value
        action_ids = [a.id for a in connector.actions]
        names = [a.name for a in accounts]
        self.action.options = [(f"{a.id} — {a.name}", a.id) for a in connector.actions]
        # Keep the choice when it still exists, else offer the first one.
        self.action.value = (
            keep_action if keep_action in action_ids else (action_ids[0] if action_ids else None)
        )
        self.account.options = names
        self.account.value = (
            keep_account if keep_account in names else (names[0] if names else None)
        )
        self._build_params()

    def _current_action(self) -> Action | None:
        if self._connector is None:  # no valid connector yet: no action to build a form from
            return None
        return next((a for a in self._connector.actions if a.id == self.action.value), None)

    def _build_params(self) -> None:
        action = self._current_action()
        self.param_inputs = {}
        rows = []
        for param in action.params if action else []:
            if param.source != "user":
                continue
            control = self._input_for(param)
            control.add_class(f"cl-param-input-{param.name.replace('.', '-')}")
            mark = " *" if param.required or param.location == "path" else ""
            title = w.Label(
                f"{param.name} ({param.type}){mark}", layout=w.Layout(width=LABEL_WIDTH)
            )
            if param.description:
                title.tooltip = param.description
            self.param_inputs[param.name] = control
            control.observe(lambda _: self._preview(), names="value")
            rows.append(w.HBox([title, control]))
        self.params_box.children = rows
        self._preview()

    @staticmethod
    def _input_for(param) -> w.Widget:
        if param.type == "boolean":
            options = [("", None), ("true", True), ("false", False)]
            return w.Dropdown(options=options, value=param.default)
        default = "" if param.default is None else str(param.default)
        return w.Text(value=default, placeholder=param.type, layout=w.Layout(width="300px"))

    def _context(self) -> RunContext:
        return RunContext(user_id=self.user_id.value or None, org_id=self.org_id.value or None)

    def _preview(self) -> None:
        """The request the form would send (before authentication), or what is missing —
        the engine's pure build_request, so nothing is sent while the user types."""
        if self._connector is None or self.action.value is None:
            self.preview.value = ""
            return
        try:
            plan = build_request(
                self._connector, self.action.value, self.values(), context=self._context()
            )
        except SpecError as exc:
            self.preview.value = f"<div style='color:#8a6d00'>{html.escape(str(exc))}</div>"
            return
        self.preview.value = f"<code>{html.escape(plan.method)} {html.escape(plan.full_url)}</code>"

    def values(self) -> dict[str, Any]:
        """What the user typed; empty fields are left to the action's defaults."""
        out = {}
        for name, control in self.param_inputs.items():
            value = control.value
            if value not in ("", None):
                out[name] = value
        return out

    # -- running -------------------------------------------------------------------------------
    def _clear(self) -> None:
        for widget in (
            self.status,
            self.error,
            self.table,
            self.body,
            self.check,
            self.request,
            self.headers,
        ):
            widget.value = ""
        self.curl.value = ""

    def run(self) -> Result | None:
        """Run the chosen action; everything that happens is shown in the panel."""
        self.run_button.disabled = True
        self.run_button.description = label("test.running", self.language)
        self._clear()
        self.result, self.frame = None, None
        try:
            connector, accounts = self.source()
            account = next((a for a in accounts if a.name == self.account.value), None)
            if account is None:
                raise ValueError(
                    "choose an auth account (step 3) — every test needs one, "
                    "even with no authentication"
                )
            if self.action.value is None:
                raise ValueError("choose an action (step 2)")
            with Client(connector, account, context=self._context()) as client:
                self.result = client.run(self.action.value, self.values())
            self._show(self.result)
        except Exception as exc:  # broad on purpose: the panel is where errors are read
            self.error.value = error_html(f"{type(exc).__name__}: {exc}")
        finally:
            self.run_button.disabled = False
            self.run_button.description = label("test.run", self.language)
        return self.result

    def _show(self, result: Result) -> None:
        self.status.value = render.status_html(result)
        self.body.value = render.body_html(result)
        self.request.value = render.request_html(result.request)
        self.curl.value = result.curl()
        self.headers.value = render.headers_html(result)
        try:
            self.frame = result.to_frame()
            self.table.value = render.frame_html(self.frame, label("test.rows", self.language))
        except ConnectorLabError as exc:  # a body that is no table is still a result
            self.table.value = f"<i>{html.escape(str(exc))}</i>"
        if result.action is not None and result.action.expected_response is not None:
            report = result.check()
            colour = "#1b7f3b" if report.ok else "#b3261e"
            self.check.value = f"<pre style='color:{colour}'>{html.escape(report.summary())}</pre>"
        else:
            self.check.value = "<i>no expected response for this action</i>"
