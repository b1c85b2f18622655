"""Recording and verifying the audit trail.

Every entry's hash is an HMAC-SHA256, under a key kept outside the database (the key file of
:mod:`govhall.db.crypto`), over the previous hash and a canonical JSON of the entry. Editing,
inserting or deleting an entry breaks the chain at that point, and, unlike a plain hash, someone
with only database access cannot recompute the rest of the chain afterwards. Cutting the tail and
fixing ``audit_head`` leaves a valid shorter chain; :func:`anchor` gives the head to store
elsewhere and ``verify(anchor=…)`` detects the cut.

Entries written before migration 0007 are a legacy segment hashed with plain SHA-256 (``key_id``
empty). The migration seals that segment with a keyed entry, so rewriting it breaks the seal;
:func:`verify` accepts legacy entries only before the first keyed entry and requires the chain to
end with a keyed one.

Free text (``reason``, string values of ``details``) is masked here, whatever the caller passed,
because the log is append-only: personal data written into it could never be removed.

The chain's tip is kept in ``audit_head``; writers first bump that row, which takes the write lock
(SQLite) or the row lock (PostgreSQL) and so keeps the chain linear with several workers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govhall.audit.models import AuditEntry, AuditHead
from govhall.db.base import utcnow
from govhall.db.crypto import keyring
from govhall.db.query import in_period
from govhall.errors import BadInput
from govhall.text import mask, mask_data

GENESIS = "0" * 64


class Actor(Protocol):
    """Who did it: any object with an id and a username (a ``User``); ``None`` means the system."""

    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...


def chain_hash(prev_hash: str, fields: dict[str, Any], key_id: str) -> str:
    """The hash of one entry: HMAC under ``key_id``, or legacy SHA-256 when ``key_id`` is empty.

    ``fields`` are the entry's seq, at (ISO text), actor_id, actor_name, action, target, reason and
    details. The key id is part of the signed text, so an entry cannot be moved to another key.
    """
    body = dict(fields)
    if key_id:
        body["key_id"] = key_id
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    message = (prev_hash + text).encode("utf-8")
    if not key_id:
        return hashlib.sha256(message).hexdigest()
    return keyring().audit_mac(key_id, message)


def _entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    fields = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "target": entry.target,
        "reason": entry.reason,
        "details": entry.details,
    }
    return chain_hash(prev_hash, fields, entry.key_id)


def record(
    db: Session,
    *,
    actor: Actor | None,
    action: str,
    target: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry inside the caller's transaction.

    ``reason`` and every string in ``details`` are masked (ID numbers, phones, cards, names…)
    before they are stored: callers cannot forget to.
    """
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
        reason=mask(reason) if reason else "",
        details=mask_data(details) if details else {},
        prev_hash=head.hash,
        key_id=keyring().audit_current,
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


def verify(db: Session, anchor: str | None = None) -> VerifyReport:
    """Walk the whole chain in order and report every edited, deleted or inserted entry.

    ``anchor`` is a value printed earlier by :func:`anchor` (``SEQ:HASH``); the chain must still
    contain that entry unchanged, which catches a cut tail with a fixed-up ``audit_head``.
    """
    report = VerifyReport()
    wanted = _parse_anchor(anchor) if anchor is not None else None
    anchor_found = False
    prev_hash = GENESIS
    expected_seq = 1
    keyed_seen = last_keyed = False
    for entry in db.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
        report.entries += 1
        if entry.seq != expected_seq:
            report.problems.append(f"第 {expected_seq}–{entry.seq - 1} 条记录缺失（被删除）")
        if entry.prev_hash != prev_hash:
            report.problems.append(f"第 {entry.seq} 条记录的前序哈希不符（前面的记录被改动或删除）")
        if entry.key_id:
            keyed_seen = True
        elif keyed_seen:
            report.problems.append(f"第 {entry.seq} 条记录没有密钥签名（被改写）")
        if _entry_hash(entry.prev_hash, entry) != entry.hash:
            report.problems.append(f"第 {entry.seq} 条记录的内容被改动")
        if wanted is not None and entry.seq == wanted[0]:
            anchor_found = entry.hash == wanted[1]
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
        last_keyed = bool(entry.key_id)
    if report.entries and not last_keyed:
        report.problems.append("日志末尾的记录没有密钥签名（日志被改写或截断）")
    head = db.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        report.problems.append(f"日志末尾不完整：应有 {head.seq} 条，实际最后一条为第 {expected_seq - 1} 条")
    if wanted is not None and not anchor_found:
        report.problems.append(f"日志中已找不到锚点第 {wanted[0]} 条记录（末尾被截断或记录被改动）")
    return report


def _parse_anchor(value: str) -> tuple[int, str]:
    seq, _, digest = value.strip().partition(":")
    if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise BadInput.of("bad_anchor")
    return int(seq), digest


def anchor(db: Session) -> str:
    """The chain's head as ``SEQ:HASH``, to keep outside the database for ``verify(anchor=…)``."""
    last = db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    if last is None:
        raise BadInput.of("audit_empty")
    return f"{last.seq}:{last.hash}"


def list_entries(db: Session, *, target: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """Newest first, optionally for one target (e.g. ``case:GH…``)."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
    if target:
        query = query.where(AuditEntry.target == target)
    return list(db.scalars(query))


def find_entries(
    db: Session,
    *,
    actor: str = "",
    action: str = "",
    target: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntry]:
    """Newest first, filtered for the back office's viewer: ``actor`` is a username, ``action`` a
    prefix (``user.`` finds every account action), ``target`` a substring; times are UTC, ``until``
    exclusive."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
    if actor:
        query = query.where(AuditEntry.actor_name == actor)
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    if target:
        query = query.where(AuditEntry.target.contains(target, autoescape=True))
    query = query.where(*in_period(AuditEntry.at, since, until))
    return list(db.scalars(query))
