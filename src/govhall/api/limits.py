"""A request-size limit enforced before any route reads the body (declared or streamed)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from govhall.api.asgi import HttpMiddleware
from govhall.errors import InputTooLarge


class BodyTooLarge(Exception):
    pass


class BodySizeLimit(HttpMiddleware):
    """Rejects bodies over ``limit`` bytes with 413 and the standard error shape."""

    def __init__(
        self, app: ASGIApp, limit: int, upload_limit: int | None = None, upload_paths: Sequence[str] = ()
    ) -> None:
        super().__init__(app)
        self.limit = limit
        # file uploads need a larger body; only on the routes named here, each file checked again there
        self.upload_limit = upload_limit or limit
        self.upload_paths = [re.compile(p) for p in upload_paths]

    def _limit_for(self, scope: Scope) -> int:
        path = scope.get("path", "")
        if scope.get("method") == "POST" and any(p.match(path) for p in self.upload_paths):
            return self.upload_limit
        return self.limit

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self._limit_for(scope)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._reject(send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._reject(send, limit)

    async def _reject(self, send: Send, limit: int) -> None:
        body = json.dumps(InputTooLarge(limit).to_dict(), ensure_ascii=False).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
