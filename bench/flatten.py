"""connector_lab's flattening against pandas.json_normalize, on the same data.

100,000 nested records (fixed seed): ~20 leaf fields, two levels of nested objects, and a list
of 3 line items each. Two cases, each timed alternately over several repeats:
  (a) plain flatten — nested objects to dotted columns;
  (b) explode the items with the parent's fields carried down
      (json_normalize(record_path="items", meta=[...], record_prefix="items.")).
The two results are checked to hold the same values. Prints medians, peak memory (measured in
separate, untimed runs with tracemalloc) and, last, ``ratio=<ours/json_normalize>`` for the
worse of the two cases. Target: ratio <= 0.35.

Run: ``.venv/bin/python bench/flatten.py [--records 100000] [--repeats 5]``
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
import tracemalloc

import pandas as pd

from connector_lab.tables.flattening import (
    ExplodePlan,
    explode,
    explode_table,
    flatten,
    flatten_table,
)
from connector_lab.tables.walker import Flattening

META = [
    "id",
    "number",
    "status",
    "paid",
    "total",
    "currency",
    "created_at",
    "note",
    "customer.id",
    "customer.name",
    "customer.email",
    "customer.tier",
    "customer.address.city",
    "customer.address.country",
    "customer.address.zip",
    "shipping.method",
    "shipping.cost",
    "shipping.eta.days",
]


def make_records(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    cities = ["Hangzhou", "Berlin", "Osaka", "Austin", "Lyon"]
    records = []
    for i in range(n):
        records.append(
            {
                "id": i,
                "number": f"SO-{i:07d}",
                "status": rng.choice(["paid", "pending", "shipped"]),
                "paid": rng.random() < 0.5,
                "total": round(rng.random() * 1000, 2),
                "currency": "CNY",
                "created_at": f"2024-0{1 + i % 9}-1{i % 10}T10:00:00Z",
                "note": None if i % 3 else "gift",
                "customer": {
                    "id": rng.randrange(10_000),
                    "name": f"Customer {i % 977}",
                    "email": f"c{i}@example.com",
                    "tier": rng.choice(["gold", "silver"]),
                    "address": {
                        "city": rng.choice(cities),
                        "country": "CN",
                        "zip": f"{rng.randrange(100000):06d}",
                    },
                },
                "shipping": {"method": "express", "cost": 12.5, "eta": {"days": 1 + i % 5}},
                "items": [
                    {
                        "sku": f"SKU-{rng.randrange(500)}",
                        "quantity": rng.randrange(1, 5),
                        "unit_price": round(rng.random() * 100, 2),
                        "name": f"item {j}",
                    }
                    for j in range(3)
                ],
            }
        )
    return records


def run_ours(case: str, records: list[dict]) -> pd.DataFrame:
    if case == "plain":
        return flatten(records)
    return explode(records, "items", meta=META)


def run_pandas(case: str, records: list[dict]) -> pd.DataFrame:
    if case == "plain":
        return pd.json_normalize(records)
    return pd.json_normalize(
        records, record_path="items", meta=[m.split(".") for m in META], record_prefix="items."
    )


def same_values(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    assert sorted(ours.columns) == sorted(theirs.columns), set(ours.columns) ^ set(theirs.columns)
    assert len(ours) == len(theirs)
    for column in theirs.columns:
        a, b = ours[column].tolist(), theirs[column].tolist()
        a = [None if x is None or x != x else x for x in a]  # NaN/None → None
        b = [None if x is None or x != x else x for x in b]
        assert a == b, column


def timed(fn, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def peak_mib(fn, *args) -> float:
    gc.collect()
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description="flatten vs json_normalize")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    records = make_records(args.records)
    leaves = len(flatten(records[:1]).columns)
    print(f"{args.records} records, {leaves} columns flat, 3 items each")
    # Which path each case takes (the fast path is what this benchmark is about).
    plain_fast = flatten_table(records, Flattening()).fast
    explode_fast = explode_table(records, ExplodePlan.make("items", META)).fast
    print(f"fast path taken: plain={plain_fast}, explode={explode_fast}")

    ratios = {}
    for case in ("plain", "explode"):
        same_values(run_ours(case, records), run_pandas(case, records))
        ours, theirs = [], []
        for _ in range(args.repeats):
            theirs.append(timed(run_pandas, case, records))
            ours.append(timed(run_ours, case, records))
        a, b = statistics.median(theirs), statistics.median(ours)
        ratios[case] = b / a
        mem_theirs = peak_mib(run_pandas, case, records)
        mem_ours = peak_mib(run_ours, case, records)
        print(f"[{case}] json_normalize median {a:6.3f} s, peak {mem_theirs:7.1f} MiB")
        print(
            f"[{case}] connector_lab  median {b:6.3f} s, peak {mem_ours:7.1f} MiB "
            f"(ratio {b / a:.3f})"
        )
    worst = max(ratios, key=ratios.get)
    print(f"worse case: {worst}")
    print(f"ratio={ratios[worst]:.3f}")


if __name__ == "__main__":
    main()
