"""The back office's finders on both databases: accounts.find_users and audit.find_entries."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from govhall import accounts, audit
from govhall.accounts import Role
from govhall.db import transaction, utcnow
from tests.conftest import UserFactory


def test_find_users_by_text_and_role(db: Session, make_user: UserFactory) -> None:
    make_user(Role.CLERK, department="民政局", name="王五")
    make_user(Role.CITIZEN, name="百分之100_用户")
    assert [u.role for u in accounts.find_users(db, query="民政")] == ["clerk"]
    assert [u.display_name for u in accounts.find_users(db, query="王五")] == ["王五"]
    assert len(accounts.find_users(db, query="%")) == 0  # a wildcard is only a character
    assert [u.display_name for u in accounts.find_users(db, query="100_")] == ["百分之100_用户"]
    assert {u.role for u in accounts.find_users(db, role=Role.CITIZEN)} == {"citizen"}


def test_find_entries_filters(db: Session, make_user: UserFactory) -> None:
    admin = make_user(Role.ADMIN)
    with transaction(db):
        audit.record(db, actor=admin, action="catalog.update", target="item:dibao")
        audit.record(db, actor=None, action="case.accept", target="case:GH_1%")
    assert [e.action for e in audit.find_entries(db, actor=admin.username)] == ["catalog.update", "user.create"]
    assert [e.target for e in audit.find_entries(db, action="case.")] == ["case:GH_1%"]
    assert [e.target for e in audit.find_entries(db, target="_1%")] == ["case:GH_1%"]
    assert audit.find_entries(db, action="%") == []
    now = utcnow()
    assert len(audit.find_entries(db, since=now - timedelta(hours=1), until=now + timedelta(hours=1))) == 3
    assert audit.find_entries(db, since=now + timedelta(hours=1)) == []
    assert len(audit.find_entries(db, limit=1, offset=1)) == 1
