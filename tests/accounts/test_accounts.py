"""Accounts: argon2 hashes, login, tokens that expire, and input checks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from govhall import accounts
from govhall.accounts import AuthToken, NewUser, Role
from govhall.db import transaction, utcnow
from govhall.errors import Conflict, FormInvalid, NotAuthenticated


def _create(db: Session, **kw: object) -> accounts.User:
    fields: dict[str, object] = {"username": "wangjg", "password": "s3cret-pass", "display_name": "王建国"}
    fields.update(kw)
    with transaction(db):
        return accounts.create_user(db, NewUser(**fields))  # type: ignore[arg-type]


def test_password_is_stored_as_argon2_and_login_works(db: Session) -> None:
    user = _create(db)
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-pass" not in user.password_hash
    assert accounts.authenticate(db, "wangjg", "s3cret-pass").id == user.id
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(db, "wangjg", "wrong-pass")
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(db, "nobody", "s3cret-pass")


def test_tokens_resolve_and_expire(db: Session) -> None:
    user = _create(db)
    with transaction(db):
        token = accounts.issue_token(db, user, ttl_hours=1)
    assert accounts.user_for_token(db, token).id == user.id
    db.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    with pytest.raises(NotAuthenticated):
        accounts.user_for_token(db, token)
    with pytest.raises(NotAuthenticated):
        accounts.user_for_token(db, "forged")


def test_duplicate_username_and_bad_fields(db: Session) -> None:
    _create(db)
    with pytest.raises(Conflict):
        _create(db)
    with pytest.raises(FormInvalid) as err:
        _create(db, username="x", password="short", role=Role.CLERK, id_number="110105194912310021")
    assert {"username", "password", "department", "id_number"} <= set(err.value.fields)
