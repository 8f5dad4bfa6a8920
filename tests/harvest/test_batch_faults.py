"""The issue's "done when" for batches: 500 rows against the bundled sandbox injecting 10 %
503s and connection resets. Without retries every row is accounted for and the failures are
exactly the faults the server injected; a re-run sends only the failed rows and ends with all
500 succeeded. With a retry policy all 500 succeed the first time and the retries — in the
outcome and in the run history — add up to the faults the server counted.

Counts are taken at the server (``api.faults``): calls per path and faults injected. The
faults are drawn from a seed, one draw per request in arrival order, so their number is fixed
for a given number of requests though which rows get them depends on the workers' timing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pandas as pd
import pytest

from connector_lab import Action, Client, Connector, Param, RetryPolicy, RunHistory, Workspace
from connector_lab.sandbox import Faults, SandboxAPI, serve

ROWS = 500
FAULTS = Faults(fault_rate=0.1, seed=11, paths="/orders/*")
FAST = RetryPolicy(total=5, backoff_factor=0.01)


@pytest.fixture
def api() -> Iterator[SandboxAPI]:
    with serve(faults=FAULTS) as running:
        yield running


def shop(api: SandboxAPI) -> Connector:
    order_id = Param(name="id", location="path", type="integer", required=True)
    return Connector(
        display_name="Shop",
        host=api.host_port,
        protocol="http",
        actions=[Action(id="order", name="Order", path="/orders/{id}", params=[order_id])],
    )


def inputs() -> pd.DataFrame:
    return pd.DataFrame({"id": range(1, ROWS + 1)})


def calls(api: SandboxAPI) -> Counter[str]:
    """Requests the server counted per path, so far."""
    return Counter(api.faults.calls)


def arrivals(api: SandboxAPI) -> Counter[str]:
    """Requests that arrived per order path, so far (counted with or without faults on)."""
    paths = (f"/orders/{i}" for i in range(1, ROWS + 1))
    return Counter({path: len(api.faults.arrivals(path)) for path in paths})


def faults_injected(api: SandboxAPI) -> int:
    return sum(api.faults.injected.values())


@pytest.fixture
def history(tmp_path) -> RunHistory:
    return RunHistory(tmp_path / "history" / "runs.jsonl")


def test_without_retries_every_row_is_accounted_and_a_rerun_takes_only_the_failed(api, history):
    client = Client(shop(api), history=history)
    first = client.batch("order", inputs(), workers=6, progress=False)
    table = first.table
    assert first.succeeded + first.failed == ROWS == len(table)
    assert sum(calls(api).values()) == ROWS  # one request a row, none repeated
    injected = dict(api.faults.injected)
    assert first.failed > 0 and first.failed == injected["503"] + injected["reset"]
    failed = table[~table["ok"]]
    assert (failed["status"] == 503).sum() == injected["503"]
    assert failed["status"].isna().sum() == injected["reset"]  # a reset has no status
    assert failed.loc[failed["status"].isna(), "error"].str.contains("closed the connection").all()
    assert table["retries"].sum() == 0
    assert len(first.records) == first.succeeded  # one order a successful row

    # The re-run, faults still on but now with retries: only the failed rows are sent.
    before, faults_before = calls(api), faults_injected(api)
    client.retry = FAST
    second = first.rerun(progress=False)
    sent = calls(api) - before
    assert set(sent) == {f"/orders/{i}" for i in failed["id"]}
    faults_again = faults_injected(api) - faults_before
    assert sum(sent.values()) == first.failed + faults_again  # each fault retried once more
    assert second.succeeded == ROWS and second.failed == 0
    assert second.table["retries"].sum() == faults_again
    assert sorted(second.records["id"]) == list(range(1, ROWS + 1))
    assert first.failed == len(failed)  # the first outcome is unchanged

    entries = history.read(kind="batch", run_id=first.run_id)
    assert len(entries) == ROWS + first.failed  # every row, then every re-run row
    assert entries.groupby("number")["ok"].any().all()  # each row ends ok in the journal
    assert entries["retries"].sum() == faults_again


def test_a_rerun_with_the_faults_gone_sends_one_request_per_failed_row(api):
    client = Client(shop(api))
    first = client.batch("order", inputs(), workers=4, progress=False)
    assert first.failed == faults_injected(api) > 0
    failed_ids = set(first.failed_inputs["id"])
    api.faults.faults = Faults()  # the server heals
    before = arrivals(api)
    second = first.rerun(progress=False)
    sent = arrivals(api) - before
    assert sum(sent.values()) == first.failed  # at the server: one request per failed row
    assert set(sent) == {f"/orders/{i}" for i in failed_ids}
    assert second.succeeded == ROWS and second.table["retries"].sum() == 0


def test_with_retries_all_rows_succeed_first_time_and_the_retries_add_up(api, tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.save(shop(api), "shop")
    client = ws.client("shop", retry=FAST)
    outcome = client.batch("order", inputs(), workers=6, progress=False)
    injected = faults_injected(api)
    assert outcome.succeeded == ROWS and outcome.failed == 0
    assert injected > 0 and api.faults.injected["503"] > 0 and api.faults.injected["reset"] > 0
    assert outcome.table["retries"].sum() == injected  # every fault cost one retry
    assert sum(calls(api).values()) == ROWS + injected  # at the server: rows plus retries

    history = ws.history(kind="batch")
    assert len(history) == ROWS and set(history["run_id"]) == {outcome.run_id}
    by_row = history.set_index("number").sort_index()
    assert by_row["retries"].tolist() == outcome.table["retries"].tolist()
    assert by_row["retries"].sum() == injected
    # each entry says what its tries met: the faults, then the answer
    retried = by_row[by_row["retries"] > 0]
    assert retried["attempts"].str.fullmatch(r"((503|reset), )+200").all()
    assert by_row.loc[by_row["retries"] == 0, "attempts"].eq("200").all()
    # urllib3's backoff: none before the first retry, then factor × 2^(n-1) — in the journal
    assert by_row.loc[by_row["retries"] < 2, "waited"].eq(0).all()
    assert (by_row.loc[by_row["retries"] >= 2, "waited"] >= 0.01 * 0.75).all()
    summary = " ".join(by_row["attempts"])
    assert summary.count("503") == api.faults.injected["503"]
    assert summary.count("reset") == api.faults.injected["reset"]


def test_an_error_after_the_retries_are_used_up_keeps_its_attempts(tmp_path):
    # The first three calls of /orders/2 are resets: two retries are not enough for that row.
    with serve(faults=Faults(reset_calls=(1, 2, 3), paths="/orders/2")) as api:
        history = RunHistory(tmp_path / "runs.jsonl")
        client = Client(shop(api), history=history, retry=FAST.model_copy(update={"total": 2}))
        outcome = client.batch("order", pd.DataFrame({"id": [1, 2, 3]}), progress=False)
        assert outcome.table["ok"].tolist() == [True, False, True]
        assert outcome.table["retries"].tolist() == [0, 2, 0]  # the failed row's retries count
        entries = history.read(kind="batch").set_index("number").sort_index()
        failed = entries.loc[1]
        assert failed["retries"] == 2 and failed["attempts"] == "reset, reset, reset"
        assert failed["waited"] >= 0.02 * 0.75  # the second retry's backoff, jitter off it
        assert (
            failed["error"].startswith("TransportError") and "after 3 attempts" in failed["error"]
        )
        assert entries.loc[0, "attempts"] == "200" and entries.loc[0, "retries"] == 0
        assert api.faults.injected["reset"] == 3


def test_the_journal_names_a_timeout_and_a_throttled_try(tmp_path):
    """One word a try in ``attempts``: a 429 (Retry-After 1 s: whole seconds, as urllib3
    reads it) then the answer; timeouts until the policy gives up."""
    from connector_lab import TransportError

    with serve(faults=Faults(throttle_calls=(1,), retry_after=1, paths="/orders/*")) as api:
        slow = Action(id="slow", name="Slow", path="/slow", params=[Param(name="delay")])
        connector = shop(api).model_copy(update={"actions": [*shop(api).actions, slow]})
        history = RunHistory(tmp_path / "runs.jsonl")
        client = Client(connector, history=history, retry=FAST.model_copy(update={"total": 1}))
        assert client.run("order", id=5).retries == 1
        with pytest.raises(TransportError):
            client.run("slow", delay=2, timeout=0.2)
        throttled, timed_out = history.read(order="oldest").to_dict("records")
    assert throttled["attempts"] == "429, 200" and throttled["waited"] >= 0.95
    assert timed_out["attempts"] == "timeout, timeout" and timed_out["retries"] == 1
