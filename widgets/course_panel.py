"""A lesson of the trainer's course in the forms: the lesson's task and sandbox host on top,
the connector factory below, and a **Check** button that runs the lesson's check on what the
forms define and shows its report (what is right, what to fix, the table on success)."""

from __future__ import annotations

import html
import os
import tempfile
from typing import Any

import ipywidgets as w

from connector_lab import AuthAccount, Workspace
from connector_lab.course.lessons import material_html

from .app import ConnectorFactory

#: The panel's own words (the factory's are in :mod:`.i18n`).
WORDS: dict[str, dict[str, str]] = {
    "check": {"en": "Check", "zh": "检查"},
    "checking": {"en": "Checking…", "zh": "检查中…"},
    "host": {"en": "sandbox host", "zh": "沙箱域名"},
    "lesson": {"en": "Lesson {n}", "zh": "第 {n} 课"},
    "not_applied": {
        "en": "{step} has changes not applied yet — press Apply there, then Check again",
        "zh": "{step}有尚未应用的修改 —— 请先在那里点击“应用”，再重新检查",
    },
    "step2": {"en": "Step 2 (actions)", "zh": "第 2 步（执行动作）"},
    "step3": {"en": "Step 3 (auth accounts)", "zh": "第 3 步（鉴权账号）"},
    "failed": {
        "en": "The check could not run: {error}",
        "zh": "检查无法运行：{error}",
    },
}


def words(key: str, language: str, **params: Any) -> str:
    text = WORDS[key].get(language) or WORDS[key]["en"]
    return text.format(**params)


class CoursePanel(w.VBox):
    """The exercise of ``lesson_run`` (a started lesson) done in the forms.

    >>> lesson = start_lesson(1, language="zh")      # doctest: +SKIP
    >>> CoursePanel(lesson)                          # fill the steps, press 检查 / Check

    The factory starts in the lesson's language; its language picker switches the panel's
    words and the report too. ``workspace`` is where Save keeps the learner's connector (a
    fresh temporary folder unless given).
    """

    def __init__(
        self,
        lesson_run: Any,
        *,
        workspace: Workspace | str | os.PathLike | None = None,
        **factory_options: Any,
    ):
        self.lesson_run = lesson_run
        if workspace is None:
            workspace = tempfile.mkdtemp(prefix="connector-lab-course-")
        self.factory = ConnectorFactory(
            workspace=workspace, language=lesson_run.language, **factory_options
        )
        self.report = None
        self.header = w.HTML()
        self.header.add_class("cl-lesson-header")
        self.check_button = w.Button(button_style="success", icon="check")
        self.check_button.add_class("cl-check-button")
        self.check_button.on_click(lambda _: self.check())
        self.report_view = w.HTML()
        self.report_view.add_class("cl-check-report")
        self.factory.language_picker.observe(lambda _: self._relabel(), names="value")
        super().__init__([self.header, self.factory, self.check_button, self.report_view])
        self.add_class("cl-course-panel")
        self._relabel()

    @property
    def language(self) -> str:
        return self.factory.language

    def __repr__(self) -> str:
        return f"<CoursePanel: lesson {self.lesson_run.lesson.number}, language={self.language!r}>"

    def _relabel(self) -> None:
        language = self.language
        lesson = self.lesson_run.lesson
        title = lesson.title.get(language) or lesson.title["en"]
        task = lesson.task.get(language) or lesson.task["en"]
        self.header.value = (
            f"<div class='cl-lesson'><b>{html.escape(words('lesson', language, n=lesson.number))}"
            f" · {html.escape(title)}</b><br>{html.escape(task)}<br>"
            f"{material_html(self.lesson_run.material)}"
            f"{words('host', language)}: <code class='cl-lesson-host'>"
            f"{html.escape(self.lesson_run.host)}</code></div>"
        )
        self.check_button.description = words("check", language)
        if self.report is not None:
            self.report_view.value = self.report.html(language) + self._notes(language)

    # -- the answer the forms give -------------------------------------------------------------
    def answer(self) -> dict[str, Any]:
        """The connector as the forms hold it, raw (a dict): a form that is not a valid
        connector yet still gets the check's words for what is wrong (a host typed as a URL)."""
        raw = self.factory.connector_form.raw()
        return {**raw, "actions": list(self.factory.action_list.actions)}

    def account(self) -> AuthAccount | None:
        """The auth account chosen at the test step (step 4), if any."""
        chosen = self.factory.run_panel.account.value
        return next((a for a in self.factory.account_list.accounts if a.name == chosen), None)

    def values(self) -> dict[str, Any]:
        """The parameter values typed in the run panel, and for a lesson whose check reads
        it (``check_values``) ``export``: the file the run panel's "Save table" wrote."""
        values = self.factory.run_panel.values()
        saved = self.factory.run_panel.last_saved
        if saved is not None and "export" in self.lesson_run.lesson.check_values:
            values["export"] = str(saved)
        return values

    def _notes(self, language: str) -> str:
        """What the report cannot see: edits in steps 2 and 3 not applied yet."""
        lists = (("step2", self.factory.action_list), ("step3", self.factory.account_list))
        notes = [
            words("not_applied", language, step=words(step, language))
            for step, items in lists
            if items.form_edited
        ]
        return "".join(
            f"<div class='cl-check-note' style='color:#8a6d00'>{html.escape(n)}</div>"
            for n in notes
        )

    # -- checking ------------------------------------------------------------------------------
    def check(self):
        """Run the lesson's check on the forms and show its report; returns the
        :class:`~connector_lab.course.CheckReport` (None when the check itself failed)."""
        language = self.language
        self.check_button.disabled = True
        self.check_button.description = words("checking", language)
        try:
            self.report = self.lesson_run.check(self.answer(), self.account(), **self.values())
            self.report_view.value = self.report.html(language) + self._notes(language)
        except Exception as exc:  # broad on purpose: the learner reads words, never a traceback
            self.report = None
            error = html.escape(f"{type(exc).__name__}: {exc}")
            self.report_view.value = (
                f"<div class='cl-check cl-check-error' style='color:#b00020'>"
                f"{words('failed', language, error=error)}</div>"
            )
        finally:
            self.check_button.disabled = False
            self.check_button.description = words("check", language)
        return self.report


__all__ = ["CoursePanel"]
