"""assistant: dialogue state per conversation

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assistant_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("item_code", sa.String(length=64), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("pending", sa.JSON(), nullable=False),
        sa.Column("turns", sa.JSON(), nullable=False),
        sa.Column("handled", sa.JSON(), nullable=False),
        sa.Column("handoff", sa.Boolean(), nullable=False),
        sa.Column("handoff_reason", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=32), nullable=True),
        sa.Column("routed_department", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_assistant_sessions_owner_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_sessions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_assistant_sessions_public_id")),
    )
    with op.batch_alter_table("assistant_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assistant_sessions_handoff"), ["handoff"], unique=False)
        batch_op.create_index(batch_op.f("ix_assistant_sessions_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    op.drop_table("assistant_sessions")
