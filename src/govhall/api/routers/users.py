"""User administration (admins only): create, list, reset passwords, (de)activate, end sessions."""

from __future__ import annotations

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict

from govhall import accounts
from govhall.accounts import NewUser, Role
from govhall.api.deps import AdminUser, SessionDep
from govhall.api.schemas import UserCreate, UserPublic
from govhall.db import transaction

router = APIRouter(prefix="/api/users", tags=["用户管理"])
Username = Path(min_length=1, max_length=64, description="用户名")


class UserStatus(UserPublic):
    """An account as an admin sees it: whether it may log in, and whether it must change its password."""

    model_config = ConfigDict(from_attributes=True)

    active: bool
    must_change_password: bool


class TemporaryPassword(BaseModel):
    username: str
    temporary_password: str
    message: str = (
        "请将临时密码当面或通过可靠渠道告知用户：它不能直接登录，用户须先用它设置新密码（POST /api/auth/password）。"
    )


@router.get("")
def list_users(db: SessionDep, admin: AdminUser) -> list[UserStatus]:
    return [UserStatus.model_validate(u) for u in accounts.list_users(db)]


@router.post("", status_code=201)
def create_user(body: UserCreate, db: SessionDep, admin: AdminUser) -> UserPublic:
    fields = body.model_dump()
    fields["role"] = Role(fields["role"])
    with transaction(db):
        user = accounts.create_user(db, NewUser(**fields), admin)
    return UserPublic.model_validate(user)


@router.post("/{username}/reset-password")
def reset_password(db: SessionDep, admin: AdminUser, username: str = Username) -> TemporaryPassword:
    """A temporary password that only lets the user choose a new one; the user's sessions end."""
    return TemporaryPassword(username=username, temporary_password=accounts.reset_password(db, admin, username))


@router.post("/{username}/deactivate")
def deactivate(db: SessionDep, admin: AdminUser, username: str = Username) -> UserStatus:
    """The account can no longer log in, and its tokens stop working at once."""
    return UserStatus.model_validate(accounts.set_active(db, admin, username, False))


@router.post("/{username}/activate")
def activate(db: SessionDep, admin: AdminUser, username: str = Username) -> UserStatus:
    return UserStatus.model_validate(accounts.set_active(db, admin, username, True))


@router.post("/{username}/revoke-sessions", status_code=204)
def revoke_sessions(db: SessionDep, admin: AdminUser, username: str = Username) -> Response:
    """End every session (API token or page cookie) of the user."""
    accounts.revoke_sessions(db, admin, username)
    return Response(status_code=204)
