"""opinion: a daily roll-up of the posts, which the dashboard reads instead of every post

``opinion_daily`` holds, per Beijing day, source and topic (0: none), the number of posts (copies
and spam included), of counted posts (originals, not spam) and of counted negative ones. Every
write to ``opinion_posts`` keeps it exact in the same transaction (``govhall.opinion.rollup``);
this migration back-fills it from the posts already there in one grouped pass (Beijing day:
``timezone('Asia/Shanghai', posted_at)::date`` on PostgreSQL, ``date(posted_at, '+8 hours')`` on
SQLite, which stores UTC text), so a year's chart reads a few thousand rows instead of millions.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import DATE, INTEGER, STRING_64, create_table

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_DAY = {
    "postgresql": "CAST(timezone('Asia/Shanghai', posted_at) AS DATE)",
    "sqlite": "date(posted_at, '+8 hours')",
}
_KEPT = "duplicate_of IS NULL AND is_spam = {false}"


def upgrade() -> None:
    create_table(
        "opinion_daily",
        sa.Column("day", DATE, nullable=False),
        sa.Column("source", STRING_64, nullable=False),
        sa.Column("topic_id", INTEGER, nullable=False),
        sa.Column("posts", INTEGER, nullable=False),
        sa.Column("counted", INTEGER, nullable=False),
        sa.Column("negative", INTEGER, nullable=False),
        primary_key=("day", "source", "topic_id"),
        indexes=("source",),
    )
    dialect = op.get_bind().dialect.name
    day = _DAY[dialect]
    kept = _KEPT.format(false="false" if dialect == "postgresql" else "0")
    op.execute(
        "INSERT INTO opinion_daily (day, source, topic_id, posts, counted, negative)"
        f" SELECT {day}, source, coalesce(topic_id, 0), count(*),"
        f" sum(CASE WHEN {kept} THEN 1 ELSE 0 END),"
        f" sum(CASE WHEN {kept} AND sentiment = 'negative' THEN 1 ELSE 0 END)"
        f" FROM opinion_posts GROUP BY {day}, source, coalesce(topic_id, 0)"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_opinion_daily_source"), table_name="opinion_daily")
    op.drop_table("opinion_daily")
