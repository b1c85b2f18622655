"""A job queue in the database the product already has (no new server).

Workers claim the oldest queued job atomically: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL
(several workers on several machines never take the same job and never wait on each other), and on
SQLite the write transaction itself is the lock (govhall's engine starts every transaction with
``BEGIN IMMEDIATE``). The API runs queued jobs in-process after answering, so the embedded default
needs no worker at all; ``govhall opinion worker`` adds workers where one process is not enough.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from govhall.db import transaction, utcnow
from govhall.errors import BadInput, GovhallError, NotFound
from govhall.opinion.ingest import CHUNK, Analyzer, ImportReport, ingest_file
from govhall.opinion.models import OpinionJob
from govhall.opinion.sentiment import load_sentiment
from govhall.opinion.series import scan_alerts
from govhall.opinion.topics import discover_topics

__all__ = [
    "JOB_KINDS",
    "JobContext",
    "claim",
    "enqueue",
    "enqueue_ingest",
    "get_job",
    "ingest_parallel",
    "job_dict",
    "job_summary",
    "run_job",
    "work",
]

MAX_WORKERS = 32

JOB_KINDS = ("ingest", "analyze")


@dataclass(frozen=True)
class JobContext:
    """What a job needs from the configuration (kept small so workers need only these)."""

    models_dir: Path
    webhook_url: str = ""


def enqueue(db: Session, kind: str, params: dict[str, Any]) -> OpinionJob:
    if kind not in JOB_KINDS:
        raise BadInput("bad_job_kind", f"未知的任务类型“{kind}”，可选：{'、'.join(JOB_KINDS)}")
    if kind == "ingest" and not Path(str(params.get("path", ""))).is_file():
        raise BadInput("file_not_found", f"找不到要导入的文件 {params.get('path')}")
    with transaction(db):
        job = OpinionJob(kind=kind, params=params, status="queued", progress=0)
        db.add(job)
    return job


def enqueue_ingest(
    db: Session,
    path: Path,
    *,
    source: str | None = None,
    sentiment: bool = True,
    parts: int = 1,
    chunk: int = CHUNK,
) -> list[OpinionJob]:
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


# how long a running job may go without progress before another worker takes it over
LEASE = timedelta(minutes=15)


def _check_workers(workers: int) -> None:
    if not 1 <= workers <= MAX_WORKERS:
        raise BadInput("bad_workers", f"工作进程数应在 1 到 {MAX_WORKERS} 之间，收到 {workers}")


def claim(db: Session, worker: str, *, lease: timedelta = LEASE) -> OpinionJob | None:
    """Take the oldest queued job for ``worker``, or None; exactly one worker gets each job.

    A running job whose worker has not reported for ``lease`` is taken over: its worker died (a
    crash, a killed machine), and every job kind is safe to run again (imports are idempotent)."""
    stale = utcnow() - lease
    with transaction(db):
        waiting = or_(
            OpinionJob.status == "queued",
            and_(OpinionJob.status == "running", OpinionJob.heartbeat_at < stale),
        )
        query = select(OpinionJob).where(waiting).order_by(OpinionJob.id).limit(1)
        if db.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = db.scalar(query)
        if job is None:
            return None
        job.status = "running"
        job.worker = worker
        job.started_at = job.heartbeat_at = utcnow()
    return job


def _progress(db: Session, job: OpinionJob, done: int) -> None:
    with transaction(db):
        job.progress = done
        job.heartbeat_at = utcnow()


def run_job(db: Session, job: OpinionJob, context: JobContext) -> OpinionJob:
    """Run a claimed job to ``done`` or ``failed`` (with the Chinese reason)."""
    try:
        result: dict[str, Any]
        if job.kind == "ingest":
            sentiment = None
            if job.params.get("sentiment", True):
                sentiment = load_sentiment(context.models_dir)
            analyzer = Analyzer.load(db, sentiment)
            done = 0

            def progress(n: int) -> None:
                nonlocal done
                done += n
                _progress(db, job, done)

            report = ingest_file(
                db,
                Path(job.params["path"]),
                analyzer,
                source=job.params.get("source"),
                chunk=int(job.params.get("chunk", CHUNK)),
                progress=progress,
                part=int(job.params.get("part", 0)),
                parts=int(job.params.get("parts", 1)),
            )
            result = report.to_dict()
        else:
            topics = discover_topics(db, k=int(job.params.get("k", 8)))
            alerts = scan_alerts(db, by=str(job.params.get("by", "topic")), webhook_url=context.webhook_url)
            result = {"topics": len(topics.topics), "posts": topics.posts, "alerts": len(alerts)}
        with transaction(db):
            job.status, job.result, job.finished_at = "done", result, utcnow()
    except GovhallError as exc:
        db.rollback()
        with transaction(db):
            job.status, job.error, job.finished_at = "failed", exc.message, utcnow()
    except Exception as exc:
        db.rollback()
        with transaction(db):
            job.status, job.error, job.finished_at = "failed", f"意外错误：{type(exc).__name__}: {exc}", utcnow()
    return job


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def work(
    factory: sessionmaker[Session],
    context: JobContext,
    *,
    once: bool = False,
    poll_seconds: float = 2.0,
    max_jobs: int | None = None,
) -> int:
    """Claim and run jobs until the queue is empty (``once``) or forever; returns jobs run."""
    name = worker_name()
    ran = 0
    while max_jobs is None or ran < max_jobs:
        with factory() as db:
            job = claim(db, name)
            if job is not None:
                run_job(db, job, context)
                ran += 1
                continue
        if once:
            break
        time.sleep(poll_seconds)
    return ran


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

    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as db:
            sentiment = load_sentiment(Path(models_dir)) if models_dir else None
            analyzer = Analyzer.load(db, sentiment)

            def progress(n: int) -> None:
                with counter.get_lock():
                    counter.value += n

            report = ingest_file(
                db, Path(path), analyzer, source=source, chunk=chunk, progress=progress, part=part, parts=parts
            )
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
        raise BadInput("file_not_found", f"找不到文件 {path}")
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


def job_summary(db: Session, *, recent: int = 10) -> dict[str, Any]:
    """Counts of jobs by status and the most recent jobs, for the dashboard and ``GET /api/opinion/jobs``."""
    counts = dict.fromkeys(("queued", "running", "done", "failed"), 0)
    for status, n in db.execute(select(OpinionJob.status, func.count()).group_by(OpinionJob.status)).all():
        counts[str(status)] = int(n)
    latest = db.scalars(select(OpinionJob).order_by(OpinionJob.id.desc()).limit(recent)).all()
    return {"counts": counts, "jobs": [job_dict(job) for job in latest]}


def get_job(db: Session, job_id: int) -> OpinionJob:
    job = db.get(OpinionJob, job_id)
    if job is None:
        raise NotFound("任务", str(job_id))
    return job


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def job_dict(job: OpinionJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "params": job.params,
        "status": job.status,
        "progress": job.progress,
        "result": job.result,
        "error": job.error,
        "worker": job.worker,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
    }
