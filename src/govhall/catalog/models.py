"""Service items (事项) and their versions in the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow


class CatalogItem(Base):
    """The current version of an item; every earlier version stays in ``catalog_item_versions``."""

    __tablename__ = "catalog_items"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    department: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int]
    content: Mapped[dict[str, Any]]
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogItemVersion(Base):
    __tablename__ = "catalog_item_versions"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("catalog_items.code", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    content: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
