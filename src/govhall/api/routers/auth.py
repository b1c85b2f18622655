"""Login, logout, registration and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from govhall import accounts
from govhall.accounts import NewUser, Role
from govhall.api.deps import CurrentUser, SessionDep, SettingsDep, request_token
from govhall.api.schemas import LoginRequest, LoginResponse, RegisterRequest, UserPublic
from govhall.db import transaction

router = APIRouter(prefix="/api/auth", tags=["账号"])


@router.post("/login")
def login(body: LoginRequest, db: SessionDep, settings: SettingsDep) -> LoginResponse:
    """Exchange a username and password for a bearer token."""
    with transaction(db):
        user = accounts.authenticate(db, body.username, body.password)
        token = accounts.issue_token(db, user, settings.token_ttl_hours)
    return LoginResponse(token=token, user=UserPublic.model_validate(user))


@router.post("/logout", status_code=204)
def logout(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    token = request_token(request)
    with transaction(db):
        accounts.revoke_token(db, token or "")
    return Response(status_code=204)


@router.get("/me")
def me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.post("/register", status_code=201)
def register(body: RegisterRequest, db: SessionDep) -> UserPublic:
    """Self-registration creates a citizen account."""
    with transaction(db):
        user = accounts.create_user(db, NewUser(**body.model_dump(), role=Role.CITIZEN))
    return UserPublic.model_validate(user)
