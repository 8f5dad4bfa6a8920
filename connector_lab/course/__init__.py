"""The trainer's course (issue 15): lessons that teach the platform's four steps, each with an
exercise against the bundled sandbox and a check that says, in the learner's language, what is
right and what is wrong.

::

    lesson = start_lesson(1, language="zh")   # a sandbox of its own, the task printed
    report = lesson.check(connector, account) # runs the learner's connector, finds mistakes
    report.passed, report.text()              # plain words; the result table on success

A lesson is its checks (:mod:`.lessons`), the findings they make (:mod:`.findings`) and the
words for each finding in English and Chinese (:mod:`.messages`). The engine's own errors stay
language-neutral; the course's findings are course text, so both languages live here.
"""

from __future__ import annotations

from . import (
    lesson1,  # noqa: F401  (each lesson module registers its lesson)
    lesson2,  # noqa: F401
    lesson3,  # noqa: F401
    lesson4,  # noqa: F401
    lesson5,  # noqa: F401
    lesson6,  # noqa: F401
    lesson7,  # noqa: F401
)
from .findings import CheckReport, Finding
from .lessons import LESSONS, Lesson, LessonRun, register_lesson, start_lesson

__all__ = [
    "LESSONS",
    "CheckReport",
    "Finding",
    "Lesson",
    "LessonRun",
    "register_lesson",
    "start_lesson",
]
