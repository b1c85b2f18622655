"""Enqueue, claim and run jobs; every capability's job kinds go through these few functions.

Workers claim the oldest queued job atomically: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL
(several workers on several machines never take the same job and never wait on each other), and on
SQLite the write transaction itself is the lock (govhall's engine starts every transaction with
``BEGIN IMMEDIATE``). A running job whose worker stopped reporting for :data:`LEASE` is taken over,
so a killed worker's job resumes elsewhere: every handler must be safe to run again (imports are
idempotent, the vector pass skips what it already computed).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from govhall.config import Settings
from govhall.db import transaction, utcnow
from govhall.errors import BadInput, GovhallError, NotFound
from govhall.jobs.models import Job

log = logging.getLogger(__name__)

# how long a running job may go without progress before another worker takes it over
LEASE = timedelta(minutes=15)


@dataclass(frozen=True)
class JobContext:
    """What handlers need from the configuration (small, so that worker processes can get it)."""

    models_dir: Path
    webhook_url: str = ""
    settings: Settings | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> JobContext:
        return cls(settings.resolved_models_dir, settings.opinion_webhook_url, settings)


class JobRun:
    """Handed to a handler: reports progress (``done`` of ``total``), which is also the heartbeat."""

    def __init__(self, db: Session, job: Job, context: JobContext) -> None:
        self.db, self.job, self.context = db, job, context

    def progress(self, done: int, total: int | None = None) -> None:
        with transaction(self.db):
            self.job.progress = done
            if total is not None:
                self.job.total = total
            self.job.heartbeat_at = utcnow()


Handler = Callable[[JobRun], dict[str, Any]]
Check = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class _Kind:
    handler: Handler
    check: Check | None


_KINDS: dict[str, _Kind] = {}


def register(kind: str, handler: Handler, *, check: Check | None = None) -> None:
    """Make ``kind`` runnable; ``check`` validates a new job's params (raise ``BadInput``)."""
    _KINDS[kind] = _Kind(handler, check)


def registered_kinds() -> tuple[str, ...]:
    return tuple(_KINDS)


def check_params(kind: str, params: dict[str, Any]) -> None:
    """A known kind and its own ``check`` on ``params``: before a job is queued, and when a schedule
    that will queue it is added (bad params are refused then, not at every run)."""
    registered = _KINDS.get(kind)
    if registered is None:
        raise BadInput.of("bad_job_kind", kind=kind, choices="、".join(_KINDS))
    if registered.check is not None:
        registered.check(params)


def enqueue(db: Session, kind: str, params: dict[str, Any], *, once: bool = False) -> Job:
    """Queue a job. ``once``: return the queued or running job of the same kind and params instead
    of queueing a second copy (the vector pass after each ingest is one job, not one per ingest)."""
    check_params(kind, params)
    with transaction(db):
        if once:
            waiting = db.scalars(
                select(Job).where(Job.kind == kind, Job.status.in_(("queued", "running"))).order_by(Job.id)
            ).all()
            for job in waiting:
                if job.params == params:
                    return job
        job = Job(kind=kind, params=params, status="queued", progress=0)
        db.add(job)
    return job


def claim(db: Session, worker: str, *, kinds: Iterable[str] | None = None, lease: timedelta = LEASE) -> Job | None:
    """Take the oldest waiting job of ``kinds`` (default: every registered kind), or None.

    Exactly one worker gets each job. Kinds nobody registered in this process are left for a
    worker that did (a ``govhall opinion worker`` never takes the policy library's jobs)."""
    wanted = tuple(kinds) if kinds is not None else registered_kinds()
    if not wanted:
        return None
    stale = utcnow() - lease
    with transaction(db):
        waiting = or_(
            Job.status == "queued",
            and_(Job.status == "running", Job.heartbeat_at < stale),
            # a restarted server resumes its own dead process's job at once, not after the lease
            and_(Job.status == "running", Job.worker.in_(_dead_local_workers(db, wanted))),
        )
        query = select(Job).where(waiting, Job.kind.in_(wanted)).order_by(Job.id).limit(1)
        if db.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = db.scalar(query)
        if job is None:
            return None
        job.status = "running"
        job.worker = worker
        job.started_at = job.heartbeat_at = utcnow()
        job.error = None
    return job


