"""Managing the policy library from the back office (知识库管理): upload, repeal, re-index, delete,
and each document's status, structure and versions.

The library's own functions do the work (ingest, index, vectors); this module adds what a browser
needs around them: an upload is ingested from its bytes (no file on the server's disk), every change
is audited and bumps the index generation, a failed upload is remembered with its reason (in the
audit log, where the page reads it back), and a repeal survives later uploads (``refresh_statuses``
only knows versions and replacements, so a repeal is re-applied after each one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from govhall import audit, jobs
from govhall.accounts import User
from govhall.config import Settings
from govhall.db import contains_any, transaction, utcnow
from govhall.errors import BadInput, FileRejected, NotFound
from govhall.jobs import Job
from govhall.jobs.queue import eta_seconds
from govhall.policies._readers import SUPPORTED_SUFFIXES
from govhall.policies.faq import FAQ_SUFFIXES
from govhall.policies.index import bump_generation, rebuild_index
from govhall.policies.ingest import IngestReport, SourceFile, ingest_files, policy_key, refresh_statuses
from govhall.policies.models import PolicyArticle, PolicyDocument
from govhall.policies.vectors import VECTOR_JOB, enqueue_vectors

__all__ = [
    "MAX_UPLOAD_BYTES",
    "UPLOAD_SOURCE",
    "UPLOAD_SUFFIXES",
    "VectorProgress",
    "delete_document",
    "document_outline",
    "library_overview",
    "recent_failures",
    "reindex",
    "repeal",
    "upload",
]

UPLOAD_SOURCE = "upload:"
"""Source prefix of uploaded documents (a CLI ingest uses file paths, the shipped library builtin:)."""
UPLOAD_SUFFIXES = tuple(sorted(SUPPORTED_SUFFIXES | set(FAQ_SUFFIXES)))
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_FAILED = "policy.upload_failed"


def _check_upload(name: str, data: bytes) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or len(name) > 200:
        raise BadInput.of("bad_file_name", fields={"file": "文件名无效"})
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        allowed = "、".join(s.lstrip(".") for s in UPLOAD_SUFFIXES)
        raise BadInput.of("bad_file_type", name=name, allowed=allowed, fields={"file": "不支持的文件类型"})
    if not data:
        raise BadInput.of("empty_file", path=name, fields={"file": "文件是空的"})
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRejected.of("file_too_large", "policy", name=name)
    return name


def _reapply_repeals(db: Session) -> None:
    for document in db.scalars(select(PolicyDocument).where(PolicyDocument.status != "repealed")):
        if (document.info or {}).get("repealed_at"):
            document.status, document.superseded_by = "repealed", ""


def _reindexed(db: Session, settings: Settings) -> Job | None:
    """Rebuild BM25 now (search works at once) and queue the dense vectors."""
    rebuild_index(db, settings)
    db.rollback()
    with transaction(db):
        return enqueue_vectors(db, settings)


def upload(db: Session, settings: Settings, actor: User, name: str, data: bytes) -> IngestReport:
    """Ingest one uploaded document or FAQ file (CSV / JSONL pairs) from its bytes; audited.

    A file the library cannot read is refused with the reason, which is also kept (audit log) for
    the list of failed uploads. Uploading the same name again replaces that document's version.
    """
    name = _check_upload(name, data)
    source = SourceFile(source=f"{UPLOAD_SOURCE}{name}", name=name, folder="", read=lambda: data)
    report = ingest_files(db, [source])
    if report.failed:
        message = report.failed[0]["message"]
        with transaction(db):
            audit.record(db, actor=actor, action=_FAILED, target=f"policy:{name}", reason=message)
        raise FileRejected.of("document_unreadable", "upload", name=name, reason=message)
    with transaction(db):
        _reapply_repeals(db)
        bump_generation(db)
        audit.record(db, actor=actor, action="policy.upload", target=f"policy:{name}", details=report.to_dict())
    job = _reindexed(db, settings)
    report.vector_job = job.id if job is not None else None
    return report


def _document(db: Session, document_id: int) -> PolicyDocument:
    document = db.get(PolicyDocument, document_id)
    if document is None:
        raise NotFound("政策文件", str(document_id))
    return document


def repeal(db: Session, settings: Settings, actor: User, document_id: int, reason: str = "") -> PolicyDocument:
    """Mark a document repealed (废止): search and answers stop citing it; audited."""
    with transaction(db):
        document = _document(db, document_id)
        document.status, document.superseded_by = "repealed", ""
        document.info = {**(document.info or {}), "repealed_at": utcnow().isoformat(timespec="seconds")}
        bump_generation(db)
        audit.record(db, actor=actor, action="policy.repeal", target=f"policy:{document.title}", reason=reason)
    rebuild_index(db, settings)
    db.rollback()
    return document


def delete_document(db: Session, settings: Settings, actor: User, document_id: int, reason: str = "") -> str:
    """Delete a document and its articles; the other versions' statuses are recomputed; audited."""
    with transaction(db):
        document = _document(db, document_id)
        title = document.title
        db.execute(delete(PolicyDocument).where(PolicyDocument.id == document_id))
        refresh_statuses(db)
        _reapply_repeals(db)
        bump_generation(db)
        audit.record(db, actor=actor, action="policy.delete", target=f"policy:{title}", reason=reason)
    rebuild_index(db, settings)
    db.rollback()
    return title


