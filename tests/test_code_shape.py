"""The shape the structure issue set: engine and widget functions stay short (one placing
step per location, one walker, named steps), so each can be read in one screen."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 50  # lines, from the def (decorators excluded) to the last line of the body


def function_lengths(folder: Path) -> list[tuple[int, str]]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                found.append((length, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"))
    return found


@pytest.mark.parametrize("folder", ["connector_lab", "widgets"])
def test_no_function_is_longer_than_the_limit(folder):
    lengths = function_lengths(ROOT / folder)
    assert len(lengths) > 50  # the walk found the code
    too_long = sorted((n, where) for n, where in lengths if n >= LIMIT)
    assert too_long == []
