"""Accounts: creating users, argon2 password checks, tokens shared by the API and the pages.

Tokens live in the database, so any number of workers can check them with nothing shared but the
database. So do the wrong-password counts behind the login throttle (``login_throttle``).

argon2 is slow and memory-hard on purpose. Hashes are computed with no database transaction open
(SQLite has one pooled connection per process: holding it through a hash stalled every other
request, ``/api/health`` included) and at most :data:`HASH_CONCURRENCY` at a time per process, so a
flood of logins queues on the semaphore instead of taking every core.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from govhall import audit
from govhall.accounts._passwords import password_problem
from govhall.accounts.models import DEPARTMENT_ROLES, ROLE_LABELS, AuthToken, LoginThrottle, Role, User
from govhall.db import contains_any, one_or_not_found, transaction
from govhall.db.base import utcnow
from govhall.errors import (
    BadInput,
    Conflict,
    FormInvalid,
    NotAuthenticated,
    PasswordChangeRequired,
    TooManyAttempts,
)
from govhall.text import is_valid_id_card, is_valid_mobile

_hasher = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
# Half the cores (at least one, at most four): logins never take the whole machine.
HASH_CONCURRENCY = max(1, min(4, (os.cpu_count() or 2) // 2))
_hash_slots = threading.BoundedSemaphore(HASH_CONCURRENCY)


def _hash(password: str) -> str:
    with _hash_slots:
        return _hasher.hash(password)


def _verify(stored_hash: str, password: str) -> bool:
    with _hash_slots:
        try:
            return _hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False


# A fixed hash to verify against when the user does not exist, so that timing does not reveal it.
_DUMMY_HASH = _hasher.hash("govhall-dummy-password")


@dataclass(frozen=True)
class LoginPolicy:
    """How many wrong passwords an account or a client address may send within ``window_seconds``.

    Reaching the limit blocks further attempts (right or wrong) until the window has passed.
    """

    max_failures: int = 5
    max_failures_per_address: int = 20
    window_seconds: int = 900


@dataclass(frozen=True)
class NewUser:
    """What is needed to create an account."""

    username: str
    password: str
    display_name: str
    role: Role = Role.CITIZEN
    department: str | None = None
    phone: str | None = None
    id_number: str | None = None


def _check_new_user(new: NewUser) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not _USERNAME.match(new.username):
        problems["username"] = "用户名须为 3–64 位字母、数字、下划线、点或短横线"
    weak = password_problem(new.password, username=new.username, display_name=new.display_name)
    if weak:
        problems["password"] = weak
    if not 1 <= len(new.display_name.strip()) <= 64:
        problems["display_name"] = "姓名不能为空，且不超过 64 字"
    if new.role in DEPARTMENT_ROLES and not new.department:
        problems["department"] = f"{ROLE_LABELS[new.role]}必须指定所属部门"
    if new.phone is not None and not is_valid_mobile(new.phone):
        problems["phone"] = "手机号码格式不正确"
    if new.id_number is not None and not is_valid_id_card(new.id_number):
        problems["id_number"] = "公民身份号码不正确（校验位、出生日期或地区码有误）"
    return problems


def create_user(db: Session, new: NewUser, actor: User | None = None) -> User:
    """Create a user with an argon2 hash of the password, audited; raises on a bad or taken username.

    ``actor`` is the admin who creates the account; ``None`` for self-registration and the CLI.
    """
    problems = _check_new_user(new)
    if problems:
        raise FormInvalid.of("form_invalid", "account", fields=problems)
    password_hash = _hash(new.password)  # before the name check: a taken name costs the same time
    if db.scalar(select(User.id).where(User.username == new.username)) is not None:
        raise Conflict.of("username_taken", username=new.username, fields={"username": "用户名已被占用"})
    user = User(
        username=new.username,
        display_name=new.display_name.strip(),
        role=new.role.value,
        department=new.department if new.role in DEPARTMENT_ROLES else None,
        password_hash=password_hash,
        phone=new.phone,
        id_number=new.id_number,
    )
    db.add(user)
    db.flush()
    audit.record(
        db,
        actor=actor or user,
        action="user.create",
        target=f"user:{user.username}",
        details={"role": user.role, "department": user.department},
    )
    return user


def register(db: Session, new: NewUser) -> bool:
    """Self-registration of a citizen that does not reveal whether the name was taken.

    Bad input is still reported field by field (it depends on the input only); a taken name, or one
    taken concurrently, returns ``False`` after the same work as a success, and the caller answers
    both the same way.
    """
    try:
        with transaction(db):
            create_user(db, NewUser(**{**new.__dict__, "role": Role.CITIZEN}))
    except Conflict:
        return False
    except IntegrityError:
        return False
    return True


def _throttle_keys(username: str, address: str | None) -> list[str]:
    keys = [f"user:{username[:100]}"]
    if address:
        keys.append(f"addr:{address[:100]}")
    return keys


def _check_throttle(db: Session, keys: list[str]) -> None:
    now = utcnow()
    blocked = [
        row.blocked_until
        for row in db.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
        if row.blocked_until is not None and row.blocked_until > now
    ]
    if blocked:
        raise TooManyAttempts(math.ceil((max(blocked) - now).total_seconds()))


def _count_failure(db: Session, keys: list[str], policy: LoginPolicy) -> None:
    """One more wrong password for each key, atomically (rows locked), blocking at the limit."""
    now = utcnow()
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    for key in keys:
        limit = policy.max_failures_per_address if key.startswith("addr:") else policy.max_failures
        db.execute(
            insert(LoginThrottle)
            .values(key=key, failures=0, window_start=now, blocked_until=None)
            .on_conflict_do_nothing(index_elements=["key"])
        )
        row = db.scalars(select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()).one()
        db.refresh(row)
        if row.window_start + timedelta(seconds=policy.window_seconds) <= now:
            row.failures, row.window_start, row.blocked_until = 0, now, None
        row.failures += 1
        if row.failures >= limit:
            row.blocked_until = now + timedelta(seconds=policy.window_seconds)
    db.flush()


def authenticate(
    db: Session,
    username: str,
    password: str,
    *,
    address: str | None = None,
    policy: LoginPolicy | None = None,
    allow_temporary: bool = False,
) -> User:
    """The active user with this username and password, or ``NotAuthenticated``.

    Throttled per account and, when ``address`` is given, per client address: over the limit it
    raises ``TooManyAttempts`` (HTTP 429) without checking the password. It commits its own
    bookkeeping (a wrong password must be counted even though the caller's transaction fails), and
    checks the password with no transaction open. A temporary password set by an admin raises
    ``PasswordChangeRequired`` unless ``allow_temporary`` (the password change itself).
    """
    policy = policy or LoginPolicy()
    keys = _throttle_keys(username, address)
    with transaction(db):
        _check_throttle(db, keys)
        user = db.scalar(select(User).where(User.username == username))
        stored = user.password_hash if user is not None else _DUMMY_HASH
    if not _verify(stored, password) or user is None or not user.active:
        with transaction(db):
            _count_failure(db, keys, policy)
        raise NotAuthenticated.of("not_authenticated", "bad_password")
    with transaction(db):
        db.execute(delete(LoginThrottle).where(LoginThrottle.key == keys[0]))
        user = db.get(User, user.id, populate_existing=True)
        if user is None or not user.active:
            raise NotAuthenticated.of("not_authenticated", "bad_password")
        if user.must_change_password and not allow_temporary:
            raise PasswordChangeRequired()
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hash(password)
    return user


def login(
    db: Session,
    username: str,
    password: str,
    *,
    ttl_hours: int,
    address: str | None = None,
    policy: LoginPolicy | None = None,
) -> tuple[User, str]:
    """Check the password (throttled, see :func:`authenticate`) and issue a login token."""
    user = authenticate(db, username, password, address=address, policy=policy)
    with transaction(db):
        token = issue_token(db, user, ttl_hours)
    return user, token


def change_password(
    db: Session,
    username: str,
    old_password: str,
    new_password: str,
    *,
    address: str | None = None,
    policy: LoginPolicy | None = None,
) -> User:
    """A user sets a new password, proving the old (or temporary) one; every session is ended.

    Throttled like a login, since it checks a password.
    """
    user = authenticate(db, username, old_password, address=address, policy=policy, allow_temporary=True)
    weak = password_problem(new_password, username=user.username, display_name=user.display_name)
    if weak is None and new_password == old_password:
        weak = "新密码不能与原密码相同"
    if weak:
        raise FormInvalid.of("form_invalid", "new_password", fields={"new_password": weak})
    new_hash = _hash(new_password)
    with transaction(db):
        user = _new_password(db, username, new_hash, temporary=False)
        audit.record(db, actor=user, action="user.password_change", target=f"user:{user.username}")
    return user


def _get_user(db: Session, username: str) -> User:
    return one_or_not_found(db, select(User).where(User.username == username).with_for_update(), "账号", username)


def _new_password(db: Session, username: str, new_hash: str, *, temporary: bool) -> User:
    """Store the account's new password hash and end every session it has: whoever knew the old
    password (the user on another device, or someone who should not) is logged out with it."""
    user = _get_user(db, username)
    user.password_hash = new_hash
    user.must_change_password = temporary
    db.execute(delete(AuthToken).where(AuthToken.user_id == user.id))
    return user


def reset_password(db: Session, admin: User | None, username: str) -> str:
    """An admin gives ``username`` a temporary password (returned once, to hand over).

    It cannot be used to log in, only to choose a new password; the user's sessions end at once.
    """
    temporary = secrets.token_urlsafe(12)
    new_hash = _hash(temporary)
    with transaction(db):
        user = _new_password(db, username, new_hash, temporary=True)
        db.execute(delete(LoginThrottle).where(LoginThrottle.key == f"user:{user.username}"))
        audit.record(db, actor=admin, action="user.password_reset", target=f"user:{user.username}")
    return temporary


def set_active(db: Session, admin: User | None, username: str, active: bool) -> User:
    """Deactivate (every token stops working at once) or reactivate an account."""
    with transaction(db):
        user = _get_user(db, username)
        if admin is not None and user.id == admin.id and not active:
            raise BadInput.of("cannot_deactivate_self")
        user.active = active
        if not active:
            db.execute(delete(AuthToken).where(AuthToken.user_id == user.id))
        action = "user.activate" if active else "user.deactivate"
        audit.record(db, actor=admin, action=action, target=f"user:{user.username}")
    return user


def revoke_sessions(db: Session, actor: User | None, username: str) -> int:
    """End every session of ``username`` (an admin's action, or the user's "log out everywhere")."""
    with transaction(db):
        user = _get_user(db, username)
        removed = db.execute(delete(AuthToken).where(AuthToken.user_id == user.id)).rowcount  # type: ignore[attr-defined]
        audit.record(db, actor=actor, action="user.revoke_sessions", target=f"user:{user.username}")
    return int(removed or 0)


def purge_expired(db: Session, now: datetime | None = None) -> int:
    """Delete expired tokens and finished throttle windows; returns how many tokens went."""
    now = now or utcnow()
    with transaction(db):
        removed = db.execute(delete(AuthToken).where(AuthToken.expires_at <= now)).rowcount  # type: ignore[attr-defined]
        db.execute(
            delete(LoginThrottle).where(
                (LoginThrottle.blocked_until.is_(None) | (LoginThrottle.blocked_until <= now)),
                LoginThrottle.window_start <= now - timedelta(days=1),
            )
        )
    return int(removed or 0)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(db: Session, user: User, ttl_hours: int) -> str:
    """A new random login token for ``user``; only its hash is stored."""
    if ttl_hours <= 0:
        raise BadInput.of("bad_ttl")
    token = secrets.token_urlsafe(32)
    # this user's expired tokens go now; ``purge_expired`` (``govhall users purge``) does everyone's
    db.execute(delete(AuthToken).where(AuthToken.user_id == user.id, AuthToken.expires_at <= utcnow()))
    db.add(AuthToken(token_hash=_hash_token(token), user_id=user.id, expires_at=utcnow() + timedelta(hours=ttl_hours)))
    db.flush()
    return token


def user_for_token(db: Session, token: str) -> User:
    """The active user a token belongs to; ``NotAuthenticated`` if it is unknown or expired."""
    if not token or len(token) > 256:
        raise NotAuthenticated()
    row = db.scalar(select(AuthToken).where(AuthToken.token_hash == _hash_token(token)))
    if row is None or row.expires_at <= utcnow():
        raise NotAuthenticated.of("not_authenticated", "expired")
    user = db.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated()
    return user


def revoke_token(db: Session, token: str) -> None:
    """Log out: forget the token."""
    db.execute(delete(AuthToken).where(AuthToken.token_hash == _hash_token(token)))


def list_users(db: Session) -> list[User]:
    return list(db.scalars(select(User).order_by(User.id)))


def find_users(db: Session, *, query: str = "", role: Role | None = None, limit: int = 500) -> list[User]:
    """Users for the back office's list: ``query`` matches username, display name or department."""
    stmt = select(User).order_by(User.id).limit(limit)
    query = query.strip()
    if query:
        stmt = stmt.where(contains_any(query, User.username, User.display_name, User.department))
    if role is not None:
        stmt = stmt.where(User.role == role.value)
    return list(db.scalars(stmt))