def _dead_local_workers(db: Session, kinds: tuple[str, ...]) -> list[str]:
    """Workers on this machine, named ``host:pid``, whose process no longer exists."""
    prefix = f"{socket.gethostname()}:"
    running = db.scalars(
        select(Job.worker).where(Job.status == "running", Job.kind.in_(kinds), Job.worker.startswith(prefix))
    ).all()
    return [name for name in set(running) if name and not _alive(name.removeprefix(prefix))]


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def run_job(db: Session, job: Job, context: JobContext) -> Job:
    """Run a claimed job to ``done`` or ``failed`` (with the Chinese reason); never raises."""
    registered = _KINDS.get(job.kind)
    try:
        if registered is None:
            raise BadInput.of("bad_job_kind", "not_here", kind=job.kind)
        result = registered.handler(JobRun(db, job, context))
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
    kinds: Iterable[str] | None = None,
    stop: Callable[[], bool] | None = None,
    tick: Callable[[Session], object] | None = None,
    tick_seconds: float = 20.0,
) -> int:
    """Claim and run jobs until the queue is empty (``once``), ``stop()`` is true, or forever.

    ``tick`` (the scheduler, :func:`govhall.jobs.schedule.tick`) runs first and then every
    ``tick_seconds``, between jobs; a failing tick is logged and never stops the worker."""
    name = worker_name()
    wanted = tuple(kinds) if kinds is not None else None
    ran = 0
    next_tick = time.monotonic()
    while (max_jobs is None or ran < max_jobs) and not (stop and stop()):
        if tick is not None and time.monotonic() >= next_tick:
            next_tick = time.monotonic() + tick_seconds
            _run_tick(factory, tick)
        with factory() as db:
            job = claim(db, name, kinds=wanted)
            if job is not None:
                run_job(db, job, context)
                ran += 1
                continue
        if once:
            break
        _sleep(poll_seconds, stop)
    return ran


def _run_tick(factory: sessionmaker[Session], tick: Callable[[Session], object]) -> None:
    try:
        with factory() as db:
            tick(db)
    except Exception:  # the scheduler must not take the worker down with it
        log.exception("scheduler tick failed")


def _sleep(seconds: float, stop: Callable[[], bool] | None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (stop and stop()):
        time.sleep(min(0.2, seconds))


def get_job(db: Session, job_id: int, *, kinds: Iterable[str] | None = None) -> Job:
    job = db.get(Job, job_id)
    if job is None or (kinds is not None and job.kind not in tuple(kinds)):
        raise NotFound("任务", str(job_id))
    return job


def job_summary(db: Session, *, kinds: Iterable[str] | None = None, recent: int = 10) -> dict[str, Any]:
    """Counts of jobs by status and the most recent jobs (of ``kinds``, default all)."""
    counts = dict.fromkeys(("queued", "running", "done", "failed"), 0)
    counting = select(Job.status, func.count()).group_by(Job.status)
    latest = select(Job).order_by(Job.id.desc()).limit(recent)
    if kinds is not None:
        wanted = tuple(kinds)
        counting, latest = counting.where(Job.kind.in_(wanted)), latest.where(Job.kind.in_(wanted))
    for status, n in db.execute(counting).all():
        counts[str(status)] = int(n)
    return {"counts": counts, "jobs": [job_dict(job) for job in db.scalars(latest).all()]}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def eta_seconds(job: Job, now: datetime | None = None) -> float | None:
    """Seconds left at the rate so far, for a running job that knows its total; else None."""
    if job.status != "running" or not job.total or not job.progress or job.started_at is None:
        return None
    elapsed = ((now or utcnow()) - job.started_at).total_seconds()
    rate = job.progress / max(elapsed, 1e-6)
    return round(max(job.total - job.progress, 0) / rate, 1)


def job_dict(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "params": job.params,
        "status": job.status,
        "progress": job.progress,
        "total": job.total,
        "eta_seconds": eta_seconds(job),
        "result": job.result,
        "error": job.error,
        "worker": job.worker,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
    }
