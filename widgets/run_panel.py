"""Step 4 (测试连接器), the run panel: pick an action and an account, fill a parameter form
generated from the action, Run, and see status, time, headers, the JSON body, a table preview,
the expected-response check, the request as sent (masked) and cURL. Every error lands here."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
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
from .all_pages import AllPagesSection
from .common import LABEL_WIDTH
from .controls import control
from .form_base import FormBase
from .i18n import label
from .messages import render_error
from .save_table import SaveTableSection
from .table_view import TableView


class RunPanel(w.VBox, FormBase):
    """Runs one action with one account. ``source()`` gives the current connector and
    accounts (the factory passes its forms'); ``result`` and ``frame`` hold the last run.
    ``client_options()`` gives more arguments of each :class:`Client` (the factory's: its
    workspace's run history). "All pages" (:attr:`all_pages`) harvests every page.
    ``exports_dir()`` gives the folder "Save table" (:attr:`save_table`) writes the table in
    (the factory's: ``<workspace>/exports``); :attr:`last_saved` is the file it wrote last."""

    def __init__(
        self,
        source: Callable[[], tuple[Connector, list[AuthAccount]]],
        *,
        language: str = "en",
        client_options: Callable[[], dict[str, Any]] | None = None,
        exports_dir: Callable[[], Path | None] | None = None,
    ):
        self.error = self._init_form(language)
        self.error.add_class("cl-test-error")
        self.source = source
        self.client_options = client_options or dict
        self.result: Result | None = None
        self.frame: pd.DataFrame | None = None
        self._frame_action: str | None = None  # the action whose table is shown
        # The connector as of the last refresh: the parameter form and the preview read it,
        # so typing does not re-validate the whole definition; Run reads the source afresh.
        self._connector: Connector | None = None
        self._make_inputs()
        self._make_views()
        self._set_titles()
        self.watch(self.action, self._build_params)
        for context_input in (self.user_id, self.org_id):
            self.watch(context_input, self._preview)
        self.run_button.on_click(lambda _: self.run())
        self._make_sections(exports_dir or (lambda: None))
        self._make_context_rows()

        super().__init__(
            [
                self._row("run.action", self.action),
                self._row("run.account", w.HBox([self.account, self.new_account])),
                self.context_rows["user_id"],
                self.context_rows["org_id"],
                self.params_box,
                self.preview,
                self.run_button,
                self.all_pages,
                self.error,
                self.status,
                self.table,
                self.save_table,
                self.details,
            ]
        )
        self.add_class("cl-test-panel")

    def _make_inputs(self) -> None:
        """What the user sets: the action, the account, the run context, the parameters."""
        # the choices come from the source at each refresh
        self.action = control(str, choices=(), width="300px").widget
        self.action.add_class("cl-test-action")
        self.account = control(str, choices=(), width="300px").widget
        self.account.add_class("cl-test-account")
        # "New account": shown once someone offers to make one (the factory: step 3)
        self.new_account = self.labelled(w.Button(icon="plus"), "new_account", "description")
        self.new_account.add_class("cl-run-new-account")
        self.new_account.layout.display = "none"
        self.user_id = control(str, width="200px").widget
        self.org_id = control(str, width="200px").widget
        self.params_box = w.VBox()
        self.preview = w.HTML()
        self.preview.add_class("cl-preview-request")
        self.param_inputs: dict[str, w.Widget] = {}
        self._params_of: tuple[str, dict[str, str]] | None = None  # action id, param types
        self._form_shown: tuple | None = None  # action id, its parameters, the language
        self.run_button = self.labelled(
            w.Button(button_style="success", icon="play"), "run.run", "description"
        )
        self.run_button.add_class("cl-run")

    def _make_sections(self, exports_dir: Callable[[], Path | None]) -> None:
        """ "All pages" (above the table) and "Save table" (below it)."""
        self.all_pages = AllPagesSection(
            self._start_harvest, self._show_frame, self.show_status, language=self.language
        )
        self.save_table = SaveTableSection(lambda: self.frame, exports_dir, language=self.language)

    def _row(self, key: str, control: w.Widget) -> w.HBox:
        return w.HBox([self.labelled(w.Label(layout=w.Layout(width=LABEL_WIDTH)), key), control])

    def _make_context_rows(self) -> None:
        """Login user id and organization id, each on a row shown only while a parameter of
        the chosen action reads it (see :meth:`_show_context_rows`)."""
        self.context_rows = {
            "user_id": self._row("run.user_id", self.user_id),
            "org_id": self._row("run.org_id", self.org_id),
        }
        self._show_context_rows(None)

    def _make_views(self) -> None:
        """What a run shows: status, table, body, check, the request as sent, cURL, headers."""
        self.status = w.HTML()
        self.status.add_class("cl-test-status")
        self.table = TableView()
        self.body = w.HTML(layout=w.Layout(max_height="480px", overflow="auto"))
        self.check = w.HTML()
        self.check.add_class("cl-check")
        self.request = w.HTML()
        self.request.add_class("cl-request")
        self.curl = control(str, width="100%", height="70px").widget
        self.curl.add_class("cl-curl")
        self.headers = w.HTML()
        self.details = w.Accordion(
            children=[
                self.body,
                self.check,
                w.VBox([self.request, self.labelled(w.HTML(), "run.curl"), self.curl]),
                self.headers,
            ]
        )

    def offer_new_account(self, callback: Callable[[], None]) -> None:
        """Show the "New account" button beside the account choice; it calls ``callback()``."""
        self.new_account.on_click(self.guard(lambda _: callback()))
        self.new_account.layout.display = None

    def __repr__(self) -> str:
        return f"<RunPanel: action={self.action.value!r}, account={self.account.value!r}>"

    def _set_titles(self) -> None:
        keys = ("run.body", "run.check", "run.request", "run.headers")
        self.details.titles = tuple(label(key, self.language) for key in keys)

    def _translatable_children(self):
        return (self.all_pages, self.save_table)

    @property
    def last_saved(self) -> Path | None:
        """The file "Save table" wrote last (None before a save)."""
        return self.save_table.last_saved

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self._set_titles()
        self._build_params()
        if self.frame is not None:  # the caption of the table shown, in the new language
            self._show_frame(self.frame)

    # -- choices -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the actions and accounts (after they were edited)."""
        try:
            connector, accounts = self.source()
        except SpecError as exc:  # the connector is not complete yet: say what is missing
            self._connector = None
            self.show_note(render_error(exc, self.language))
            return
        self._connector = connector
        self.show_status("")
        keep_action, keep_account = self.action.value, self.account.value
        action_ids = [a.id for a in connector.actions]
        names = [a.name for a in accounts]
        with self.loading():  # one parameter form for the refresh, built below
            self.action.options = [(f"{a.id} — {a.name}", a.id) for a in connector.actions]
            # Keep the choice when it still exists, else offer the first one.
            self.action.value = (
                keep_action
                if keep_action in action_ids
                else (action_ids[0] if action_ids else None)
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
        form = (action.id, tuple(action.params), self.language) if action else None
        if form is not None and form == self._form_shown:
            # The same form (a refresh when the Test tab opens, a save): keep the inputs the
            # user may be typing in — a rebuilt input drops keystrokes made while it is swapped.
            self._preview()
            return
        self._form_shown = form
        typed = self._typed_values(action)
        self._params_of = (action.id, {p.name: p.type for p in action.params}) if action else None
        self.param_inputs = {}
        rows = []
        for param in action.params if action else []:
            if not param.is_user_input:
                continue
            value = control(param.type, typed.get(param.name, param.default)).widget
            value.add_class(f"cl-param-input-{param.name.replace('.', '-')}")
            mark = " *" if param.required or param.location == "path" else ""
            kind = label(f"type.{param.type}", self.language)
            if getattr(value, "placeholder", None) == param.type:
                value.placeholder = kind  # the type is the hint of an empty box
            title = w.Label(f"{param.name} ({kind}){mark}", layout=w.Layout(width=LABEL_WIDTH))
            if param.description:
                title.tooltip = param.description
            self.param_inputs[param.name] = value
            self.watch(value, self._preview)
            rows.append(w.HBox([title, value]))
        self.params_box.children = rows
        self._show_context_rows(action)
        self._preview()

    def _show_context_rows(self, action: Action | None) -> None:
        """Login user id and organization id: shown when a parameter of ``action`` uses them."""
        used = {p.system_field for p in (action.params if action else []) if p.source == "system"}
        for field, box in self.context_rows.items():
            box.layout.display = None if field in used else "none"

    def _typed_values(self, action: Action | None) -> dict[str, Any]:
        """The values typed for ``action``'s parameters when its form is built again (a save
        refreshes the panel, a language switch relabels it): they stay, so the form keeps
        showing the request its result came from. Another action, or a parameter whose type
        changed, starts from the default."""
        if action is None or self._params_of is None or self._params_of[0] != action.id:
            return {}
        types = self._params_of[1]
        return {
            name: widget.value
            for name, widget in self.param_inputs.items()
            if types.get(name) == next((p.type for p in action.params if p.name == name), None)
        }

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
            self.preview.value = (
                f"<div style='color:#8a6d00'>{html.escape(render_error(exc, self.language))}</div>"
            )
            return
        self.preview.value = f"<code>{html.escape(plan.method)} {html.escape(plan.full_url)}</code>"

    def values(self) -> dict[str, Any]:
        """What the user typed; empty fields are left to the action's defaults."""
        out = {}
        for name, param_input in self.param_inputs.items():
            value = param_input.value
            if value not in ("", None):
                out[name] = value
        return out

    # -- running -------------------------------------------------------------------------------
    def _clear(self) -> None:
        for widget in (
            self.status,
            self.error,
            self.body,
            self.check,
            self.request,
            self.headers,
        ):
            widget.value = ""
        self.curl.value = ""
        self.table.clear()
        self.save_table.table_cleared()

    def run(self) -> Result | None:
        """Run the chosen action; everything that happens is shown in the panel."""
        self.run_button.disabled = True
        self.run_button.description = label("run.running", self.language)
        self._clear()
        self.result, self.frame = None, None
        try:
            connector, account = self._connector_and_account()
            if self.action.value is None:
                raise ValueError("choose an action (step 2)")
            with self._client(connector, account) as client:
                self.result = client.run(self.action.value, self.values())
            self._show(self.result)
        except Exception as exc:  # broad on purpose: the panel is where errors are read
            self.show_exception(exc)
        finally:
            self.run_button.disabled = False
            self.run_button.description = label("run.run", self.language)
        self.tell_listeners()  # a new run: the factory re-checks what its banner says
        return self.result

    def _connector_and_account(self) -> tuple[Connector, AuthAccount]:
        """The connector as the steps define it now, and the chosen account."""
        connector, accounts = self.source()
        account = next((a for a in accounts if a.name == self.account.value), None)
        if account is None:
            raise ValueError(
                "choose an auth account (step 3) — every test needs one, "
                "even with no authentication"
            )
        return connector, account

    def _client(self, connector: Connector, account: AuthAccount) -> Client:
        return Client(connector, account, context=self._context(), **self.client_options())

    def client(self) -> Client:
        """A client of the connector as the steps define it now, with the chosen account and
        run context (the batch tab runs through it); close it when done."""
        return self._client(*self._connector_and_account())

    def _start_harvest(self) -> tuple[Client, str, dict[str, Any]]:
        """What "All pages" runs: a fresh client, the chosen action, the typed values."""
        self._clear()
        self.show_status("")
        self.result, self.frame = None, None
        if self.action.value is None:
            raise ValueError("choose an action (step 2)")
        self._frame_action = self.action.value
        return self.client(), self.action.value, self.values()

    def _show_frame(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.table.show(frame, *self._table_labels())
        self.save_table.table_shown(self._frame_action)

    def _table_labels(self) -> tuple[str, str]:
        return label("run.rows", self.language), label("run.columns", self.language)

    def try_action(self, action: Action) -> Result:
        """Run ``action`` once — as the action form holds it, applied or not — with the
        chosen account and run context, and return the Result without showing it (the action
        form's "detect from a test run"). The values typed here are used when this panel shows
        the same action; otherwise the action's defaults."""
        connector, account = self._connector_and_account()
        known = {param.name for param in action.params}
        values = self.values() if self.action.value == action.id else {}
        with self._client(connector, account) as client:
            return client.run(action, {k: v for k, v in values.items() if k in known})

    def _show(self, result: Result) -> None:
        budget = render.Budget()  # one budget for every view of this result
        self.status.value = render.status_html(result)
        self.request.value = render.request_html(result.request, budget)
        self.curl.value = render.curl_text(result, budget)
        self.headers.value = render.headers_html(result, budget)
        try:
            self._frame_action = result.action.id if result.action is not None else None
            self._show_frame(result.to_frame())
            budget.left -= self.table.data_size
        except ConnectorLabError as exc:  # a body that is no table is still a result
            self.table.message(f"<i>{html.escape(render_error(exc, self.language))}</i>")
        self.body.value = render.body_html(result, budget)
        if result.action is not None and result.action.expected_response is not None:
            report = result.check()
            colour = "#1b7f3b" if report.ok else "#b3261e"
            self.check.value = f"<pre style='color:{colour}'>{html.escape(report.summary())}</pre>"
        else:
            self.check.value = "<i>no expected response for this action</i>"
