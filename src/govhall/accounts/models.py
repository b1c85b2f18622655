"""Users and their login tokens (账号)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow
from govhall.db.crypto import EncryptedString
from govhall.labels import labels_of


class Role(StrEnum):
    """What a user is to the service hall; permissions follow from it."""

    CITIZEN = "citizen"
    CLERK = "clerk"
    ANALYST = "analyst"
    ADMIN = "admin"
    POLICY_EDITOR = "policy_editor"
    """Keeps the policy library (知识库) in the back office: uploads, repeals, re-indexing."""
    SUPERVISOR = "supervisor"
    """Reviews the assistant's conversations and marks good and bad replies as training examples."""
    DEPT_HEAD = "dept_head"
    """Sees the service statistics of their own department only."""


ROLE_LABELS = labels_of(Role)

DEPARTMENT_ROLES = frozenset({Role.CLERK, Role.DEPT_HEAD})
"""Roles whose accounts belong to one department (and see only its work)."""


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(String(64), default=None)
    password_hash: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(EncryptedString(), default=None)
    id_number: Mapped[str | None] = mapped_column(EncryptedString(), default=None)
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    """Set by an admin's reset: the temporary password only lets the user choose a new one."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthToken(Base):
    """A login: the SHA-256 of a random token, so a database leak gives no usable tokens."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class LoginThrottle(Base):
    """Wrong-password counts per account (``user:NAME``) or client address (``addr:IP``).

    Kept in the database because that is all the workers share: a lockout holds on every worker.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime]
    blocked_until: Mapped[datetime | None] = mapped_column(default=None)
