"""service hall core

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import (
    BOOLEAN,
    DATE,
    INTEGER,
    JSON,
    STRING_16,
    STRING_18,
    STRING_24,
    STRING_32,
    STRING_64,
    STRING_100,
    STRING_128,
    STRING_255,
    TEXT,
    TIMESTAMP,
    Reference,
    create_table,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    create_table(
        "audit_head",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("seq", INTEGER, nullable=False),
        sa.Column("hash", STRING_64, nullable=False),
    )
    create_table(
        "audit_log",
        sa.Column("seq", INTEGER, autoincrement=False, nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_id", INTEGER, nullable=True),
        sa.Column("actor_name", STRING_64, nullable=False),
        sa.Column("action", STRING_64, nullable=False),
        sa.Column("target", STRING_128, nullable=False),
        sa.Column("reason", TEXT, nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.Column("prev_hash", STRING_64, nullable=False),
        sa.Column("hash", STRING_64, nullable=False),
        primary_key=("seq",),
        indexes=("action", "target"),
    )

    create_table(
        "catalog_items",
        sa.Column("code", STRING_64, nullable=False),
        sa.Column("name", STRING_100, nullable=False),
        sa.Column("department", STRING_64, nullable=False),
        sa.Column("version", INTEGER, nullable=False),
        sa.Column("content", JSON, nullable=False),
        sa.Column("active", BOOLEAN, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        primary_key=("code",),
        unique=("name",),
        indexes=("department",),
    )

    create_table(
        "users",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("username", STRING_64, nullable=False),
        sa.Column("display_name", STRING_64, nullable=False),
        sa.Column("role", STRING_16, nullable=False),
        sa.Column("department", STRING_64, nullable=True),
        sa.Column("password_hash", STRING_255, nullable=False),
        sa.Column("phone", STRING_32, nullable=True),
        sa.Column("id_number", STRING_18, nullable=True),
        sa.Column("active", BOOLEAN, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        unique=("username",),
    )
    create_table(
        "auth_tokens",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("token_hash", STRING_64, nullable=False),
        sa.Column("user_id", INTEGER, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        references=(Reference("user_id", "users.id", ondelete="CASCADE"),),
        unique=("token_hash",),
        indexes=("user_id",),
    )

    create_table(
        "cases",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("number", STRING_32, nullable=False),
        sa.Column("item_code", STRING_64, nullable=False),
        sa.Column("item_version", INTEGER, nullable=False),
        sa.Column("item_name", STRING_100, nullable=False),
        sa.Column("department", STRING_64, nullable=False),
        sa.Column("applicant_id", INTEGER, nullable=False),
        sa.Column("state", STRING_24, nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("submitted_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("deadline", DATE, nullable=True),
        sa.Column("paused_on", DATE, nullable=True),
        sa.Column("last_reason", TEXT, nullable=False),
        references=(Reference("applicant_id", "users.id"), Reference("item_code", "catalog_items.code")),
        unique=("number",),
        indexes=("applicant_id", "department", "item_code", "state"),
    )

    create_table(
        "catalog_item_versions",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("code", STRING_64, nullable=False),
        sa.Column("version", INTEGER, nullable=False),
        sa.Column("content", JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("created_by", STRING_64, nullable=False),
        references=(Reference("code", "catalog_items.code", ondelete="CASCADE"),),
        unique=("code", "version"),
        indexes=("code",),
    )

    create_table(
        "case_events",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("case_id", INTEGER, nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_id", INTEGER, nullable=True),
        sa.Column("actor_name", STRING_64, nullable=False),
        sa.Column("action", STRING_32, nullable=False),
        sa.Column("from_state", STRING_24, nullable=True),
        sa.Column("to_state", STRING_24, nullable=False),
        sa.Column("reason", TEXT, nullable=False),
        references=(Reference("actor_id", "users.id"), Reference("case_id", "cases.id", ondelete="CASCADE")),
        indexes=("case_id",),
    )


def downgrade() -> None:

    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("catalog_item_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_item_versions_code"))

    op.drop_table("catalog_item_versions")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_state"))
        batch_op.drop_index(batch_op.f("ix_cases_item_code"))
        batch_op.drop_index(batch_op.f("ix_cases_department"))
        batch_op.drop_index(batch_op.f("ix_cases_applicant_id"))

    op.drop_table("cases")
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_tokens_user_id"))

    op.drop_table("auth_tokens")
    op.drop_table("users")
    with op.batch_alter_table("catalog_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_items_department"))

    op.drop_table("catalog_items")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_target"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
    op.drop_table("audit_head")
