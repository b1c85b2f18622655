"""Accounts (账号): users, roles, argon2 password hashes, login tokens."""

from govhall.accounts.models import ROLE_LABELS, AuthToken, Role, User
from govhall.accounts.service import (
    NewUser,
    authenticate,
    create_user,
    issue_token,
    list_users,
    revoke_token,
    user_for_token,
)

__all__ = [
    "ROLE_LABELS",
    "AuthToken",
    "NewUser",
    "Role",
    "User",
    "authenticate",
    "create_user",
    "issue_token",
    "list_users",
    "revoke_token",
    "user_for_token",
]
