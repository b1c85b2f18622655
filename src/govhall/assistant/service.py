"""The assistant's use cases: open a conversation, take a turn, list hand-offs for clerks, replay.

Every turn is one transaction over the conversation's row, read with ``FOR UPDATE`` (PostgreSQL;
SQLite serialises writers with ``BEGIN IMMEDIATE``) and written with an optimistic version check,
so two workers can never interleave turns of one conversation. A failure inside a turn rolls the
row back whole: the conversation is never left half-updated.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypedDict, Unpack
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from govhall import audit, catalog, policies
from govhall.accounts import Role, User
from govhall.assistant._words import entities
from govhall.assistant.acts import DialogueActs
from govhall.assistant.dialogue import TOLD_TURNS, Turn, TurnResult
from govhall.assistant.models import AssistantSession
from govhall.assistant.option_reader import OptionReader, shipped_embedder
from govhall.assistant.routing import Router
from govhall.cases import WorkCalendar
from govhall.catalog import CatalogItem, mask_form_data
from govhall.config import Settings
from govhall.db import transaction, utcnow
from govhall.embeddings import get_embedder
from govhall.errors import BadInput, Conflict, NotFound, PermissionDenied
from govhall.knowledge_graph import default_rulebook
from govhall.knowledge_graph.graph import NodeKey, NodeKind, catalogue_graph
from govhall.knowledge_graph.queries import GraphIndex
from govhall.knowledge_graph.store import GraphCache
from govhall.llm import REWORDABLE, Draft, Generator, make_generator, stream_reply
from govhall.text import field_entity_type, mask, mask_value

__all__ = [
    "FEEDBACK_RATINGS",
    "MAX_MESSAGE_CHARS",
    "Assistant",
    "TurnStream",
    "check_message",
    "clerk_view",
    "conversation_turns",
    "flagged_sessions",
    "get_session",
    "mark_handled",
    "new_browser_key",
    "open_session",
    "record_feedback",
    "replay_dialogue",
    "staff_reply",
]

MAX_MESSAGE_CHARS = 1000
MAX_NOTE_CHARS = 500
KEEP_HANDLED = 20
HANDOFF_REASONS = {
    "requested": "群众要求转人工",
    "repeated_failures": "多次未能理解，自动转人工",
    "hurry": "群众催办",
}
"""Why a conversation reached a person, as the clerk console shows it."""
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def check_message(text: object) -> str:
    """The message stripped; ``BadInput`` for a non-string, an empty or an overlong message."""
    if not isinstance(text, str):
        raise BadInput.of("bad_message")
    # NUL bytes and lone surrogates cannot be stored (PostgreSQL, UTF-8): dropped, like stray spaces
    text = text.replace("\x00", "").encode("utf-8", "ignore" if _has_surrogate(text) else "strict").decode("utf-8")
    text = text.strip()
    if not text:
        raise BadInput.of("empty_message", fields={"text": "请输入内容"})
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadInput.of("message_too_long", limit=MAX_MESSAGE_CHARS, fields={"text": f"最多 {MAX_MESSAGE_CHARS} 字"})
    return text


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def new_browser_key() -> str:
    """A random key for a browser's anonymous conversations (kept in its cookie, hashed in the row)."""
    return secrets.token_urlsafe(24)


def _key_hash(browser_key: str | None) -> str | None:
    return hashlib.sha256(browser_key.encode("utf-8")).hexdigest() if browser_key else None


def open_session(db: Session, user: User | None, browser_key: str | None = None) -> AssistantSession:
    """A new conversation, owned by ``user`` when logged in (then only they may continue it).

    An anonymous conversation is tied to ``browser_key`` (the cookie of the browser that opened it):
    only a request carrying that key may post as the citizen, so knowing the id is not enough.
    """
    with transaction(db):
        row = AssistantSession(
            public_id=uuid4().hex,
            owner_id=user.id if user else None,
            fields={},
            pending={},
            turns={"items": []},
            handled={},
            browser_key=_key_hash(browser_key),
        )
        db.add(row)
    return row


