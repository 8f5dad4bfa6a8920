"""What a check finds: :class:`Finding` (one thing right or wrong, as a code and its values)
and :class:`CheckReport` (all of a check's findings, rendered in the learner's language, with
the result table when everything was right)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .messages import LANGUAGES, message


@dataclass(frozen=True)
class Finding:
    """One thing a check saw: ``ok`` (right) or not (to fix), as a message ``code`` with the
    ``params`` its words are formatted with (never a secret: checks pass masked values)."""

    code: str
    ok: bool
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str = "en") -> str:
        return message(self.code, self.params, language)


@dataclass
class CheckReport:
    """The findings of one check of one lesson; ``passed`` when nothing is left to fix.

    ``frame`` is the table the learner's run produced (on success), ``language`` the one
    :meth:`text` and the notebook display use unless told otherwise.
    """

    lesson: int
    findings: list[Finding]
    frame: pd.DataFrame | None = None
    language: str = "en"

    @property
    def passed(self) -> bool:
        return bool(self.findings) and all(f.ok for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        """The findings to fix, in the order the check made them."""
        return [f for f in self.findings if not f.ok]

    def codes(self) -> list[str]:
        """The codes of the findings to fix (what tests compare)."""
        return [f.code for f in self.problems]

    def headline(self, language: str | None = None) -> str:
        language = self._language(language)
        if self.passed:
            return message("report.passed", {"lesson": self.lesson}, language)
        count = len(self.problems)
        return message("report.failed", {"lesson": self.lesson, "count": count}, language)

    def text(self, language: str | None = None) -> str:
        """The report as plain lines: the headline, then ✓ right / ✗ to fix, one per finding."""
        language = self._language(language)
        lines = [self.headline(language)]
        lines += [f"{'✓' if f.ok else '✗'} {f.text(language)}" for f in self.findings]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        state = "passed" if self.passed else f"{len(self.problems)} to fix"
        return f"<CheckReport lesson {self.lesson}: {state}>"

    def _repr_html_(self) -> str:
        return self.html()

    def html(self, language: str | None = None, max_rows: int = 20) -> str:
        """The report as HTML (the check button and the notebook show this)."""
        language = self._language(language)
        css = "cl-check-passed" if self.passed else "cl-check-failed"
        colour = "#1a7f37" if self.passed else "#b35900"
        items = "".join(
            f"<li class='{'cl-check-ok' if f.ok else 'cl-check-fix'}'>"
            f"{'✓' if f.ok else '✗'} {html.escape(f.text(language))}</li>"
            for f in self.findings
        )
        table = ""
        if self.passed and self.frame is not None:
            table = _table_html(self.frame, max_rows)
        headline = html.escape(self.headline(language))
        return (
            f"<div class='cl-check {css}'><b style='color:{colour}'>{headline}</b>"
            f"<ul style='list-style:none;padding-left:0.5em'>{items}</ul>{table}</div>"
        )

    def _language(self, language: str | None) -> str:
        language = language or self.language
        if language not in LANGUAGES:
            raise ValueError(f"language {language!r} is not one of {LANGUAGES}; use 'en' or 'zh'")
        return language


#: The longest cell text the report's table shows (a nested list or a note is cut with …).
CELL_CHARACTERS = 40


def _table_html(frame: pd.DataFrame, max_rows: int) -> str:
    """The first rows as an HTML table in a box that scrolls: long cells are cut so one wide
    value does not stretch every row of the table to a screen's height."""

    def cut(value: Any) -> Any:
        text = value if isinstance(value, str) else None
        if text is None and isinstance(value, (list, dict)):
            text = str(value)
        if text is not None and len(text) > CELL_CHARACTERS:
            return text[: CELL_CHARACTERS - 1] + "…"
        return value if text is None else text

    shown = frame.head(max_rows).map(cut)
    table = shown.to_html(index=False, max_cols=12, border=0)
    return (
        "<div class='cl-check-table' style='overflow:auto;max-height:24em;"
        f"white-space:nowrap'>{table}</div>"
    )
