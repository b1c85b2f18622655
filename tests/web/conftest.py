"""A real server over a demo database, and the Chromium settings every browser test uses."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from govhall.cases import make_calendar
from govhall.demo import build_demo
from govhall.web import create_app
from tests.conftest import make_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (make test installs it)"),
]
"""The ``pytestmark`` of every browser test module."""


def serve_demo(tmp_path: Path, *, with_models: bool = False) -> Iterator[str]:
    """A real server over a fresh demo database in ``tmp_path``; yields its base URL.

    ``with_models`` also builds the demo's models (sentiment, routing), which only some pages need
    and which make the start slower."""
    url = f"sqlite:///{(tmp_path / 'demo.db').as_posix()}"
    settings = make_settings(tmp_path, url)
    build_demo(url, make_calendar(), models_dir=settings.resolved_models_dir if with_models else None)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    yield from serve_demo(tmp_path)
