"""The assistant over HTTP: open a conversation, send a message, list conversations handed to clerks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import Field

from govhall import assistant
from govhall.api.deps import CalendarDep, CurrentUser, OptionalUser, SessionDep, SettingsDep
from govhall.api.responses import (
    ConversationLog,
    FeedbackPublic,
    HandledPublic,
    HandoffList,
    SessionOpened,
    StaffReplyPublic,
    TurnPublic,
)
from govhall.api.schemas import Strict

router = APIRouter(prefix="/api/assistant", tags=["智能助手"])


class MessageCreate(Strict):
    text: str = Field(description="群众的一句话（最多 1000 字）")
    message_id: str | None = Field(default=None, description="客户端消息编号：重发同一编号时返回第一次的答复")


BROWSER_COOKIE = "govhall_chat"
BROWSER_HEADER = "X-Chat-Key"


def _assistant(request: Request, settings: SettingsDep, calendar: CalendarDep) -> assistant.Assistant:
    return assistant.Assistant(settings, calendar, graph_cache=request.app.state.graph_cache)


def _browser_key(request: Request) -> str | None:
    """The key of the browser that opened an anonymous conversation: its cookie, or the header a
    non-browser client repeats from the ``key`` the session was opened with."""
    key = request.headers.get(BROWSER_HEADER) or request.cookies.get(BROWSER_COOKIE)
    return key[:128] if key else None


@router.post("/sessions", status_code=201, response_model=SessionOpened)
def open_session(
    request: Request, response: Response, db: SessionDep, user: OptionalUser, settings: SettingsDep
) -> dict[str, Any]:
    """``{"id", "stage", "key"}`` of a new conversation (owned by the logged-in user, if any).

    An anonymous conversation belongs to the browser that opened it: ``key`` is also set as the
    ``govhall_chat`` cookie; a client without cookies sends it back in the ``X-Chat-Key`` header.
    """
    key = _browser_key(request) or assistant.new_browser_key()
    row = assistant.open_session(db, user, key)
    response.set_cookie(
        BROWSER_COOKIE, key, httponly=True, samesite="lax", secure=settings.cookie_secure, max_age=30 * 24 * 3600
    )
    return {"id": row.public_id, "stage": row.stage, "key": key}


@router.post(
    "/sessions/{session_id}/messages",
    response_model=TurnPublic,
    responses={200: {"content": {"text/event-stream": {}}, "description": "?stream=true：逐段返回答复"}},
)
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
    key = _browser_key(request)
    if not stream:
        return helper.take_turn(db, user, session_id, body.text, message_id=body.message_id, browser_key=key).to_dict()
    turn = helper.stream_turn(db, user, session_id, body.text, message_id=body.message_id, browser_key=key)
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


@router.get("/sessions/{session_id}/messages", response_model=ConversationLog)
def session_messages(
    session_id: str,
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    after: Annotated[int, Query(ge=0, le=100_000, description="从第几条开始（上次返回的 next）")] = 0,
) -> dict[str, Any]:
    """``{"items": [{"turn", "role": user|assistant|staff, "text", "at", "by"?}], "next", "handoff"}``:
    the conversation's log (masked) for its citizen, so the chat shows a clerk's reply."""
    return assistant.conversation_turns(db, user, session_id, after=after, browser_key=_browser_key(request))


class FeedbackCreate(Strict):
    turn: int = Field(description="被评价答复的序号（发送消息时返回的 turn）")
    rating: str = Field(description="up：有帮助；down：没帮助")
    reason: str = Field(default="", max_length=200, description="可选的原因（脱敏后保存）")


@router.post("/sessions/{session_id}/feedback", response_model=FeedbackPublic)
def feedback(
    session_id: str, body: FeedbackCreate, request: Request, db: SessionDep, user: OptionalUser
) -> dict[str, Any]:
    """👍/👎 on one reply, stored with that turn: ``{"id", "turn", "rating", "reason", "at"}``."""
    return assistant.record_feedback(
        db, user, session_id, body.turn, body.rating, body.reason, browser_key=_browser_key(request)
    )


class StaffMessageCreate(Strict):
    text: str = Field(description="工作人员的答复（最多 1000 字，脱敏后保存）")


@router.post("/handoffs/{session_id}/messages", status_code=201, response_model=StaffReplyPublic)
def staff_message(session_id: str, body: StaffMessageCreate, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """A clerk answers in a handed-off conversation of their department, as staff (audited as
    ``assistant.staff_reply``); the citizen sees it in the chat."""
    return assistant.staff_reply(db, user, session_id, body.text)


class HandledCreate(Strict):
    note: str = Field(default="", max_length=500, description="处理备注（写入审计日志前脱敏）")


@router.get("/handoffs", response_model=HandoffList)
def handoffs(db: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Conversations flagged for a person (clerks, admins), masked."""
    return {"items": assistant.flagged_sessions(db, user, limit=limit)}


@router.post("/handoffs/{session_id}/handled", response_model=HandledPublic)
def mark_handled(
    session_id: str, db: SessionDep, user: CurrentUser, body: HandledCreate | None = None
) -> dict[str, Any]:
    """Clerks and admins take a conversation off the hand-off list; audited as ``assistant.handoff_handled``."""
    return assistant.mark_handled(db, user, session_id, body.note if body else "")
