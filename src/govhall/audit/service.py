"""Recording and verifying the audit trail.

Every entry's hash is SHA-256 over the previous hash and a canonical JSON of the entry, so editing
or deleting any entry breaks the chain at that point. The chain's tip is kept in ``audit_head``;
writers first bump that row, which takes the write lock (SQLite) or the row lock (PostgreSQL) and
so keeps the chain linear with several workers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govhall.audit.models import AuditEntry, AuditHead
from govhall.db.base import utcnow

GENESIS = "0" * 64


class Actor(Protocol):
    """Who did it: any object with an id and a username (a ``User``); ``None`` means the system."""

    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...


def _entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    body = json.dumps(
        {
            "seq": entry.seq,
            "at": entry.at.isoformat(),
            "actor_id": entry.actor_id,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "target": entry.target,
            "reason": entry.reason,
            "details": entry.details,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def record(
    db: Session,
    *,
    actor: Actor | None,
    action: str,
    target: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry inside the caller's transaction. ``details`` must already be masked."""
    bumped = db.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        db.add(AuditHead(id=1, seq=1, hash=GENESIS))
        db.flush()
    head = db.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    db.refresh(head)
    entry = AuditEntry(
        seq=head.seq,
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else "system",
        action=action,
        target=target,
        reason=reason,
        details=details or {},
        prev_hash=head.hash,
    )
    entry.hash = _entry_hash(head.hash, entry)
    head.hash = entry.hash
    db.add(entry)
    db.flush()
    return entry


@dataclass
class VerifyReport:
    """The outcome of walking the chain: ``ok`` only when no problem was found."""

    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "problems": self.problems}


def verify(db: Session) -> VerifyReport:
    """Walk the whole chain in order and report every edited, deleted or inserted entry."""
    report = VerifyReport()
    prev_hash = GENESIS
    expected_seq = 1
    for entry in db.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
        report.entries += 1
        if entry.seq != expected_seq:
            report.problems.append(f"第 {expected_seq}–{entry.seq - 1} 条记录缺失（被删除）")
        if entry.prev_hash != prev_hash:
            report.problems.append(f"第 {entry.seq} 条记录的前序哈希不符（前面的记录被改动或删除）")
        if _entry_hash(entry.prev_hash, entry) != entry.hash:
            report.problems.append(f"第 {entry.seq} 条记录的内容被改动")
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    head = db.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        report.problems.append(f"日志末尾不完整：应有 {head.seq} 条，实际最后一条为第 {expected_seq - 1} 条")
    return report


def list_entries(db: Session, *, target: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """Newest first, optionally for one target (e.g. ``case:GH…``)."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
    if target:
        query = query.where(AuditEntry.target == target)
    return list(db.scalars(query))
