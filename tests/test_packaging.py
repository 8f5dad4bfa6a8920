"""The distribution: wheel and editable installs import the engine and the widgets, and the
engine never needs ipywidgets."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import connector_lab

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "connector_lab"


def _engine_modules() -> list[str]:
    names = []
    for path in sorted(ENGINE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_engine_source_never_imports_ipywidgets():
    offenders = []
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] == "ipywidgets"]
    assert offenders == []


def test_engine_imports_with_ipywidgets_uninstalled():
    # A None entry in sys.modules makes `import ipywidgets` raise ImportError, exactly as if
    # the package were not installed; every engine module must still import.
    modules = _engine_modules()
    assert "connector_lab.sandbox" in modules
    code = (
        "import sys, importlib\n"
        "sys.modules['ipywidgets'] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "try:\n"
        "    import ipywidgets\n"
        "except ImportError:\n"
        "    print('engine ok without ipywidgets')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/"
    )
    assert out.stdout.strip() == "engine ok without ipywidgets"


def test_editable_install_maps_widgets_folder():
    import connector_lab.widgets as widgets

    assert Path(connector_lab.__file__).parent == ENGINE
    assert Path(widgets.__file__).parent == ROOT / "widgets"


@pytest.mark.slow
def test_wheel_install_imports_engine_and_widgets(tmp_path):
    wheel_dir, site, source = tmp_path / "wheel", tmp_path / "site", tmp_path / "source"
    # A clean copy: setuptools reuses build/lib, where modules that were moved away linger.
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "__pycache__"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheel_dir, source],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("connector_lab-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "connector_lab/widgets/__init__.py" in names
    # Every package of the source tree is in the wheel (pyproject lists them by hand).
    packages = {str(p.relative_to(ROOT)) for p in ENGINE.rglob("__init__.py")}
    assert packages - set(names) == set()
    assert not [n for n in names if n.startswith(("widgets/", "tests/", "tools/"))]

    subprocess.run([*pip, "install", "--no-deps", "--target", site, wheel], check=True)
    # PYTHONPATH comes before site-packages, so the wheel's copy shadows the editable one.
    code = (
        "import importlib, connector_lab, connector_lab.widgets\n"
        f"for name in {_engine_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "assert all(hasattr(connector_lab, name) for name in connector_lab.__all__)\n"
        "print(connector_lab.__file__)\nprint(connector_lab.widgets.__file__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    engine_file, widgets_file = out.stdout.split()
    assert engine_file == str(site / "connector_lab" / "__init__.py")
    assert widgets_file == str(site / "connector_lab" / "widgets" / "__init__.py")


def test_pytest_collects_from_the_repo_root():
    # No module outside tests/ may look like a test module (widgets/test_panel.py once did).
    out = subprocess.run(
        [sys.executable, "-m", "pytest", ".", "--collect-only", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert " tests collected" in out.stdout and "error" not in out.stdout.splitlines()[-1]
