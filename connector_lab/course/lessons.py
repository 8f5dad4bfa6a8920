"""The lessons and a lesson in progress: :class:`Lesson` (number, titles, what it teaches, its
check), the registry :data:`LESSONS` that :func:`register_lesson` fills, and
:class:`LessonRun` — a started lesson with a sandbox of its own, whose :meth:`LessonRun.check`
turns a learner's answer into a :class:`~.findings.CheckReport`."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..sandbox import SandboxAPI, start
from ..spec import AuthAccount, Connector
from .checks import Attempt, definition_problems, raw_bodyless, raw_host
from .findings import CheckReport, Finding
from .messages import LANGUAGES

Checker = Callable[[Attempt], Iterable[Finding]]


@dataclass(frozen=True)
class Lesson:
    """One lesson: ``title`` and ``teaches`` in both languages (``{"en": …, "zh": …}``), the
    ``task`` a learner is given, and ``checker``, which reads an :class:`Attempt`.
    ``material``, when set, makes the text the learner is given to work from (a command to
    import, …) from the sandbox's host; it is shown under the task. ``check_values``: the
    values the check reads besides the action's parameters (lesson 5: ``export``, the file
    the table was saved to) — the forms pass them only to a lesson that reads them."""

    number: int
    title: dict[str, str]
    teaches: dict[str, str]
    task: dict[str, str]
    checker: Checker
    material: Callable[[str], str] | None = None
    check_values: tuple[str, ...] = ()


#: Every lesson by number, in course order.
LESSONS: dict[int, Lesson] = {}


def register_lesson(lesson: Lesson) -> Lesson:
    """Add ``lesson`` to the course (replacing one of the same number)."""
    LESSONS[lesson.number] = lesson
    return lesson


class LessonRun:
    """A lesson being worked on: its sandbox (started here unless one is given) and the
    language the checks answer in."""

    def __init__(self, lesson: Lesson, sandbox: SandboxAPI | None = None, language: str = "en"):
        if language not in LANGUAGES:
            raise ValueError(f"language {language!r} is not one of {LANGUAGES}; use 'en' or 'zh'")
        self.lesson, self.language = lesson, language
        self._own_sandbox = sandbox is None
        self.sandbox = sandbox if sandbox is not None else start()

    @property
    def host(self) -> str:
        """The host (``127.0.0.1:port``) the exercise's connector must use."""
        return self.sandbox.host_port

    def check(
        self,
        connector: Connector | Mapping[str, Any] | str,
        account: AuthAccount | None = None,
        **values: Any,
    ) -> CheckReport:
        """Check a learner's answer: ``connector`` as a :class:`Connector`, a connector file's
        dict or its JSON text; ``account`` the auth account chosen at the test step;
        ``values`` the parameter values of the run."""
        spec, findings = _definition(connector)
        if spec is None:
            return CheckReport(self.lesson.number, findings, language=self.language)
        self.sandbox.reset()  # counters (token fetches, requests) start from zero per check
        attempt = Attempt(spec, account, self.sandbox, dict(values))
        findings += list(self.lesson.checker(attempt))
        frame = attempt.frame if all(f.ok for f in findings) else None
        return CheckReport(self.lesson.number, findings, frame, self.language)

    def stop(self) -> None:
        """Stop the sandbox this lesson started (one given to it is left running)."""
        if self._own_sandbox:
            self.sandbox.stop()

    def __enter__(self) -> LessonRun:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        title = self.lesson.title.get(self.language) or self.lesson.title["en"]
        return f"<Lesson {self.lesson.number}: {title} — sandbox {self.host}>"

    @property
    def material(self) -> str | None:
        """The text the learner is given to work from (lesson 7: the command to import),
        made for this lesson's sandbox; None for a lesson that gives none."""
        make = self.lesson.material
        return make(self.host) if make is not None else None

    def _repr_html_(self) -> str:
        title = self.lesson.title.get(self.language) or self.lesson.title["en"]
        task = self.lesson.task.get(self.language) or self.lesson.task["en"]
        host = "沙箱域名" if self.language == "zh" else "sandbox host"
        return (
            f"<div class='cl-lesson'><b>{self.lesson.number} · {title}</b><br>{task}<br>"
            f"{material_html(self.material)}{host}: <code>{self.host}</code></div>"
        )


def material_html(material: str | None) -> str:
    """The material as a copyable ``<pre class="cl-lesson-material">`` (nothing when None)."""
    if material is None:
        return ""
    return (
        "<pre class='cl-lesson-material' style='user-select:all;white-space:pre-wrap'>"
        f"{html.escape(material)}</pre>"
    )


def _definition(
    connector: Connector | Mapping[str, Any] | str,
) -> tuple[Connector | None, list[Finding]]:
    """The connector, or None with the findings that say why it is not one."""
    if isinstance(connector, Connector):
        return connector, []
    if isinstance(connector, str):
        try:
            connector = json.loads(connector)
        except json.JSONDecodeError as exc:
            detail = f"not valid JSON ({exc.msg}, line {exc.lineno})"
            return None, [
                Finding("definition.invalid", False, {"field": "connector", "message": detail})
            ]
    if not isinstance(connector, Mapping):
        detail = f"a {type(connector).__name__} is not a connector; give a Connector or its dict"
        return None, [
            Finding("definition.invalid", False, {"field": "connector", "message": detail})
        ]
    findings = raw_host(connector) + raw_bodyless(connector)
    said = {field for f in findings for field in f.params.get("fields", ())}
    said |= {"host"} if any(f.code.startswith("host.") for f in findings) else set()
    try:
        spec = Connector.model_validate(dict(connector))
    except SpecError as exc:
        problems = [f for f in definition_problems(exc) if f.params["field"] not in said]
        return None, findings + problems
    return (spec, findings) if not findings else (None, findings)


def start_lesson(
    number: int, *, language: str = "en", sandbox: SandboxAPI | None = None
) -> LessonRun:
    """Start lesson ``number`` (1–7): its sandbox runs until :meth:`LessonRun.stop`."""
    lesson = LESSONS.get(number)
    if lesson is None:
        known = ", ".join(str(n) for n in sorted(LESSONS))
        raise ValueError(f"there is no lesson {number!r}; the course has lessons {known}")
    return LessonRun(lesson, sandbox, language)