def get_session(
    db: Session, user: User | None, public_id: str, *, for_update: bool = False, browser_key: str | None = None
) -> AssistantSession:
    """The conversation if this requester is its citizen; anyone else's is reported as not found.

    The citizen is the owner when one is set; for an anonymous conversation, whoever holds the
    browser key it was opened with (conversations from before keys existed have none). Staff never
    act as the citizen: they read hand-offs through :func:`flagged_sessions` (masked) and answer
    with :func:`staff_reply`.
    """
    query = select(AssistantSession).where(AssistantSession.public_id == public_id)
    row = db.scalar(query.with_for_update() if for_update else query)
    if row is None:
        raise NotFound("会话", public_id)
    if user is not None and user.role != Role.CITIZEN:
        raise NotFound("会话", public_id)
    if row.owner_id is not None:
        allowed = user is not None and user.id == row.owner_id
    else:
        allowed = row.browser_key is None or hmac.compare_digest(row.browser_key, _key_hash(browser_key) or "")
    if not allowed:
        raise NotFound("会话", public_id)
    return row


_KEEP_CATALOGUES = 4
_CATALOGUES: dict[tuple[tuple[str, int], ...], dict[str, dict[str, Any]]] = {}
"""Catalogue contents by the (code, version) pairs of the active items: a version's content never
changes, so a turn reads two short columns instead of decoding every item's JSON."""


def _items(db: Session) -> dict[str, dict[str, Any]]:
    """Active items by code (treat as read-only: the dicts are shared between turns).

    The complaint intake carries ``complaint_channel`` even where it was stored before the mark
    existed (:func:`catalog.complaint_code` decides), so the router and the turn read one flag."""
    if not catalog.is_initialised(db):
        return _marked(db, {str(item["code"]): item for item in catalog.current_contents(db)})
    query = select(CatalogItem.code, CatalogItem.version).where(CatalogItem.active.is_(True))
    stamp = tuple(sorted((str(code), int(version)) for code, version in db.execute(query)))
    items = _CATALOGUES.get(stamp)
    if items is None:
        items = _marked(db, {str(item["code"]): item for item in catalog.current_contents(db)})
        if len(_CATALOGUES) >= _KEEP_CATALOGUES:
            _CATALOGUES.pop(next(iter(_CATALOGUES)))
        _CATALOGUES[stamp] = items
    return items


