"""The opinion capability's background jobs (imports and analyses) on the shared queue
(:mod:`govhall.jobs`).

The API runs queued jobs in-process after answering, so the embedded default needs no worker at
all; ``govhall worker`` (or ``govhall opinion worker``) adds workers where one process is not
enough, and ``ingest_parallel`` splits one big file over several processes.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govhall import jobs
from govhall.errors import BadInput
from govhall.jobs import Job, JobContext, JobRun, job_dict
from govhall.opinion.ingest import CHUNK, Analyzer, ImportReport, ingest_file
from govhall.opinion.queries import catch_up_search_index
from govhall.opinion.sentiment import load_sentiment
from govhall.opinion.series import BY, scan_alerts
from govhall.opinion.topics import discover_topics

__all__ = [
    "JOB_KINDS",
    "JobContext",
    "claim",
    "enqueue",
    "enqueue_ingest",
    "get_job",
    "ingest_parallel",
    "is_opinion_kind",
    "job_dict",
    "job_summary",
    "run_job",
    "work",
]

MAX_WORKERS = 32

JOB_KINDS = ("ingest", "analyze")


def is_opinion_kind(kind: str) -> bool:
    """Whether ``kind`` is one of this capability's jobs (``ingest``, ``analyze``, ``opinion.*``):
    what an analyst may schedule, enable and disable; other kinds (file clean-up, notification
    delivery, deadline warnings) are the administrator's."""
    return kind in JOB_KINDS or kind.startswith("opinion.")


def _check_ingest(params: dict[str, Any]) -> None:
    if not Path(str(params.get("path", ""))).is_file():
        raise BadInput.of("file_not_found", "import", path=params.get("path"))


def _check_analyze(params: dict[str, Any]) -> None:
    """``k`` topics (2 to 64) and ``by`` one of the series groupings, refused when the job is queued
    or scheduled rather than failing at run time."""
    k = params.get("k", 8)
    if isinstance(k, bool) or not isinstance(k, int) or not 2 <= k <= 64:
        raise BadInput.of("bad_params", "topics_k")
    by = params.get("by", "topic")
    if not isinstance(by, str) or by not in BY:
        raise BadInput.of("bad_params", "series_by", choices="、".join(BY))


def enqueue(db: Session, kind: str, params: dict[str, Any]) -> Job:
    if kind not in JOB_KINDS:
        raise BadInput.of("bad_job_kind", kind=kind, choices="、".join(JOB_KINDS))
    return jobs.enqueue(db, kind, params)


def enqueue_ingest(
    db: Session,
    path: Path,
    *,
    source: str | None = None,
    sentiment: bool = True,
    parts: int = 1,
    chunk: int = CHUNK,
) -> list[Job]:
    """Queue the import of ``path`` as ``parts`` jobs, one per share of the file's chunks, so that
    ``parts`` workers (``govhall opinion worker``, on any machine that sees the file and the
    database) import it together; each job reports its own bad rows and progress."""
    _check_workers(parts)
    params: dict[str, Any] = {"path": str(path.resolve()), "source": source, "sentiment": sentiment}
    if chunk != CHUNK:
        params["chunk"] = chunk
    if parts == 1:
        return [enqueue(db, "ingest", params)]
    return [enqueue(db, "ingest", {**params, "part": i, "parts": parts}) for i in range(parts)]


def _check_workers(workers: int) -> None:
    if not 1 <= workers <= MAX_WORKERS:
        raise BadInput.of("bad_workers", limit=MAX_WORKERS, workers=workers)


def _import_share(
    db: Session,
    path: Path,
    models_dir: Path | None,
    progress: Callable[[int], None],
    *,
    sentiment: bool = True,
    source: str | None = None,
    chunk: int = CHUNK,
    part: int = 0,
    parts: int = 1,
) -> ImportReport:
    """Import share ``part`` of ``parts`` of ``path`` with the active sentiment model (if
    ``sentiment``): what an ``ingest`` job and one process of :func:`ingest_parallel` both do."""
    model = load_sentiment(models_dir) if sentiment and models_dir else None
    analyzer = Analyzer.load(db, model, models_dir)
    return ingest_file(db, path, analyzer, source=source, chunk=chunk, progress=progress, part=part, parts=parts)


