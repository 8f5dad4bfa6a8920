"""Work that runs behind a form: one job at a time in a daemon thread, with a stop flag.

A long run (every page of a list, a batch of rows) must not hold the kernel: while it runs,
the kernel has to be free to receive the click on Stop. The job gets a
:class:`threading.Event` it checks between steps; ``done`` or ``failed`` is called in the
job's thread when it ends (ipywidgets 8 sends widget updates from any thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Job = Callable[[threading.Event], Any]


class Background:
    """Runs one job at a time; ``stop()`` asks it to end after its current step."""

    def __init__(self, name: str = "connector-lab"):
        self.name = name
        self.thread: threading.Thread | None = None
        self.stop_requested = threading.Event()

    def __repr__(self) -> str:
        return f"<Background {self.name}: {'running' if self.running else 'idle'}>"

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(
        self,
        job: Job,
        *,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        finally_: Callable[[], None] | None = None,
    ) -> threading.Thread:
        """Run ``job(stop_event)`` in a new thread; then ``done(value)`` or ``failed(exc)``,
        and ``finally_()`` in every case."""
        if self.running:
            raise RuntimeError(f"{self.name} is still running; press Stop or wait for it")
        self.stop_requested = threading.Event()
        stop = self.stop_requested

        def target() -> None:
            try:
                value = job(stop)
            except BaseException as exc:  # every failure is shown by the form, not lost
                failed(exc)
            else:
                done(value)
            finally:
                if finally_ is not None:
                    finally_()

        self.thread = threading.Thread(target=target, name=self.name, daemon=True)
        self.thread.start()
        return self.thread

    def stop(self) -> None:
        """Ask the running job to end after its current step."""
        self.stop_requested.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the job to end; True when it has (or none was started)."""
        if self.thread is None:
            return True
        self.thread.join(timeout)
        return not self.thread.is_alive()


__all__ = ["Background", "Job"]
