"""Login, logout, registration, password change and who-am-I."""

from __future__ import annotations

import asyncio
import weakref
from functools import partial

import anyio
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from govhall import accounts
from govhall.accounts import LoginPolicy, NewUser, Role
from govhall.api.deps import CurrentUser, SessionDep, SettingsDep, request_token
from govhall.api.schemas import CleanStr, LoginRequest, LoginResponse, RegisterRequest, Strict, UserPublic
from govhall.config import Settings
from govhall.db import transaction

router = APIRouter(prefix="/api/auth", tags=["账号"])

# Logins waiting for a password check wait here as coroutines, not as worker threads: a flood of
# logins cannot take every thread of the pool that ``/api/health`` and every other route need.
_login_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _login_limiter() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _login_limiters.get(loop)
    if limiter is None:
        limiter = _login_limiters[loop] = anyio.CapacityLimiter(accounts.HASH_CONCURRENCY)
    return limiter


def login_policy(settings: Settings) -> LoginPolicy:
    return LoginPolicy(
        max_failures=settings.login_max_failures,
        max_failures_per_address=settings.login_max_failures_per_address,
        window_seconds=settings.login_lockout_seconds,
    )


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/login", responses={429: {"description": "登录失败次数过多（Retry-After 秒后再试）"}})
async def login(body: LoginRequest, request: Request, db: SessionDep, settings: SettingsDep) -> LoginResponse:
    """Exchange a username and password for a bearer token (throttled per account and address)."""
    call = partial(
        accounts.login,
        db,
        body.username,
        body.password,
        ttl_hours=settings.token_ttl_hours,
        address=_address(request),
        policy=login_policy(settings),
    )
    user, token = await anyio.to_thread.run_sync(call, limiter=_login_limiter())
    return LoginResponse(token=token, user=UserPublic.model_validate(user))


@router.post("/logout", status_code=204)
def logout(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    token = request_token(request)
    with transaction(db):
        accounts.revoke_token(db, token or "")
    return Response(status_code=204)


@router.post("/logout-all", status_code=204)
def logout_everywhere(db: SessionDep, user: CurrentUser) -> Response:
    """End every session of the current user, this one included."""
    accounts.revoke_sessions(db, user, user.username)
    return Response(status_code=204)


class PasswordChange(Strict):
    username: CleanStr = Field(min_length=1, max_length=64)
    old_password: CleanStr = Field(min_length=1, max_length=128)
    new_password: CleanStr = Field(min_length=1, max_length=128)


@router.post("/password", status_code=204)
async def change_password(body: PasswordChange, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    """Set a new password, proving the old one (or an admin's temporary one); all sessions end.

    Needs no login, so that a temporary password, which cannot log in, can be replaced.
    """
    call = partial(
        accounts.change_password,
        db,
        body.username,
        body.old_password,
        body.new_password,
        address=_address(request),
        policy=login_policy(settings),
    )
    await anyio.to_thread.run_sync(call, limiter=_login_limiter())
    return Response(status_code=204)


@router.get("/me")
def me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


class RegisterAccepted(BaseModel):
    """The same answer whether or not the name was free, so registration cannot probe for names."""

    username: str
    role: str = Role.CITIZEN.value
    message: str = (
        "注册申请已受理：如该用户名未被占用，账号已创建，请用所设密码登录；如无法登录，请换一个用户名重新注册。"
    )


@router.post("/register", status_code=201)
async def register(body: RegisterRequest, db: SessionDep) -> RegisterAccepted:
    """Self-registration creates a citizen account; a taken name gets the same answer."""
    new = NewUser(**body.model_dump(), role=Role.CITIZEN)
    await anyio.to_thread.run_sync(partial(accounts.register, db, new), limiter=_login_limiter())
    return RegisterAccepted(username=body.username)
