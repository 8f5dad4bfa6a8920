"""A harvest against the naive loop: every page of a paginated list into one table or file.

100 pages x 1,000 nested orders (the sandbox's ``/paged/*?items=orders``, ≈ 57 MB of JSON)
from a sandbox running in its own process on loopback. The baseline is the loop a user
writes: ``requests.get(url).json()`` -> ``pandas.json_normalize(records)`` per page ->
``pd.concat``. Timed figures alternate baseline and harvest in this process (medians of
``--repeats``); memory figures are peak RSS growth, each run in a fresh subprocess.

Printed, each on its own line (targets from issue 11):
  ratio_latency=   50 ms per page, page-number style, Client.harvest (pages concurrent) <= 0.30
  ratio_local=     no latency                                                          <= 0.55
  ratio_cursor=    cursor style, 50 ms per page (prefetch overlaps parse and wait)      <= 0.75
  ratio_batch=     Client.batch, 500 calls to a 50 ms endpoint vs a sequential loop     <= 0.20
  memory_growth=   peak RSS growth, harvest to Parquet of 400 pages / of 100 pages     <= 1.3
  memory_ratio=    peak RSS growth, harvest() to a DataFrame / the naive loop           <= 1.0
The harvest side is ``Client.harvest`` with the action's declared pagination (page number
with the total from the body: pages fetched by 8 workers; cursor: one page fetched ahead).

Run: ``.venv/bin/python bench/harvest.py [--pages 100] [--per-page 1000] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil
import requests

from connector_lab import Action, Client, Connector, NoAuth, Pagination, Param

LATENCY = 0.05


# -- the sandbox, in a process of its own --------------------------------------------------
def start_sandbox() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "connector_lab.sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    url = line.rsplit(" ", 1)[-1].strip()
    if not url.startswith("http://"):
        process.terminate()
        raise SystemExit(f"the sandbox did not start: {line!r}")
    return process, url


# -- the two harvests ------------------------------------------------------------------------
def naive(url: str, pages: int, per_page: int, delay: float = 0.0) -> pd.DataFrame:
    frames = []
    for page in range(1, pages + 1):
        params = {"page": page, "per_page": per_page, "total": pages * per_page}
        params |= {"items": "orders", "delay": delay}
        body = requests.get(url + "/paged/pages", params=params).json()
        frames.append(pd.json_normalize(body["data"]))
    return pd.concat(frames, ignore_index=True)


def connector(url: str, per_page: int) -> Connector:
    params = [
        Param(name=name, type="integer") for name in ("page", "per_page", "total", "limit")
    ] + [Param(name="items"), Param(name="delay", type="number"), Param(name="cursor")]
    host = url.removeprefix("http://")
    by_page = Pagination(
        style="page", size_param="per_page", page_size=per_page, total_path="$.total"
    )
    by_cursor = Pagination(
        style="cursor", cursor_path="$.next_cursor", size_param="limit", page_size=per_page
    )
    actions = [
        Action(
            id="pages",
            name="Pages",
            path="/paged/pages",
            records_path="$.data",
            params=params,
            pagination=by_page,
        ),
        Action(
            id="cursor",
            name="Cursor",
            path="/paged/cursor",
            records_path="$.items",
            params=params,
            pagination=by_cursor,
        ),
    ]
    return Connector(
        display_name="bench", host=host, protocol="http", auth=NoAuth(), actions=actions
    )


def naive_cursor(url: str, pages: int, per_page: int, delay: float) -> pd.DataFrame:
    frames, cursor = [], None
    params = {"limit": per_page, "total": pages * per_page, "items": "orders", "delay": delay}
    while True:
        body = requests.get(url + "/paged/cursor", params={**params, "cursor": cursor}).json()
        frames.append(pd.json_normalize(body["items"]))
        cursor = body["next_cursor"]
        if not cursor:
            return pd.concat(frames, ignore_index=True)


def harvest(client: Client, pages: int, per_page: int, delay: float = 0.0, **kw):
    """Client.harvest of the page-number action: ``pages`` pages of ``per_page`` orders."""
    total = pages * per_page
    return client.harvest("pages", total=total, items="orders", delay=delay, **kw)


def harvest_cursor(client: Client, pages: int, per_page: int, delay: float):
    total = pages * per_page
    return client.harvest("cursor", total=total, items="orders", delay=delay)


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def alternate(baseline, ours, repeats: int) -> tuple[float, float]:
    a, b = [], []
    for _ in range(repeats):
        a.append(timed(baseline))
        b.append(timed(ours))
    return statistics.median(a), statistics.median(b)


# -- memory, each in a fresh process ---------------------------------------------------------
def high_water_mark() -> int:
    """Peak RSS in bytes since the process started or the mark was last reset."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise SystemExit("no VmHWM in /proc/self/status: this bench measures memory on Linux")


