"""The run panel's "All pages" (全部分页): every page of the chosen action into one table,
in a background thread, with a progress bar and a Stop button.

The engine does the work — ``Client.pages`` fetches, ``harvest.collect.collect`` flattens
page by page — and this section only watches the pages go by: it counts them for the
progress bar and, once Stop was pressed, ends the loop after the page in hand (closing the
pages generator, which cancels what the engine had queued).
"""

from __future__ import annotations

import html
import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import pandas as pd

from .background import Background
from .common import Translatable
from .i18n import label
from .messages import render_error

#: What the run panel gives for a run: a client (closed here at the end), the action, values.
StartRun = Callable[[], tuple[Any, str, dict[str, Any]]]


@dataclass
class PageTally:
    """The pages seen so far: count, records kept, the total the server reported, the
    records of the first page (to turn a record total into a page count), why it stopped."""

    pages: int = 0
    records: int = 0
    total: int | None = None
    per_page: int | None = None
    stop: str | None = None

    @property
    def total_pages(self) -> int | None:
        if self.total is None or not self.per_page:
            return None
        return max(math.ceil(self.total / self.per_page), self.pages)

    def count(self, info: Any) -> None:
        self.pages += 1
        self.records += getattr(info, "records", 0) or 0
        self.total = getattr(info, "total", None) or self.total
        if self.per_page is None:
            self.per_page = getattr(info, "received", None) or None
        self.stop = getattr(info, "stop", None) or self.stop


class AllPagesSection(w.VBox, Translatable):
    """ "All pages", Stop, a progress bar and the summary of the last harvest.

    ``start_run()`` gives ``(client, action_id, values)``; ``show_frame(frame)`` shows the
    combined table; ``show_error(text)`` shows a failure. ``job`` is the :class:`Background`
    the harvest runs in (``job.wait()`` waits for it); ``tally`` counts its pages.
    """

    def __init__(
        self,
        start_run: StartRun,
        show_frame: Callable[[pd.DataFrame], None],
        show_error: Callable[[str], None],
        *,
        language: str = "en",
    ):
        self._init_labels(language)
        self.start_run, self.show_frame, self.show_error = start_run, show_frame, show_error
        self.job = Background("all-pages")
        self.tally = PageTally()
        self.all_button = self.labelled(w.Button(icon="forward"), "run.all_pages", "description")
        self.all_button.add_class("cl-all-pages")
        self.stop_button = self.labelled(
            w.Button(icon="stop", button_style="warning", disabled=True), "run.stop", "description"
        )
        self.stop_button.add_class("cl-stop")
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="300px"))
        self.progress.add_class("cl-pages-progress")
        self.summary = w.HTML()
        self.summary.add_class("cl-pages-summary")
        self.all_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.job.stop())
        super().__init__([w.HBox([self.all_button, self.stop_button, self.progress]), self.summary])
        self.add_class("cl-all-pages-section")

    def __repr__(self) -> str:
        return f"<AllPagesSection: {self.tally.pages} pages, {self.tally.records} records>"

    # -- running -------------------------------------------------------------------------------
    def start(self) -> threading.Thread | None:
        """Start harvesting in the background (None when the run could not start)."""
        if self.job.running:
            return None
        try:
            client, action, values = self.start_run()
        except Exception as exc:  # broad on purpose: the panel is where errors are read
            self.show_error(render_error(exc, self.language))
            return None
        self.tally = PageTally()
        self.progress.value, self.progress.max = 0, 1
        self.progress.bar_style = ""
        self.summary.value = ""
        self.all_button.disabled, self.stop_button.disabled = True, False
        return self.job.start(
            lambda stop: self._harvest(client, action, values, stop),
            done=self._done,
            failed=self._failed,
            finally_=self._idle,
        )

    def _harvest(
        self, client: Any, action: str, values: dict[str, Any], stop: threading.Event
    ) -> pd.DataFrame:
        # Imported on run: the harvest stage is the engine's, loaded only when used.
        from connector_lab.harvest.collect import collect

        with client:
            return collect(self._watched(client.pages(action, values), stop), action)

    def _watched(self, pages: Iterator[Any], stop: threading.Event) -> Iterator[Any]:
        """The pages, counted as they arrive; after Stop, none past the one in hand."""
        try:
            for result in pages:
                self.tally.count(getattr(result, "page", None))
                self._show_progress()
                yield result
                if stop.is_set():
                    self.tally.stop = label("run.stopped_by_user", self.language)
                    return
        finally:
            pages.close()  # the engine cancels the pages it had queued

    def _show_progress(self) -> None:
        tally = self.tally
        total_pages = tally.total_pages
        self.progress.max = total_pages or tally.pages + 1
        self.progress.value = tally.pages
        self.summary.value = html.escape(
            label("run.pages_progress", self.language).format(
                pages=tally.pages,
                total_pages=total_pages if total_pages is not None else "?",
                records=f"{tally.records:,}",
            )
        )

    def _done(self, frame: pd.DataFrame) -> None:
        tally = self.tally
        self.progress.max = max(tally.total_pages or tally.pages, 1)
        self.progress.value = tally.pages
        self.progress.bar_style = "success"
        self.show_frame(frame)
        self.summary.value = html.escape(
            label("run.pages_done", self.language).format(
                pages=tally.pages, records=f"{len(frame):,}", stop=tally.stop or "—"
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.progress.bar_style = "danger"
        self.show_error(render_error(exc, self.language))

    def _idle(self) -> None:
        self.all_button.disabled, self.stop_button.disabled = False, True


__all__ = ["AllPagesSection", "PageTally"]
