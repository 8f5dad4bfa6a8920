"""The connector factory: the four steps (connector → actions → auth accounts → the run
panel's test) as tabs, then a batch run over a table and the run history, with Save / Load
to a workspace and the results handed to code. Runs made here are recorded in the
workspace's run history (when there is a workspace)."""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from connector_lab import (
    AuthAccount,
    Connector,
    NetworkPolicy,
    SpecError,
    StoreError,
    Workspace,
)
from connector_lab.store.workspace import check_id, slugify

from .account_form import AccountList
from .action_form import ActionList
from .batch_tab import BatchTab
from .connector_form import ConnectorForm
from .controls import control
from .export_panel import ExportPanel
from .form_base import FormBase
from .history_tab import HistoryTab
from .i18n import LANGUAGES, label
from .import_panel import ImportPanel
from .run_panel import RunPanel


class ConnectorFactory(w.VBox, FormBase):
    """All four steps in one widget, and the Batch and History tabs.

    >>> factory = ConnectorFactory(workspace=Workspace.default())   # doctest: +SKIP
    >>> factory                                                 # shows the tabs
    >>> factory.connector, factory.result, factory.frame        # hand the work to code

    ``inputs`` (``{name: DataFrame}``) are offered in the Batch tab beside the kernel's own
    DataFrames. With a workspace, every run made here is recorded in its run history (the
    History tab) under the connector id of the toolbar. ``network`` is the
    :class:`NetworkPolicy` of every client the factory makes (the web app passes
    ``NetworkPolicy("public_only")`` when it is served beyond localhost).
    """

    STEPS = (
        "step.connector",
        "step.actions",
        "step.accounts",
        "step.run",
        "step.batch",
        "step.history",
    )

    def __init__(
        self,
        connector: Connector | None = None,
        accounts: list[AuthAccount] = (),
        *,
        workspace: Workspace | str | os.PathLike | None = None,
        language: str = "en",
        css_class: str | None = None,
        inputs: Mapping[str, pd.DataFrame] | None = None,
        network: NetworkPolicy | None = None,
    ):
        # The id this factory last saved or loaded: Save writes over it without asking.
        self._saved_as: str | None = None
        self._pending_save: str | None = None
        if network is not None and not isinstance(network, NetworkPolicy):
            raise TypeError(f"network: give a NetworkPolicy, not {type(network).__name__}")
        self.network = network
        self.status = self._init_form(language)
        self.workspace = (
            workspace if isinstance(workspace, Workspace | None) else Workspace(workspace)
        )
        self._make_steps(connector, accounts, inputs)
        toolbar = self._make_toolbar()
        self.confirm = self._make_confirm()
        self.connector_form.on_change(self._scheme_maybe_changed)
        self.action_list.on_change(self.run_panel.refresh)
        self.account_list.on_change(self.run_panel.refresh)
        self.run_panel.offer_new_account(self.new_account)
        self.tabs.observe(self._tab_changed, names="selected_index")
        for part in (self.connector_form, self.action_list, self.account_list, self.run_panel):
            part.on_change(self._recheck_banner)
        self.save_confirm = self._make_save_confirm()
        super().__init__([w.HBox(toolbar), self.confirm, self.save_confirm, self.status, self.tabs])
        self.add_class("cl-factory")
        if css_class:
            self.add_class(css_class)
        self._set_titles()
        self.run_panel.refresh()
        self._mark_clean()

    def _make_steps(
        self,
        connector: Connector | None,
        accounts: list[AuthAccount],
        inputs: Mapping[str, pd.DataFrame] | None,
    ) -> None:
        """The tabs: the four steps, the batch tab and the history tab."""
        language = self.language
        self.connector_form = ConnectorForm(connector, language=language)
        # The run panel reads the other steps only when asked, so it can come first: the
        # action form's "detect from a test run" runs through it.
        self.run_panel = RunPanel(
            self._source,
            language=language,
            client_options=self._client_options,
            exports_dir=self._exports_dir,
        )
        self.action_list = ActionList(
            connector.actions if connector else [],
            language=language,
            runner=self.run_panel.try_action,
        )
        self.account_list = AccountList(self.connector_form.scheme, accounts, language=language)
        self.batch_tab = BatchTab(
            lambda: self.connector.actions, self.run_panel.client, inputs=inputs, language=language
        )
        self.history_tab = HistoryTab(self.workspace, language=language)
        self.tabs = w.Tab(
            children=[
                w.VBox([self._make_interchange(), self.connector_form]),
                self.action_list,
                self.account_list,
                self.run_panel,
                self.batch_tab,
                self.history_tab,
            ]
        )

    def _make_interchange(self) -> w.Accordion:
        """Step 1's collapsed Import / Export sections (issue 12)."""
        self.import_panel = ImportPanel(self.load_import, language=self.language)
        self.export_panel = ExportPanel(lambda: self.connector, language=self.language)
        self.interchange = w.Accordion(
            children=[self.import_panel, self.export_panel], selected_index=None
        )
        self.interchange.add_class("cl-interchange")
        return self.interchange

    def _make_toolbar(self) -> list[w.Widget]:
        """The language picker and, with a workspace, the connector id, Save and Load."""
        self.language_picker = w.ToggleButtons(
            options=[("English", "en"), ("中文", "zh")], value=self.language
        )
        self.language_picker.add_class("cl-language")
        self.connector_id = control(str, placeholder="connector id", width="200px").widget
        self.labelled(self.connector_id, "connector id", "placeholder")
        self.connector_id.add_class("cl-connector-id")
        self.save_button = self.labelled(w.Button(icon="save"), "save", "description")
        self.load_button = self.labelled(w.Button(icon="folder-open"), "load", "description")
        self.save_button.add_class("cl-save")
        self.load_button.add_class("cl-load")
        self.save_button.on_click(self.guard(lambda _: self.ask_save()))
        self.load_picker = control(str, choices=(), width="200px").widget
        self.load_picker.add_class("cl-load-picker")
        self.labelled(self.load_picker, "load.pick", "tooltip")
        self.load_button.on_click(self.guard(lambda _: self.ask_load()))
        self.watch(self.language_picker, lambda: self.set_language(self.language_picker.value))
        toolbar = [self.language_picker]
        if self.workspace is not None:
            self._refresh_saved()
            toolbar += [self.connector_id, self.save_button, self.load_picker, self.load_button]
        return toolbar

    def _make_confirm(self) -> w.HBox:
        """The "Discard changes and load?" step, hidden until Load finds unsaved edits."""
        self.confirm_yes = self.labelled(w.Button(button_style="danger"), "yes", "description")
        self.confirm_no = self.labelled(w.Button(), "no", "description")
        self.confirm_yes.add_class("cl-load-yes")
        self.confirm_no.add_class("cl-load-no")
        self.confirm_yes.on_click(self.guard(lambda _: self._confirmed()))
        self.confirm_no.on_click(lambda _: self._hide_confirm())
        box = w.HBox(
            [self.labelled(w.HTML(), "load.confirm"), self.confirm_yes, self.confirm_no],
            layout=w.Layout(display="none"),
        )
        box.add_class("cl-load-confirm")
        return box

    def _make_save_confirm(self) -> w.HBox:
        """The "replace the saved connector?" step, shown when Save would write over another
        connector saved under the same id (not the one this factory loaded or saved)."""
        replace = self.labelled(w.Button(button_style="danger"), "replace", "description")
        cancel = self.labelled(w.Button(), "no", "description")
        replace.add_class("cl-save-replace")
        cancel.add_class("cl-save-cancel")
        replace.on_click(self.guard(lambda _: self._replace_confirmed()))
        cancel.on_click(lambda _: self._hide_confirm())
        self.save_confirm_text = w.HTML()
        box = w.HBox([self.save_confirm_text, replace, cancel], layout=w.Layout(display="none"))
        box.add_class("cl-save-confirm")
        return box

    def ask_save(self) -> str | None:
        """Save — after a Replace when another connector is saved under the same id."""
        if self.workspace is None:
            return self.save()  # says there is no workspace
        target = check_id(self.connector_id.value or slugify(self.connector.display_name))
        if target in self.workspace.ids() and target != self._saved_as:
            self._pending_save = target
            text = label("save.confirm", self.language).format(id=html.escape(target))
            self.save_confirm_text.value = f"<span class='cl-error'>{text}</span>"
            self.save_confirm.layout.display = None
            return None
        return self.save()

    def _replace_confirmed(self) -> None:
        self._hide_confirm()
        self.connector_id.value = self._pending_save or self.connector_id.value
        self.save()

    def _refresh_saved(self) -> None:
        """The Load list: the connectors saved in the workspace."""
        ids = self.workspace.ids() if self.workspace is not None else []
        current = self.load_picker.value
        self.load_picker.options = ids
        self.load_picker.value = current if current in ids else (ids[0] if ids else None)

    def _fingerprint(self) -> tuple:
        """What Save would store, comparable with ``==``."""
        try:
            connector: Any = self.connector_form.raw()
        except Exception as exc:  # broad on purpose: a half-typed value is still an edit
            connector = ("unreadable", str(exc))
        return (
            connector,
            list(self.action_list.items),
            list(self.account_list.items),
        )

    def _mark_clean(self) -> None:
        self._clean = self._fingerprint()

    @property
    def has_unsaved_changes(self) -> bool:
        """Whether Load would discard anything: a change since the last Save or Load (or
        since the factory was made), or a form's edit not yet applied."""
        return (
            self._fingerprint() != self._clean
            or self.action_list.form_edited
            or self.account_list.form_edited
        )

    def ask_load(self) -> Connector | None:
        """Load the connector chosen in the list — after a Yes when there are unsaved edits."""
        if not self.load_picker.value:
            raise StoreError(
                "nothing saved in this workspace yet: Save a connector first",
                error_code="store.empty",
            )
        if self.has_unsaved_changes:
            self.confirm.layout.display = None
            return None
        return self.load(self.load_picker.value)

    def _confirmed(self) -> None:
        self._hide_confirm()
        self.load(self.load_picker.value)

    def _hide_confirm(self) -> None:
        self.confirm.layout.display = "none"
        self.save_confirm.layout.display = "none"

    def __repr__(self) -> str:
        # Short on purpose: the default widget repr lists every child's state (megabytes in
        # a saved notebook, and a password field's value among them).
        return (
            f"<ConnectorFactory: {len(self.action_list.actions)} actions, "
            f"{len(self.account_list.accounts)} accounts, language={self.language!r}>"
        )

    # -- wiring --------------------------------------------------------------------------------
    def _translatable_children(self):
        return (
            self.connector_form,
            self.import_panel,
            self.export_panel,
            self.action_list,
            self.account_list,
            self.run_panel,
            self.batch_tab,
            self.history_tab,
        )

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language {language!r}: use one of {LANGUAGES}")
        super().set_language(language)
        if self.language_picker.value != language:
            self.language_picker.value = language
        self._set_titles()

    def _set_titles(self) -> None:
        self.tabs.titles = tuple(label(step, self.language) for step in self.STEPS)
        self.interchange.titles = (
            label("import.title", self.language),
            label("export.title", self.language),
        )

    def _scheme_maybe_changed(self) -> None:
        scheme = self.connector_form.scheme
        if scheme != self.account_list.scheme:
            self.account_list.set_scheme(scheme)

    def new_account(self) -> None:
        """Step 3 with a blank account of a free name (the run panel's "New account")."""
        self.account_list.start_new()
        self.tabs.selected_index = self.STEPS.index("step.accounts")

    def _tab_changed(self, change) -> None:
        refresh = {3: self.run_panel, 4: self.batch_tab, 5: self.history_tab}.get(change["new"])
        if refresh is not None:
            self.guard(refresh.refresh)()

    def _client_options(self) -> dict[str, Any]:
        """Every client of the factory records into the workspace's run history, under the
        connector id typed in the toolbar (else the connector's display name), and connects
        as the factory's network policy allows."""
        options: dict[str, Any] = {} if self.network is None else {"network": self.network}
        if self.workspace is None:
            return options
        return {
            **options,
            "history": self.workspace.run_history,
            "connector_id": self.connector_id.value or None,
        }

    def _exports_dir(self) -> Path | None:
        """Where the run panel's "Save table" writes: the workspace's exports folder."""
        return None if self.workspace is None else self.workspace.root / "exports"

    def _recheck_banner(self) -> None:
        """An error on the banner (a Save that failed, say) is re-checked after each edit
        and each run: it goes once the definition is valid, or says what is still wrong."""
        if "cl-error" not in self.status.value:
            return
        try:
            self.connector_form.to_spec(self.action_list.actions, show=False)
        except SpecError as exc:
            self.show_exception(exc)
            return
        self.show_status("")

    def _source(self) -> tuple[Connector, list[AuthAccount]]:
        """What the run panel reads: no check of it marks fields nobody has typed in yet."""
        connector = self.connector_form.to_spec(self.action_list.actions, show=False)
        return connector, list(self.account_list.accounts)

    # -- to code -------------------------------------------------------------------------------
    @property
    def connector(self) -> Connector:
        """The connector as defined in steps 1 and 2 (raises SpecError if incomplete)."""
        return self.connector_form.to_spec(self.action_list.actions)

    @property
    def accounts(self) -> list[AuthAccount]:
        return list(self.account_list.accounts)

    @property
    def result(self):
        """The last test run's Result (None before a run)."""
        return self.run_panel.result

    @property
    def frame(self):
        """The last test run's DataFrame (None before a run or for a non-tabular body)."""
        return self.run_panel.frame

    def load_import(self, report) -> Connector:
        """Load an :class:`ImportReport` into the forms: the connector into step 1, its
        actions into step 2, the recognised accounts into step 3 — nothing is saved (Save
        does that). The toolbar's connector id is cleared: this is a new connector."""
        connector = report.connector
        self.connector_form.from_spec(connector)
        self.action_list.set_actions(connector.actions)
        self.account_list.set_items(report.accounts)
        self.connector_id.value = ""
        self._saved_as = None  # a new connector: Save asks before writing over a saved one
        self._say("cl-loaded", "imported", count=len(connector.actions))
        self.run_panel.refresh()
        return connector

    # -- workspace ------------------------------------------------------------------------------
    def _say(self, css: str, key: str, **params: Any) -> None:
        """A note of success on the banner, in the factory's language (no error stays)."""
        self.show_status("")
        text = label(key, self.language).format(
            **{k: html.escape(str(v)) for k, v in params.items()}
        )
        self.status.value = f"<span class='{css}'>{text}</span>"

    def save(self) -> str:
        if self.workspace is None:
            raise StoreError(
                "this factory has no workspace to save to; pass "
                "workspace=Workspace.default() or workspace='a folder'",
                error_code="store.no_workspace",
            )
        connector_id = self.workspace.save(self.connector, self.connector_id.value or None)
        for account in self.account_list.accounts:
            self.workspace.save_account(connector_id, account)
        self.connector_id.value = connector_id
        self._saved_as = connector_id
        self._hide_confirm()
        self._refresh_saved()
        self.load_picker.value = connector_id
        self._mark_clean()
        self._say("cl-saved", "saved_as", id=connector_id)
        return connector_id

    def load(self, connector_id: str) -> Connector:
        if self.workspace is None:
            raise StoreError(
                "this factory has no workspace to save to; pass "
                "workspace=Workspace.default() or workspace='a folder'",
                error_code="store.no_workspace",
            )
        connector = self.workspace.load(connector_id)
        self.connector_form.from_spec(connector)
        self.action_list.set_actions(connector.actions)
        self.account_list.set_items(self.workspace.accounts(connector_id))
        self.connector_id.value = connector_id
        self._saved_as = connector_id
        self._hide_confirm()
        self._mark_clean()
        self._say("cl-loaded", "loaded", id=connector_id)
        return connector
