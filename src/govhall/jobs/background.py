"""The in-process worker of ``govhall serve``: the queue's worker and the scheduler in one thread.

Its own module because it is the one place that needs both :mod:`~govhall.jobs.queue` (claim and
run) and :mod:`~govhall.jobs.schedule` (which enqueues through the queue): written inside the
queue, it imported the scheduler back from within a function.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from govhall.db import make_engine, make_session_factory
from govhall.jobs.queue import JobContext, work
from govhall.jobs.schedule import tick

__all__ = ["start_background"]


def start_background(
    url: str, context: JobContext, *, poll_seconds: float = 2.0, schedules: bool = True
) -> Callable[[], None]:
    """Run a worker in a daemon thread with its own engine (``govhall serve``'s in-process worker);
    returns the function that stops it. Jobs are safe to interrupt: a killed one resumes.

    ``schedules``: the worker also runs the scheduler, so the embedded default (one ``govhall
    serve``, no separate worker) still collects and scans on time; extra workers are safe beside it."""
    engine = make_engine(url)
    stop = threading.Event()

    def run() -> None:
        try:
            work(
                make_session_factory(engine),
                context,
                poll_seconds=poll_seconds,
                stop=stop.is_set,
                tick=tick if schedules else None,
            )
        finally:
            engine.dispose()

    thread = threading.Thread(target=run, name="govhall-jobs", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=5)

    return halt
