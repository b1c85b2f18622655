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
    op.create_table(
        "opinion_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("negative", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "source", "topic_id", name=op.f("pk_opinion_daily")),
    )
    op.create_index(op.f("ix_opinion_daily_source"), "opinion_daily", ["source"], unique=False)
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
