"""Pages' frames as one (``tables.combine.concat_frames``): the fast path for pages alike is
taken (proven by making the slow path's first step fail), and pages that differ are aligned —
columns unified, integers exact, booleans nullable, a column missing on a page as nulls."""

from __future__ import annotations

import pandas as pd
import pytest

from connector_lab.tables import combine
from connector_lab.tables.combine import concat_frames

BIG = 1434975267274035201


def test_pages_alike_take_the_one_concat_fast_path(monkeypatch):
    def slow_path(*args, **kwargs):
        raise AssertionError("pages alike must not be unified column by column")

    monkeypatch.setattr(combine, "_unified_dtypes", slow_path)
    pages = [pd.DataFrame({"id": [n, n + 1], "name": ["a", "b"]}) for n in (0, 2, 4)]
    pages[0].attrs["records_path"] = "$.data"
    combined = concat_frames(pages)
    assert combined["id"].tolist() == [0, 1, 2, 3, 4, 5]
    assert list(combined.index) == list(range(6)) and combined.attrs["records_path"] == "$.data"


def test_pages_that_differ_are_aligned(monkeypatch):
    calls = []
    unify = combine._unified_dtypes
    monkeypatch.setattr(combine, "_unified_dtypes", lambda *a: calls.append(1) or unify(*a))
    pages = [
        pd.DataFrame({"id": [1, 2], "flag": [True, False]}),
        pd.DataFrame({"id": [3], "late": [BIG]}),
        pd.DataFrame({"id": [4], "flag": [None], "late": [None]}),
    ]
    combined = concat_frames(pages)
    assert calls == [1]  # the slow path, once
    assert list(combined.columns) == ["id", "flag", "late"]
    assert combined["late"].dtype == "Int64" and combined["late"].tolist()[2] == BIG
    assert str(combined["flag"].dtype) == "boolean" and combined["flag"].isna().tolist() == [
        False,
        False,
        True,
        True,
    ]


@pytest.mark.parametrize("count", [0, 1])
def test_no_page_or_one_page(count):
    pages = [pd.DataFrame({"id": [1]})][:count]
    assert len(concat_frames(pages)) == count
