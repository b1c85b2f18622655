"""The assistant over HTTP: open a conversation, send a message, list conversations handed to clerks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import Field

from govhall import assistant
from govhall.api.deps import CalendarDep, CurrentUser, OptionalUser, SessionDep, SettingsDep
from govhall.api.schemas import Strict

router = APIRouter(prefix="/api/assistant", tags=["智能助手"])


class MessageCreate(Strict):
    text: str = Field(description="群众的一句话（最多 1000 字）")
    message_id: str | None = Field(default=None, description="客户端消息编号：重发同一编号时返回第一次的答复")


def _assistant(request: Request, settings: SettingsDep, calendar: CalendarDep) -> assistant.Assistant:
    return assistant.Assistant(settings, calendar)


@router.post("/sessions", status_code=201)
def open_session(db: SessionDep, user: OptionalUser) -> dict[str, Any]:
    """``{"id"}`` of a new conversation (owned by the logged-in user, if any)."""
    row = assistant.open_session(db, user)
    return {"id": row.public_id, "stage": row.stage}


@router.post("/sessions/{session_id}/messages")
def post_message(
    session_id: str,
    body: MessageCreate,
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    settings: SettingsDep,
    calendar: CalendarDep,
) -> dict[str, Any]:
    """``{"reply", "intent", "service", "form", "missing", "citations", "case", "handoff", "stage"}``."""
    result = _assistant(request, settings, calendar).take_turn(
        db, user, session_id, body.text, message_id=body.message_id
    )
    return result.to_dict()


@router.get("/handoffs")
def handoffs(db: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Conversations flagged for a person (clerks, admins), masked."""
    return {"items": assistant.flagged_sessions(db, user, limit=limit)}
