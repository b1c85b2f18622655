"""A job queue in the database the product already has (no new server).

Workers claim the oldest queued job atomically: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL
(several workers on several machines never take the same job and never wait on each other), and on
SQLite the write transaction itself is the lock (govhall's engine starts every transaction with
``BEGIN IMMEDIATE``). The API runs queued jobs in-process after answering, so the embedded default
needs no worker at all; ``govhall opinion worker`` adds workers where one process is not enough.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govhall.db import transaction, utcnow
from govhall.errors import BadInput, GovhallError, NotFound
from govhall.opinion.ingest import Analyzer, ingest_file
from govhall.opinion.models import OpinionJob
from govhall.opinion.sentiment import load_sentiment
from govhall.opinion.series import scan_alerts
from govhall.opinion.topics import discover_topics

__all__ = ["JOB_KINDS", "JobContext", "claim", "enqueue", "get_job", "job_dict", "run_job", "work"]

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


def claim(db: Session, worker: str) -> OpinionJob | None:
    """Take the oldest queued job for ``worker``, or None; exactly one worker gets each job."""
    with transaction(db):
        query = select(OpinionJob).where(OpinionJob.status == "queued").order_by(OpinionJob.id).limit(1)
        if db.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = db.scalar(query)
        if job is None:
            return None
        job.status = "running"
        job.worker = worker
        job.started_at = utcnow()
    return job


def _progress(db: Session, job: OpinionJob, done: int) -> None:
    with transaction(db):
        job.progress = done


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
                db, Path(job.params["path"]), analyzer, source=job.params.get("source"), progress=progress
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
