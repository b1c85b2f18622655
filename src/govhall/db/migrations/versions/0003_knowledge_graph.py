"""knowledge graph: nodes, edges, builds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import (
    FLOAT,
    INTEGER,
    JSON,
    STRING_16,
    STRING_24,
    STRING_64,
    STRING_255,
    TEXT,
    TIMESTAMP,
    Reference,
    create_table,
)

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "kg_nodes",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("kind", STRING_16, nullable=False),
        sa.Column("key", STRING_255, nullable=False),
        sa.Column("label", STRING_255, nullable=False),
        sa.Column("attrs", JSON, nullable=False),
        unique=("kind", "key"),
        indexes=("kind",),
    )

    create_table(
        "kg_builds",
        sa.Column("origin", STRING_16, nullable=False),
        sa.Column("source_hash", STRING_64, nullable=False),
        sa.Column("nodes", INTEGER, nullable=False),
        sa.Column("edges", INTEGER, nullable=False),
        sa.Column("built_at", TIMESTAMP, nullable=False),
        primary_key=("origin",),
    )
    create_table(
        "kg_edges",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("source_id", INTEGER, nullable=False),
        sa.Column("target_id", INTEGER, nullable=False),
        sa.Column("relation", STRING_24, nullable=False),
        sa.Column("confidence", FLOAT, nullable=False),
        sa.Column("evidence", TEXT, nullable=False),
        sa.Column("origin", STRING_16, nullable=False),
        sa.Column("attrs", JSON, nullable=False),
        references=(
            Reference("source_id", "kg_nodes.id", ondelete="CASCADE"),
            Reference("target_id", "kg_nodes.id", ondelete="CASCADE"),
        ),
        indexes=("origin", "relation", "source_id", "target_id"),
    )


def downgrade() -> None:
    op.drop_table("kg_edges")
    op.drop_table("kg_builds")
    op.drop_table("kg_nodes")
