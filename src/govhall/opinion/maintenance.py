"""Changes to stored posts after their import: retention (purge) and sentiment re-scoring.

Both write through :mod:`govhall.opinion.rollup`, so the dashboard's daily counts stay exact in the
same transaction. Work is done in batches of posts, one transaction each, so a re-score of millions
of posts neither holds one huge transaction nor loses more than a batch when interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.db import in_period, transaction
from govhall.opinion import rollup
from govhall.opinion.models import OpinionPost
from govhall.opinion.sentiment import SentimentModel

__all__ = ["BATCH", "Rescored", "purge_before", "rescore"]

BATCH = 2_000


def purge_before(db: Session, before: datetime) -> int:
    """Delete every post (with its alert links) posted before ``before``; how many went."""
    with transaction(db):
        return rollup.delete_posts(db, OpinionPost.posted_at < before)


@dataclass
class Rescored:
    """What a re-score did: posts scored, and those whose label changed."""

    posts: int = 0
    changed: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"posts": self.posts, "changed": self.changed}


def rescore(
    db: Session,
    model: SentimentModel,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    batch: int = BATCH,
) -> Rescored:
    """Label again with ``model`` the posts of ``[since, until)`` that an import labels (not spam).

    Why: after a better model is activated, the dashboard's negative shares should come from it,
    not from whichever model each post happened to be imported under."""
    query = select(OpinionPost.id, OpinionPost.text, OpinionPost.sentiment).where(OpinionPost.is_spam.is_(False))
    query = query.where(*in_period(OpinionPost.posted_at, since, until))
    done, last = Rescored(), 0
    while True:
        rows = db.execute(query.where(OpinionPost.id > last).order_by(OpinionPost.id).limit(batch)).all()
        if not rows:
            return done
        results = model.predict([body for _, body, _ in rows])
        values = [
            {"id": post_id, "sentiment": result.label, "sentiment_score": result.score}
            for (post_id, _, _), result in zip(rows, results, strict=True)
        ]
        with transaction(db):
            rollup.set_each(db, values)
        done.posts += len(rows)
        done.changed += sum(1 for (_, _, old), result in zip(rows, results, strict=True) if old != result.label)
        last = int(rows[-1][0])
