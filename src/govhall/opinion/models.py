"""Tables of public-opinion monitoring (舆情): posts, topics, alerts and background jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow
from govhall.jobs.models import Job


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
