"""Accounts (账号): users, roles, argon2 password hashes, login tokens, login throttling."""

from govhall.accounts._passwords import password_problem
from govhall.accounts.models import ROLE_LABELS, AuthToken, LoginThrottle, Role, User
from govhall.accounts.service import (
    HASH_CONCURRENCY,
    LoginPolicy,
    NewUser,
    authenticate,
    change_password,
    create_user,
    find_users,
    issue_token,
    list_users,
    login,
    purge_expired,
    register,
    reset_password,
    revoke_sessions,
    revoke_token,
    set_active,
    user_for_token,
)

__all__ = [
    "HASH_CONCURRENCY",
    "ROLE_LABELS",
    "AuthToken",
    "LoginPolicy",
    "LoginThrottle",
    "NewUser",
    "Role",
    "User",
    "authenticate",
    "change_password",
    "create_user",
    "find_users",
    "issue_token",
    "list_users",
    "login",
    "password_problem",
    "purge_expired",
    "register",
    "reset_password",
    "revoke_sessions",
    "revoke_token",
    "set_active",
    "user_for_token",
]
