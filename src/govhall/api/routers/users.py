"""User administration (admins only)."""

from __future__ import annotations

from fastapi import APIRouter

from govhall import accounts
from govhall.accounts import NewUser, Role
from govhall.api.deps import AdminUser, SessionDep
from govhall.api.schemas import UserCreate, UserPublic
from govhall.db import transaction

router = APIRouter(prefix="/api/users", tags=["用户管理"])


@router.get("")
def list_users(db: SessionDep, admin: AdminUser) -> list[UserPublic]:
    return [UserPublic.model_validate(u) for u in accounts.list_users(db)]


@router.post("", status_code=201)
def create_user(body: UserCreate, db: SessionDep, admin: AdminUser) -> UserPublic:
    fields = body.model_dump()
    fields["role"] = Role(fields["role"])
    with transaction(db):
        user = accounts.create_user(db, NewUser(**fields), admin)
    return UserPublic.model_validate(user)
