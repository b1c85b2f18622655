"""Real local HTTP servers: the app under test, and stand-ins for outside services (LLM and embedding
servers, webhooks, SMS gateways). One place starts them, so every test waits for a server the same way."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import uvicorn
from fastapi import FastAPI


def serve_app(app: FastAPI, *, start_seconds: float = 20) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free local port in a thread; yields its base URL once it listens.

    A server that has not started after ``start_seconds`` fails the test (it is a wait with a
    give-up, not a speed check); the server stops when the generator is closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_seconds
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def serve(app: FastAPI) -> Iterator[str]:
    """An OpenAI-compatible stand-in ``app`` on a free local port; yields its base URL (``…/v1``)."""
    for base in serve_app(app):
        yield f"{base}/v1"


class Recorder:
    """A real HTTP server on localhost that keeps every JSON body POSTed to it, with its headers, and
    answers ``status`` (a webhook or an SMS gateway as the outbound channels and alerts see one)."""

    def __init__(self, status: int = 200) -> None:
        self.received: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.status = status
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                recorder.received.append((dict(self.headers), json.loads(body)))
                self.send_response(recorder.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def bodies(self) -> list[dict[str, Any]]:
        """The JSON bodies received, oldest first."""
        return [body for _, body in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def recording(status: int = 200) -> Iterator[Recorder]:
    """A :class:`Recorder` for the length of a fixture (``yield from recording()``)."""
    server = Recorder(status)
    try:
        yield server
    finally:
        server.close()
