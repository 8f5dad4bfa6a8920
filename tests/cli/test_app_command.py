"""``connector-lab app``: the network policy chosen from the bound host, the environment and
argv handed to Voila, and the packaged notebook building the factory — or, with
``--lesson N``, the course panel of that lesson — from that environment.
(The app served for real, in a browser: tests/browser/test_webapp_browser.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import nbformat
import pytest
from connector_lab.widgets import ConnectorFactory, CoursePanel
from connector_lab.widgets.webapp import app_from_environment

from connector_lab.cli import commands_app, main
from connector_lab.cli.commands_app import (
    LANGUAGE_ENV,
    LESSON_ENV,
    NETWORK_ENV,
    app_command,
    app_environment,
    app_notebook,
    is_local_host,
    network_mode_for_host,
    voila_command,
)
from connector_lab.course import LESSONS
from connector_lab.store.workspace import WORKSPACE_ENV

from .conftest import invoke

LOCAL = ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST.", "::1", "[::1]"]
SHARED = ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "203.0.113.7", "my-laptop", "example.org"]


@pytest.mark.parametrize("host", LOCAL)
def test_localhost_keeps_the_default_policy(host):
    assert is_local_host(host)
    assert network_mode_for_host(host) == "default"


@pytest.mark.parametrize("host", SHARED)
def test_served_beyond_localhost_is_public_only(host):
    assert not is_local_host(host)
    assert network_mode_for_host(host) == "public_only"


def test_the_environment_carries_workspace_policy_and_language(tmp_path):
    env = app_environment("0.0.0.0", tmp_path / "class", "zh", base={"PATH": "/bin"})
    assert env == {
        "PATH": "/bin",
        NETWORK_ENV: "public_only",
        LANGUAGE_ENV: "zh",
        WORKSPACE_ENV: str((tmp_path / "class").resolve()),
    }
    # no --workspace: an inherited $CONNECTOR_LAB_WORKSPACE is kept as it is
    local = app_environment("127.0.0.1", None, "en", base={WORKSPACE_ENV: "/w"})
    assert local == {WORKSPACE_ENV: "/w", NETWORK_ENV: "default", LANGUAGE_ENV: "en"}


def test_voila_serves_the_packaged_notebook_on_the_given_address():
    argv = voila_command("127.0.0.1", 9999)
    assert argv[:3] == [sys.executable, "-m", "voila"]
    assert Path(argv[3]) == app_notebook() and app_notebook().is_file()
    assert "--Voila.ip=127.0.0.1" in argv and "--port=9999" in argv
    assert "--Voila.port_retries=0" in argv and "--no-browser" in argv
    more = voila_command("0.0.0.0", 80, open_browser=True, extra=("--Voila.x=1",))
    assert more[-1] == "--Voila.x=1" and "--no-browser" not in more


def _run_app_notebook(monkeypatch, env: dict[str, str]):
    """The app notebook's code cell run as it is, in the environment ``env``: its last line
    (``app_from_environment()``) is the widget the app shows."""
    for name in (WORKSPACE_ENV, NETWORK_ENV, LANGUAGE_ENV, LESSON_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (cell,) = [c for c in nbformat.read(app_notebook(), 4).cells if c.cell_type == "code"]
    *body, last = cell.source.rstrip().split("\n")
    assert last == "app_from_environment()"
    namespace: dict = {}
    exec("\n".join(body), namespace)
    return eval(last, namespace)


def test_the_app_notebook_builds_the_factory_from_the_environment(monkeypatch, tmp_path):
    env = app_environment("0.0.0.0", tmp_path, "zh", base={})
    factory = _run_app_notebook(monkeypatch, env)
    assert isinstance(factory, ConnectorFactory)
    assert factory.network.mode == "public_only"
    assert factory.workspace.root == tmp_path.resolve()
    assert factory.language == "zh"
    local = _run_app_notebook(monkeypatch, app_environment("127.0.0.1", tmp_path, "en", base={}))
    assert local.network.mode == "default" and local.language == "en"
    # run by hand without the command's settings: public only, the safe side
    assert _run_app_notebook(monkeypatch, {WORKSPACE_ENV: str(tmp_path)}).network.mode == (
        "public_only"
    )


def test_the_environment_carries_the_lesson(tmp_path):
    env = app_environment("127.0.0.1", tmp_path, "zh", base={"PATH": "/bin"}, lesson=3)
    assert env[LESSON_ENV] == "3" and env[NETWORK_ENV] == "default" and env[LANGUAGE_ENV] == "zh"
    # no --lesson: a lesson inherited from the caller's environment is not served
    assert LESSON_ENV not in app_environment("127.0.0.1", None, "en", base={LESSON_ENV: "2"})


def test_the_lesson_option_covers_exactly_the_course():
    (option,) = [p for p in app_command.params if p.name == "lesson"]
    assert isinstance(option.type, click.IntRange)
    numbers = list(range(option.type.min, option.type.max + 1))
    assert numbers == sorted(LESSONS)


def test_the_app_notebook_shows_lesson1_in_zh_with_its_check_button(monkeypatch):
    env = app_environment("127.0.0.1", None, "zh", base={}, lesson=1)
    panel = _run_app_notebook(monkeypatch, env)
    try:
        assert isinstance(panel, CoursePanel)
        assert panel.lesson_run.lesson.number == 1 and panel.language == "zh"
        assert "第 1 课" in panel.header.value and panel.lesson_run.host in panel.header.value
        assert panel.lesson_run.host.startswith("127.0.0.1:")
        assert panel.check_button.description == "检查"
        assert panel.factory.network.mode == "default"
        # no workspace given: the learner's connector is saved in a fresh temporary folder
        assert Path(panel.factory.workspace.root).name.startswith("connector-lab-course-")
    finally:
        panel.lesson_run.stop()


def test_a_lesson_in_the_workspace_given(tmp_path):
    env = app_environment("127.0.0.1", tmp_path / "learner", "en", base={}, lesson=2)
    panel = app_from_environment(env)
    try:
        assert panel.factory.workspace.root == (tmp_path / "learner").resolve()
        assert "Lesson 2" in panel.header.value and panel.check_button.description == "Check"
    finally:
        panel.lesson_run.stop()


@pytest.mark.parametrize(
    ("env", "words"),
    [
        # served to others, or run by hand without a network mode: public APIs only
        ({LESSON_ENV: "1", NETWORK_ENV: "public_only"}, "public_only"),
        ({LESSON_ENV: "1"}, "127.0.0.1"),
        ({LESSON_ENV: "one", NETWORK_ENV: "default"}, "is not a lesson number"),
        ({LESSON_ENV: "9", NETWORK_ENV: "default"}, "there is no lesson 9"),
    ],
)
def test_app_from_environment_refuses_a_lesson_it_cannot_serve(env, words):
    with pytest.raises(ValueError, match=words) as caught:
        app_from_environment(env)
    if env.get(LESSON_ENV) == "1":
        assert "connector-lab app --lesson 1" in str(caught.value)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20"])
def test_a_lesson_served_beyond_localhost_is_refused_before_voila(host):
    done = invoke("app", "--lesson", "1", "--host", host, "--port", "1", workspace=None)
    assert done.code == 2
    assert f"--lesson 1 cannot be served on --host {host}" in done.err
    assert "127.0.0.1" in done.err and "each learner's machine" in done.err
    assert "serving" not in done.err  # stopped before the note and before Voila


def test_lesson5_is_served_in_the_forms_with_save_table(tmp_path):
    """Lesson 5 (a table saved to a file) is done in the forms: its run panel's "Save table"
    writes into the learner's workspace, and Check reads that file."""
    env = app_environment("127.0.0.1", tmp_path / "learner", "en", base={}, lesson=5)
    panel = app_from_environment(env)
    try:
        assert isinstance(panel, CoursePanel) and "Lesson 5" in panel.header.value
        assert panel.factory.run_panel.save_table.exports_dir() == (
            (tmp_path / "learner").resolve() / "exports"
        )
    finally:
        panel.lesson_run.stop()


