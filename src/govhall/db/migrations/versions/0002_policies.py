"""policy library: documents, articles, replacements, index state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("policy_key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("doc_number", sa.String(length=100), nullable=False),
        sa.Column("promulgated_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("superseded_by", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("info", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_documents")),
        sa.UniqueConstraint("source", name=op.f("uq_policy_documents_source")),
    )
    with op.batch_alter_table("policy_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_documents_doc_type"), ["doc_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_policy_documents_policy_key"), ["policy_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_policy_documents_status"), ["status"], unique=False)

    op.create_table(
        "policy_index_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("builtin_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_index_state")),
    )
    op.create_table(
        "policy_replacements",
        sa.Column("old_key", sa.String(length=200), nullable=False),
        sa.Column("new_key", sa.String(length=200), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("old_key", name=op.f("pk_policy_replacements")),
    )
    op.create_table(
        "policy_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["policy_documents.id"],
            name=op.f("fk_policy_articles_document_id_policy_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_articles")),
    )
    with op.batch_alter_table("policy_articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_articles_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_policy_articles_document_id"), ["document_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("policy_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_articles_document_id"))
        batch_op.drop_index(batch_op.f("ix_policy_articles_content_hash"))

    op.drop_table("policy_articles")
    op.drop_table("policy_replacements")
    op.drop_table("policy_index_state")
    with op.batch_alter_table("policy_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_documents_status"))
        batch_op.drop_index(batch_op.f("ix_policy_documents_policy_key"))
        batch_op.drop_index(batch_op.f("ix_policy_documents_doc_type"))

    op.drop_table("policy_documents")
