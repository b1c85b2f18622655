"""Applications (办件) and their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
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
    # the materials the last 补正 asked for (names); the applicant uploads exactly these
    requested_materials: Mapped[list[str]] = mapped_column(JSON, default=list)
    # how many times materials were requested: uploads of the n-th 补正 carry round n
    materials_round: Mapped[int] = mapped_column(default=0)


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


class CaseRating(Base):
    """The applicant's 好差评 of a finished case; a 差评 opens a follow-up for the department."""

    __tablename__ = "case_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    department: Mapped[str] = mapped_column(String(64), index=True)
    item_code: Mapped[str] = mapped_column(String(64), index=True)
    score: Mapped[int]
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")  # masked before it is stored
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "" (no follow-up), "open" (差评 awaiting the department), "closed"
    follow_up: Mapped[str] = mapped_column(String(16), default="", index=True)
    follow_up_note: Mapped[str] = mapped_column(Text, default="")
