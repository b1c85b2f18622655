"""assistant: conversations tied to the browser that opened them; hand-off department

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

``browser_key`` holds the SHA-256 of a random key the browser that opened an anonymous
conversation keeps in a cookie, so that only that browser (or the logged-in owner) may post as the
citizen; rows from before this revision have none and stay open to the id's holder, as before.
``handoff_department`` is the department whose clerks see the hand-off (12345 ones go to the
hotline's staff and admins).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import STRING_64

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assistant_sessions") as batch:
        batch.add_column(sa.Column("browser_key", STRING_64, nullable=True))
        batch.add_column(sa.Column("handoff_department", STRING_64, nullable=True))
    op.create_index(
        "ix_assistant_sessions_handoff_department", "assistant_sessions", ["handoff_department"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_assistant_sessions_handoff_department", table_name="assistant_sessions")
    with op.batch_alter_table("assistant_sessions") as batch:
        batch.drop_column("handoff_department")
        batch.drop_column("browser_key")
