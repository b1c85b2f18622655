"""Security headers on every response, and ``no-store`` on everything but static files.

The content security policy allows scripts from this site only: no inline ``<script>``, no inline
event handlers, no ``eval``. Pages keep their scripts in ``web/static`` and hand data to them in
``<script type="application/json">`` blocks, which browsers never execute. Inline *styles* stay
allowed: ECharts, HTMX and Swagger UI set them, and they cannot run code.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from govhall.api.asgi import HttpMiddleware

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Files that are the same for everyone may be cached; every other answer may hold personal data.
CACHEABLE_PREFIXES = ("/static/", "/api-docs-static/")
HSTS = "max-age=31536000"


class SecurityHeaders(HttpMiddleware):
    """Adds ``SECURITY_HEADERS`` (and HSTS over HTTPS) to every HTTP response."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        cacheable = str(scope.get("path", "")).startswith(CACHEABLE_PREFIXES)
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if not cacheable:
                    headers["Cache-Control"] = "no-store"
                if https:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)
