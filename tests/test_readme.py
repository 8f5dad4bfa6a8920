"""The README runs as written: its Python blocks, pasted in order into a fresh interpreter,
work with nothing supplied — no names, no server, no files prepared by the test."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_starts_with_the_two_commands():
    lines = [line for line in README.read_text().splitlines() if line.startswith("make ")]
    assert [line.split()[1] for line in lines[:2]] == ["lab", "test"]


def test_the_code_example_is_short():
    block = re.findall(r"## In code.*?```python\n(.*?)```", README.read_text(), re.S)[0]
    assert len(block.strip().splitlines()) <= 15


def test_every_block_runs_verbatim_in_sequence(tmp_path):
    # One fresh interpreter, the blocks joined in README order, nothing else; the checks
    # afterwards read what the blocks made.
    script = "\n".join(python_blocks()) + (
        "\nimport pathlib\n"
        "assert len(records) == 20 and records[0]['customer']['address']['city']\n"
        "assert len(orders) == 20 and set(tables) == {'data', 'data.items'}\n"
        "assert pathlib.Path('orders.parquet').stat().st_size > 0\n"
        "assert pathlib.Path('shop.yaml').exists() and shop_id == 'sandbox-shop'\n"
        "assert last.stop == 'no next cursor' and len(items) == 95\n"
        "assert report.records == 95 and pathlib.Path('items.parquet').stat().st_size > 0\n"
        "assert outcome.succeeded == 3 and len(history) == 3\n"
        "print('README ok', factory.workspace.root)\n"
        "client.close(); api.stop()\n"
    )
    workspace = tmp_path / "home-workspace"
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "CONNECTOR_LAB_WORKSPACE": str(workspace)},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == f"README ok {workspace}"
    # The workspace block wrote its accounts next to a .gitignore that keeps them out of git.
    assert (tmp_path / "my-workspace" / ".gitignore").read_text().splitlines()[-1] == (
        "accounts.json"
    )


def test_the_readme_links_stay_inside_the_repository():
    targets = re.findall(r"`((?:\.\./|docs/)[^`]+\.md)`", README.read_text())
    assert targets and all(not t.startswith("../") for t in targets)
    assert all((ROOT / t).exists() for t in targets)
