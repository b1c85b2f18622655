"""The inbox: add notifications inside the caller's transaction, count and read them, deliver outbound.

``notify`` adds rows to the caller's session and never commits, so a notification exists exactly
when the state change it reports does. Outbound delivery runs later as the ``notify.deliver`` job on
the shared queue: a slow or broken gateway never holds up or undoes a clerk's action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from govhall import jobs
from govhall.db import transaction, utcnow
from govhall.errors import NotFound
from govhall.notify.channels import ChannelFailed, Outbound, make_channel
from govhall.notify.models import Notification

DELIVER_JOB = "notify.deliver"
BATCH = 200


@dataclass(frozen=True)
class NewNotification:
    user_id: int
    kind: str
    title: str
    body: str = ""
    link: str = ""
    phone: str | None = None
    dedup_key: str | None = None


def notify(db: Session, message: NewNotification) -> Notification | None:
    """Add ``message`` to the session (the caller commits); None when its ``dedup_key`` was sent already."""
    if message.dedup_key is not None:
        seen = db.scalar(
            select(Notification.id).where(
                Notification.user_id == message.user_id, Notification.dedup_key == message.dedup_key
            )
        )
        if seen is not None:
            return None
    row = Notification(
        user_id=message.user_id,
        kind=message.kind,
        title=message.title[:200],
        body=message.body,
        link=message.link[:300],
        phone=message.phone,
        dedup_key=message.dedup_key,
    )
    db.add(row)
    return row


def request_delivery(db: Session) -> None:
    """Queue one outbound pass (after the caller committed); a pass already waiting covers this one."""
    jobs.enqueue(db, DELIVER_JOB, {}, once=True)


def unread_count(db: Session, user_id: int) -> int:
    query = select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    return db.scalar(query) or 0


def list_notifications(db: Session, user_id: int, *, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def mark_read(db: Session, user_id: int, notification_id: int | None = None) -> int:
    """Mark one (or, with None, every) notification of ``user_id`` read; another user's id is ``NotFound``."""
    with transaction(db):
        query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
        if notification_id is not None:
            owned = db.scalar(
                select(Notification.id).where(Notification.id == notification_id, Notification.user_id == user_id)
            )
            if owned is None:
                raise NotFound("消息", str(notification_id))
            query = query.where(Notification.id == notification_id)
        result = db.execute(query.values(read_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def _deliver(run: jobs.JobRun) -> dict[str, Any]:
    """Send every undelivered notification through the configured channel; failures stay for the next pass."""
    db = run.db
    settings = run.context.settings
    channel = make_channel(settings) if settings is not None else None
    sent = failed = 0
    last_id = 0
    while True:
        rows = list(
            db.scalars(
                select(Notification)
                .where(Notification.delivered_at.is_(None), Notification.id > last_id)
                .order_by(Notification.id)
                .limit(BATCH)
            )
        )
        if not rows:
            break
        with transaction(db):
            for row in rows:
                last_id = row.id
                if channel is None:
                    row.delivered_at, row.delivery = utcnow(), "inbox"
                    continue
                try:
                    channel.send(Outbound(row.kind, row.title, row.body, row.link, row.phone))
                except ChannelFailed:
                    failed += 1
                    row.delivery = "failed"
                    continue
                row.delivered_at, row.delivery = utcnow(), channel.name
                sent += 1
        run.progress(sent + failed)
    return {"sent": sent, "failed": failed}


jobs.register(DELIVER_JOB, _deliver)
