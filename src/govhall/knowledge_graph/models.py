"""The knowledge graph in the database: nodes and typed edges with evidence and confidence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow


class GraphNode(Base):
    __tablename__ = "kg_nodes"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    key: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(255))
    attrs: Mapped[dict[str, Any]]


class GraphEdge(Base):
    __tablename__ = "kg_edges"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("kg_nodes.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("kg_nodes.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(24), index=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    evidence: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), index=True)  # catalogue | policies
    attrs: Mapped[dict[str, Any]]


class GraphBuild(Base):
    """One row per origin: the hash of what the edges were built from, for incremental rebuilds."""

    __tablename__ = "kg_builds"

    origin: Mapped[str] = mapped_column(String(16), primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64))
    nodes: Mapped[int]
    edges: Mapped[int]
    built_at: Mapped[datetime] = mapped_column(default=utcnow)
