"""Rendering a page: the one way every route turns a template and its context into HTML.

Kept apart from the route modules so that any of them can import it (``routes`` imports
``hall_routes``, so neither could hold it for the other).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from govhall.accounts import User
from govhall.api.csrf import csrf_token


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """``template`` (under ``web/templates``) rendered with ``context``, answered with ``status``."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status
    )
    return response


def page_context(request: Request, user: User | None, **extra: Any) -> dict[str, Any]:
    """What every page's template reads: the signed-in user (or None) and this session's CSRF token
    for its forms, with the page's own values."""
    return {"user": user, "csrf": csrf_token(request), **extra}
