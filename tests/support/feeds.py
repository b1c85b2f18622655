"""A real local HTTP server standing in for a feed or a JSON API, and the few helpers the collector
tests share: the operator's switch that lets collectors reach 127.0.0.1, an RSS document, a feed that
answers conditional GETs, and the posts a source stored."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.config import get_settings
from govhall.opinion.models import OpinionPost

Reply = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, list[str]], dict[str, str]], Reply]


class Site:
    """A real HTTP server on a free local port; ``routes`` map a path to a function of (query, headers)."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                site.requests.append((self.path, headers))
                route = site.routes.get(parts.path)
                status, extra, body = route(parse_qs(parts.query), headers) if route else (404, {}, b"not found")
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                site.posted.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.posted: list[Any] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a deliberately slow reply must not hold the test up
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]  # timed-out client
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if urlsplit(p).path == path)


def allow_private(monkeypatch: pytest.MonkeyPatch, allowed: bool) -> None:
    """Set ``GOVHALL_COLLECTOR_ALLOW_PRIVATE`` as an operator would (the test servers are on 127.0.0.1)."""
    monkeypatch.setenv("GOVHALL_COLLECTOR_ALLOW_PRIVATE", "true" if allowed else "false")
    get_settings.cache_clear()


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[Site]:
    site = Site(routes)
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()


def rss(items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 document; each item's keys are its elements (guid, title, description, pubDate …)."""
    body = "".join("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>市民来信</title>'
        f"<link>http://example.org/</link><description>测试</description>{body}</channel></rss>"
    ).encode()


def feed_route(document: Callable[[], bytes], etag: Callable[[], str]) -> Route:
    """A feed that answers 304 to a matching If-None-Match (conditional GET)."""

    def route(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == etag():
            return 304, {}, b""
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag()}, document()

    return route


def stored(db: Session, source: str) -> list[OpinionPost]:
    return list(db.scalars(select(OpinionPost).where(OpinionPost.source == source).order_by(OpinionPost.external_id)))
