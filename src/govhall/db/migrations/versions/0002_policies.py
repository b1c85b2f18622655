"""policy library: documents, articles, replacements, index state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govhall.db.migrations._schema import (
    DATE,
    INTEGER,
    JSON,
    STRING_16,
    STRING_32,
    STRING_64,
    STRING_100,
    STRING_200,
    STRING_500,
    TEXT,
    TIMESTAMP,
    Reference,
    create_table,
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "policy_documents",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("source", STRING_500, nullable=False),
        sa.Column("policy_key", STRING_200, nullable=False),
        sa.Column("title", STRING_200, nullable=False),
        sa.Column("doc_type", STRING_32, nullable=False),
        sa.Column("issuer", STRING_200, nullable=False),
        sa.Column("doc_number", STRING_100, nullable=False),
        sa.Column("promulgated_on", DATE, nullable=True),
        sa.Column("status", STRING_16, nullable=False),
        sa.Column("superseded_by", STRING_200, nullable=False),
        sa.Column("content_hash", STRING_64, nullable=False),
        sa.Column("info", JSON, nullable=False),
        sa.Column("ingested_at", TIMESTAMP, nullable=False),
        unique=("source",),
        indexes=("doc_type", "policy_key", "status"),
    )

    create_table(
        "policy_index_state",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("generation", INTEGER, nullable=False),
        sa.Column("builtin_hash", STRING_64, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    create_table(
        "policy_replacements",
        sa.Column("old_key", STRING_200, nullable=False),
        sa.Column("new_key", STRING_200, nullable=False),
        sa.Column("declared_at", TIMESTAMP, nullable=False),
        primary_key=("old_key",),
    )
    create_table(
        "policy_articles",
        sa.Column("id", INTEGER, nullable=False),
        sa.Column("document_id", INTEGER, nullable=False),
        sa.Column("seq", INTEGER, nullable=False),
        sa.Column("number", STRING_32, nullable=False),
        sa.Column("path", STRING_500, nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("paragraphs", JSON, nullable=False),
        sa.Column("content_hash", STRING_64, nullable=False),
        references=(Reference("document_id", "policy_documents.id", ondelete="CASCADE"),),
        indexes=("content_hash", "document_id"),
    )


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
