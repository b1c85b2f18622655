"""assistant: dialogue state per conversation

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
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
    TIMESTAMP,
    Reference,
    create_table,
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "assistant_sessions",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("public_id", STRING_32, nullable=False),
        sa.Column("owner_id", INTEGER, nullable=True),
        sa.Column("stage", STRING_16, nullable=False),
        sa.Column("item_code", STRING_64, nullable=True),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("pending", JSON, nullable=False),
        sa.Column("turns", JSON, nullable=False),
        sa.Column("handled", JSON, nullable=False),
        sa.Column("handoff", BOOLEAN, nullable=False),
        sa.Column("handoff_reason", STRING_64, nullable=False),
        sa.Column("failures", INTEGER, nullable=False),
        sa.Column("case_number", STRING_32, nullable=True),
        sa.Column("routed_department", STRING_64, nullable=True),
        sa.Column("version", INTEGER, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        references=(Reference("owner_id", "users.id", ondelete="SET NULL"),),
        unique=("public_id",),
        indexes=("handoff", "owner_id"),
    )


def downgrade() -> None:
    op.drop_table("assistant_sessions")
