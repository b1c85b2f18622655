"""Use cases the adapters call: ingest a path (structure, index, vectors), list and read documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.embeddings import get_embedder
from govhall.errors import NotFound
from govhall.policies.index import embed_pending, rebuild_index
from govhall.policies.ingest import IngestReport, ingest_files, iter_folder
from govhall.policies.interpret import interpret_article
from govhall.policies.library import ensure_builtin
from govhall.policies.models import PolicyArticle, PolicyDocument
from govhall.policies.vectors import enqueue_vectors

__all__ = ["document_view", "ingest_path", "list_documents"]

FileProgress = Callable[[int, int, str], None]
StepProgress = Callable[[int, int], None]


def ingest_path(
    db: Session,
    settings: Settings,
    path: Path,
    *,
    replacements: list[tuple[str, str]] | None = None,
    vectors: bool = True,
    wait: bool = False,
    on_file: FileProgress | None = None,
    on_index: StepProgress | None = None,
    on_vectors: StepProgress | None = None,
) -> IngestReport:
    """Ingest a file or folder and rebuild the BM25 index; then queue the dense vectors.

    Returns as soon as search works (BM25); the vectors are a background job (``report.vector_job``)
    unless ``wait``, which computes them here first (resumable either way).
    """
    ensure_builtin(db)
    files, prefix = iter_folder(path)
    report = ingest_files(db, files, prune_prefix=prefix, replacements=replacements or [], progress=on_file)
    rebuild_index(db, settings, on_index)
    db.rollback()
    if not vectors or settings.embedder == "none":
        return report
    if wait:
        embedder = get_embedder(settings)
        if embedder is not None:
            embed_pending(db, settings, embedder, on_vectors)
        return report
    job = enqueue_vectors(db, settings)
    report.vector_job = job.id if job is not None else None
    return report


def list_documents(db: Session, *, status: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    counts = dict(db.execute(select(PolicyArticle.document_id, func.count()).group_by(PolicyArticle.document_id)).all())
    statement = select(PolicyDocument).order_by(PolicyDocument.policy_key, PolicyDocument.promulgated_on)
    if status:
        statement = statement.where(PolicyDocument.status == status)
    return [_document_summary(d, counts.get(d.id, 0)) for d in db.scalars(statement.limit(limit))]


def _document_summary(document: PolicyDocument, articles: int) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "doc_type": document.doc_type,
        "issuer": document.issuer,
        "doc_number": document.doc_number,
        "promulgated_on": document.promulgated_on.isoformat() if document.promulgated_on else None,
        "status": document.status,
        "superseded_by": document.superseded_by or None,
        "articles": articles,
    }


def document_view(db: Session, document_id: int) -> dict[str, Any]:
    """One document with its interpretation and every article (each with its own interpretation)."""
    document = db.get(PolicyDocument, document_id)
    if document is None:
        raise NotFound("政策文件", str(document_id))
    articles = list(document.articles)
    info = document.info or {}
    return {
        **_document_summary(document, len(articles)),
        "info_lines": info.get("info_lines", []),
        "summary": info.get("summary", ""),
        "keywords": info.get("keywords", []),
        "applies_to": info.get("applies_to", []),
        "grants": info.get("grants", []),
        "articles": [
            {
                "id": a.id,
                "article": a.number,
                "path": a.path,
                "paragraphs": a.paragraphs,
                **interpret_article(a.text),
            }
            for a in articles
        ],
    }
