"""The run history journal: filters, order and limit, appends from many threads and many
processes at once, rotation, and a torn last line."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from connector_lab import RunHistory, StoreError

ROOT = Path(__file__).resolve().parents[2]


def entry(number: int, **more) -> dict:
    base = {
        "time": datetime.now(timezone.utc).isoformat(),
        "kind": "run",
        "run_id": "r1",
        "number": number,
        "connector": "shop",
        "action": "orders",
        "account": "test",
        "status": 200,
        "ok": True,
    }
    return {**base, **more}


def lines_of(history: RunHistory) -> list[str]:
    return [line for p in history.files() for line in p.read_text().splitlines()]


def test_read_filters_order_and_limit(tmp_path):
    history = RunHistory(tmp_path / "h" / "runs.jsonl")
    old = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    history.append(entry(0, time=old, action="users"))
    history.append(entry(1, status=503, ok=False, error="HTTP 503"))
    history.append(entry(2, kind="page", run_id="r2", account="prod"))
    history.append(entry(3, kind="batch", run_id="r3", connector="crm", status=None, ok=False))
    frame = history.read()
    assert frame["number"].tolist() == [3, 2, 1, 0]  # newest first
    assert history.read(order="oldest")["number"].tolist() == [0, 1, 2, 3]
    assert history.read(limit=2)["number"].tolist() == [3, 2]
    assert history.read(order="oldest", limit=1)["number"].tolist() == [0]
    assert history.read(action="users")["number"].tolist() == [0]
    assert history.read(account="prod")["number"].tolist() == [2]
    assert history.read(connector="crm")["number"].tolist() == [3]
    assert history.read(kind="page")["number"].tolist() == [2]
    assert history.read(run_id="r2")["number"].tolist() == [2]
    assert history.read(status="ok")["number"].tolist() == [2, 0]
    assert history.read(status="error")["number"].tolist() == [3, 1]
    assert history.read(status=503)["number"].tolist() == [1]
    since = datetime.now(timezone.utc) - timedelta(days=1)
    assert history.read(since=since)["number"].tolist() == [3, 2, 1]
    assert history.read(until=since.isoformat())["number"].tolist() == [0]
    assert history.read(since=since.replace(tzinfo=None).astimezone().replace(tzinfo=None))[
        "number"
    ].tolist() == [3, 2, 1]  # a naive datetime is local time
    assert str(frame["time"].dt.tz) == "UTC"
    assert list(frame.columns[:4]) == ["time", "kind", "run_id", "number"]


def test_an_empty_history_is_an_empty_frame_with_the_columns(tmp_path):
    frame = RunHistory(tmp_path / "none" / "runs.jsonl").read()
    assert len(frame) == 0 and "status" in frame.columns and frame.attrs["skipped"] == 0


def test_bad_filters_and_settings_say_what_to_give(tmp_path):
    history = RunHistory(tmp_path / "runs.jsonl")
    with pytest.raises(StoreError, match="'ok', 'error' or a code"):
        history.read(status="fine")
    with pytest.raises(StoreError, match="ISO string"):
        history.read(since="yesterday")
    with pytest.raises(StoreError, match="'newest' or 'oldest'"):
        history.read(order="random")
    with pytest.raises(StoreError, match="at least 1024"):
        RunHistory(tmp_path / "x.jsonl", max_bytes=10)
    with pytest.raises(StoreError, match="backups"):
        RunHistory(tmp_path / "x.jsonl", backups=-1)


def test_the_folder_it_creates_is_ignored_by_git(tmp_path):
    history = RunHistory(tmp_path / "history" / "runs.jsonl")
    history.append(entry(0))
    assert (tmp_path / "history" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_threads_appending_at_once_lose_nothing(tmp_path):
    history = RunHistory(tmp_path / "runs.jsonl", max_bytes=50_000_000)
    threads, per_thread = 8, 150

    def write(worker: int) -> None:
        for i in range(per_thread):
            history.append(entry(i, writer=f"t{worker}", pad="x" * (i % 50)))

    workers = [threading.Thread(target=write, args=(w,)) for w in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    lines = lines_of(history)
    assert len(lines) == threads * per_thread
    seen = {(json.loads(line)["writer"], json.loads(line)["number"]) for line in lines}
    assert len(seen) == threads * per_thread


WRITER = """
import sys, threading
from connector_lab.store.history import RunHistory
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
history = RunHistory(path, max_bytes=50_000_000)
def write(t):
    for i in range(count):
        history.append({"writer": f"{name}-{t}", "number": i, "pad": "y" * (i * 37 % 3000)})
threads = [threading.Thread(target=write, args=(t,)) for t in range(3)]
for t in threads: t.start()
for t in threads: t.join()
"""


def test_processes_appending_at_once_lose_nothing(tmp_path):
    path = tmp_path / "runs.jsonl"
    processes, count = 4, 120
    running = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"p{n}", str(count)], cwd=ROOT)
        for n in range(processes)
    ]
    assert [p.wait(timeout=120) for p in running] == [0] * processes
    lines = path.read_text().splitlines()
    assert len(lines) == processes * 3 * count
    parsed = [json.loads(line) for line in lines]  # every line whole
    assert len({(e["writer"], e["number"]) for e in parsed}) == len(lines)


def test_rotation_bounds_the_size_and_keeps_the_newest(tmp_path):
    history = RunHistory(tmp_path / "runs.jsonl", max_bytes=4096, backups=2)
    for i in range(500):
        history.append(entry(i, pad="z" * 60))
    files = history.files()
    assert [p.name for p in files] == ["runs.2.jsonl", "runs.1.jsonl", "runs.jsonl"]
    assert all(p.stat().st_size <= 4096 for p in files)
    numbers = history.read()["number"].tolist()
    assert numbers[0] == 499 and numbers == sorted(numbers, reverse=True)
    assert numbers == list(range(499, 499 - len(numbers), -1))  # no gap among those kept
    line = len(files[-1].read_text().splitlines()[0]) + 1
    assert 2 * (4096 // line) <= len(numbers) <= 3 * (4096 // line)  # two full backups kept
    history.clear()
    assert history.files() == [] and len(history.read()) == 0


def test_no_backups_means_one_bounded_file(tmp_path):
    history = RunHistory(tmp_path / "runs.jsonl", max_bytes=2048, backups=0)
    for i in range(100):
        history.append(entry(i))
    assert [p.name for p in history.files()] == ["runs.jsonl"]
    assert history.files()[0].stat().st_size <= 2048


def test_a_torn_line_is_skipped_and_the_next_entry_starts_fresh(tmp_path):
    path = tmp_path / "runs.jsonl"
    history = RunHistory(path)
    history.append(entry(0))
    with open(path, "ab") as handle:
        handle.write(b'{"time": "2024-01-01T00:00:00+00:00", "kind": "ru')  # a writer died
    history.append(entry(1))
    history.append(entry(2))
    frame = history.read(order="oldest")
    assert frame["number"].tolist() == [0, 1, 2]
    assert frame.attrs["skipped"] == 1
    assert len(path.read_text().splitlines()) == 4
    path.write_bytes(path.read_bytes() + b'{"cut": tr')  # torn at the very end
    assert history.read()["number"].tolist() == [2, 1, 0]
    with open(path, "ab") as handle:
        handle.write(b'\n[1, 2]\n"text"\n\n')  # JSON, but not an entry
    assert history.read().attrs["skipped"] == 4
