"""The one shape of govhall's ASGI middleware: HTTP requests are looked at, everything else passes.

The security headers, the body-size limit, the anti-forgery check and the input guard each act on
HTTP requests only; lifespan events (and anything else) go straight to the wrapped app.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """Calls :meth:`handle` for HTTP requests and hands every other scope to the wrapped app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