def child(mode: str, url: str, pages: int, per_page: int) -> None:
    """Runs one harvest and prints its peak RSS growth in MiB."""
    client = Client(connector(url, per_page))
    # Connections open and every lazily imported module loaded, on both sides alike: the
    # figure is what the harvest holds, not what its first import costs.
    harvest(client, 1, per_page)
    naive(url, 1, per_page)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec.
    Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts again here
    before = psutil.Process().memory_info().rss
    if mode == "naive":
        result = naive(url, pages, per_page)
    elif mode == "frame":
        result = harvest(client, pages, per_page)
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = harvest(client, pages, per_page, to=Path(folder) / "o.parquet")
    peak = high_water_mark()
    print(
        json.dumps(
            {
                "growth": (peak - before) / 2**20,
                "rows": getattr(result, "records", None) or len(result),
            }
        )
    )


def growth(mode: str, url: str, pages: int, per_page: int) -> float:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--url",
            url,
            "--pages",
            str(pages),
            "--per-page",
            str(per_page),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["growth"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--per-page", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.url, args.pages, args.per_page)
    process, url = start_sandbox()
    try:
        run(url, args.pages, args.per_page, args.repeats)
    finally:
        process.terminate()
        process.wait()


def run(url: str, pages: int, per_page: int, repeats: int) -> None:
    client = Client(connector(url, per_page))
    params = {"per_page": per_page, "total": per_page, "items": "orders"}
    size = len(requests.get(url + "/paged/pages", params=params).content)
    print(
        f"{pages} pages x {per_page} orders, {pages * size / 1e6:.0f} MB of JSON; "
        "the sandbox in its own process"
    )
    # The sandbox caches each page once made: make them all before anything is timed.
    for page in range(1, 4 * pages + 1):  # (the cache is keyed by the orders, not total=)
        params = {"page": page, "per_page": per_page, "total": 4 * pages * per_page}
        requests.get(url + "/paged/pages", params={**params, "items": "orders"})
    check = harvest(client, 2, per_page)
    assert len(check) == len(naive(url, 2, per_page)) == 2 * per_page
    assert len(harvest_cursor(client, 3, per_page, 0)) == 3 * per_page
    timed_figures(client, url, pages, per_page, repeats)
    batch_figure(client, url)
    memory_figures(url, pages, per_page)


def timed_figures(client: Client, url: str, pages: int, per_page: int, repeats: int) -> None:
    a, b = alternate(
        lambda: naive(url, pages, per_page), lambda: harvest(client, pages, per_page), repeats
    )
    print(f"no latency: naive {a:.2f} s, Client.harvest {b:.2f} s")
    print(f"ratio_local={b / a:.2f}")
    a, b = alternate(
        lambda: naive(url, pages, per_page, LATENCY),
        lambda: harvest(client, pages, per_page, LATENCY),
        max(1, repeats // 2),
    )
    print(f"50 ms per page, page numbers: naive {a:.2f} s, Client.harvest (8 workers) {b:.2f} s")
    print(f"ratio_latency={b / a:.2f}")
    a, b = alternate(
        lambda: naive_cursor(url, pages, per_page, LATENCY),
        lambda: harvest_cursor(client, pages, per_page, LATENCY),
        max(1, repeats // 2),
    )
    print(f"50 ms per page, cursor: naive {a:.2f} s, Client.harvest (one ahead) {b:.2f} s")
    print(f"ratio_cursor={b / a:.2f}")


def batch_figure(client: Client, url: str, calls: int = 500, workers: int = 16) -> None:
    """500 calls to a 50 ms endpoint: a sequential requests loop against Client.batch."""
    inputs = pd.DataFrame({"page": range(1, calls + 1)})
    inputs["per_page"], inputs["total"], inputs["delay"] = 1, calls, LATENCY

    def sequential() -> None:
        for row in inputs.to_dict("records"):
            requests.get(url + "/paged/pages", params=row).json()

    def batch() -> None:
        outcome = client.batch("pages", inputs, workers=workers, progress=False)
        assert outcome.succeeded == calls, outcome.table["error"].dropna().head()

    a, b = alternate(sequential, batch, 1)
    print(
        f"{calls} calls, 50 ms each: sequential loop {a:.2f} s, "
        f"Client.batch ({workers} workers) {b:.2f} s"
    )
    print(f"ratio_batch={b / a:.2f}")


def memory_figures(url: str, pages: int, per_page: int) -> None:
    small, large = (
        growth("parquet", url, pages, per_page),
        growth("parquet", url, 4 * pages, per_page),
    )
    print(
        f"harvest to Parquet, peak RSS growth: {pages} pages {small:.0f} MiB, "
        f"{4 * pages} pages {large:.0f} MiB"
    )
    print(f"memory_growth={large / small:.2f}")
    ours, theirs = growth("frame", url, pages, per_page), growth("naive", url, pages, per_page)
    print(
        f"to a DataFrame, peak RSS growth: Client.harvest {ours:.0f} MiB, "
        f"naive loop {theirs:.0f} MiB"
    )
    print(f"memory_ratio={ours / theirs:.2f}")


if __name__ == "__main__":
    main()
