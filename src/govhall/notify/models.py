"""In-site notifications (站内消息): one row per recipient, read or not, delivered outbound or not."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow
from govhall.db.crypto import EncryptedString


class Notification(Base):
    """A message to one user; ``dedup_key`` keeps a repeated warning (same case, same day) to one row."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "dedup_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    dedup_key: Mapped[str | None] = mapped_column(String(120), default=None)
    # where an SMS goes (encrypted like every phone number); None: inbox and webhook only
    phone: Mapped[str | None] = mapped_column(EncryptedString(), default=None)
    # None: outbound delivery still to do; set when sent, or when no channel is configured
    delivered_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    delivery: Mapped[str] = mapped_column(String(32), default="")
