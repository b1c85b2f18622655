"""knowledge graph: nodes, edges, builds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kg_nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=False),
        sa.Column("attrs", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kg_nodes")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_kg_nodes_kind")),
    )
    with op.batch_alter_table("kg_nodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kg_nodes_kind"), ["kind"], unique=False)

    op.create_table(
        "kg_builds",
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("nodes", sa.Integer(), nullable=False),
        sa.Column("edges", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("origin", name=op.f("pk_kg_builds")),
    )
    op.create_table(
        "kg_edges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=24), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("attrs", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["kg_nodes.id"], name=op.f("fk_kg_edges_source_id_kg_nodes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["kg_nodes.id"], name=op.f("fk_kg_edges_target_id_kg_nodes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kg_edges")),
    )
    with op.batch_alter_table("kg_edges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kg_edges_origin"), ["origin"], unique=False)
        batch_op.create_index(batch_op.f("ix_kg_edges_relation"), ["relation"], unique=False)
        batch_op.create_index(batch_op.f("ix_kg_edges_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kg_edges_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    op.drop_table("kg_edges")
    op.drop_table("kg_builds")
    op.drop_table("kg_nodes")
