"""The widget ``connector-lab app`` shows, chosen from the environment the command sets:
a lesson of the trainer's course (:class:`CoursePanel`, with a Check / 检查 button) when
``$CONNECTOR_LAB_LESSON`` is set, else the connector factory. This module owns that choice
and reading those settings; the packaged ``app_notebook.ipynb`` is one call of
:func:`app_from_environment`, and the names of the settings are defined once, in
:mod:`connector_lab.cli.commands_app`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import ipywidgets as w

from connector_lab import NetworkPolicy, Workspace
from connector_lab.cli.commands_app import LANGUAGE_ENV, LESSON_ENV, NETWORK_ENV
from connector_lab.course import start_lesson
from connector_lab.store.workspace import WORKSPACE_ENV

from .app import ConnectorFactory
from .course_panel import CoursePanel


def _lesson_number(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(
            f"{LESSON_ENV}={text!r} is not a lesson number; set it to one of the course's "
            "lessons (connector-lab app --lesson 1)"
        ) from None


def _course_panel(number: int, network: NetworkPolicy, language: str, root: str | None):
    """Lesson ``number`` in a CoursePanel; refused under ``public_only`` (its sandbox is on
    loopback, which such an app must not reach)."""
    if network.mode == "public_only":
        raise ValueError(
            f"lesson {number} cannot run in an app limited to public APIs "
            f"({NETWORK_ENV}=public_only): the lesson's sandbox runs on 127.0.0.1, which an app "
            "served to others must not reach. Run the course on each learner's machine, bound "
            f"to 127.0.0.1: connector-lab app --lesson {number}"
        )
    run = start_lesson(number, language=language)
    options = {"workspace": Workspace(root)} if root else {}
    try:
        return CoursePanel(run, network=network, **options)
    except Exception:
        run.stop()
        raise


def app_from_environment(environ: Mapping[str, str] = os.environ) -> w.DOMWidget:
    """The app's widget: lesson ``$CONNECTOR_LAB_LESSON`` in a :class:`CoursePanel` when set,
    else a :class:`ConnectorFactory` on ``$CONNECTOR_LAB_WORKSPACE`` (else the user's own
    workspace). ``$CONNECTOR_LAB_NETWORK`` is the network policy mode (``public_only`` when
    unset: the safe side), ``$CONNECTOR_LAB_LANGUAGE`` the language (``en`` when unset)."""
    root = environ.get(WORKSPACE_ENV)
    network = NetworkPolicy(environ.get(NETWORK_ENV) or "public_only")
    language = environ.get(LANGUAGE_ENV) or "en"
    lesson = (environ.get(LESSON_ENV) or "").strip()
    if lesson:
        return _course_panel(_lesson_number(lesson), network, language, root)
    return ConnectorFactory(
        workspace=Workspace(root) if root else Workspace.default(),
        network=network,
        language=language,
    )


__all__ = ["app_from_environment"]
