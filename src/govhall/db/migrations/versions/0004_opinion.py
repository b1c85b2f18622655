"""public opinion: posts, topics, alerts, jobs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opinion_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=128), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("url", sa.String(length=512), nullable=True),
        sa.Column("item_code", sa.String(length=64), nullable=True),
        sa.Column("policy", sa.String(length=128), nullable=True),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("simhash", sa.BigInteger(), nullable=False),
        sa.Column("band0", sa.Integer(), nullable=False),
        sa.Column("band1", sa.Integer(), nullable=False),
        sa.Column("band2", sa.Integer(), nullable=False),
        sa.Column("band3", sa.Integer(), nullable=False),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("is_spam", sa.Boolean(), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=True),
        sa.Column("sentiment_score", sa.Float(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_posts")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_opinion_posts_source")),
    )
    with op.batch_alter_table("opinion_posts", schema=None) as batch_op:
        for column in (
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
        ):
            batch_op.create_index(batch_op.f(f"ix_opinion_posts_{column}"), [column], unique=False)

    op.create_table(
        "opinion_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=128), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(length=64), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("representatives", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_topics")),
    )
    op.create_table(
        "opinion_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("bucket_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("negative_share", sa.Float(), nullable=False),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_alerts")),
        sa.UniqueConstraint("scope", "key", "bucket_start", name=op.f("uq_opinion_alerts_scope")),
    )
    with op.batch_alter_table("opinion_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opinion_alerts_bucket_start"), ["bucket_start"], unique=False)
    op.create_table(
        "opinion_alert_posts",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["opinion_alerts.id"],
            name=op.f("fk_opinion_alert_posts_alert_id_opinion_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["opinion_posts.id"],
            name=op.f("fk_opinion_alert_posts_post_id_opinion_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alert_id", "post_id", name=op.f("pk_opinion_alert_posts")),
    )
    op.create_table(
        "opinion_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_jobs")),
    )
    with op.batch_alter_table("opinion_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opinion_jobs_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("opinion_jobs")
    op.drop_table("opinion_alert_posts")
    op.drop_table("opinion_alerts")
    op.drop_table("opinion_topics")
    op.drop_table("opinion_posts")
