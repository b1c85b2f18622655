"""What every page form's POST does: check the anti-forgery token, call one service, redirect.

A refused call goes back to the page with the Chinese reason in ``?error=`` (the first field's
message when the service named one); sign-in, permission and server errors keep their own pages,
so a form can never turn a 403 into a friendly redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from govhall.accounts import User
from govhall.api.csrf import csrf_token, tokens_match
from govhall.api.deps import OptionalUser
from govhall.errors import GovhallError, NotAuthenticated, PermissionDenied


def need_user(user: User | None) -> User:
    """The signed-in user of a page that needs one; a visitor is sent to the login page."""
    if user is None:
        raise NotAuthenticated()
    return user


def client_error(exc: GovhallError) -> GovhallError:
    """A refusal the page shows in its own form; anything else (5xx, a lost login) is raised again
    for the error handler, so no page turns a server error or a login into a friendly message."""
    if exc.status >= 500 or isinstance(exc, NotAuthenticated):
        raise exc
    return exc


def check_csrf(request: Request, token: str) -> None:
    """A cookie-authenticated form must carry this session's token (``csrf`` field)."""
    if not tokens_match(token, csrf_token(request)):
        raise PermissionDenied.of("permission_denied", "page_expired")


def act_and_redirect(
    request: Request, token: str, action: Callable[[], object], done: str, back: str
) -> RedirectResponse:
    """Check ``token``, run ``action``, then 303 to ``done``; a refusal 303s to ``back?error=…``."""
    check_csrf(request, token)
    try:
        action()
    except GovhallError as exc:
        if exc.status >= 500 or isinstance(exc, NotAuthenticated | PermissionDenied):
            raise
        return with_error(back, refusal_reason(exc))
    return RedirectResponse(done, status_code=303)


def refusal_reason(exc: GovhallError) -> str:
    """The Chinese reason a page shows for a refused action: the first field's message when the
    service named one (what to correct), else the error's own message."""
    return next(iter(exc.fields.values()), exc.message)


def with_error(back: str, message: str) -> RedirectResponse:
    """303 back to the hall page ``back`` with ``message`` in ``?error=`` (the page shows it)."""
    joiner = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{joiner}error={quote(message)}", status_code=303)


def back_to(target: str, *, done: str = "", error: str = "", anchor: str = "") -> RedirectResponse:
    """303 back to the back-office page ``target`` with the notice it shows (``?done=…`` after an
    action that worked, ``?error=…`` after one that was refused: :data:`Done`, :data:`Problem`),
    and ``#anchor`` where the page should open. One place writes the notice the pages read."""
    query = urlencode({k: v for k, v in (("done", done), ("error", error)) if v})
    location = f"{target}?{query}" if query else target
    return RedirectResponse(f"{location}#{anchor}" if anchor else location, status_code=303)


Csrf = Annotated[str, Form(max_length=128)]
"""The anti-forgery token every page form posts (checked by :func:`check_csrf`)."""
Done = Annotated[str, Query(max_length=200)]
"""The notice a page shows after a redirect from a successful action (``?done=…``)."""
Problem = Annotated[str, Query(max_length=300)]
"""The Chinese reason a page shows after a redirect from a refused action (``?error=…``)."""
DayQuery = Annotated[str, Query(max_length=10)]
"""A day typed into a filter (YYYY-MM-DD, read by :func:`govhall.localtime.parse_day`)."""


@dataclass(frozen=True)
class _FormPost:
    """What a hall page's form POST takes besides its own fields: the request, the visitor and the
    page's CSRF token, so that each handler names only its fields and its service call."""

    request: Request
    visitor: OptionalUser
    csrf: Csrf = ""

    @property
    def user(self) -> User:
        """The signed-in user (asked for in the handler, after the form's own fields are checked)."""
        return need_user(self.visitor)

    def act(self, action: Callable[[], object], done: str, back: str) -> RedirectResponse:
        return act_and_redirect(self.request, self.csrf, action, done, back)


FormPost = Annotated[_FormPost, Depends()]
Note = Annotated[str, Form(max_length=500)]
"""A free-text note or comment field of a form (备注, 评价意见, 处理说明)."""
