"""``connector-lab app``: the network policy chosen from the bound host, the environment and
argv handed to Voila, and the packaged notebook building the factory from that environment.
(The app served for real, in a browser: tests/browser/test_webapp_browser.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from connector_lab.cli.commands_app import (
    LANGUAGE_ENV,
    NETWORK_ENV,
    app_environment,
    app_notebook,
    is_local_host,
    network_mode_for_host,
    voila_command,
)
from connector_lab.store.workspace import WORKSPACE_ENV

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
    for name in (WORKSPACE_ENV, NETWORK_ENV, LANGUAGE_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (cell,) = [c for c in nbformat.read(app_notebook(), 4).cells if c.cell_type == "code"]
    *body, last = cell.source.split("\nConnectorFactory(")
    namespace: dict = {}
    exec("\n".join(body) + "\nfactory = ConnectorFactory(" + last, namespace)
    return namespace["factory"]


def test_the_app_notebook_builds_the_factory_from_the_environment(monkeypatch, tmp_path):
    env = app_environment("0.0.0.0", tmp_path, "zh", base={})
    factory = _run_app_notebook(monkeypatch, env)
    assert factory.network.mode == "public_only"
    assert factory.workspace.root == tmp_path.resolve()
    assert factory.language == "zh"
    local = _run_app_notebook(monkeypatch, app_environment("127.0.0.1", tmp_path, "en", base={}))
    assert local.network.mode == "default" and local.language == "en"
    # run by hand without the command's settings: public only, the safe side
    assert _run_app_notebook(monkeypatch, {WORKSPACE_ENV: str(tmp_path)}).network.mode == (
        "public_only"
    )


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
