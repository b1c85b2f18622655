"""Tables of unattended opinion monitoring: where posts come from, who watches what, what was sent.

Kept apart from :mod:`govhall.opinion.models` (posts, topics, alerts) so that collectors and alert
delivery can change without touching the analysis tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow

__all__ = ["OpinionAlertNotice", "OpinionSource", "OpinionSubscription"]


class OpinionSource(Base):
    """One collector configured as data: ``kind`` picks the collector, ``location`` is its URL or folder.

    Secrets never live here: ``credential_setting`` names an environment variable (``GOVHALL_…``)
    whose value is sent as a bearer token. ``state`` is the collector's memory between runs (ETag,
    Last-Modified, cursor, last seen id); ``failures`` and ``retry_at`` give exponential back-off.
    """

    __tablename__ = "opinion_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    location: Mapped[str] = mapped_column(String(512), default="")
    cron: Mapped[str] = mapped_column(String(64), default="*/10 * * * *")
    mapping: Mapped[dict[str, Any]]
    options: Mapped[dict[str, Any]]
    credential_setting: Mapped[str] = mapped_column(String(64), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    state: Mapped[dict[str, Any]]
    failures: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column(default=None)
    last_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_ok_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    last_imported: Mapped[int] = mapped_column(Integer, default=0)
    total_imported: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpinionSubscription(Base):
    """An analyst watches a policy, item, topic or department (or ``all``) on some channels."""

    __tablename__ = "opinion_subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "watch", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    watch: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(128), default="")
    channels: Mapped[dict[str, Any]]
    """``{"inbox": bool, "webhook": bool, "digest": bool}``."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpinionAlertNotice(Base):
    """What was done about one alert: its burst (alerts of one burst notify once) and its webhook.

    ``burst_key`` is the scope, key and first bucket of the run of consecutive alerts this one
    belongs to; only the alert that opened the burst is sent. ``webhook_at`` stays empty while the
    webhook is still owed (quiet hours, or the receiver was down), so a later scan sends it.
    """

    __tablename__ = "opinion_alert_notices"

    alert_id: Mapped[int] = mapped_column(ForeignKey("opinion_alerts.id", ondelete="CASCADE"), primary_key=True)
    burst_key: Mapped[str] = mapped_column(String(200), index=True)
    opens_burst: Mapped[bool] = mapped_column(default=True)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    notified_at: Mapped[datetime] = mapped_column(default=utcnow)
    webhook_at: Mapped[datetime | None] = mapped_column(default=None)
