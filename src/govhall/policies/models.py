"""Tables of the policy library: documents (one version of one policy each), their articles, and
declared replacements (信访条例 → 信访工作条例)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from govhall.db import Base, utcnow


class PolicyDocument(Base):
    """One version of one policy document (政策文件), as ingested from one source file."""

    __tablename__ = "policy_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(500), unique=True)
    policy_key: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200))
    doc_type: Mapped[str] = mapped_column(String(32), index=True)
    issuer: Mapped[str] = mapped_column(String(200))
    doc_number: Mapped[str] = mapped_column(String(100))
    promulgated_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    superseded_by: Mapped[str] = mapped_column(String(200), default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    info: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)

    articles: Mapped[list[PolicyArticle]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, order_by="PolicyArticle.seq"
    )


class PolicyArticle(Base):
    """One article (条), the unit of citation; its paragraphs (款) stay addressable in ``paragraphs``."""

    __tablename__ = "policy_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("policy_documents.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    paragraphs: Mapped[list[str]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)

    document: Mapped[PolicyDocument] = relationship(back_populates="articles")


class PolicyReplacement(Base):
    """A declaration that policy ``old_key`` was replaced by ``new_key`` (detected or declared)."""

    __tablename__ = "policy_replacements"

    old_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    new_key: Mapped[str] = mapped_column(String(200))
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)


class PolicyIndexState(Base):
    """One row: bumped by every change to the library, so each worker knows when its index is stale."""

    __tablename__ = "policy_index_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    builtin_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
