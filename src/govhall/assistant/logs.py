"""Conversation logs (会话日志) for supervisors: find conversations, read their masked transcripts,
mark replies as good or bad examples, and export the marked turns as training data.

The transcripts are read as the assistant stored them: every text was masked before it was written
(govhall.assistant.service), so nothing here sees raw personal data. Outcomes follow from the
conversation's own columns (a case number, the hand-off flag, the dialogue stage and the time of the
last turn), so that filtering by outcome is a query; 👍/👎 feedback lives inside the encrypted turns,
so filtering by feedback reads the candidates' turns.

The export writes the JSON Lines that ``govhall train`` reads (``text`` + ``label``): for the
``intent`` task the citizen's message and the intent it should have been read as (the recorded
intent for a good example, the supervisor's correction for a bad one); for the ``reply`` task the
assistant's reply and ``good``/``bad``. Reviewed production conversations become training data.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, String, Text, UniqueConstraint, and_, false, not_, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from govhall import audit
from govhall.accounts import User
from govhall.assistant.models import AssistantSession
from govhall.assistant.routing import INTENTS
from govhall.db import transaction, utcnow
from govhall.db.base import Base
from govhall.errors import BadInput, NotFound

__all__ = [
    "EXAMPLES",
    "EXPORT_TASKS",
    "FEEDBACK_FILTERS",
    "OUTCOMES",
    "AssistantMark",
    "ConversationRow",
    "QuestionStats",
    "conversation_detail",
    "export_marked",
    "find_conversations",
    "mark_turn",
    "outcome_of",
    "question_stats",
]

OUTCOMES = {
    "answered": "已答复",
    "submitted": "已提交申请",
    "handed_off": "已转人工",
    "abandoned": "中途放弃",
    "in_progress": "进行中",
}
FEEDBACK_FILTERS = {"up": "有 👍", "down": "有 👎", "any": "有评价", "none": "无评价"}
EXAMPLES = {"good": "好示例", "bad": "坏示例"}
EXPORT_TASKS = {"intent": "意图识别（text + 正确意图）", "reply": "答复质量（答复 + good/bad）"}

IDLE_AFTER = timedelta(minutes=30)
"""A conversation left mid-form (filling, confirming, choosing) this long is abandoned."""
_MID_FLOW = ("filling", "confirming", "choosing")
SCAN_LIMIT = 5000
"""Feedback filters read turns: at most this many of the newest matching conversations are read."""


class AssistantMark(Base):
    """A supervisor's verdict on one assistant reply: a good or bad example, with the correct intent."""

    __tablename__ = "assistant_marks"
    __table_args__ = (UniqueConstraint("session_id", "turn"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("assistant_sessions.id", ondelete="CASCADE"))
    turn: Mapped[int]
    example: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(64), default="")
    """The intent the citizen's message should have been read as ("" = the recorded one)."""
    note: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def _mid_flow() -> ColumnElement[bool]:
    return AssistantSession.stage.in_(_MID_FLOW)


def _outcome_clause(outcome: str, now: datetime) -> ColumnElement[bool]:
    """SQL for one outcome; the same precedence as :func:`outcome_of`."""
    submitted = AssistantSession.case_number.is_not(None)
    handed = and_(not_(submitted), AssistantSession.handoff.is_(True))
    rest = and_(not_(submitted), AssistantSession.handoff.is_(False))
    stale = AssistantSession.updated_at < now - IDLE_AFTER
    clauses: dict[str, ColumnElement[bool]] = {
        "submitted": submitted,
        "handed_off": handed,
        "abandoned": and_(rest, _mid_flow(), stale),
        "in_progress": and_(rest, _mid_flow(), not_(stale)),
        "answered": and_(rest, not_(_mid_flow())),
    }
    return clauses.get(outcome, false())


