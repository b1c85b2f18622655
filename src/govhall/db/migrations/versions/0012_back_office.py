"""back office: reviewed assistant replies (good/bad examples) and the statistics indexes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import INTEGER, STRING_8, STRING_64, TEXT, TIMESTAMP, Reference, create_table

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
    create_table(
        "assistant_marks",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("session_id", INTEGER, nullable=False),
        sa.Column("turn", INTEGER, nullable=False),
        sa.Column("example", STRING_8, nullable=False),
        sa.Column("label", STRING_64, nullable=False),
        sa.Column("note", TEXT, nullable=False),
        sa.Column("marked_by", INTEGER, nullable=True),
        sa.Column("marked_at", TIMESTAMP, nullable=False),
        references=(
            Reference("session_id", "assistant_sessions.id", ondelete="CASCADE"),
            Reference("marked_by", "users.id", ondelete="SET NULL"),
        ),
        unique=("session_id", "turn"),
        indexes=("marked_at",),
    )
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index(op.f("ix_assistant_marks_marked_at"), table_name="assistant_marks")
    op.drop_table("assistant_marks")