def _run_ingest(run: JobRun) -> dict[str, Any]:
    params = run.job.params
    done = 0

    def progress(n: int) -> None:
        nonlocal done
        done += n
        run.progress(done)

    report = _import_share(
        run.db,
        Path(params["path"]),
        run.context.models_dir,
        progress,
        sentiment=params.get("sentiment", True),
        source=params.get("source"),
        chunk=int(params.get("chunk", CHUNK)),
        part=int(params.get("part", 0)),
        parts=int(params.get("parts", 1)),
    )
    return report.to_dict()


def _run_analyze(run: JobRun) -> dict[str, Any]:
    params = run.job.params
    topics = discover_topics(run.db, k=int(params.get("k", 8)), models_dir=run.context.models_dir)
    alerts = scan_alerts(run.db, by=str(params.get("by", "topic")), webhook_url=run.context.webhook_url)
    catch_up_search_index(run.db)  # searches after an import then find the index current
    return {"topics": len(topics.topics), "posts": topics.posts, "alerts": len(alerts)}


jobs.register("ingest", _run_ingest, check=_check_ingest)
jobs.register("analyze", _run_analyze, check=_check_analyze)


# The queue's functions limited to this capability's kinds (the API's after-response run must not
# start a long vector pass; the opinion pages count only opinion jobs).
claim = functools.partial(jobs.claim, kinds=JOB_KINDS)
work = functools.partial(jobs.work, kinds=JOB_KINDS)
get_job = functools.partial(jobs.get_job, kinds=JOB_KINDS)
job_summary = functools.partial(jobs.job_summary, kinds=JOB_KINDS)
run_job = jobs.run_job


# The shared progress counter, set in each worker process by the pool's initializer (a shared
# Value cannot be pickled into a submitted call, only inherited at process start).
_PART_COUNTER: list[Any] = [None]


def _init_part(counter: Any) -> None:
    _PART_COUNTER[0] = counter


def _ingest_part(
    database_url: str,
    path: str,
    models_dir: str | None,
    source: str | None,
    chunk: int,
    part: int,
    parts: int,
) -> dict[str, Any]:
    """One worker process of :func:`ingest_parallel`: its own engine, model and analyzer."""
    counter = _PART_COUNTER[0]
    from govhall.db import make_engine, make_session_factory

    def progress(n: int) -> None:
        with counter.get_lock():
            counter.value += n

    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as db:
            folder = Path(models_dir) if models_dir else None
            report = _import_share(db, Path(path), folder, progress, source=source, chunk=chunk, part=part, parts=parts)
        return report.to_dict()
    finally:
        engine.dispose()


def ingest_parallel(
    database_url: str,
    path: Path,
    *,
    workers: int,
    models_dir: Path | None,
    source: str | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``path`` with ``workers`` processes, each taking every ``workers``-th chunk.

    Masking, hashing, sentiment and topic assignment (most of the cost) run in parallel; each
    chunk's duplicate check and insert is one short write transaction, so imports stay
    idempotent and duplicates are found across processes. ``models_dir`` None: no sentiment.
    ``progress`` is called with the number of posts finished since the previous call.
    """
    _check_workers(workers)
    if not path.is_file():
        raise BadInput.of("file_not_found", path=path)
    started = time.perf_counter()
    # spawn, not fork: the parent may hold threads (the progress bar) and an open database connection.
    context = multiprocessing.get_context("spawn")
    counter = context.Value("q", 0)
    args = (database_url, str(path), str(models_dir) if models_dir else None, source, chunk)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_part, initargs=(counter,)) as pool:
        futures = [pool.submit(_ingest_part, *args, part, workers) for part in range(workers)]
        reported = 0
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.2, return_when=FIRST_EXCEPTION)
            if progress and counter.value > reported:
                progress(counter.value - reported)
                reported = counter.value
        parts = [future.result() for future in futures]  # re-raises a worker's GovhallError here
    report = ImportReport.merged(parts, path=str(path))
    report.seconds = round(time.perf_counter() - started, 3)
    return report
