"""hall: uploaded materials, notifications, 好差评 ratings; cases remember the materials asked for

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import (
    INTEGER,
    JSON,
    STRING_16,
    STRING_32,
    STRING_48,
    STRING_64,
    STRING_100,
    STRING_120,
    STRING_200,
    STRING_255,
    STRING_300,
    TEXT,
    TIMESTAMP,
    Reference,
    create_table,
)

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("requested_materials", JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("materials_round", INTEGER, nullable=False, server_default="0"))
    create_table(
        "stored_files",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("public_id", STRING_48, nullable=False),
        sa.Column("owner_id", INTEGER, nullable=False),
        sa.Column("filename", STRING_200, nullable=False),
        sa.Column("content_type", STRING_64, nullable=False),
        sa.Column("size", INTEGER, nullable=False),
        sa.Column("sha256", STRING_64, nullable=False),
        sa.Column("data_key", STRING_255, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("case_id", INTEGER, nullable=True),
        sa.Column("department", STRING_64, nullable=True),
        sa.Column("material", STRING_100, nullable=False),
        sa.Column("round", INTEGER, nullable=False),
        references=(Reference("owner_id", "users.id"), Reference("case_id", "cases.id", ondelete="CASCADE")),
        unique=("public_id",),
        indexes=("owner_id", "sha256", "case_id"),
    )
    create_table(
        "notifications",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("user_id", INTEGER, nullable=False),
        sa.Column("kind", STRING_32, nullable=False),
        sa.Column("title", STRING_200, nullable=False),
        sa.Column("body", TEXT, nullable=False),
        sa.Column("link", STRING_300, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("read_at", TIMESTAMP, nullable=True),
        sa.Column("dedup_key", STRING_120, nullable=True),
        sa.Column("phone", STRING_255, nullable=True),
        sa.Column("delivered_at", TIMESTAMP, nullable=True),
        sa.Column("delivery", STRING_32, nullable=False),
        references=(Reference("user_id", "users.id", ondelete="CASCADE"),),
        unique=("user_id", "dedup_key"),
        indexes=("user_id", "delivered_at"),
    )
    create_table(
        "case_ratings",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("case_id", INTEGER, nullable=False),
        sa.Column("department", STRING_64, nullable=False),
        sa.Column("item_code", STRING_64, nullable=False),
        sa.Column("score", INTEGER, nullable=False),
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("comment", TEXT, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("follow_up", STRING_16, nullable=False),
        sa.Column("follow_up_note", TEXT, nullable=False),
        references=(Reference("case_id", "cases.id", ondelete="CASCADE"),),
        unique=("case_id",),
        indexes=("department", "item_code", "follow_up"),
    )


def downgrade() -> None:
    op.drop_table("case_ratings")
    op.drop_table("notifications")
    op.drop_table("stored_files")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("materials_round")
        batch.drop_column("requested_materials")