def _marked(db: Session, items: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    code = catalog.complaint_code(db)
    if code in items and not items[code].get("complaint_channel"):
        items[code] = {**items[code], "complaint_channel": True}
    return items


class TurnOptions(TypedDict, total=False):
    """What a turn is told besides its message, written once: :meth:`Assistant.stream_turn` takes
    the turn through :meth:`Assistant.take_turn` and passes these on unchanged."""

    message_id: str | None
    browser_key: str | None


@dataclass
class Assistant:
    """The assistant of one process: settings, calendar and how to build its router and generator.

    ``graph_cache`` is the app's knowledge-graph cache (one per app, as the graph API uses); without
    one, or before ``govhall graph build`` ran, cross-item questions use the catalogue's exact
    edges built in memory, so they are answered on a fresh install too.
    """

    settings: Settings
    calendar: WorkCalendar
    generator: Generator | None = None
    graph_cache: GraphCache | None = None

    def router(self, items: dict[str, dict[str, Any]]) -> Router:
        return Router.from_registry(self.settings.resolved_models_dir, list(items.values()))

    def take_turn(
        self,
        db: Session,
        user: User | None,
        public_id: str,
        text: object,
        *,
        message_id: str | None = None,
        generator: Generator | None = None,
        browser_key: str | None = None,
    ) -> TurnResult:
        """Answer one message and store the turn; a replayed ``message_id`` returns the first answer."""
        message = check_message(text)
        if message_id is not None and not _MESSAGE_ID.match(message_id):
            raise BadInput.of("bad_message_id")
        items = _items(db)
        router = self.router(items)  # before the transaction: a missing model is a clear 4xx, no write
        acts = DialogueActs.from_registry(self.settings.resolved_models_dir)
        options = self._option_reader()
        try:
            with transaction(db):
                row = get_session(db, user, public_id, for_update=True, browser_key=browser_key)
                if message_id is not None and message_id in (row.handled or {}):
                    return TurnResult(**row.handled[message_id])
                if user is not None and row.owner_id is None:
                    row.owner_id = user.id  # logging in mid-conversation claims it
                turns = list((row.turns or {}).get("items", []))
                said = list((row.turns or {}).get("said", []))
                number = sum(1 for t in turns if t["role"] == "user") + 1
                composer = generator or self._generator()
                turn = Turn(db, self.settings, self.calendar, router, composer, items, row, user, number)
                turn.acts = acts
                turn.options = options
                turn.graph = lambda: self._graph(db, items)
                result = turn.take(message)
                now = utcnow().isoformat(timespec="seconds")
                turns.append({"role": "user", "text": mask(message), "at": now, "intent": result.intent})
                turns.append({"role": "assistant", "text": mask_reply(turn, result.reply), "at": now})
                result.turn = len(turns) - 1
                # the last few messages as said, for a form opened later (see Turn._earlier_turns);
                # the column is encrypted like the form's values, the log beside them masked
                row.turns = {"items": turns, "said": [*said, message][-TOLD_TURNS:]}
                if message_id is not None:
                    handled = dict(row.handled or {})
                    handled[message_id] = result.to_dict()
                    row.handled = dict(list(handled.items())[-KEEP_HANDLED:])
                row.updated_at = utcnow()
        except StaleDataError:
            raise Conflict.of("session_busy") from None
        return result

    def _generator(self) -> Generator:
        return self.generator or make_generator(self.settings)

    def _option_reader(self) -> OptionReader:
        """The shipped option reader over the configured embedder's (cached) vectors of a message."""
        if self.settings.embedder != shipped_embedder():
            return OptionReader([], None)  # built with another embedder: nothing to load or ask
        embedder = get_embedder(self.settings)
        if embedder is None:
            return OptionReader([], None)
        return OptionReader.shipped(self.settings.embedder, lambda texts: policies.query_vectors(embedder, texts))

    def _graph(self, db: Session, items: dict[str, dict[str, Any]]) -> GraphIndex:
        """The stored graph when it covers the catalogue, else the catalogue's edges in memory."""
        if self.graph_cache is None:
            self.graph_cache = GraphCache()
        index = self.graph_cache.get(db)
        if any(NodeKey(NodeKind.ITEM, code) in index.data.nodes for code in items):
            return index
        return GraphIndex(catalogue_graph(items.values(), default_rulebook()))

    def stream_turn(
        self,
        db: Session,
        user: User | None,
        public_id: str,
        text: object,
        **options: Unpack[TurnOptions],
    ) -> TurnStream:
        """Take the turn now (bad input, a foreign session or a conflict raise here, before any byte
        is streamed) with the draft as reply, and leave the rewording to :meth:`TurnStream.events`.

        The conversation's row is written and unlocked before the LLM is asked, so a slow server
        never holds the database; the reworded reply replaces the stored draft afterwards.
        """
        recorder = _DraftRecorder()
        result = self.take_turn(db, user, public_id, text, generator=recorder, **options)
        draft = recorder.last
        if draft is None or not result.reply.startswith(draft.text):
            draft = None  # a replayed answer, or a reply no generator may reword
        return TurnStream(result, draft, self._generator(), public_id, options.get("message_id"))


def mask_reply(turn: Turn, reply: str) -> str:
    """The reply as the log keeps it, masked without a second pass of the name model.

    Every name a reply can show came from the citizen (this message, a field filled earlier) or the
    account (a prefill offer), and those were recognised when they arrived; the reply is masked by
    the rules (identifiers, addresses, labelled names) and then by those known names, which spares
    the model's pass over the reply (most of a short turn's time).
    """
    names: set[str] = set()
    if turn.message is not None:
        names |= {str(e.value) for e in turn.message.entities if e.type == "name"}
    props = turn.form().get("properties", {})
    for name, value in turn.filled().items():
        spec = props.get(name, {})
        if not isinstance(value, str) or "enum" in spec or spec.get("format"):
            continue
        if field_entity_type(name, spec) == "name":
            names.add(value)
        elif len(value) > 8 and value in reply:  # free text echoed in the summary (诉求内容)
            names |= {str(e.value) for e in entities(value) if e.type == "name"}
    offer = (turn.row.pending or {}).get("prefill")
    if isinstance(offer, dict):
        names |= {str(v) for n, v in offer.items() if field_entity_type(n, props.get(n, {})) == "name"}
    masked = mask(reply, ner=False)
    for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
        masked = masked.replace(name, mask_value("name", name))
    return masked


class _DraftRecorder:
    """A generator that keeps the drafts it is given and returns them unchanged."""

    name = "recorder"

    def __init__(self) -> None:
        self.last: Draft | None = None

    def compose(self, draft: Draft) -> str:
        if draft.kind in REWORDABLE:
            self.last = draft
        return draft.text


@dataclass
class TurnStream:
    """A turn already stored with its draft reply, whose rewording is still to be streamed."""

    result: TurnResult
    draft: Draft | None
    generator: Generator
    public_id: str
    message_id: str | None = None

    def events(self, session_factory: Callable[[], Session]) -> Iterator[dict[str, Any]]:
        """``{"type": "delta", "text"}`` while the LLM writes, then ``{"type": "final", **result}``.

        Without a rewordable draft, or when the LLM is down, there is only the final event, whose
        reply is the extractive one. A reworded reply is written back to the conversation (masked,
        like every turn) in its own short transaction, using ``session_factory`` because the
        request's session may already be closed while a response streams.
        """
        result = self.result
        if self.draft is not None:
            stream = stream_reply(self.generator, self.draft)
            for delta in stream:
                yield {"type": "delta", "text": delta}
            if stream.reply != self.draft.text:
                suffix = result.reply[len(self.draft.text) :]
                result = replace(result, reply=stream.reply + suffix)
                _store_reworded(session_factory, self.public_id, self.result.reply, result, self.message_id)
        yield {"type": "final", **result.to_dict()}


def _store_reworded(
    session_factory: Callable[[], Session], public_id: str, draft_reply: str, result: TurnResult, message_id: str | None
) -> None:
    """Replace the stored draft by the reworded reply, unless the conversation has moved on."""
    with session_factory() as db:
        try:
            with transaction(db):
                row = db.scalar(
                    select(AssistantSession).where(AssistantSession.public_id == public_id).with_for_update()
                )
                if row is None:
                    return
                turns = list((row.turns or {}).get("items", []))
                if not turns or turns[-1]["role"] != "assistant" or len(turns) - 1 != result.turn:
                    return  # another turn came in meanwhile: keep the log as it is
                turns[-1] = {**turns[-1], "text": mask(result.reply)}
                row.turns = {**(row.turns or {}), "items": turns}
                if message_id is not None and message_id in (row.handled or {}):
                    row.handled = {**row.handled, message_id: result.to_dict()}
        except StaleDataError:
            return


def flagged_sessions(db: Session, user: User, *, limit: int = 50) -> list[dict[str, Any]]:
    """Conversations handed to a person, newest first, masked: an admin sees all, a clerk those of
    their department (12345 hand-offs belong to the hotline's department)."""
    _require_staff(user)
    query = select(AssistantSession).where(AssistantSession.handoff.is_(True))
    if user.role != Role.ADMIN:
        query = query.where(AssistantSession.handoff_department == (user.department or "\0"))
    rows = db.scalars(query.order_by(AssistantSession.updated_at.desc()).limit(limit))
    items = _items(db)
    return [clerk_view(row, items) for row in rows]


def _require_staff(user: User) -> None:
    if user.role not in (Role.CLERK, Role.ADMIN):
        raise PermissionDenied.of("permission_denied", "staff_see_handoffs")


def _staff_row(db: Session, user: User, public_id: str) -> AssistantSession:
    """A handed-off conversation this clerk may act on, locked; another department's is not found."""
    _require_staff(user)
    row = db.scalar(select(AssistantSession).where(AssistantSession.public_id == public_id).with_for_update())
    if row is None or (user.role != Role.ADMIN and row.handoff_department != (user.department or "\0")):
        raise NotFound("会话", public_id)
    return row


@contextmanager
def _staff_write(db: Session, user: User, public_id: str) -> Iterator[AssistantSession]:
    """One transaction over a handed-off conversation this clerk may act on (locked), stamped as
    updated when it ends; a turn written meanwhile by another worker is a conflict, not a lost write."""
    try:
        with transaction(db):
            row = _staff_row(db, user, public_id)
            yield row
            row.updated_at = utcnow()
    except StaleDataError:
        raise Conflict.of("session_busy") from None


def staff_reply(db: Session, user: User, public_id: str, text: object) -> dict[str, Any]:
    """A clerk's answer in a handed-off conversation: stored as a staff turn (masked, with the
    clerk's name), audited, and shown to the citizen in the chat. Clerks answer as themselves and
    never as the citizen; the conversation stays on the list until marked handled."""
    message = check_message(text)
    with _staff_write(db, user, public_id) as row:
        if not row.handoff:
            raise Conflict.of("handoff_not_pending")
        turns = list((row.turns or {}).get("items", []))
        now = utcnow().isoformat(timespec="seconds")
        turns.append({"role": "staff", "text": mask(message), "at": now, "by": user.display_name})
        row.turns = {**(row.turns or {}), "items": turns}
        audit.record(
            db,
            actor=user,
            action="assistant.staff_reply",
            target=f"assistant:{row.public_id}",
            details={"turn": len(turns) - 1, "chars": len(message), "department": row.handoff_department},
        )
    return {"id": public_id, "turn": len(turns) - 1, "by": user.display_name, "at": now}


def conversation_turns(
    db: Session, user: User | None, public_id: str, *, after: int = 0, browser_key: str | None = None
) -> dict[str, Any]:
    """The citizen's view of the log from turn ``after`` on (masked), so a page can show staff replies."""
    row = get_session(db, user, public_id, browser_key=browser_key)
    turns = list((row.turns or {}).get("items", []))
    start = max(0, min(after, len(turns)))
    return {
        "id": public_id,
        "items": [{"turn": n, **turn} for n, turn in enumerate(turns[start:], start)],
        "next": len(turns),
        "handoff": row.handoff,
    }


FEEDBACK_RATINGS = ("up", "down")
MAX_FEEDBACK_CHARS = 200


def record_feedback(
    db: Session,
    user: User | None,
    public_id: str,
    turn: object,
    rating: object,
    reason: object = "",
    *,
    browser_key: str | None = None,
) -> dict[str, Any]:
    """👍/👎 with an optional reason on one of the assistant's replies, stored with that turn (the
    last rating counts); the reason is masked like every text of the log."""
    if rating not in FEEDBACK_RATINGS:
        raise BadInput.of("bad_rating", fields={"rating": "应为 up 或 down"})
    if not isinstance(reason, str) or len(reason) > MAX_FEEDBACK_CHARS:
        raise BadInput.of("bad_reason", limit=MAX_FEEDBACK_CHARS, fields={"reason": f"最多 {MAX_FEEDBACK_CHARS} 字"})
    if not isinstance(turn, int) or isinstance(turn, bool):
        raise BadInput.of("bad_turn", fields={"turn": "应为整数"})
    try:
        with transaction(db):
            row = get_session(db, user, public_id, for_update=True, browser_key=browser_key)
            turns = list((row.turns or {}).get("items", []))
            if not 0 <= turn < len(turns) or turns[turn].get("role") != "assistant":
                raise BadInput.of("bad_turn", "rate_assistant", fields={"turn": "不是助手答复的序号"})
            cleaned = reason.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8").strip()
            feedback = {"rating": rating, "reason": mask(cleaned), "at": utcnow().isoformat(timespec="seconds")}
            turns[turn] = {**turns[turn], "feedback": feedback}
            row.turns = {**(row.turns or {}), "items": turns}
    except StaleDataError:
        raise Conflict.of("session_busy") from None
    return {"id": public_id, "turn": turn, **feedback}


def clerk_view(row: AssistantSession, items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A conversation as a clerk sees it: masked turns and the masked form filled so far.

    ``fields`` repeats ``form`` with each field's title and source turn, in the form's order, so
    the console can show "联系电话 139****5678（第 2 轮）" without reading the schema itself.
    """
    item = items.get(row.item_code or "")
    filled = {name: entry["value"] for name, entry in (row.fields or {}).items()}
    form = mask_form_data(item["form"], filled) if item else {}
    props: dict[str, Any] = item["form"].get("properties", {}) if item else {}
    order = [name for name in props if name in form] + [name for name in form if name not in props]
    fields = [
        {
            "name": name,
            "title": str(props.get(name, {}).get("title", name)),
            "value": form[name],
            "turn": (row.fields or {}).get(name, {}).get("turn"),
        }
        for name in order
    ]
    return {
        "id": row.public_id,
        "service": {"code": item["code"], "name": item["name"]} if item else None,
        "stage": row.stage,
        "handoff": row.handoff,
        "handoff_reason": row.handoff_reason,
        "handoff_reason_label": HANDOFF_REASONS.get(row.handoff_reason, row.handoff_reason or "转人工"),
        "department": row.handoff_department,
        "form": form,
        "fields": fields,
        "turns": list((row.turns or {}).get("items", [])),
        "case": row.case_number,
        "updated_at": row.updated_at.isoformat(timespec="seconds"),
    }


def mark_handled(db: Session, user: User, public_id: str, note: object = "") -> dict[str, Any]:
    """Take a conversation off the hand-off list, with an audit entry naming the clerk.

    The flag is cleared rather than the row deleted: the citizen may go on talking, and asking for a
    person again flags it anew. The failure count restarts so that the next misunderstanding does not
    hand it straight back. The note is masked before it reaches the audit log (clerks paste what the
    citizen told them). Marking twice is a conflict, so two clerks cannot both think they took it.
    """
    _require_staff(user)
    if not isinstance(note, str):
        raise BadInput.of("bad_note")
    note = note.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise BadInput.of("note_too_long", limit=MAX_NOTE_CHARS, fields={"note": f"最多 {MAX_NOTE_CHARS} 字"})
    with _staff_write(db, user, public_id) as row:
        if not row.handoff:
            raise Conflict.of("handoff_not_pending", "taken")
        reason = row.handoff_reason
        row.handoff, row.handoff_reason, row.failures = False, "", 0
        audit.record(
            db,
            actor=user,
            action="assistant.handoff_handled",
            target=f"assistant:{row.public_id}",
            reason=mask(note),
            details={"handoff_reason": reason, "item_code": row.item_code, "case": row.case_number},
        )
    return {"id": public_id, "handoff": False, "handled_by": user.username}


def replay_dialogue(assistant: Assistant, db: Session, user: User | None, turns: list[str]) -> dict[str, Any]:
    """Run scripted turns in a fresh conversation: ``{"replies", "service", "form", "submitted", "case"}``."""
    if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
        raise BadInput.of("bad_turns")
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
