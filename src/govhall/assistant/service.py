"""The assistant's use cases: open a conversation, take a turn, list hand-offs for clerks, replay.

Every turn is one transaction over the conversation's row, read with ``FOR UPDATE`` (PostgreSQL;
SQLite serialises writers with ``BEGIN IMMEDIATE``) and written with an optimistic version check,
so two workers can never interleave turns of one conversation. A failure inside a turn rolls the
row back whole: the conversation is never left half-updated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from govhall import catalog
from govhall.accounts import Role, User
from govhall.assistant.dialogue import Turn, TurnResult
from govhall.assistant.generator import Generator, make_generator
from govhall.assistant.models import AssistantSession
from govhall.assistant.routing import Router
from govhall.cases import WorkCalendar
from govhall.catalog import CatalogItem, mask_form_data
from govhall.config import Settings
from govhall.db import transaction, utcnow
from govhall.errors import BadInput, Conflict, NotFound, PermissionDenied
from govhall.text import mask

__all__ = [
    "MAX_MESSAGE_CHARS",
    "Assistant",
    "check_message",
    "clerk_view",
    "flagged_sessions",
    "get_session",
    "open_session",
    "replay_dialogue",
]

MAX_MESSAGE_CHARS = 1000
KEEP_HANDLED = 20
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def check_message(text: object) -> str:
    """The message stripped; ``BadInput`` for a non-string, an empty or an overlong message."""
    if not isinstance(text, str):
        raise BadInput("bad_message", "消息必须是文字")
    text = text.strip()
    if not text:
        raise BadInput("empty_message", "消息不能为空", {"text": "请输入内容"})
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadInput(
            "message_too_long",
            f"消息过长：最多 {MAX_MESSAGE_CHARS} 字，请分几次发送",
            {"text": f"最多 {MAX_MESSAGE_CHARS} 字"},
        )
    return text


def open_session(db: Session, user: User | None) -> AssistantSession:
    """A new conversation, owned by ``user`` when logged in (then only they may continue it)."""
    with transaction(db):
        row = AssistantSession(
            public_id=uuid4().hex,
            owner_id=user.id if user else None,
            fields={},
            pending={},
            turns={"items": []},
            handled={},
        )
        db.add(row)
    return row


def get_session(db: Session, user: User | None, public_id: str, *, for_update: bool = False) -> AssistantSession:
    """The conversation if ``user`` may see it; someone else's is reported as not found."""
    query = select(AssistantSession).where(AssistantSession.public_id == public_id)
    row = db.scalar(query.with_for_update() if for_update else query)
    if row is None:
        raise NotFound("会话", public_id)
    owner = row.owner_id is None or (user is not None and user.id == row.owner_id)
    staff_reading = user is not None and user.role in (Role.CLERK, Role.ADMIN) and not for_update
    if not (owner or staff_reading):
        raise NotFound("会话", public_id)
    return row


_KEEP_CATALOGUES = 4
_CATALOGUES: dict[tuple[tuple[str, int], ...], dict[str, dict[str, Any]]] = {}
"""Catalogue contents by the (code, version) pairs of the active items: a version's content never
changes, so a turn reads two short columns instead of decoding every item's JSON."""


def _items(db: Session) -> dict[str, dict[str, Any]]:
    """Active items by code (treat as read-only: the dicts are shared between turns)."""
    if not catalog.is_initialised(db):
        return {str(item["code"]): item for item in catalog.current_contents(db)}
    query = select(CatalogItem.code, CatalogItem.version).where(CatalogItem.active.is_(True))
    stamp = tuple(sorted((str(code), int(version)) for code, version in db.execute(query)))
    items = _CATALOGUES.get(stamp)
    if items is None:
        items = {str(item["code"]): item for item in catalog.current_contents(db)}
        if len(_CATALOGUES) >= _KEEP_CATALOGUES:
            _CATALOGUES.pop(next(iter(_CATALOGUES)))
        _CATALOGUES[stamp] = items
    return items


