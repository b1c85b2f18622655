"""The assistant over HTTP: open a conversation, send a message, list conversations handed to clerks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import Field

from govhall import assistant
from govhall.api.deps import CalendarDep, CurrentUser, OptionalUser, SessionDep, SettingsDep
from govhall.api.schemas import Strict

router = APIRouter(prefix="/api/assistant", tags=["智能助手"])


class MessageCreate(Strict):
    text: str = Field(description="群众的一句话（最多 1000 字）")
    message_id: str | None = Field(default=None, description="客户端消息编号：重发同一编号时返回第一次的答复")


def _assistant(request: Request, settings: SettingsDep, calendar: CalendarDep) -> assistant.Assistant:
    return assistant.Assistant(settings, calendar, graph_cache=request.app.state.graph_cache)


@router.post("/sessions", status_code=201)
def open_session(db: SessionDep, user: OptionalUser) -> dict[str, Any]:
    """``{"id"}`` of a new conversation (owned by the logged-in user, if any)."""
    row = assistant.open_session(db, user)
    return {"id": row.public_id, "stage": row.stage}


@router.post("/sessions/{session_id}/messages", response_model=None)
def post_message(
    session_id: str,
    body: MessageCreate,
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    settings: SettingsDep,
    calendar: CalendarDep,
    stream: Annotated[bool, Query(description="true：以 text/event-stream 逐段返回答复")] = False,
) -> dict[str, Any] | StreamingResponse:
    """``{"reply", "intent", "service", "form", "missing", "citations", "case", "handoff", "stage"}``.

    With ``?stream=true`` the answer is ``text/event-stream``: ``event: delta`` chunks
    ``{"type": "delta", "text"}`` while the LLM writes, then one ``event: final`` with
    ``{"type": "final", …the shape above}`` whose ``reply`` is the one to keep. Errors in the
    message or the session are ordinary 4xx responses, raised before the stream starts.
    """
    helper = _assistant(request, settings, calendar)
    if not stream:
        return helper.take_turn(db, user, session_id, body.text, message_id=body.message_id).to_dict()
    turn = helper.stream_turn(db, user, session_id, body.text, message_id=body.message_id)
    events = turn.events(request.app.state.session_factory)
    return StreamingResponse(
        _sse(events),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _sse(events: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Server-sent events: the event's type as its name, the event itself as JSON data."""
    for event in events:
        yield f"event: {event['type']}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"


class HandledCreate(Strict):
    note: str = Field(default="", max_length=500, description="处理备注（写入审计日志前脱敏）")


@router.get("/handoffs")
def handoffs(db: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Conversations flagged for a person (clerks, admins), masked."""
    return {"items": assistant.flagged_sessions(db, user, limit=limit)}


@router.post("/handoffs/{session_id}/handled")
def mark_handled(
    session_id: str, db: SessionDep, user: CurrentUser, body: HandledCreate | None = None
) -> dict[str, Any]:
    """Clerks and admins take a conversation off the hand-off list; audited as ``assistant.handoff_handled``."""
    return assistant.mark_handled(db, user, session_id, body.note if body else "")
