"""public opinion: posts, topics, alerts, jobs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import (
    BIG_INTEGER,
    BOOLEAN,
    FLOAT,
    INTEGER,
    JSON,
    STRING_16,
    STRING_32,
    STRING_40,
    STRING_64,
    STRING_128,
    STRING_512,
    TEXT,
    TIMESTAMP,
    Reference,
    create_table,
)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "opinion_posts",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("source", STRING_64, nullable=False),
        sa.Column("external_id", STRING_128, nullable=False),
        sa.Column("posted_at", TIMESTAMP, nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("author", STRING_128, nullable=True),
        sa.Column("region", STRING_64, nullable=True),
        sa.Column("url", STRING_512, nullable=True),
        sa.Column("item_code", STRING_64, nullable=True),
        sa.Column("policy", STRING_128, nullable=True),
        sa.Column("content_hash", STRING_40, nullable=False),
        sa.Column("simhash", BIG_INTEGER, nullable=False),
        sa.Column("band0", INTEGER, nullable=False),
        sa.Column("band1", INTEGER, nullable=False),
        sa.Column("band2", INTEGER, nullable=False),
        sa.Column("band3", INTEGER, nullable=False),
        sa.Column("duplicate_of", INTEGER, nullable=True),
        sa.Column("is_spam", BOOLEAN, nullable=False),
        sa.Column("sentiment", STRING_16, nullable=True),
        sa.Column("sentiment_score", FLOAT, nullable=True),
        sa.Column("topic_id", INTEGER, nullable=True),
        sa.Column("department", STRING_64, nullable=True),
        sa.Column("imported_at", TIMESTAMP, nullable=False),
        unique=("source", "external_id"),
        indexes=(
            "posted_at",
            "region",
            "item_code",
            "policy",
            "content_hash",
            "band0",
            "band1",
            "band2",
            "band3",
            "sentiment",
            "topic_id",
            "department",
        ),
    )

    create_table(
        "opinion_topics",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("label", STRING_128, nullable=False),
        sa.Column("keywords", JSON, nullable=False),
        sa.Column("size", INTEGER, nullable=False),
        sa.Column("item_code", STRING_64, nullable=True),
        sa.Column("department", STRING_64, nullable=True),
        sa.Column("representatives", JSON, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    create_table(
        "opinion_alerts",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("scope", STRING_16, nullable=False),
        sa.Column("key", STRING_128, nullable=False),
        sa.Column("bucket_start", TIMESTAMP, nullable=False),
        sa.Column("count", INTEGER, nullable=False),
        sa.Column("baseline", FLOAT, nullable=False),
        sa.Column("score", FLOAT, nullable=False),
        sa.Column("negative_share", FLOAT, nullable=False),
        sa.Column("delivered", BOOLEAN, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        unique=("scope", "key", "bucket_start"),
        indexes=("bucket_start",),
    )
    create_table(
        "opinion_alert_posts",
        sa.Column("alert_id", INTEGER, nullable=False),
        sa.Column("post_id", INTEGER, nullable=False),
        references=(
            Reference("alert_id", "opinion_alerts.id", ondelete="CASCADE"),
            Reference("post_id", "opinion_posts.id", ondelete="CASCADE"),
        ),
        primary_key=("alert_id", "post_id"),
    )
    create_table(
        "opinion_jobs",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("kind", STRING_32, nullable=False),
        sa.Column("params", JSON, nullable=False),
        sa.Column("status", STRING_16, nullable=False),
        sa.Column("progress", INTEGER, nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("error", TEXT, nullable=True),
        sa.Column("worker", STRING_128, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("heartbeat_at", TIMESTAMP, nullable=True),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        indexes=("status",),
    )


def downgrade() -> None:
    op.drop_table("opinion_jobs")
    op.drop_table("opinion_alert_posts")
    op.drop_table("opinion_alerts")
    op.drop_table("opinion_topics")
    op.drop_table("opinion_posts")
