"""The factory's Batch tab (批量运行, spec F-10): run one action once per row of a table.

The table is a DataFrame of the kernel (or one the code passes as ``inputs=``) or an uploaded
CSV; one dropdown per parameter of the action picks the column that fills it (pre-filled by
equal names; required parameters marked). Run hands the rows to ``Client.batch`` in a
background thread — its ``on_row`` moves the progress bar — and shows the per-row outcome
(``BatchOutcome.table``) with the counts; "Re-run failed rows" is ``BatchOutcome.rerun()``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w
import pandas as pd

from connector_lab import Action

from . import render
from .background import Background
from .common import LABEL_WIDTH
from .controls import control
from .form_base import FormBase
from .i18n import label
from .table_inputs import kernel_frames, parse_csv, uploaded_files


def needs_value(param: Any) -> bool:
    """Whether a batch cannot run without a column for ``param`` (as the engine checks)."""
    return (param.required or param.location == "path") and param.default is None


class BatchTab(w.VBox, FormBase):
    """Inputs, the column → parameter mapping, workers, Run, the outcome and its re-run.

    ``actions()`` gives the connector's actions and ``make_client()`` a Client to run them
    (the factory's: the run panel's account and context). ``inputs`` names DataFrames of
    the code's own; the kernel's are found at each refresh. ``outcome`` is the last
    :class:`BatchOutcome`; ``job`` the background run (``job.wait()``).
    """

    def __init__(
        self,
        actions: Callable[[], list[Action]],
        make_client: Callable[[], Any],
        *,
        inputs: Mapping[str, pd.DataFrame] | None = None,
        language: str = "en",
    ):
        status = self._init_form(language)
        self.actions, self.make_client = actions, make_client
        self.inputs: dict[str, pd.DataFrame] = dict(inputs or {})
        self.uploads: dict[str, pd.DataFrame] = {}
        self.frames: dict[str, pd.DataFrame] = {}
        self.outcome: Any = None
        self.job = Background("batch")
        self._client: Any = None
        self._action_list: list[Action] = []
        self._make_inputs()
        self._make_views()
        self.watch(self.frame_picker, self._build_mapping)
        self.watch(self.action, self._build_mapping)
        self.upload.observe(self.guard(lambda _: self._uploaded()), names="value")
        self.refresh_button.on_click(self.guard(lambda _: self.refresh()))
        self.run_button.on_click(self.guard(lambda _: self.run()))
        self.rerun_button.on_click(self.guard(lambda _: self.rerun()))
        super().__init__(self._layout(status))
        self.add_class("cl-batch")

    def _make_inputs(self) -> None:
        self.frame_picker = control(str, choices=(), width="300px").widget
        self.frame_picker.add_class("cl-batch-frame")
        self.refresh_button = self.labelled(
            w.Button(icon="refresh"), "batch.refresh", "description"
        )
        self.refresh_button.add_class("cl-batch-refresh")
        self.upload = w.FileUpload(accept=".csv", multiple=False)
        self.labelled(self.upload, "batch.upload", "description")
        self.upload.add_class("cl-batch-upload")
        self.action = control(str, choices=(), width="300px").widget
        self.action.add_class("cl-batch-action")
        self.mapping_box = w.VBox()
        self.mapping_box.add_class("cl-batch-mapping")
        self.map_inputs: dict[str, w.Dropdown] = {}
        self.workers = control(int, 4, width="80px").widget  # the engine checks the count
        self.workers.add_class("cl-batch-workers")

    def _make_views(self) -> None:
        self.run_button = self.labelled(
            w.Button(button_style="success", icon="play"), "batch.run", "description"
        )
        self.run_button.add_class("cl-batch-run")
        self.rerun_button = self.labelled(
            w.Button(icon="redo", disabled=True), "batch.rerun", "description"
        )
        self.rerun_button.add_class("cl-batch-rerun")
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="300px"))
        self.progress.add_class("cl-batch-progress")
        self.counts = w.HTML()
        self.counts.add_class("cl-batch-counts")
        self.table = w.HTML()
        self.table.add_class("cl-batch-table")
        self.required_note = self.labelled(w.HTML(), "batch.required")

    def _layout(self, status: w.HTML) -> list[w.Widget]:
        def row(key: str, *controls: w.Widget) -> w.HBox:
            title = self.labelled(w.Label(layout=w.Layout(width=LABEL_WIDTH)), key)
            return w.HBox([title, *controls])

        return [
            row("batch.inputs", self.frame_picker, self.refresh_button, self.upload),
            row("batch.action", self.action),
            self.labelled(w.HTML(), "batch.mapping"),
            self.mapping_box,
            self.required_note,
            row("batch.workers", self.workers),
            w.HBox([self.run_button, self.rerun_button, self.progress]),
            status,
            self.counts,
            self.table,
        ]

    def __repr__(self) -> str:
        return f"<BatchTab: action={self.action.value!r}, inputs={self.frame_picker.value!r}>"

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self._build_mapping()

    # -- choices -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the actions and the DataFrames (the kernel's, ``inputs`` and uploads)."""
        self.frames = {**kernel_frames(), **self.inputs, **self.uploads}
        self._action_list = list(self.actions())
        keep_frame, keep_action = self.frame_picker.value, self.action.value
        ids = [a.id for a in self._action_list]
        with self.loading():
            self.action.options = [(f"{a.id} — {a.name}", a.id) for a in self._action_list]
            self.action.value = keep_action if keep_action in ids else (ids[0] if ids else None)
            self.frame_picker.options = [
                (f"{name} ({len(frame):,} rows)", name) for name, frame in self.frames.items()
            ]
            names = list(self.frames)
            self.frame_picker.value = (
                keep_frame if keep_frame in names else (names[0] if names else None)
            )
        self.show_status("" if self.frames else label("batch.no_frames", self.language))
        self._build_mapping()

    def add_inputs(self, name: str, frame: pd.DataFrame) -> None:
        """Offer ``frame`` as ``name`` and choose it."""
        self.inputs[name] = frame
        self.refresh()
        self.frame_picker.value = name

    def _uploaded(self) -> None:
        for name, content in uploaded_files(self.upload.value):
            self.uploads[name] = parse_csv(name, content)
            self.refresh()
            self.frame_picker.value = name

    def _current_action(self) -> Action | None:
        return next((a for a in self._action_list if a.id == self.action.value), None)

    def _build_mapping(self) -> None:
        action, frame = self._current_action(), self.frames.get(self.frame_picker.value)
        columns = [str(c) for c in frame.columns] if frame is not None else []
        self.map_inputs, rows = {}, []
        for param in action.params if action else []:
            if param.source != "user":
                continue
            options = [(label("batch.no_column", self.language), None), *columns]
            chosen = param.name if param.name in columns else None
            picker = control(str, chosen, choices=options, width="240px").widget
            picker.add_class(f"cl-batch-map-{param.name.replace('.', '-')}")
            mark = " *" if needs_value(param) else ""
            title = w.Label(
                f"{param.name} ({param.type}){mark}", layout=w.Layout(width=LABEL_WIDTH)
            )
            self.map_inputs[param.name] = picker
            rows.append(w.HBox([title, picker]))
        self.mapping_box.children = rows

    def mapping(self) -> dict[str, str]:
        """``{column: parameter}`` as chosen; a column chosen twice is an error naming it."""
        out: dict[str, str] = {}
        for param, picker in self.map_inputs.items():
            column = picker.value
            if column is None:
                continue
            if column in out:
                raise ValueError(
                    f"column {column!r} is mapped to both {out[column]!r} and {param!r}; "
                    "map each column to one parameter"
                )
            out[column] = param
        return out

    # -- running -------------------------------------------------------------------------------
    def run(self) -> None:
        """Run the action over the chosen rows in the background (``job.wait()`` waits)."""
        frame = self.frames.get(self.frame_picker.value)
        if frame is None:
            raise ValueError(label("batch.no_frames", self.language))
        if self.action.value is None:
            raise ValueError("choose an action (step 2 defines them)")
        mapping = self.mapping()
        rows = frame[list(mapping)]  # what is mapped is what is sent, and shown as keys
        if self._client is not None:
            self._client.close()
        self._client = self.make_client()
        client, action, workers = self._client, self.action.value, self.workers.value
        self._start(
            len(rows),
            lambda: client.batch(
                action,
                rows,
                mapping=mapping,
                workers=workers,
                progress=False,
                on_row=self._row_done,
            ),
        )

    def rerun(self) -> None:
        """Run the failed rows of the last outcome again."""
        if self.outcome is None or self.outcome.failed == 0:
            raise ValueError("no failed rows to re-run: run a batch first")
        outcome = self.outcome
        self._start(outcome.failed, lambda: outcome.rerun(progress=False))

    def _start(self, rows: int, work: Callable[[], Any]) -> None:
        self.show_status("")
        self.progress.value, self.progress.max, self.progress.bar_style = 0, max(rows, 1), ""
        self.run_button.disabled = self.rerun_button.disabled = True
        self.job.start(
            lambda _stop: work(), done=self._show, failed=self._failed, finally_=self._idle
        )

    def _row_done(self, _position: int, _row: dict[str, Any]) -> None:
        self.progress.value += 1

    def _show(self, outcome: Any) -> None:
        self.outcome = outcome
        self.progress.bar_style = "success" if outcome.failed == 0 else "warning"
        self.counts.value = html.escape(
            label("batch.counts", self.language).format(
                succeeded=outcome.succeeded, failed=outcome.failed
            )
        )
        self.table.value = render.frame_html(outcome.table, label("run.rows", self.language))

    def _failed(self, exc: BaseException) -> None:
        self.progress.bar_style = "danger"
        self.show_exception(exc)

    def _idle(self) -> None:
        self.run_button.disabled = False
        self.rerun_button.disabled = self.outcome is None or self.outcome.failed == 0


__all__ = ["BatchTab", "needs_value"]
