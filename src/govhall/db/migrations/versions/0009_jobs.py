"""jobs: one queue for every capability (was opinion_jobs), with a total for progress and ETA

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import INTEGER

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_opinion_jobs_status", table_name="opinion_jobs")
    op.rename_table("opinion_jobs", "jobs")
    op.create_index("ix_jobs_status", "jobs", ["status"], unique=False)
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("total", INTEGER, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("total")
    op.drop_index("ix_jobs_status", table_name="jobs")
    op.rename_table("jobs", "opinion_jobs")
    op.create_index("ix_opinion_jobs_status", "opinion_jobs", ["status"], unique=False)
