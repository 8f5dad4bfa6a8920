"""How long from_openapi takes on a spec of 1,000+ operations, against reading the same
file with the plain parser in the same process (the baseline).

    .venv/bin/python -m bench.import_openapi
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import yaml

from connector_lab import from_openapi

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "interchange" / "openapi"


def _timed(label: str, call, *args, **kwargs) -> float:
    started = time.perf_counter()
    call(*args, **kwargs)
    took = time.perf_counter() - started
    print(f"  {label:<46} {took:6.2f} s")
    return took


def main() -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    cases = [
        ("netbox-4.2.2.openapi.yaml.gz", lambda t: yaml.load(t, Loader=loader), True),
        ("vault-1.15.0.openapi.json.gz", json.loads, False),
    ]
    for name, parse, strict in cases:
        path = DATA / name
        text = gzip.decompress(path.read_bytes()).decode()
        print(f"{name}:")
        base = _timed("baseline: parse the text (json / C YAML)", parse, text)
        full = _timed("from_openapi (validate + import)", from_openapi, path, strict=strict)
        print(f"  ratio to the baseline: {full / base:.0f}x")


if __name__ == "__main__":
    main()
