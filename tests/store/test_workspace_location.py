"""Where accounts are written: the default workspace lies outside any project folder, and any
workspace keeps its accounts file out of git from the first write."""

from __future__ import annotations

import subprocess
from pathlib import Path

import platformdirs

from connector_lab import AuthAccount, Workspace
from tests.support import require_binary

ROOT = Path(__file__).resolve().parents[2]


def test_default_workspace_is_the_users_own_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CONNECTOR_LAB_WORKSPACE", raising=False)
    root = Workspace.default().root
    assert root == Path(platformdirs.user_data_dir("connector-lab")) / "workspace"
    assert ROOT not in root.parents
    monkeypatch.setenv("CONNECTOR_LAB_WORKSPACE", str(tmp_path / "mine"))
    assert Workspace.default().root == tmp_path / "mine"


def test_a_home_relative_workspace_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Workspace("~/connector-lab").root == tmp_path / "connector-lab"


def test_accounts_written_inside_a_git_tree_are_ignored(tmp_path):
    git = require_binary("git")
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)
    notebooks = tmp_path / "notebooks"
    ws = Workspace(notebooks / "my-workspace")
    ws.save_account("shop", AuthAccount(name="test", values={"token": "cnry-token-77"}))
    status = subprocess.run(
        [git, "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "accounts.json" not in status
    assert "notebooks/my-workspace/.gitignore" in status  # the rule itself is offered to git
