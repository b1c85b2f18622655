"""opinion: duplicate-lookup indexes cover originals only

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = ("content_hash", "band0", "band1", "band2", "band3")


def upgrade() -> None:
    originals = sa.text("duplicate_of IS NULL")
    for column in _COLUMNS:
        op.drop_index(f"ix_opinion_posts_{column}", table_name="opinion_posts")
        op.create_index(
            f"ix_opinion_posts_{column}",
            "opinion_posts",
            [column],
            unique=False,
            sqlite_where=originals,
            postgresql_where=originals,
        )


def downgrade() -> None:
    for column in _COLUMNS:
        op.drop_index(f"ix_opinion_posts_{column}", table_name="opinion_posts")
        op.create_index(f"ix_opinion_posts_{column}", "opinion_posts", [column], unique=False)