def reindex(db: Session, settings: Settings, actor: User) -> Job | None:
    """Rebuild the search index and queue the vector pass again; audited."""
    with transaction(db):
        bump_generation(db)
        audit.record(db, actor=actor, action="policy.reindex", target="policy_index")
    return _reindexed(db, settings)


@dataclass
class VectorProgress:
    """The newest dense-vector job, as the page shows it."""

    status: str
    progress: int
    total: int | None
    eta_seconds: float | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None


def _vector_job(db: Session) -> VectorProgress | None:
    job = db.scalar(select(Job).where(Job.kind == VECTOR_JOB).order_by(Job.id.desc()).limit(1))
    if job is None:
        return None
    return VectorProgress(
        job.status, job.progress, job.total, eta_seconds(job), job.error, job.created_at, job.finished_at
    )


def _last_done(db: Session) -> datetime | None:
    return db.scalar(select(func.max(Job.finished_at)).where(Job.kind == VECTOR_JOB, Job.status == "done"))


def _state(document: PolicyDocument, vectors: VectorProgress | None, done: datetime | None, embedder: str) -> str:
    """indexed, vectors_pending or vectors_failed: a document changed since the last finished vector
    pass waits for the newest job (or failed with it). BM25 search covers it either way."""
    if embedder == "none" or vectors is None or document.source.startswith("builtin:"):
        return "indexed"
    if done is not None and document.ingested_at <= done:
        return "indexed"
    if vectors.status in ("queued", "running"):
        return "vectors_pending"
    return "vectors_failed" if vectors.status == "failed" else "indexed"


def library_overview(db: Session, settings: Settings, *, query: str = "", limit: int = 500) -> dict[str, Any]:
    """Every document (newest version first within each policy) with its status, number of versions
    and index state, the newest vector job, and the vector job counts."""
    counts = {
        int(document_id): int(n)
        for document_id, n in db.execute(
            select(PolicyArticle.document_id, func.count()).group_by(PolicyArticle.document_id)
        )
    }
    statement = select(PolicyDocument).order_by(PolicyDocument.policy_key, PolicyDocument.promulgated_on.desc())
    query = query.strip()
    if query:
        statement = statement.where(
            contains_any(query, PolicyDocument.title, PolicyDocument.issuer, PolicyDocument.doc_number)
        )
    documents = list(db.scalars(statement.limit(limit)))
    vectors, done = _vector_job(db), _last_done(db)
    versions: Counter[str] = Counter(d.policy_key for d in documents)
    rows = [
        {
            "id": document.id,
            "title": document.title,
            "doc_type": document.doc_type,
            "issuer": document.issuer,
            "doc_number": document.doc_number,
            "promulgated_on": document.promulgated_on,
            "status": document.status,
            "superseded_by": document.superseded_by,
            "versions": versions[document.policy_key],
            "articles": counts.get(document.id, 0),
            "uploaded": document.source.startswith(UPLOAD_SOURCE),
            "index_state": _state(document, vectors, done, settings.embedder),
            "ingested_at": document.ingested_at,
        }
        for document in documents
    ]
    return {"documents": rows, "vectors": vectors, "jobs": jobs.job_summary(db, kinds=[VECTOR_JOB])["counts"]}


def recent_failures(db: Session, limit: int = 20) -> list[dict[str, Any]]:
    """The latest uploads that could not be read, with the reason."""
    return [
        {"at": e.at, "file": e.target.removeprefix("policy:"), "reason": e.reason, "by": e.actor_name}
        for e in audit.find_entries(db, action=_FAILED, limit=limit)
    ]


def document_outline(db: Session, document_id: int) -> dict[str, Any]:
    """A document's structure (编/章/节 headings, then its 条) and its versions.

    Headings come from each article's path (``第一编 > 第二章 > 第一节 > 第三条``): a heading is
    listed where it first appears, indented by its depth, so the outline reads like the table of
    contents.
    """
    document = _document(db, document_id)
    outline: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for article in document.articles:
        parts = [p.strip() for p in article.path.split(">")]
        headings = parts[:-1]
        for depth in range(1, len(headings) + 1):
            key = tuple(headings[:depth])
            if key not in seen:
                seen.add(key)
                outline.append({"kind": "heading", "depth": depth - 1, "text": headings[depth - 1]})
        outline.append(
            {
                "kind": "article",
                "depth": len(headings),
                "number": article.number,
                "text": article.text,
                "paragraphs": len(article.paragraphs or []),
            }
        )
    siblings = db.scalars(
        select(PolicyDocument)
        .where(PolicyDocument.policy_key == policy_key(document.title))
        .order_by(PolicyDocument.promulgated_on.desc(), PolicyDocument.id.desc())
    ).all()
    return {
        "document": document,
        "outline": outline,
        "versions": [
            {
                "id": v.id,
                "title": v.title,
                "promulgated_on": v.promulgated_on,
                "status": v.status,
                "superseded_by": v.superseded_by,
                "current": v.id == document.id,
            }
            for v in siblings
        ],
        "replaces": (document.info or {}).get("replaces", []),
    }
