"""The run panel's "Save table" (保存表格): the table of the last run — one run or "All pages"
— written to ``<workspace>/exports/<name>`` by the engine's writer
(:func:`connector_lab.tables.writers.export`: atomic, text a spreadsheet would run as a
formula escaped), with the path and row count, and a download link of the written file.

The section only turns its state into that one call: the format is the file's suffix, the
name is checked here (a name only, no folder; a suffix of a table format) so that the file
lands where the status line says.
"""

from __future__ import annotations

import base64
import html
import warnings
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import pandas as pd

from connector_lab import ConnectorLabError
from connector_lab.tables.writers import export

from .controls import control
from .form_base import FormBase
from .i18n import label

#: format key → (file suffix, MIME type of the download)
FORMATS: dict[str, tuple[str, str]] = {
    "csv": (".csv", "text/csv"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "parquet": (".parquet", "application/vnd.apache.parquet"),
    "jsonl": (".jsonl", "application/jsonl"),
}
SUFFIXES = {suffix: key for key, (suffix, _) in FORMATS.items()}
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # bytes: a larger file gets no data: link (too big a page)
EXPORTS = "exports"  # the folder of the workspace the tables are saved in


def name_error(code: str, message: str, **params: str) -> ConnectorLabError:
    """The error shown for a file name that cannot be written (``code``: export.name_*)."""
    return ConnectorLabError(f"file name: {message}", error_code=code, params=params)


def check_name(name: str, fmt: str) -> str:
    """``name`` (trimmed) when it names a file of format ``fmt`` in the exports folder; else
    the error that says what is wrong and how to fix it."""
    name = name.strip()
    suffix = FORMATS[fmt][0]
    if not name:
        raise name_error("export.name_empty", f"empty — type a name such as orders{suffix}")
    if "/" in name or "\\" in name or name in (".", "..") or Path(name).name != name:
        raise name_error(
            "export.name_separator",
            f"{name!r} is a path — type a file name only, such as orders{suffix}; the file "
            f"is saved in the workspace's {EXPORTS} folder",
            name=name,
            suffix=suffix,
        )
    if name.startswith(".") or any(ord(c) < 32 for c in name):
        raise name_error(
            "export.name_hidden",
            f"{name!r} starts with '.' or holds a control character — type a plain name "
            f"such as orders{suffix}",
            name=name,
            suffix=suffix,
        )
    got = Path(name).suffix.lower()
    if got != suffix:
        known = ", ".join(SUFFIXES)
        raise name_error(
            "export.name_suffix",
            f"{name!r} does not end in {suffix}, the suffix of the chosen format — end it in "
            f"{suffix}, or choose the format its suffix names ({known})",
            name=name,
            suffix=suffix,
            known=known,
        )
    return name


def download_link(file: Path, mime: str, caption: str) -> str:
    """A link that downloads ``file`` (a data: URI, no server needed)."""
    data = base64.b64encode(file.read_bytes()).decode("ascii")
    return (
        f'<a class="cl-save-table-link" download="{html.escape(file.name)}" '
        f'href="data:{mime};base64,{data}">⬇ {html.escape(caption)} '
        f"{html.escape(file.name)}</a>"
    )


class SaveTableSection(w.VBox, FormBase):
    """Format, file name, Save, the status line (path and rows, or what is wrong) and a
    download link. ``exports_dir()`` gives the folder to write in (None: no workspace).
    :meth:`table_shown` / :meth:`table_cleared` follow the run panel's table;
    :attr:`last_saved` is the file written last (None before a save)."""

    def __init__(
        self,
        frame: Callable[[], pd.DataFrame | None],
        exports_dir: Callable[[], Path | None],
        *,
        language: str = "en",
    ):
        self.status = self._init_form(language)
        self.status.add_class("cl-save-table-status")
        self.frame, self.exports_dir = frame, exports_dir
        self.last_saved: Path | None = None
        self._saved: tuple[Path, int] | None = None  # worded again on a language switch
        self._action: str | None = None  # the action the name was made from
        self.title = self.labelled(w.HTML(), "save.title")
        self.format = control(str, choices=tuple(FORMATS), width="160px").widget
        self.labelled_choices(self.format, "save.format", tuple(FORMATS))
        self.format.add_class("cl-save-table-format")
        self.name = control(str, width="260px").widget
        self.name.add_class("cl-save-table-name")
        self.button = self.labelled(
            w.Button(icon="save", disabled=True), "save.save", "description"
        )
        self.button.add_class("cl-save-table")
        self.download = w.HTML()
        self.download.add_class("cl-save-table-download")
        self.format.observe(lambda _: self._format_changed(), names="value")
        self.button.on_click(self.guard(lambda _: self.save()))
        super().__init__(
            [self.title, w.HBox([self.format, self.name, self.button]), self.status, self.download]
        )
        self.add_class("cl-save-table-section")
        self.table_cleared()

    def __repr__(self) -> str:
        return f"<SaveTableSection: {self.format.value!r}, last_saved={self.last_saved}>"

    @property
    def suffix(self) -> str:
        return FORMATS[self.format.value][0]

    # -- following the run panel's table ---------------------------------------------------------
    def table_shown(self, action_id: str | None) -> None:
        """A table is shown: Save is enabled; the name is ``<action id>.<ext>`` unless one
        was typed for this action already."""
        self.button.disabled = False
        if action_id != self._action or not self.name.value.strip():
            self._action = action_id
            self.name.value = (action_id or "table") + self.suffix
        if self._saved is None:
            self.show_status("")

    def table_cleared(self) -> None:
        """No table (before a run, or a run without one): Save is disabled and says so."""
        self.button.disabled = True
        self._saved = None
        self.download.value = ""
        self.show_note(label("save.run_first", self.language))

    def _format_changed(self) -> None:
        """Another format: the name's table suffix becomes the new one."""
        name = self.name.value.strip()
        stem = name[: -len(Path(name).suffix)] if Path(name).suffix.lower() in SUFFIXES else name
        self.name.value = (stem or self._action or "table") + self.suffix

    def set_language(self, language: str) -> None:
        super().set_language(language)
        if self._saved is not None:
            self._show_saved(*self._saved)
        elif self.frame() is None and self._shown_error is None:
            self.show_note(label("save.run_first", language))

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> Path | None:
        """Write the table to the exports folder; show where, how many rows, and a download
        link. Returns the file (None when nothing was written: the reason is shown)."""
        self._saved, self.download.value = None, ""
        frame = self.frame()
        if frame is None:
            self.show_note(label("save.run_first", self.language))
            return None
        name = check_name(self.name.value, self.format.value)
        folder = self.exports_dir()
        if folder is None:
            raise ConnectorLabError(
                "there is no workspace to save the table in; open the factory with "
                "workspace=Workspace.default() or workspace='a folder'",
                error_code="export.no_workspace",
            )
        folder.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():  # cells changed to fit (Excel): the file is written
            warnings.simplefilter("ignore")
            file = export(frame, folder / name, format=self.format.value)
        self.last_saved = file
        self._show_saved(file, len(frame))
        return file

    def _show_saved(self, file: Path, rows: int) -> None:
        self._saved = (file, rows)
        text = label("save.saved", self.language).format(path=file, rows=f"{rows:,}")
        self.show_status("")
        self.status.value = (
            f"<div class='cl-table-saved' style='color:#1b7f3b'>{html.escape(text)}</div>"
        )
        if file.stat().st_size <= DOWNLOAD_LIMIT:
            mime = FORMATS[SUFFIXES[file.suffix.lower()]][1]
            self.download.value = download_link(file, mime, label("export.download", self.language))
        else:
            self.download.value = html.escape(label("save.too_big", self.language))


__all__ = ["FORMATS", "SaveTableSection", "check_name"]
