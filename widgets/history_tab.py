"""The factory's History tab (运行日志, spec F-10): the workspace's run history as a table,
newest first, filtered by connector, action, status (ok / error) and kind (run, page, batch).

The journal and its filters are the engine's (``Workspace.history``); this tab only offers
the filters and shows the frame. A factory without a workspace has no history: it says so.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd

from connector_lab import Workspace

from . import render
from .controls import control
from .form_base import FormBase
from .i18n import label

STATUSES = ("ok", "error")
KINDS = ("run", "page", "batch")


class HistoryTab(w.VBox, FormBase):
    """Filters, Refresh and the history table of ``workspace`` (None: a message saying how
    to get one). ``frame`` is the table last shown."""

    def __init__(self, workspace: Workspace | None, *, language: str = "en"):
        status = self._init_form(language)
        self.workspace = workspace
        self.frame: pd.DataFrame | None = None
        self.filters: dict[str, w.Dropdown] = {
            name: control(str, None, choices=[("", None)], width="200px").widget
            for name in ("connector", "action", "status", "kind")
        }
        for name, picker in self.filters.items():
            picker.add_class(f"cl-history-{name}")
            self.watch(picker, self.refresh)
        self.refresh_button = self.labelled(
            w.Button(icon="refresh"), "history.refresh", "description"
        )
        self.refresh_button.add_class("cl-history-refresh")
        self.refresh_button.on_click(self.guard(lambda _: self.refresh()))
        self.message = w.HTML()
        self.message.add_class("cl-history-message")
        self.table = w.HTML()
        self.table.add_class("cl-history-table")
        self._set_options({})
        boxes = [
            w.VBox([self.labelled(w.Label(), f"history.{name}"), picker])
            for name, picker in self.filters.items()
        ]
        super().__init__([w.HBox([*boxes, self.refresh_button]), status, self.message, self.table])
        self.add_class("cl-history")

    def __repr__(self) -> str:
        rows = None if self.frame is None else len(self.frame)
        return f"<HistoryTab: {rows} rows shown>"

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self.refresh()

    def _set_options(self, known: dict[str, list[str]]) -> None:
        """Each filter's choices ("any" first), keeping the ones chosen where still offered."""
        anything = [(label("history.any", self.language), None)]
        choices = {**known, "status": list(STATUSES), "kind": list(KINDS)}
        with self.loading():
            for name, picker in self.filters.items():
                keep = picker.value
                values = choices.get(name, [])
                picker.options = anything + [(v, v) for v in values]
                picker.value = keep if keep in values else None

    def chosen(self) -> dict[str, Any]:
        """The filters set (those left at "any" are not passed)."""
        return {name: p.value for name, p in self.filters.items() if p.value is not None}

    def refresh(self) -> pd.DataFrame | None:
        """Read the history again with the chosen filters and show it."""
        if self.workspace is None:
            self.message.value = html.escape(label("history.no_workspace", self.language))
            self.table.value = ""
            return None
        everything = self.workspace.history()
        self._set_options(
            {
                name: sorted(str(v) for v in everything[name].dropna().unique())
                for name in ("connector", "action")
            }
        )
        self.frame = self.workspace.history(**self.chosen())
        empty = self.frame.empty
        self.message.value = html.escape(label("history.empty", self.language)) if empty else ""
        self.table.value = (
            "" if empty else render.frame_html(self.frame, label("run.rows", self.language))
        )
        return self.frame


__all__ = ["HistoryTab"]
