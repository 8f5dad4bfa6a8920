"""Fetching pages in the background, in page order, with bounded memory.

- :class:`OrderedFetch` — pages known in advance go to a pool of worker threads; results come
  back in the order asked, and only ``window`` pages are in flight or waiting at any time, so
  a slow page holds back at most a window of finished ones.
- :func:`background` — one worker, for styles where the next page is known only from the
  current one: page n+1 is fetched while the consumer handles page n.

Closing either (the consumer stopped early: ``break``, an error, ``close()``) cancels what is
queued and waits for the requests already on the wire, so no thread outlives the run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_THREAD_NAME = "connector-lab-page"


@contextmanager
def background(workers: int = 1) -> Iterator[ThreadPoolExecutor]:
    """A pool that, on exit, cancels queued work and waits for the running requests."""
    pool = ThreadPoolExecutor(workers, thread_name_prefix=_THREAD_NAME)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class OrderedFetch(Generic[T]):
    """``fetch(item)`` for each of ``items`` on ``workers`` threads; iterate for
    ``(result, is_last)`` in the order of ``items``. Items are drawn lazily (a range of a
    million pages costs a window's worth)."""

    def __init__(self, fetch: Callable[[Any], T], items: Iterable[Any], workers: int, window: int):
        self._fetch = fetch
        self._items = iter(items)
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix=_THREAD_NAME)
        self._pending: deque[Future[T]] = deque()
        try:
            for _ in range(max(window, workers)):
                if not self._submit_next():
                    break
        except BaseException:
            self.close()
            raise

    def _submit_next(self) -> bool:
        for item in self._items:
            self._pending.append(self._pool.submit(self._fetch, item))
            return True
        return False

    @property
    def empty(self) -> bool:
        """Nothing was asked for (the items were empty)."""
        return not self._pending

    def __iter__(self) -> Iterator[tuple[T, bool]]:
        while self._pending:
            future = self._pending.popleft()
            result = future.result()
            more = self._submit_next()
            yield result, not (more or self._pending)

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> OrderedFetch[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
