"""FastAPI dependencies: the per-request database session and the current user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from govhall.accounts import Role, User, user_for_token
from govhall.cases import WorkCalendar
from govhall.config import Settings
from govhall.db import session_scope
from govhall.errors import NotAuthenticated, PermissionDenied

SESSION_COOKIE = "govhall_session"


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, closed (and any open transaction rolled back) at the end."""
    with session_scope(request.app.state.session_factory) as session:
        yield session


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_calendar(request: Request) -> WorkCalendar:
    calendar: WorkCalendar = request.app.state.calendar
    return calendar


SessionDep = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
CalendarDep = Annotated[WorkCalendar, Depends(get_calendar)]


def request_token(request: Request) -> str | None:
    """The bearer token of an API client, or the session cookie of a browser."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(SESSION_COOKIE)


def optional_user(request: Request, db: SessionDep) -> User | None:
    token = request_token(request)
    if not token:
        return None
    try:
        return user_for_token(db, token)
    except NotAuthenticated:
        return None


def current_user(request: Request, db: SessionDep) -> User:
    token = request_token(request)
    if not token:
        raise NotAuthenticated()
    return user_for_token(db, token)


CurrentUser = Annotated[User, Depends(current_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]


def require_role(*roles: Role) -> object:
    """A dependency that lets only users with one of ``roles`` through."""

    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise PermissionDenied()
        return user

    return Depends(check)


def admin_user(user: CurrentUser) -> User:
    if user.role != Role.ADMIN:
        raise PermissionDenied.of("permission_denied", "admin_only")
    return user


AdminUser = Annotated[User, Depends(admin_user)]