def test_a_lesson_beyond_the_course_is_a_usage_error():
    done = invoke("app", "--lesson", "8", workspace=None)
    assert done.code == 2 and "--lesson" in done.err and "1<=x<=7" in done.err


def test_the_command_serves_the_lesson_on_localhost(monkeypatch, capsys, tmp_path):
    """Up to the exec of Voila (replaced here): the note names the lesson, the environment
    handed to Voila carries it."""
    seen: dict = {}

    def fake_execve(path, argv, env):
        seen.update(argv=argv, env=env)
        raise SystemExit(0)

    monkeypatch.setattr(commands_app.os, "execve", fake_execve)
    with pytest.raises(SystemExit):
        main(["-w", str(tmp_path), "app", "--lesson", "4", "--language", "zh"])
    assert seen["env"][LESSON_ENV] == "4" and seen["env"][NETWORK_ENV] == "default"
    assert "--Voila.ip=127.0.0.1" in seen["argv"]
    assert "serving lesson 4 of the course at http://127.0.0.1:8866/" in capsys.readouterr().err


def test_app_is_listed_and_loads_neither_voila_nor_ipywidgets():
    code = (
        "import sys\nfrom connector_lab.cli import main\n"
        "try:\n    main(['app', '--help'])\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, sorted(m for m in ('voila', 'ipywidgets') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "--host" in done.stdout and "public APIs only" in done.stdout
    assert done.stdout.strip().endswith("0 []")
