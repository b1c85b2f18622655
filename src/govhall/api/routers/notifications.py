"""The in-site inbox: the unread count (header badge), the list, marking read."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict

from govhall import notify
from govhall.api.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/api/notifications", tags=["站内消息"])


class NotificationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationList(BaseModel):
    items: list[NotificationPublic]
    unread: int


class UnreadCount(BaseModel):
    unread: int


@router.get("")
def list_notifications(
    db: SessionDep, user: CurrentUser, unread_only: bool = False, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> NotificationList:
    rows = notify.list_notifications(db, user.id, unread_only=unread_only, limit=limit)
    return NotificationList(
        items=[NotificationPublic.model_validate(r) for r in rows], unread=notify.unread_count(db, user.id)
    )


@router.get("/unread")
def unread(db: SessionDep, user: CurrentUser) -> UnreadCount:
    return UnreadCount(unread=notify.unread_count(db, user.id))


@router.post("/{notification_id}/read")
def mark_read(notification_id: Annotated[int, Path(ge=1, le=2**62)], db: SessionDep, user: CurrentUser) -> UnreadCount:
    notify.mark_read(db, user.id, notification_id)
    return UnreadCount(unread=notify.unread_count(db, user.id))


@router.post("/read-all")
def mark_all_read(db: SessionDep, user: CurrentUser) -> UnreadCount:
    notify.mark_read(db, user.id)
    return UnreadCount(unread=0)
