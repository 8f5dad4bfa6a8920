"""The run panel's table of results: an interactive table (itables' anywidget ``ITable``, whose
JavaScript ships in the package, so it works offline, in JupyterLab and in Voila) — sortable,
scrolling inside its own box both ways under a header that stays in place, each column's type
shown under its name, and bounded in size whatever the result."""

from __future__ import annotations

import html
import json

import ipywidgets as w
import pandas as pd

from .render import _short

TABLE_ROWS = 1_000  # rows sent to the browser at most (the caption says how many there are)
TABLE_BYTES = 60_000  # of data sent to the browser at most (itables drops rows past this)
TABLE_COLUMNS = 100  # columns sent at most (a flattened deep body can have thousands)
TABLE_HEIGHT = "360px"


def typed_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each column named "name · type" (a two-row header would be neater, but
    itables then keeps an empty index column even with ``showIndex=False``)."""
    typed = frame.copy()
    typed.columns = [f"{name} · {_type_name(frame[name])}" for name in frame.columns]
    return typed


def _type_name(column: pd.Series) -> str:
    dtype = str(column.dtype)
    if dtype in ("object", "str", "string"):
        kinds = {type(v).__name__ for v in column.dropna().head(50)}
        return "text" if kinds <= {"str"} else "/".join(sorted(kinds)) or "empty"
    return dtype


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The first TABLE_ROWS rows, nested values as JSON and long text cut."""
    shown = frame.iloc[:TABLE_ROWS, :TABLE_COLUMNS].copy()
    for name in shown.columns:
        if shown[name].dtype == object or str(shown[name].dtype).startswith(("str", "string")):
            shown[name] = shown[name].map(_short).astype(object)
    return shown


class TableView(w.VBox):
    """A caption ("showing N of M rows") above the table; :meth:`show` a frame,
    :meth:`message` a text instead, :meth:`clear` both."""

    def __init__(self):
        self.caption = w.HTML()
        self.caption.add_class("cl-rows")
        self.grid = None  # the ITable, made at the first show (importing itables is slow)
        self.frame: pd.DataFrame | None = None
        super().__init__(
            [self.caption],
            layout=w.Layout(width="100%", max_width="100%", overflow="hidden"),
        )
        self.add_class("cl-table")

    def show(self, frame: pd.DataFrame, rows_label: str, columns_label: str = "") -> None:
        """Show ``frame``; ``rows_label`` is the caption with ``{shown}`` and ``{total}``,
        ``columns_label`` the same for columns, added when not all are shown."""
        from itables.widget import ITable

        self.frame = frame
        typed = typed_columns(_shown(frame))
        options = dict(
            showIndex=False,
            scrollX=True,
            scrollY=TABLE_HEIGHT,
            scrollCollapse=True,
            paging=False,
            maxBytes=TABLE_BYTES,
            classes="display nowrap compact cell-border",
        )
        if self.grid is None:
            self.grid = ITable(typed, **options)
            self.grid.add_class("cl-grid")
            self.grid.layout = w.Layout(width="100%", max_width="100%")
        else:
            self.grid.update(typed, **options)
        shown = len(json.loads(self.grid._dt_args.get("data_json", "[]")))
        caption = rows_label.format(shown=f"{shown:,}", total=f"{len(frame):,}")
        if len(frame.columns) > TABLE_COLUMNS and columns_label:
            total = f"{len(frame.columns):,}"
            caption += columns_label.format(shown=TABLE_COLUMNS, total=total)
        self.caption.value = f"<div class='cl-rows'>{html.escape(caption)}</div>"
        self.children = [self.caption, self.grid]

    def message(self, text_html: str) -> None:
        self.frame = None
        self.caption.value = text_html
        self.children = [self.caption]

    def clear(self) -> None:
        self.message("")

    @property
    def data_size(self) -> int:
        """Characters of table data the browser is sent (for the render budget)."""
        if self.grid is None or self.grid not in self.children:
            return 0
        args = self.grid._dt_args
        return len(args.get("data_json", "")) + len(args.get("table_html", ""))
