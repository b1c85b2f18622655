"""The dense-vector pass as a background job: ``govhall ingest`` returns once BM25 search works,
and vectors follow in ``govhall worker`` (or ``govhall serve``'s in-process worker).

Search fuses dense scores for the articles that already have vectors and BM25 alone for the rest,
so answers improve while the job runs. The pass is resumable (vectors are cached per content hash,
chunk by chunk), so a worker that restarts or takes over a dead worker's job goes on where it stopped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from govhall import jobs
from govhall.config import Settings
from govhall.embeddings import get_embedder
from govhall.errors import BadInput
from govhall.jobs import Job, JobRun
from govhall.policies.index import embed_pending

__all__ = ["VECTOR_JOB", "enqueue_vectors"]

VECTOR_JOB = "policy_vectors"


def enqueue_vectors(db: Session, settings: Settings) -> Job | None:
    """Queue the vector pass for the configured embedder (one job, however many ingests ask);
    None where no embedder is configured (BM25 only)."""
    if settings.embedder == "none":
        return None
    return jobs.enqueue(db, VECTOR_JOB, {"embedder": settings.embedder}, once=True)


def _run(run: JobRun) -> dict[str, Any]:
    settings = run.context.settings
    if settings is None:
        raise BadInput.of("no_settings")
    embedder = get_embedder(settings)
    if embedder is None:
        return {"embedded": 0}
    embedded = embed_pending(run.db, settings, embedder, lambda done, total: run.progress(done, total))
    return {"embedded": embedded, "embedder": embedder.name}


jobs.register(VECTOR_JOB, _run)
