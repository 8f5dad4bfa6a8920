"""The sandbox's fault options: each fault on the calls asked for, per path pattern, counted;
seeded random faults repeat; latency; the command line shows and accepts the options."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests

from connector_lab.sandbox import Faults, serve
from connector_lab.sandbox.__main__ import build_parser, faults_from


def statuses(api, path: str, n: int) -> list[object]:
    out: list[object] = []
    for _ in range(n):
        try:
            # A fresh connection each time: a reset must not poison the next call.
            out.append(
                requests.get(api.url + path, timeout=5, headers={"Connection": "close"}).status_code
            )
        except requests.ConnectionError:
            out.append("reset")
    return out


def test_each_fault_lands_on_its_call_numbers_per_path():
    faults = Faults(paths="/echo*", throttle_calls=(1,), unavailable_calls=(2, 3), reset_calls=(4,))
    with serve(faults=faults) as api:
        assert statuses(api, "/echo", 5) == [429, 503, 503, "reset", 200]
        assert statuses(api, "/echo/x", 2) == [429, 503]  # each path counts its own calls
        assert statuses(api, "/orders", 2) == [200, 200]  # not matched by the pattern
        assert api.faults.injected == {"429": 2, "503": 3, "reset": 1}
        assert len(api.faults.arrivals("/orders")) == 2
        api.reset()
        assert api.faults.injected == {} and api.faults.arrivals("/echo") == []
        assert statuses(api, "/echo", 1) == [429]


def test_every_nth_call_is_throttled_with_retry_after_seconds_or_a_date():
    with serve(faults=Faults(throttle_every=2, retry_after=7)) as api:
        first = requests.get(api.url + "/echo", timeout=5)
        second = requests.get(api.url + "/echo", timeout=5)
        assert first.status_code == 200 and second.status_code == 429
        assert second.headers["Retry-After"] == "7"
    with serve(faults=Faults(throttle_calls=(1,), retry_after_date=True)) as api:
        answer = requests.get(api.url + "/echo", timeout=5)
        assert answer.headers["Retry-After"].endswith(" GMT")


def test_random_faults_repeat_with_the_same_seed():
    def injected(seed: int) -> dict:
        with serve(faults=Faults(fault_rate=0.3, seed=seed)) as api:
            statuses(api, "/echo", 40)
            return dict(api.faults.injected)

    first = injected(5)
    assert first == injected(5)
    assert 4 <= sum(first.values()) <= 22 and set(first) <= {"503", "reset"}


def test_latency_delays_every_answer():
    with serve(faults=Faults(latency=0.2)) as api:
        start = time.monotonic()
        requests.get(api.url + "/echo", timeout=5)
        assert time.monotonic() - start >= 0.19


def test_bad_fault_options_are_refused_clearly():
    with pytest.raises(ValueError, match="fault_rate"):
        Faults(fault_rate=2)
    with pytest.raises(ValueError, match="call numbers from 1"):
        Faults(unavailable_calls=(0,))


def test_the_command_line_shows_and_parses_the_fault_options():
    done = subprocess.run(
        [sys.executable, "-m", "connector_lab.sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    for option in (
        "--latency",
        "--throttle-calls",
        "--unavailable-calls",
        "--reset-calls",
        "--fault-rate",
        "--fault-seed",
        "--retry-after-date",
        "--fault-paths",
    ):
        assert option in done.stdout, option
    args = build_parser().parse_args(
        [
            "--unavailable-calls",
            "1,3-5",
            "--fault-rate",
            "0.1",
            "--fault-seed",
            "3",
            "--latency",
            "0.05",
            "--fault-paths",
            "/orders*",
        ]
    )
    faults = faults_from(args)
    assert faults.unavailable_calls == (1, 3, 4, 5)
    assert (faults.fault_rate, faults.seed, faults.latency) == (0.1, 3, 0.05)
    assert faults.paths == "/orders*"
