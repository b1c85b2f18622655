"""Applications (办件) and their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow
from govhall.db.crypto import EncryptedJSON


class Case(Base):
    """One application against one version of a catalogue item."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    item_code: Mapped[str] = mapped_column(ForeignKey("catalog_items.code"), index=True)
    item_version: Mapped[int]
    item_name: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(64), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(24), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON())
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[date | None] = mapped_column(default=None)
    paused_on: Mapped[date | None] = mapped_column(default=None)
    last_reason: Mapped[str] = mapped_column(Text, default="")


class CaseEvent(Base):
    """A state change as the applicant and the clerk see it (the audit log holds the same, chained)."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(24), default=None)
    to_state: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text, default="")
