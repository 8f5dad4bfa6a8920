"""Atomic file replacement: write beside the target, fsync, rename over it.

A crash or an exception before the rename leaves the previous file exactly as it was; two
writers racing on one target each write their own temporary file, and the last rename wins
whole — a reader never sees a mix of the two. Used by the workspace store and by exports.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Temporary files start with this prefix, so listings can skip (and clean) leftovers.
TEMP_PREFIX = ".tmp-"


@contextlib.contextmanager
def atomic_path(target: Path, *, copy_existing: bool = False) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only if the block succeeds.

    With ``copy_existing`` the temporary starts as a copy of the target (for in-place
    changes such as appending to a database); otherwise it does not exist yet, and the
    writer creates it (with the permissions it chooses — see ``open_private``).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        if copy_existing and target.exists():
            shutil.copy2(target, temporary)
        else:
            temporary.unlink()  # writers that create their file want it absent
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        _fsync_directory(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _fsync_directory(folder: Path) -> None:
    # The rename itself is durable only once the directory entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. a platform without directory handles
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_private(path: Path, mode: str = "w"):
    """Open a new file that only its owner can read (0600) from the moment it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, mode, encoding="utf-8")
