"""Tables of public-opinion monitoring (舆情): posts, topics, alerts and background jobs."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from govhall.db.base import Base, utcnow
from govhall.jobs.models import Job
from govhall.localtime import LOCAL_TZ as _LOCAL


class OpinionPost(Base):
    """One post, comment or hotline ticket, stored masked.

    ``(source, external_id)`` makes a re-import idempotent; rows without an id get ``sha:<hash>`` of
    their text. ``simhash`` and its four 16-bit ``band*`` columns let near-duplicate lookups use an
    index instead of scanning every post (two hashes within Hamming distance 3 share a band).
    """

    __tablename__ = "opinion_posts"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        # Duplicate lookups only ever look for originals, so copies stay out of these indexes: in a
        # repost storm most rows are copies, and each would otherwise update five random-key b-trees.
        *(
            Index(
                f"ix_opinion_posts_{column}",
                column,
                sqlite_where=text("duplicate_of IS NULL"),
                postgresql_where=text("duplicate_of IS NULL"),
            )
            for column in ("content_hash", "band0", "band1", "band2", "band3")
        ),
        # The dashboard's counts (govhall.opinion.series, topics_overview) read only this (migration 0014).
        Index(
            "ix_opinion_posts_dashboard",
            "posted_at",
            "sentiment",
            "source",
            "topic_id",
            "duplicate_of",
            "is_spam",
            sqlite_where=text("duplicate_of IS NULL AND is_spam IS 0"),
            postgresql_where=text("duplicate_of IS NULL AND is_spam IS false"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128))
    posted_at: Mapped[datetime] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(128), default=None)
    region: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    url: Mapped[str | None] = mapped_column(String(512), default=None)
    item_code: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    policy: Mapped[str | None] = mapped_column(String(128), default=None, index=True)
    content_hash: Mapped[str] = mapped_column(String(40))
    simhash: Mapped[int] = mapped_column(BigInteger)
    band0: Mapped[int] = mapped_column(Integer)
    band1: Mapped[int] = mapped_column(Integer)
    band2: Mapped[int] = mapped_column(Integer)
    band3: Mapped[int] = mapped_column(Integer)
    duplicate_of: Mapped[int | None] = mapped_column(Integer, default=None)
    is_spam: Mapped[bool] = mapped_column(Boolean, default=False)
    sentiment: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    sentiment_score: Mapped[float | None] = mapped_column(Float, default=None)
    topic_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    department: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpinionDaily(Base):
    """Posts per Beijing day, source and topic: the dashboard's counts without reading every post.

    Kept exact by every write to :class:`OpinionPost` in the same transaction
    (:mod:`govhall.opinion.rollup`), so a year's chart reads a few thousand of these rows instead
    of millions of posts. ``topic_id`` 0 stands for "no topic" (ids start at 1; a NULL in the key
    would never conflict, so the upsert could not add to it). ``posts`` counts every post, copies
    and spam included (the source list shows a source as soon as it has one); ``counted`` and
    ``negative`` only the originals that are not spam, which is what every chart counts.
    """

    __tablename__ = "opinion_daily"

    day: Mapped[date] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    topic_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posts: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(Integer)
    negative: Mapped[int] = mapped_column(Integer)


class OpinionTopic(Base):
    """A topic whose identity survives re-clustering: new clusters are matched to these by keywords."""

    __tablename__ = "opinion_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(128))
    keywords: Mapped[dict[str, Any]]
    size: Mapped[int] = mapped_column(Integer, default=0)
    item_code: Mapped[str | None] = mapped_column(String(64), default=None)
    department: Mapped[str | None] = mapped_column(String(64), default=None)
    representatives: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpinionAlert(Base):
    """A spike: one bucket of one series far above its robust baseline."""

    __tablename__ = "opinion_alerts"
    __table_args__ = (UniqueConstraint("scope", "key", "bucket_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(128))
    bucket_start: Mapped[datetime] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(Integer)
    baseline: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    negative_share: Mapped[float] = mapped_column(Float, default=0.0)
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpinionAlertPost(Base):
    """The posts behind an alert (what the analyst drills down to)."""

    __tablename__ = "opinion_alert_posts"

    alert_id: Mapped[int] = mapped_column(ForeignKey("opinion_alerts.id", ondelete="CASCADE"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("opinion_posts.id", ondelete="CASCADE"), primary_key=True)


OpinionJob = Job  # the queue is shared now; the old name stays for callers


# What migration 0013 adds outside the models, per backend: monthly partitions of ``opinion_posts``,
# the ``opinion_post_keys`` de-duplication table and the trigram text index on PostgreSQL (where the
# partitioned table cannot carry the ``(source, external_id)`` unique constraint nor be referenced by
# a foreign key), and the full-text index's tables on SQLite. Schema comparisons skip them.
_UNMODELLED_TABLE = re.compile(r"^opinion_posts_(\d{6}|default|fts(_\w+)?)$|^opinion_post_keys$")
_UNMODELLED_PIECES = {
    "uq_opinion_posts_source",
    "fk_opinion_alert_posts_post_id_opinion_posts",
    "ix_opinion_posts_source_external_id",
    "ix_opinion_posts_text_trgm",
}


def include_in_autogenerate(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic ``include_object`` hook: False for the schema pieces that migration 0013 manages by hand."""
    if type_ == "table" and name is not None and _UNMODELLED_TABLE.match(name):
        return False
    return name not in _UNMODELLED_PIECES


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def ensure_post_partitions(db: Session, months_ahead: int = 24) -> list[str]:
    """Create the monthly partitions of ``opinion_posts`` missing from this month to ``months_ahead``.

    PostgreSQL only (a no-op elsewhere); migration 0013 creates two years ahead, so a yearly call
    (a schedule, or ``govhall db upgrade``) keeps posts out of the default partition. A month whose
    rows already landed in the default partition is skipped (moving them needs a maintenance
    window), and reported by its absence from the returned names.
    """
    if db.get_bind().dialect.name != "postgresql":
        return []
    existing = set(
        db.scalars(
            text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                " WHERE i.inhparent = 'opinion_posts'::regclass"
            )
        )
    )
    today = datetime.now(_LOCAL).date()
    month, created = date(today.year, today.month, 1), []
    for _ in range(months_ahead + 1):
        name = f"opinion_posts_{month:%Y%m}"
        after = _next_month(month)
        if name not in existing:
            bounds = f"FROM ('{month.isoformat()} 00:00+08') TO ('{after.isoformat()} 00:00+08')"
            stray = db.scalar(
                text("SELECT 1 FROM opinion_posts_default WHERE posted_at >= :a AND posted_at < :b LIMIT 1").bindparams(
                    a=datetime.combine(month, datetime.min.time(), _LOCAL),
                    b=datetime.combine(after, datetime.min.time(), _LOCAL),
                )
            )
            if stray is None:
                db.execute(text(f"CREATE TABLE {name} PARTITION OF opinion_posts FOR VALUES {bounds}"))
                created.append(name)
        month = after
    db.commit()
    return created