def outcome_of(row: AssistantSession, now: datetime | None = None) -> str:
    """answered, submitted, handed_off, abandoned (left mid-form) or in_progress."""
    if row.case_number:
        return "submitted"
    if row.handoff:
        return "handed_off"
    if row.stage in _MID_FLOW:
        return "abandoned" if row.updated_at < (now or utcnow()) - IDLE_AFTER else "in_progress"
    return "answered"


def _turns(row: AssistantSession) -> list[dict[str, Any]]:
    return list((row.turns or {}).get("items", []))


def _ratings(turns: list[dict[str, Any]]) -> Counter[str]:
    return Counter(str(t["feedback"].get("rating")) for t in turns if isinstance(t.get("feedback"), dict))


def _feedback_matches(ratings: Counter[str], wanted: str) -> bool:
    if wanted in ("up", "down"):
        return ratings[wanted] > 0
    if wanted == "any":
        return bool(ratings)
    if wanted == "none":
        return not ratings
    return True


@dataclass
class ConversationRow:
    """One line of the log list."""

    public_id: str
    created_at: datetime
    updated_at: datetime
    item_code: str | None
    department: str | None
    outcome: str
    user_turns: int
    first_question: str
    up: int
    down: int
    case_number: str | None
    handoff_reason: str


def _row_view(row: AssistantSession, now: datetime) -> ConversationRow:
    turns = _turns(row)
    ratings = _ratings(turns)
    first = next((str(t.get("text", "")) for t in turns if t.get("role") == "user"), "")
    return ConversationRow(
        public_id=row.public_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        item_code=row.item_code,
        department=row.routed_department or row.handoff_department,
        outcome=outcome_of(row, now),
        user_turns=sum(1 for t in turns if t.get("role") == "user"),
        first_question=first[:120],
        up=ratings["up"],
        down=ratings["down"],
        case_number=row.case_number,
        handoff_reason=row.handoff_reason,
    )


def _check_choice(value: str, allowed: dict[str, str], field: str, what: str, variant: str | None = None) -> None:
    """``BadInput`` (code ``bad_<field>``) unless ``value`` is empty or one of ``allowed``'s keys."""
    if value and value not in allowed:
        choices = "、".join(allowed.values())
        raise BadInput.of(f"bad_{field}", variant, what=what, choices=choices, fields={field: f"不支持的{what}"})


def find_conversations(
    db: Session,
    *,
    outcome: str = "",
    feedback: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
    now: datetime | None = None,
) -> tuple[list[ConversationRow], bool]:
    """Conversations, newest first, and whether more follow; ``since``/``until`` bound the start.

    Outcome and time are SQL; a feedback filter reads the turns of at most :data:`SCAN_LIMIT`
    newest candidates (the encrypted turns cannot be queried).
    """
    _check_choice(outcome, OUTCOMES, "outcome", "结果")
    _check_choice(feedback, FEEDBACK_FILTERS, "feedback", "评价筛选")
    now = now or utcnow()
    query = select(AssistantSession).order_by(AssistantSession.created_at.desc(), AssistantSession.id.desc())
    if outcome:
        query = query.where(_outcome_clause(outcome, now))
    if since is not None:
        query = query.where(AssistantSession.created_at >= since)
    if until is not None:
        query = query.where(AssistantSession.created_at < until)
    if not feedback:
        rows = db.scalars(query.offset(offset).limit(limit + 1)).all()
        return [_row_view(r, now) for r in rows[:limit]], len(rows) > limit
    found: list[ConversationRow] = []
    for row in db.scalars(query.limit(SCAN_LIMIT)):
        if _feedback_matches(_ratings(_turns(row)), feedback):
            found.append(_row_view(row, now))
            if len(found) > offset + limit:
                break
    return found[offset : offset + limit], len(found) > offset + limit


def _session(db: Session, public_id: str) -> AssistantSession:
    row = db.scalar(select(AssistantSession).where(AssistantSession.public_id == public_id))
    if row is None:
        raise NotFound("会话", public_id)
    return row