@dataclass
class Assistant:
    """The assistant of one process: settings, calendar and how to build its router and generator."""

    settings: Settings
    calendar: WorkCalendar
    generator: Generator | None = None

    def router(self, items: dict[str, dict[str, Any]]) -> Router:
        return Router.from_registry(self.settings.resolved_models_dir, list(items.values()))

    def take_turn(
        self, db: Session, user: User | None, public_id: str, text: object, *, message_id: str | None = None
    ) -> TurnResult:
        """Answer one message and store the turn; a replayed ``message_id`` returns the first answer."""
        message = check_message(text)
        if message_id is not None and not _MESSAGE_ID.match(message_id):
            raise BadInput("bad_message_id", "message_id 只能包含字母、数字和 _.:-，最长 64 个字符")
        items = _items(db)
        router = self.router(items)  # before the transaction: a missing model is a clear 4xx, no write
        try:
            with transaction(db):
                row = get_session(db, user, public_id, for_update=True)
                if message_id is not None and message_id in (row.handled or {}):
                    return TurnResult(**row.handled[message_id])
                if user is not None and row.owner_id is None:
                    row.owner_id = user.id  # logging in mid-conversation claims it
                turns = list((row.turns or {}).get("items", []))
                number = sum(1 for t in turns if t["role"] == "user") + 1
                turn = Turn(db, self.settings, self.calendar, router, self._generator(), items, row, user, number)
                result = turn.take(message)
                now = utcnow().isoformat(timespec="seconds")
                turns.append({"role": "user", "text": mask(message), "at": now, "intent": result.intent})
                turns.append({"role": "assistant", "text": mask(result.reply), "at": now})
                row.turns = {"items": turns}
                if message_id is not None:
                    handled = dict(row.handled or {})
                    handled[message_id] = result.to_dict()
                    row.handled = dict(list(handled.items())[-KEEP_HANDLED:])
                row.updated_at = utcnow()
        except StaleDataError:
            raise Conflict("session_busy", "这个会话正在处理另一条消息，请稍后重试") from None
        return result

    def _generator(self) -> Generator:
        return self.generator or make_generator(self.settings)


def flagged_sessions(db: Session, user: User, *, limit: int = 50) -> list[dict[str, Any]]:
    """Conversations handed to a person, newest first, masked (clerks and admins only)."""
    _require_staff(user)
    rows = db.scalars(
        select(AssistantSession)
        .where(AssistantSession.handoff.is_(True))
        .order_by(AssistantSession.updated_at.desc())
        .limit(limit)
    )
    items = _items(db)
    return [clerk_view(row, items) for row in rows]


def _require_staff(user: User) -> None:
    if user.role not in (Role.CLERK, Role.ADMIN):
        raise PermissionDenied("只有工作人员可以查看转人工的会话")


def clerk_view(row: AssistantSession, items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A conversation as a clerk sees it: masked turns and the masked form filled so far."""
    item = items.get(row.item_code or "")
    filled = {name: entry["value"] for name, entry in (row.fields or {}).items()}
    form = mask_form_data(item["form"], filled) if item else {}
    return {
        "id": row.public_id,
        "service": {"code": item["code"], "name": item["name"]} if item else None,
        "stage": row.stage,
        "handoff_reason": row.handoff_reason,
        "form": form,
        "turns": list((row.turns or {}).get("items", [])),
        "case": row.case_number,
        "updated_at": row.updated_at.isoformat(timespec="seconds"),
    }


def replay_dialogue(assistant: Assistant, db: Session, user: User | None, turns: list[str]) -> dict[str, Any]:
    """Run scripted turns in a fresh conversation: ``{"replies", "service", "form", "submitted", "case"}``."""
    if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
        raise BadInput("bad_turns", "turns 必须是由文字消息组成的列表")
    row = open_session(db, user)
    replies: list[str] = []
    last: TurnResult | None = None
    for text in turns:
        last = assistant.take_turn(db, user, row.public_id, text)
        replies.append(last.reply)
    case = db.scalar(select(AssistantSession.case_number).where(AssistantSession.id == row.id))
    return {
        "replies": replies,
        "service": last.service if last else None,
        "form": last.form if last else {},
        "submitted": case is not None,
        "case": case,
    }
