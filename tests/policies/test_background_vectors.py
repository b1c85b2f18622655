"""Ingest returns when BM25 search works; dense vectors follow as one resumable background job, and
search fuses them as they arrive. Search itself never writes to the database."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govhall import jobs, policies
from govhall.db import make_engine, make_session_factory, transaction, utcnow
from govhall.embeddings import get_embedder
from govhall.jobs import Job, JobContext
from govhall.policies import PolicyDocument
from govhall.policies.index import load_index
from govhall.policies.models import PolicyIndexState
from tests.policies.conftest import policy_settings

LAW = "# 示例救助条例\n\n第一条 困难家庭每月可以领取补助金五百元。\n\n第二条 向街道办事处申请，三十日内答复。\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "laws"
    folder.mkdir(parents=True)
    (folder / "示例救助条例(2020-06-01).md").write_text(LAW, encoding="utf-8")
    return folder


def _factory(url: str) -> sessionmaker[Session]:
    return make_session_factory(make_engine(url))


def test_ingest_queues_vectors_and_search_improves_as_the_job_runs(db: Session, db_url: str, tmp_path: Path) -> None:
    s = policy_settings(tmp_path, db_url)
    embedder = get_embedder(s)
    assert embedder is not None

    report = policies.ingest_path(db, s, _folder(tmp_path))

    assert report.added == 1 and report.vector_job is not None
    hits = policies.search(db, s, "困难家庭补助金每月多少", k=3)  # BM25 works at once
    assert hits[0].title == "示例救助条例"
    index = load_index(db, s, embedder)
    assert index.dense_mask is not None and not index.dense_mask.any()  # no vectors yet (hash embedder)
    job = db.get(Job, report.vector_job)
    assert job is not None and job.status == "queued"
    # a second ingest while the job waits does not queue a second pass
    assert policies.ingest_path(db, s, _folder(tmp_path / "again")).vector_job == report.vector_job

    ran = jobs.work(_factory(db_url), JobContext.from_settings(s), once=True)

    assert ran == 1
    db.expire_all()
    done = db.get(Job, report.vector_job)
    assert done is not None and done.status == "done", done.error if done else None
    assert done.total == done.progress and done.progress > 0
    index.dense_checked = 0.0  # the next search looks at the cache folder again
    index = load_index(db, s, embedder)
    assert index.dense_mask is not None and bool(index.dense_mask.all())
    hit = policies.search(db, s, "困难家庭补助金每月多少", k=3)[0]
    assert hit.dense is not None and hit.title == "示例救助条例"


def test_wait_computes_vectors_before_returning(db: Session, db_url: str, tmp_path: Path) -> None:
    s = policy_settings(tmp_path, db_url)
    report = policies.ingest_path(db, s, _folder(tmp_path), wait=True)
    assert report.vector_job is None
    assert db.scalar(select(Job).where(Job.kind == policies.VECTOR_JOB)) is None
    index = load_index(db, s, get_embedder(s))
    assert index.dense_mask is not None and bool(index.dense_mask.all())


def test_a_job_of_a_dead_local_worker_is_resumed_at_once(db: Session, db_url: str, tmp_path: Path) -> None:
    s = policy_settings(tmp_path, db_url)
    job = policies.enqueue_vectors(db, s)
    assert job is not None
    finished = subprocess.Popen(["true"])  # a pid that existed and has exited
    finished.wait()
    with transaction(db):
        job.status, job.worker, job.heartbeat_at = "running", f"{socket.gethostname()}:{finished.pid}", utcnow()
        job.progress = 10
    busy = jobs.enqueue(db, policies.VECTOR_JOB, {"embedder": "other"})
    with transaction(db):
        busy.status, busy.worker, busy.heartbeat_at = "running", f"{socket.gethostname()}:{os.getpid()}", utcnow()

    taken = jobs.claim(db, "new-worker")

    assert taken is not None and taken.id == job.id  # the live worker's job is left alone
    assert jobs.claim(db, "another-worker") is None


def test_search_never_writes_and_keeps_the_callers_pending_writes(db_url: str, tmp_path: Path) -> None:
    """A consult turn searches inside its own transaction: the search must not roll it back."""
    s = policy_settings(tmp_path, db_url)
    factory = _factory(db_url)
    with factory() as db, transaction(db):
        state = db.get(PolicyIndexState, 1)
        assert state is not None
        state.builtin_hash = "from-an-older-release"  # the shipped library looks outdated: must not load here
    with factory() as db:
        db.begin()
        db.add(
            PolicyDocument(
                source="caller:1",
                policy_key="pending",
                title="调用方未提交的文件",
                doc_type="规范性文件",
                issuer="",
                doc_number="",
                promulgated_on=None,
                status="in_force",
                content_hash="x" * 64,
            )
        )
        db.flush()
        generation = db.get(PolicyIndexState, 1)
        before = generation.generation if generation else None
        hits = policies.search(db, s, "失业保险金领取期限", k=3)
        assert hits  # the library db upgrade loaded
        assert db.in_transaction()
        db.commit()
    with factory() as db:
        assert db.scalar(select(PolicyDocument).where(PolicyDocument.policy_key == "pending")) is not None
        state = db.get(PolicyIndexState, 1)
        assert (state.generation if state else None) == before


def test_vectors_merge_chunk_by_chunk(db: Session, db_url: str, tmp_path: Path) -> None:
    """The cache is read incrementally: chunks written after the index loaded are merged in."""
    s = policy_settings(tmp_path, db_url)
    embedder = get_embedder(s)
    assert embedder is not None
    policies.ingest_path(db, s, _folder(tmp_path), vectors=False)
    index = load_index(db, s, embedder)
    before = int(np.count_nonzero(index.dense_mask))
    policies.embed_pending(db, s, embedder)
    index.dense_name = embedder.name  # as another process would leave it: only the folder changed
    index.dense_checked = 0.0
    after = load_index(db, s, embedder)
    assert int(np.count_nonzero(after.dense_mask)) > before
