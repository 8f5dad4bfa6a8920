"""The run history (运行日志): an append-only JSON Lines journal of every run, page and batch
row, kept in the workspace and read back as a DataFrame.

::

    history/
      runs.jsonl      the newest entries, one JSON object a line
      runs.1.jsonl    … older, up to ``backups`` files (runs.N.jsonl is the oldest)
      runs.jsonl.lock the lock every appender takes

Appends are safe across threads and processes: each one takes a ``filelock`` lock (and a
thread lock, so threads of one process queue cheaply), then writes its whole line with one
``write`` to a file opened for appending. Before a line would take ``runs.jsonl`` past
``max_bytes`` the files shift (``runs.jsonl`` → ``runs.1.jsonl`` …, the oldest dropped), so
the journal never holds much more than ``(backups + 1) × max_bytes``.

A writer killed mid-line leaves a torn last line: the next append starts on a new line, and
reading skips any line that is not a JSON object (``frame.attrs["skipped"]`` counts them).

Entries are built by ``wire/journal.py`` — masked there; this module stores what it is given.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from ..errors import StoreError

if TYPE_CHECKING:
    import pandas as pd

#: The columns of :meth:`RunHistory.read`, in order (an entry's other keys follow them).
COLUMNS = (
    "time",
    "kind",
    "run_id",
    "number",
    "connector",
    "action",
    "account",
    "method",
    "url",
    "params",
    "status",
    "ok",
    "elapsed",
    "bytes",
    "records",
    "error",
    "retries",
    "waited",
    "attempts",
)
_WHOLE_NUMBERS = ("number", "status", "bytes", "records", "retries")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_BACKUPS = 3
# One process-wide thread lock per journal file: two RunHistory objects on one path share it.
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(str(path.resolve()), threading.Lock())


class RunHistory:
    """An append-only journal at ``path`` (``runs.jsonl``), rotated past ``max_bytes`` into
    ``backups`` older files.

    >>> history = RunHistory("history/runs.jsonl")   # doctest: +SKIP
    >>> history.append({"kind": "run", "action": "orders", "ok": True})  # doctest: +SKIP
    >>> history.read(action="orders", limit=10)       # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        backups: int = DEFAULT_BACKUPS,
        lock_timeout: float = 30.0,
    ):
        if not isinstance(max_bytes, int) or max_bytes < 1024:
            raise StoreError(
                f"max_bytes={max_bytes!r} is too small for a journal; give at least 1024 "
                f"(the default is {DEFAULT_MAX_BYTES})"
            )
        if not isinstance(backups, int) or backups < 0:
            raise StoreError(f"backups={backups!r} must be a whole number ≥ 0 (e.g. 3)")
        self.path = Path(path).expanduser()
        self.max_bytes = max_bytes
        self.backups = backups
        self.lock_timeout = lock_timeout
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._thread_lock = _thread_lock(self.path)
        self._file_lock: FileLock | None = None  # made on first write (its folder may not exist)

    def _locked(self) -> FileLock:
        # One lock object per journal, reused: making one per append cost more than the write.
        # Threads queue on the thread lock first, so one process holds the file lock at a time.
        if self._file_lock is None:
            self._file_lock = FileLock(
                self._lock_path, timeout=self.lock_timeout, thread_local=False
            )
        return self._file_lock

    def __repr__(self) -> str:
        return f"RunHistory({str(self.path)!r}, max_bytes={self.max_bytes}, backups={self.backups})"

    # -- writing -------------------------------------------------------------------------------
    def append(self, entry: Mapping[str, Any]) -> None:
        """Add one entry (a JSON-able mapping) as one line."""
        self.extend([entry])

    def extend(self, entries: Iterable[Mapping[str, Any]]) -> None:
        """Add entries, each its own line, in one locked write."""
        lines = [json.dumps(dict(e), ensure_ascii=False, default=str) + "\n" for e in entries]
        if not lines:
            return
        data = "".join(lines).encode("utf-8")
        if not self.path.parent.is_dir():
            self._make_folder()
        try:
            with self._thread_lock, self._locked():
                self._write_locked(data)
        except Timeout:
            raise StoreError(
                f"the run history {self.path} stayed locked for {self.lock_timeout:g} s; "
                f"another process holds {self._lock_path} — wait, or remove the lock file if "
                "no connector-lab process is running",
                path=str(self.path),
            ) from None
        except OSError as exc:
            raise StoreError(
                f"could not append to the run history {self.path}: {exc.strerror or exc}",
                path=str(self.path),
            ) from None

    def _make_folder(self) -> None:
        # A folder the journal creates ignores itself in git: parameters are masked, but a
        # history of someone's runs (ids, dates, customers) is still not for `git add .`.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ignore = self.path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# the run history stays local\n*\n")

    def _write_locked(self, data: bytes) -> None:
        size = self.path.stat().st_size if self.path.exists() else 0
        if size and size + len(data) > self.max_bytes:
            self._rotate()
            size = 0
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # a torn last line stays on its own (and is skipped)
            os.write(fd, data)
        finally:
            os.close(fd)

    def _rotate(self) -> None:
        if self.backups == 0:
            self.path.unlink(missing_ok=True)
            return
        self._backup(self.backups).unlink(missing_ok=True)
        for number in range(self.backups - 1, 0, -1):
            if self._backup(number).exists():
                os.replace(self._backup(number), self._backup(number + 1))
        os.replace(self.path, self._backup(1))

    def _backup(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.stem}.{number}{self.path.suffix}")

    def clear(self) -> None:
        """Remove the journal and its backups."""
        if not self.path.parent.is_dir():
            return
        with self._thread_lock, self._locked():
            for path in self.files():
                path.unlink(missing_ok=True)

    # -- reading -------------------------------------------------------------------------------
    def files(self) -> list[Path]:
        """The journal's files that exist, oldest first."""
        paths = [self._backup(n) for n in range(self.backups, 0, -1)] + [self.path]
        return [path for path in paths if path.exists()]

    def _lines(self, newest_first: bool) -> Iterator[bytes]:
        files = self.files()
        for path in reversed(files) if newest_first else files:
            lines = path.read_bytes().splitlines()
            yield from reversed(lines) if newest_first else lines

    def entries(
        self,
        *,
        order: str = "newest",
        limit: int | None = None,
        skipped: list[int] | None = None,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Entries matching ``filters`` (see :meth:`read`) as dicts."""
        if order not in ("newest", "oldest"):
            raise StoreError(f"order={order!r} is not an order; use 'newest' or 'oldest'")
        match = _matcher(**filters)
        out: list[dict[str, Any]] = []
        torn = 0
        for line in self._lines(order == "newest"):
            if limit is not None and len(out) >= limit:
                break
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                entry = None
            if not isinstance(entry, dict):
                torn += 1
                continue
            if match(entry):
                out.append(entry)
        if skipped is not None:
            skipped.append(torn)
        return out

    def read(
        self,
        *,
        connector: str | None = None,
        action: str | None = None,
        account: str | None = None,
        status: str | int | None = None,
        kind: str | None = None,
        run_id: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        limit: int | None = None,
        order: str = "newest",
    ) -> pd.DataFrame:
        """The journal as a DataFrame, **newest first** (``order="oldest"`` for the other way);
        ``limit`` keeps that many rows from the top.

        ``status``: ``"ok"``, ``"error"`` (a 4xx/5xx answer or no answer at all) or an HTTP
        code. ``since``/``until``: datetimes or ISO strings, inclusive; a naive one is local
        time. The ``time`` column is UTC. Unreadable (torn) lines are skipped and counted in
        ``frame.attrs["skipped"]``.
        """
        import pandas as pd

        skipped: list[int] = []
        rows = self.entries(
            connector=connector,
            action=action,
            account=account,
            status=status,
            kind=kind,
            run_id=run_id,
            since=since,
            until=until,
            limit=limit,
            order=order,
            skipped=skipped,
        )
        frame = pd.DataFrame(rows)
        extra = [c for c in frame.columns if c not in COLUMNS]
        frame = frame.reindex(columns=[*COLUMNS, *extra])
        frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
        for column in _WHOLE_NUMBERS:  # missing values make them floats otherwise
            frame[column] = frame[column].astype("Int64")
        frame.attrs["skipped"] = skipped[0] if skipped else 0
        return frame

    frame = read


def _as_utc(value: datetime | str | None, name: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise StoreError(
                f"{name}={value!r} is not a date and time; give a datetime or an ISO string "
                "such as '2024-05-01T08:00' (naive times are local)"
            ) from None
    if not isinstance(value, datetime):
        raise StoreError(f"{name} must be a datetime or an ISO string, not {type(value).__name__}")
    return value.astimezone(timezone.utc)  # a naive datetime is taken as local time


def _status_test(status: str | int | None):
    if status is None:
        return None
    if status == "ok":
        return lambda e: e.get("ok") is True
    if status == "error":
        return lambda e: e.get("ok") is not True
    if isinstance(status, int) and not isinstance(status, bool):
        return lambda e: e.get("status") == status
    raise StoreError(f"status={status!r} is not a status filter; use 'ok', 'error' or a code")


def _matcher(**filters: Any):
    """One predicate for every filter given (equality for the plain fields)."""
    since = _as_utc(filters.pop("since", None), "since")
    until = _as_utc(filters.pop("until", None), "until")
    status = _status_test(filters.pop("status", None))
    plain = {k: v for k, v in filters.items() if v is not None}
    unknown = set(plain) - set(COLUMNS)
    if unknown:
        raise StoreError(f"unknown history filter(s) {sorted(unknown)}; filter by {COLUMNS}")

    def match(entry: dict[str, Any]) -> bool:
        if any(entry.get(k) != v for k, v in plain.items()):
            return False
        if status is not None and not status(entry):
            return False
        if since is None and until is None:
            return True
        try:
            when = datetime.fromisoformat(entry.get("time", ""))
        except (TypeError, ValueError):
            return False
        return (since is None or when >= since) and (until is None or when <= until)

    return match
