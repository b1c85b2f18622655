"""Accounts: creating users, argon2 password checks, tokens shared by the API and the pages.

Tokens live in the database, so any number of workers can check them with nothing shared but the
database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from govhall import audit
from govhall.accounts.models import AuthToken, Role, User
from govhall.db.base import utcnow
from govhall.errors import BadInput, Conflict, FormInvalid, NotAuthenticated
from govhall.text import is_valid_id_card, is_valid_mobile

_hasher = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
# A fixed hash to verify against when the user does not exist, so that timing does not reveal it.
_DUMMY_HASH = _hasher.hash("govhall-dummy-password")


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
    if not 8 <= len(new.password) <= 128:
        problems["password"] = "密码长度须为 8–128 位"
    if not 1 <= len(new.display_name.strip()) <= 64:
        problems["display_name"] = "姓名不能为空，且不超过 64 字"
    if new.role == Role.CLERK and not new.department:
        problems["department"] = "窗口人员必须指定所属部门"
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
        raise FormInvalid(problems, "账号信息有误")
    if db.scalar(select(User.id).where(User.username == new.username)) is not None:
        raise Conflict("username_taken", f"用户名“{new.username}”已被占用", {"username": "用户名已被占用"})
    user = User(
        username=new.username,
        display_name=new.display_name.strip(),
        role=new.role.value,
        department=new.department if new.role == Role.CLERK else None,
        password_hash=_hasher.hash(new.password),
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


def authenticate(db: Session, username: str, password: str) -> User:
    """The active user with this username and password, or ``NotAuthenticated``."""
    user = db.scalar(select(User).where(User.username == username))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise NotAuthenticated("用户名或密码错误") from None
    if user is None or not user.active:
        raise NotAuthenticated("用户名或密码错误")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(db: Session, user: User, ttl_hours: int) -> str:
    """A new random login token for ``user``; only its hash is stored."""
    if ttl_hours <= 0:
        raise BadInput("bad_ttl", "登录有效期必须为正数")
    token = secrets.token_urlsafe(32)
    db.add(AuthToken(token_hash=_hash_token(token), user_id=user.id, expires_at=utcnow() + timedelta(hours=ttl_hours)))
    db.flush()
    return token


def user_for_token(db: Session, token: str) -> User:
    """The active user a token belongs to; ``NotAuthenticated`` if it is unknown or expired."""
    if not token or len(token) > 256:
        raise NotAuthenticated()
    row = db.scalar(select(AuthToken).where(AuthToken.token_hash == _hash_token(token)))
    if row is None or row.expires_at <= utcnow():
        raise NotAuthenticated("登录已过期，请重新登录")
    user = db.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated()
    return user


def revoke_token(db: Session, token: str) -> None:
    """Log out: forget the token."""
    db.execute(delete(AuthToken).where(AuthToken.token_hash == _hash_token(token)))


def list_users(db: Session) -> list[User]:
    return list(db.scalars(select(User).order_by(User.id)))