def conversation_detail(
    db: Session, public_id: str, *, reader: User | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """One conversation's masked transcript, each assistant reply with its feedback and mark.

    A ``reader`` is recorded in the audit log (``assistant.read_log``): transcripts are masked, but
    who read a citizen's conversation is still worth knowing.
    """
    row = _session(db, public_id)
    if reader is not None:
        with transaction(db):
            audit.record(db, actor=reader, action="assistant.read_log", target=f"conversation:{public_id}")
    marks = {m.turn: m for m in db.scalars(select(AssistantMark).where(AssistantMark.session_id == row.id))}
    turns = []
    for number, turn in enumerate(_turns(row)):
        mark = marks.get(number)
        turns.append(
            {
                "turn": number,
                "role": turn.get("role", ""),
                "text": str(turn.get("text", "")),
                "intent": turn.get("intent", ""),
                "at": turn.get("at", ""),
                "by": turn.get("by", ""),
                "feedback": turn.get("feedback") or None,
                "mark": {"example": mark.example, "label": mark.label, "note": mark.note} if mark else None,
            }
        )
    return {"summary": _row_view(row, now or utcnow()), "turns": turns, "stage": row.stage}


def mark_turn(
    db: Session, actor: User, public_id: str, turn: int, example: str, *, label: str = "", note: str = ""
) -> AssistantMark | None:
    """Mark assistant reply ``turn`` as a ``good`` or ``bad`` example (``clear`` removes the mark).

    ``label`` is the intent the preceding message should have been read as; audited as
    ``assistant.mark``.
    """
    if example not in (*EXAMPLES, "clear"):
        raise BadInput.of("bad_example", fields={"example": "应为 good、bad 或 clear"})
    if label and label not in INTENTS:
        raise BadInput.of("bad_label", choices="、".join(INTENTS), fields={"label": "不支持的意图"})
    if len(note) > 500:
        raise BadInput.of("bad_note", "too_long", fields={"note": "最多 500 字"})
    with transaction(db):
        row = _session(db, public_id)
        turns = _turns(row)
        if not 0 <= turn < len(turns) or turns[turn].get("role") != "assistant":
            raise BadInput.of("bad_turn", "mark_assistant", fields={"turn": "不是助手答复的序号"})
        existing = db.scalar(
            select(AssistantMark).where(AssistantMark.session_id == row.id, AssistantMark.turn == turn)
        )
        if example == "clear":
            if existing is not None:
                db.delete(existing)
            mark = None
        else:
            mark = existing or AssistantMark(session_id=row.id, turn=turn)
            mark.example, mark.label, mark.note = example, label, note.strip()
            mark.marked_by, mark.marked_at = actor.id, utcnow()
            db.add(mark)
        audit.record(
            db,
            actor=actor,
            action="assistant.mark",
            target=f"conversation:{public_id}#{turn}",
            reason=note,
            details={"example": example, "label": label},
        )
    return mark


@dataclass
class ExportReport:
    written: int = 0
    skipped: int = 0
    """Bad examples without a corrected intent (the intent task cannot learn from them)."""


def _asked_before(turns: list[dict[str, Any]], turn: int) -> dict[str, Any] | None:
    return next((turns[i] for i in range(turn - 1, -1, -1) if turns[i].get("role") == "user"), None)


def export_marked(db: Session, actor: User, task: str = "intent") -> tuple[list[str], ExportReport]:
    """The marked turns as JSON Lines for ``govhall train --task <task>`` (text + label), audited."""
    _check_choice(task, EXPORT_TASKS, "task", "导出任务", "choice")
    report = ExportReport()
    lines: list[str] = []
    query = (
        select(AssistantMark, AssistantSession)
        .join(AssistantSession, AssistantSession.id == AssistantMark.session_id)
        .order_by(AssistantMark.marked_at, AssistantMark.id)
    )
    for mark, row in db.execute(query):
        turns = _turns(row)
        if mark.turn >= len(turns):
            report.skipped += 1
            continue
        reply, asked = turns[mark.turn], _asked_before(turns, mark.turn)
        source = f"conversation:{row.public_id}#{mark.turn}"
        line: dict[str, Any]
        if task == "reply":
            line = {"text": str(reply.get("text", "")), "label": mark.example}
        else:
            intent = mark.label or (str(asked.get("intent", "")) if asked and mark.example == "good" else "")
            if asked is None or not intent:
                report.skipped += 1
                continue
            line = {"text": str(asked.get("text", "")), "label": intent, "intent": intent, "service": row.item_code}
        line |= {"example": mark.example, "source": source}
        if mark.note:
            line["note"] = mark.note
        lines.append(json.dumps(line, ensure_ascii=False))
        report.written += 1
    with transaction(db):
        audit.record(
            db,
            actor=actor,
            action="assistant.export_marks",
            target="assistant_marks",
            details={"task": task, "written": report.written, "skipped": report.skipped},
        )
    return lines, report


@dataclass
class QuestionStats:
    """What citizens asked the assistant in a period: for the statistics page."""

    conversations: int = 0
    handed_off: int = 0
    top: list[tuple[str, int]] = field(default_factory=list)
    unanswered: list[tuple[str, int]] = field(default_factory=list)
    handoffs_by_day: dict[str, tuple[int, int]] = field(default_factory=dict)
    """day (YYYY-MM-DD, UTC+8) → (conversations, handed off)."""

    @property
    def handoff_rate(self) -> float | None:
        return round(self.handed_off / self.conversations, 4) if self.conversations else None


def _sessions_between(
    db: Session, since: datetime, until: datetime, department: str | None
) -> Iterator[AssistantSession]:
    query = select(AssistantSession).where(AssistantSession.created_at >= since, AssistantSession.created_at < until)
    if department is not None:
        query = query.where(
            or_(AssistantSession.routed_department == department, AssistantSession.handoff_department == department)
        )
    yield from db.scalars(query.execution_options(yield_per=500))


def _question_key(text: str) -> str:
    return "".join(text.split()).rstrip("？?。.!！")[:60]


def question_stats(
    db: Session,
    since: datetime,
    until: datetime,
    *,
    department: str | None = None,
    top: int = 20,
    day_of: Any = None,
) -> QuestionStats:
    """Top questions (first message of each conversation), unanswered ones (the router could not
    place them, or the reply got a 👎) and the hand-off rate per day.

    ``day_of`` turns a timestamp into the day label (default: its UTC date).
    """
    stats = QuestionStats()
    asked: Counter[str] = Counter()
    unanswered: Counter[str] = Counter()
    days: dict[str, list[int]] = {}
    for row in _sessions_between(db, since, until, department):
        turns = _turns(row)
        first = next((t for t in turns if t.get("role") == "user"), None)
        if first is None:
            continue
        stats.conversations += 1
        stats.handed_off += int(row.handoff)
        day = day_of(row.created_at) if day_of else row.created_at.date().isoformat()
        counts = days.setdefault(day, [0, 0])
        counts[0] += 1
        counts[1] += int(row.handoff)
        asked[_question_key(str(first.get("text", "")))] += 1
        for i, turn in enumerate(turns):
            if turn.get("role") != "user":
                continue
            reply = turns[i + 1] if i + 1 < len(turns) else {}
            disliked = isinstance(reply.get("feedback"), dict) and reply["feedback"].get("rating") == "down"
            if turn.get("intent") == "unknown" or disliked:
                unanswered[_question_key(str(turn.get("text", "")))] += 1
    stats.top = [(q, n) for q, n in asked.most_common(top) if q]
    stats.unanswered = [(q, n) for q, n in unanswered.most_common(top) if q]
    stats.handoffs_by_day = {d: (c[0], c[1]) for d, c in sorted(days.items())}
    return stats
