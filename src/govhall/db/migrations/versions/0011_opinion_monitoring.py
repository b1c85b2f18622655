"""opinion monitoring: collector sources, cron schedules, alert subscriptions and alert notices

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import (
    BOOLEAN,
    INTEGER,
    JSON,
    STRING_16,
    STRING_32,
    STRING_64,
    STRING_128,
    STRING_200,
    STRING_512,
    TEXT,
    TIMESTAMP,
    Reference,
    create_table,
)

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "schedules",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("name", STRING_64, nullable=False),
        sa.Column("kind", STRING_32, nullable=False),
        sa.Column("params", JSON, nullable=False),
        sa.Column("cron", STRING_64, nullable=False),
        sa.Column("enabled", BOOLEAN, nullable=False),
        sa.Column("next_run_at", TIMESTAMP, nullable=False),
        sa.Column("last_run_at", TIMESTAMP, nullable=True),
        sa.Column("last_job_id", INTEGER, nullable=True),
        sa.Column("last_error", TEXT, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        unique=("name",),
        indexes=("next_run_at",),
    )
    create_table(
        "opinion_sources",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("name", STRING_64, nullable=False),
        sa.Column("kind", STRING_32, nullable=False),
        sa.Column("location", STRING_512, nullable=False),
        sa.Column("cron", STRING_64, nullable=False),
        sa.Column("mapping", JSON, nullable=False),
        sa.Column("options", JSON, nullable=False),
        sa.Column("credential_setting", STRING_64, nullable=False),
        sa.Column("enabled", BOOLEAN, nullable=False),
        sa.Column("state", JSON, nullable=False),
        sa.Column("failures", INTEGER, nullable=False),
        sa.Column("retry_at", TIMESTAMP, nullable=True),
        sa.Column("last_run_at", TIMESTAMP, nullable=True),
        sa.Column("last_ok_at", TIMESTAMP, nullable=True),
        sa.Column("last_error", TEXT, nullable=True),
        sa.Column("last_imported", INTEGER, nullable=False),
        sa.Column("total_imported", INTEGER, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        unique=("name",),
    )
    create_table(
        "opinion_subscriptions",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("user_id", INTEGER, nullable=False),
        sa.Column("watch", STRING_16, nullable=False),
        sa.Column("value", STRING_128, nullable=False),
        sa.Column("channels", JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        references=(Reference("user_id", "users.id", ondelete="CASCADE"),),
        unique=("user_id", "watch", "value"),
        indexes=("user_id",),
    )
    create_table(
        "opinion_alert_notices",
        sa.Column("alert_id", INTEGER, nullable=False),
        sa.Column("burst_key", STRING_200, nullable=False),
        sa.Column("opens_burst", BOOLEAN, nullable=False),
        sa.Column("recipients", INTEGER, nullable=False),
        sa.Column("notified_at", TIMESTAMP, nullable=False),
        sa.Column("webhook_at", TIMESTAMP, nullable=True),
        references=(Reference("alert_id", "opinion_alerts.id", ondelete="CASCADE"),),
        primary_key=("alert_id",),
        indexes=("burst_key",),
    )


def downgrade() -> None:
    op.drop_table("opinion_alert_notices")
    op.drop_table("opinion_subscriptions")
    op.drop_table("opinion_sources")
    op.drop_table("schedules")
