"""How JupyterLab is launched on the notebooks — one place for `make lab` and the browser test.

`make lab` runs ``python -m tools.lab`` and the browser test calls :func:`lab_command` with a
temp copy of ``notebooks/``, so what the test proves is what a person gets.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


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
