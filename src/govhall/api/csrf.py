"""Cross-site request forgery defence for everything that a browser's cookies could authorise.

Two checks, both on unsafe methods (POST, PUT, PATCH, DELETE) of requests without a bearer token
(a browser never attaches one by itself, so bearer requests cannot be forged):

* **Origin**: when the browser says where the request comes from (``Origin``, else ``Referer``), it
  must be this site. Browsers send ``Origin`` on every cross-origin POST, so a foreign page cannot
  log a visitor in (login CSRF) or post a form here, whatever cookies it rides on.
* **Token**: an ``/api`` write carrying the session cookie must also send ``X-CSRF-Token``, the same
  session-bound HMAC that page forms carry in their hidden ``csrf`` field (``csrf_token``). Pages
  put it in ``<meta name="csrf-token">`` and ``static/csrf.js`` adds it to same-origin fetches and
  HTMX requests. Page form posts check the form field in their handlers.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from fastapi import Request
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from govhall.api.asgi import HttpMiddleware
from govhall.api.deps import SESSION_COOKIE, request_token
from govhall.api.errors import error_json
from govhall.errors import PermissionDenied

CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def make_csrf_token(secret_key: str, session: str) -> str:
    """The anti-forgery token of one session (an empty session for visitors who are not logged in)."""
    return hmac.new(secret_key.encode("utf-8"), session.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token pages embed for the browser that made ``request``."""
    return make_csrf_token(request.app.state.secret_key, request_token(request) or "")


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _own_origin(scope: Scope, headers: Headers) -> str:
    host = headers.get("host")
    if host is None:
        server = scope.get("server") or ("", None)
        host = f"{server[0]}:{server[1]}" if server[1] else str(server[0])
    return f"{scope.get('scheme', 'http')}://{host}".lower()


class CsrfGuard(HttpMiddleware):
    """Refuses forged cookie-authorised writes with 403 and the standard error shape."""

    def __init__(self, app: ASGIApp, secret_key: str) -> None:
        super().__init__(app)
        self.secret_key = secret_key

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if headers.get("authorization", "").lower().startswith("bearer "):
            await self.app(scope, receive, send)
            return
        problem = self._problem(scope, headers)
        if problem:
            await error_json(problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _problem(self, scope: Scope, headers: Headers) -> PermissionDenied | None:
        claimed = headers.get("origin") or (_origin_of(headers["referer"]) if "referer" in headers else None)
        if claimed is not None and claimed.lower() != _own_origin(scope, headers):
            return PermissionDenied.of("csrf_failed", "other_origin")
        if not str(scope.get("path", "")).startswith("/api/"):
            return None  # pages check the token of their form themselves
        session = _cookie(headers, SESSION_COOKIE)
        if session is None:
            return None  # no cookie: nothing of the visitor's for a forged request to use
        expected = make_csrf_token(self.secret_key, session)
        if not tokens_match(headers.get(CSRF_HEADER, ""), expected):
            return PermissionDenied.of("csrf_failed", "bad_token")
        return None


def _cookie(headers: Headers, name: str) -> str | None:
    return cookie_parser(headers.get("cookie", "")).get(name)


def tokens_match(given: str, expected: str) -> bool:
    """Constant-time comparison that also accepts non-ASCII input (``compare_digest`` on two ``str``
    raises for it) and simply finds it different."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8"))
