"""Concurrency measured at the server: pages known in advance are fetched side by side by a
bounded pool and yielded in page order; other styles fetch exactly one page ahead; stopping
early cancels what is queued and leaves no thread behind."""

from __future__ import annotations

import threading
import time

import pytest

from connector_lab import Action, AuthAccount, Client, Connector, NoAuth, Pagination
from tests.harvest.conftest import ids
from tests.harvest.servers import RecordingServer, Reply, items

TOTAL = 200


def paged(delay: float = 0.0, total: int = TOTAL):
    def route(seen):
        page, size = int(seen.query.get("page", 1)), int(seen.query.get("per_page", 10))
        start = (page - 1) * size + 1
        body = {"total": total, "data": items(start, min(start + size, total + 1))}
        return Reply(body, delay=delay)

    return route


def cursored(delay: float = 0.0, total: int = 50):
    def route(seen):
        start = int(seen.query.get("cursor") or (seen.body or {}).get("cursor") or 1)
        stop = min(start + 10, total + 1)
        return Reply(
            {"items": items(start, stop), "next": str(stop) if stop <= total else None}, delay=delay
        )

    return route


def _client(server, method="GET", **fields) -> Client:
    connector = Connector(
        display_name="Conc",
        host=server.host_port,
        protocol="http",
        auth=NoAuth(),
        actions=[Action(id="list", name="List", method=method, path="/list", **fields)],
    )
    return Client(connector, AuthAccount(name="a"))


PAGES = Pagination(style="page", size_param="per_page", page_size=10, total_path="$.total")


def _page_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("connector-lab-page")]


def test_workers_give_the_same_records_in_page_order_and_overlap_at_the_server():
    runs = {}
    for workers in (1, 6):
        with RecordingServer(paged(delay=0.03)) as server, _client(server) as client:
            results = list(client.pages("list", pagination=PAGES, workers=workers))
            runs[workers] = (ids(results), [r.page.page for r in results], server.max_in_flight)
    assert runs[1][0] == runs[6][0] == list(range(1, TOTAL + 1))
    assert runs[1][1] == runs[6][1] == list(range(1, 21))
    assert runs[1][2] == 1
    assert runs[6][2] > 1


def test_at_most_a_window_of_pages_is_in_flight_or_waiting():
    consumed = threading.Event()
    with RecordingServer(paged(delay=0.01)) as server, _client(server) as client:
        pages = client.pages("list", pagination=PAGES, workers=2)
        next(pages)
        next(pages)
        deadline = time.monotonic() + 5
        while len(server.seen) < 2 + 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # generous: anything unbounded would have gone on asking by now
        asked = len(server.seen)
        pages.close()
        consumed.set()
    # the first page, the second taken, and a window of 2 × 2 workers
    assert asked <= 2 + 4


def test_an_explicit_range_is_fetched_side_by_side():
    with RecordingServer(paged(delay=0.03)) as server, _client(server) as client:
        p = Pagination(style="page", size_param="per_page", page_size=10)
        results = list(client.pages("list", pages=range(1, 9), pagination=p, workers=4))
    assert ids(results) == list(range(1, 81))
    assert server.max_in_flight > 1


def test_early_break_cancels_the_rest_and_leaves_no_thread():
    with RecordingServer(paged(delay=0.02, total=10_000)) as server, _client(server) as client:
        taken = []
        for result in client.pages("list", pagination=PAGES, workers=4):
            taken.append(result.page.page)
            if len(taken) == 3:
                break
        assert _page_threads() == []
        asked = len(server.seen)
        time.sleep(0.2)
        assert len(server.seen) == asked  # nothing more is sent after the loop stopped
    assert taken == [1, 2, 3]
    assert asked <= 3 + 2 * 4  # at most the window beyond what was taken


def test_cursor_pages_are_fetched_one_ahead():
    with RecordingServer(cursored()) as server, _client(server) as client:
        p = Pagination(style="cursor", cursor_path="$.next")
        pages = client.pages("list", pagination=p)
        first = next(pages)
        deadline = time.monotonic() + 5
        while len(server.seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(server.seen) == 2  # page 2 asked for while page 1 is in the consumer's hands
        time.sleep(0.2)
        assert len(server.seen) == 2  # and no further: one ahead
        rest = list(pages)
        assert _page_threads() == []
    assert ids([first, *rest]) == list(range(1, 51))


def test_cursor_style_break_closes_cleanly():
    with RecordingServer(cursored(delay=0.05, total=500)) as server, _client(server) as client:
        for result in client.pages("list", pagination={"style": "cursor", "cursor_path": "$.next"}):
            if result.page.number == 2:
                break
        assert _page_threads() == []
        asked = len(server.seen)
        time.sleep(0.2)
        # two taken, at most one ahead (cancelled if it had not started), nothing after
        assert asked <= 3 and len(server.seen) == asked


def test_cursor_in_the_body_of_a_post():
    from connector_lab import Param

    with RecordingServer(cursored()) as server:
        client = _client(server, method="POST", params=[Param(name="q", location="body")])
        p = Pagination(style="cursor", cursor_path="$.next", cursor_in="body")
        with client:
            results = list(client.pages("list", pagination=p, q="x"))
    assert ids(results) == list(range(1, 51))
    assert [s.body for s in server.seen[:3]] == [
        {"q": "x"},
        {"q": "x", "cursor": "11"},
        {"q": "x", "cursor": "21"},
    ]
    assert all(s.method == "POST" and s.query == {} for s in server.seen)


def test_cursor_from_a_header():
    def route(seen):
        start = int(seen.query.get("after") or 1)
        headers = {"X-Next-Cursor": str(start + 5)} if start < 20 else {}
        return Reply(items(start, start + 5), headers=headers)

    with RecordingServer(route) as server, _client(server) as client:
        p = Pagination(style="cursor", cursor_header="X-Next-Cursor", cursor_param="after")
        results = list(client.pages("list", pagination=p))
    assert ids(results) == list(range(1, 26))


@pytest.mark.parametrize("workers", [40])
def test_the_connection_pool_is_sized_to_the_workers(workers):
    with RecordingServer(paged()) as server, _client(server) as client:
        list(client.pages("list", pagination=PAGES, workers=workers))
        adapter = client.session.get_adapter(server.url)
        assert client.session.pool_size >= workers
        assert adapter._pool_maxsize >= workers


@pytest.mark.parametrize("total_path", [None, "$.total"])
def test_offsets_follow_the_records_a_capping_server_sends(total_path):
    def route(seen):  # asked for 10 a page, sends at most 4
        offset = int(seen.query["offset"])
        return Reply({"total": 30, "data": items(offset + 1, min(offset + 5, 31))})

    p = Pagination(style="offset", size_param="limit", page_size=10, total_path=total_path)
    p = p.model_copy(update={"stop_on_short_page": False})
    with RecordingServer(route) as server, _client(server) as client:
        results = list(client.pages("list", pagination=p, workers=3))
    assert ids(results) == list(range(1, 31))
