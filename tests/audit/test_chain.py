"""The audit log is hash-chained: any edited, deleted or truncated entry is detected."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from govhall import audit
from govhall.audit import AuditEntry
from govhall.db import transaction


def _fill(db: Session, n: int = 5) -> None:
    for i in range(n):
        with transaction(db):
            audit.record(db, actor=None, action="test.event", target=f"thing:{i}", details={"i": i})


def test_intact_chain_verifies(db: Session) -> None:
    _fill(db)
    report = audit.verify(db)
    assert report.ok and report.entries == 5


def test_edited_entry_is_detected(db: Session) -> None:
    _fill(db)
    db.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(reason="改过了"))
    db.commit()
    report = audit.verify(db)
    assert not report.ok
    assert any("第 3 条" in p and "改动" in p for p in report.problems)


def test_deleted_entry_is_detected(db: Session) -> None:
    _fill(db)
    db.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    db.commit()
    report = audit.verify(db)
    assert not report.ok
    assert any("缺失" in p for p in report.problems)


def test_truncated_tail_is_detected(db: Session) -> None:
    _fill(db)
    db.execute(delete(AuditEntry).where(AuditEntry.seq == 5))
    db.commit()
    assert not audit.verify(db).ok


def test_entries_are_listed_newest_first(db: Session) -> None:
    _fill(db, 3)
    assert [e.seq for e in audit.list_entries(db)] == [3, 2, 1]
