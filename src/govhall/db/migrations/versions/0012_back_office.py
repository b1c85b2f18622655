"""back office: reviewed assistant replies (good/bad examples) and the statistics indexes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Covering indexes: every chart query reads only these columns of a date range, never the table rows
# (whose encrypted form data makes a scan of a million cases slow).
_INDEXES = (
    (
        "ix_cases_stats_submitted",
        "cases",
        ["submitted_at", "department", "item_code", "state", "deadline", "updated_at"],
    ),
    ("ix_cases_stats_open", "cases", ["state", "deadline", "department", "item_code"]),
    ("ix_case_ratings_stats", "case_ratings", ["created_at", "department", "score"]),
    ("ix_assistant_sessions_created_at", "assistant_sessions", ["created_at"]),
)


def upgrade() -> None:
    op.create_table(
        "assistant_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("example", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.Integer(), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assistant_sessions.id"],
            name=op.f("fk_assistant_marks_session_id_assistant_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by"], ["users.id"], name=op.f("fk_assistant_marks_marked_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_marks")),
        sa.UniqueConstraint("session_id", "turn", name=op.f("uq_assistant_marks_session_id")),
    )
    op.create_index(op.f("ix_assistant_marks_marked_at"), "assistant_marks", ["marked_at"], unique=False)
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index(op.f("ix_assistant_marks_marked_at"), table_name="assistant_marks")
    op.drop_table("assistant_marks")
