"""Where a batch's input table comes from: the DataFrames of the kernel (the user namespace
of IPython, when there is one), and CSV files uploaded through the browser.

Reading is pandas' (``read_csv``); this module only finds the frames and names the file in
an error, with what to do about it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pandas as pd

#: The errors pandas raises for a file that is not a readable CSV.
_CSV_ERRORS = (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError)


def kernel_frames() -> dict[str, pd.DataFrame]:
    """The DataFrames bound to names in the kernel's user namespace (none outside IPython);
    names starting with ``_`` (IPython's output history) are left out."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: no kernel, no namespace to look in
        return {}
    shell = get_ipython()
    if shell is None:
        return {}
    return {
        name: value
        for name, value in list(shell.user_ns.items())
        if isinstance(value, pd.DataFrame) and not name.startswith("_")
    }


def parse_csv(name: str, content: bytes) -> pd.DataFrame:
    """The table in the CSV file ``name`` (UTF-8, with or without a BOM); a file pandas cannot
    read raises a ValueError naming the file, what went wrong and the fix."""
    try:
        frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    except _CSV_ERRORS as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(
            f"{name}: not a readable CSV ({reason}); save it as comma-separated UTF-8 text "
            "with a header row and upload it again"
        ) from None
    if frame.columns.empty:
        raise ValueError(f"{name}: the CSV has no columns; the first row must name them")
    return frame


def uploaded_files(value: Iterable[Any]) -> list[tuple[str, bytes]]:
    """``(name, content)`` of each file in a ``FileUpload.value`` (ipywidgets 8: a tuple of
    dicts whose ``content`` is a memoryview)."""
    return [(str(item["name"]), bytes(item["content"])) for item in value]


__all__ = ["kernel_frames", "parse_csv", "uploaded_files"]
