"""How JupyterLab is launched on the notebooks — one place for `make lab`, the browser tests
and the notebook screenshots.

`make lab` runs ``python -m tools.lab``; the browser tests and ``tools/notebook_images.py``
start :func:`running_lab` (the same :func:`lab_command`, with Jupyter folders of its own) on a
temp copy of ``notebooks/``, so what the tests prove is what a person gets.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

#: How Chromium runs headless here: no sandbox (root in containers), no background traffic.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def lab_command(
    root_dir: Path | str = NOTEBOOKS,
    *,
    port: int | None = None,
    token: str | None = None,
    open_browser: bool = True,
) -> list[str]:
    """Return the argv that starts JupyterLab on ``root_dir`` with this interpreter's kernel.

    Example: ``lab_command("/tmp/nb", port=8899, token="t", open_browser=False)``.
    """
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(root_dir).resolve()}",
        "--ServerApp.ip=127.0.0.1",
    ]
    if port is not None:
        # A fixed port must fail loudly rather than silently move elsewhere.
        argv += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if not open_browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses to start as root without it (containers, CI machines).
        argv.append("--allow-root")
    return argv


def free_port() -> int:
    """A port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    """The environment with Jupyter folders of its own under ``home`` (no user settings, no
    news toast over the page)."""
    settings = home / "settings"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    return {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }


class ServerDidNotStart(RuntimeError):
    """A server exited before it answered, or did not answer in time (its log included)."""


@contextmanager
def running_server(
    argv: list[str], env: dict[str, str], log: Path, answers: Callable[[], None], what: str
) -> Iterator[subprocess.Popen]:
    """``argv`` running (output to ``log``) until the block ends, entered once ``answers()``
    stops raising OSError; :class:`ServerDidNotStart` (with the log) when it exits early or
    does not answer within 60 s. Stopped on exit (terminated, killed after 15 s)."""
    with log.open("w") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise ServerDidNotStart(f"{what} exited early:\n{log.read_text()}")
            try:
                answers()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(
                        f"{what} did not answer within 60 s:\n{log.read_text()}"
                    ) from None
                time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def running_lab(root: Path, home: Path, log: Path, token: str) -> Iterator[str]:
    """JupyterLab serving ``root`` until the block ends; yields its base URL. A RuntimeError
    (with the server's log) when it exits early or does not answer within 60 s."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def answers() -> None:
        with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
            pass

    argv = lab_command(root, port=port, token=token, open_browser=False)
    with running_server(argv, isolated_env(home), log, answers, "JupyterLab"):
        yield url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Open JupyterLab on connector_lab's notebooks.")
    parser.add_argument("--root", default=str(NOTEBOOKS), help="folder to serve (notebooks/)")
    parser.add_argument("--port", type=int, default=None, help="port (default: Jupyter's)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    args = parser.parse_args(argv)
    command = lab_command(args.root, port=args.port, open_browser=not args.no_browser)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
