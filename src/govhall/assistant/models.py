"""Dialogue state (对话状态) in the database, so that any worker can take the next turn.

One row per conversation. JSON columns are always replaced, never mutated in place (SQLAlchemy
does not track in-place changes of plain JSON). ``version`` is SQLAlchemy's optimistic version
counter: two workers taking a turn of the same conversation at once cannot both win; the loser
gets a conflict instead of silently overwriting the winner's state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow
from govhall.db.crypto import EncryptedJSON


class AssistantSession(Base):
    """A conversation: current item, filled fields (with their source turn), pending question, turns."""

    __tablename__ = "assistant_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None)
    stage: Mapped[str] = mapped_column(String(16), default="idle")
    item_code: Mapped[str | None] = mapped_column(String(64), default=None)
    fields: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)
    """field name → {"value": …, "turn": n} — where each value came from, for corrections and clerks."""
    pending: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)
    """The open question: {"fields": [...]} or {"choices": [codes]} after a "don't know"."""
    turns: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)
    """{"items": [{"role", "text" (masked), "intent"?, "at"}], "said": [the last few citizen messages
    as said]} — the log is masked; ``said`` (read only by ``Turn._earlier_turns``, for a form opened
    after a question) holds raw text like ``fields`` and is returned by no API, page or export."""
    handled: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)
    """client message id → the reply already given, so a replayed message is answered, not re-applied."""
    handoff: Mapped[bool] = mapped_column(default=False, index=True)
    handoff_reason: Mapped[str] = mapped_column(String(64), default="")
    failures: Mapped[int] = mapped_column(default=0)
    case_number: Mapped[str | None] = mapped_column(String(32), default=None)
    routed_department: Mapped[str | None] = mapped_column(String(64), default=None)
    browser_key: Mapped[str | None] = mapped_column(String(64), default=None)
    """SHA-256 of the key the browser that opened an anonymous conversation holds (cookie)."""
    handoff_department: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    """Whose clerks see the hand-off: the item's department, or the 12345 hotline for complaints."""
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
