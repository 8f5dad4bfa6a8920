"""How fast the sandbox serves a large order list (moved here from the test suite, where a
wall-clock limit would make a slow machine fail a correct build).

For each of a few fresh seeds (nothing cached), it times
  (a) generating and encoding ``{"data": [100,000 orders], "total": N}`` in process, and
  (b) ``GET /orders?count=100000`` from a sandbox on loopback, body read in full,
and prints both medians and, last, ``ratio=<b/a>`` — what HTTP and the server add on top of
the generation itself. Expect a ratio a little above 1.

Run: ``.venv/bin/python bench/sandbox_orders.py [--count 100000] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import statistics
import time

import requests

from connector_lab.sandbox import data, serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="orders per request")
    parser.add_argument("--repeats", type=int, default=3, help="seeds per side")
    args = parser.parse_args()

    data.orders_body(1, 1000)  # warm both sides: first-call costs are not what is measured
    with serve(seed=1) as api:
        requests.get(f"{api.url}/orders", params={"count": 1000})

    inline: list[float] = []
    served: list[float] = []
    for repeat in range(args.repeats):
        seed = 9000 + 2 * repeat  # fresh seeds: the sandbox caches bodies per (seed, count)
        start = time.perf_counter()
        body = data.orders_body(seed, args.count)
        inline.append(time.perf_counter() - start)

        with serve(seed=seed + 1) as api:
            start = time.perf_counter()
            response = requests.get(f"{api.url}/orders", params={"count": args.count})
            served.append(time.perf_counter() - start)
        assert response.status_code == 200
        assert response.content.count(b'"number": "SO-') == args.count

    a, b = statistics.median(inline), statistics.median(served)
    print(f"{args.count} orders, {len(body) / 1e6:.1f} MB, {args.repeats} seeds per side")
    print(f"(a) generate + encode in process   median {a:6.2f} s")
    print(f"(b) GET /orders from the sandbox    median {b:6.2f} s")
    print(f"ratio={b / a:.3f}")


if __name__ == "__main__":
    main()
