"""A real server over a demo database, and the Chromium settings every browser test uses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govhall.cases import make_calendar
from govhall.demo import build_demo
from govhall.web import create_app
from tests.conftest import make_settings
from tests.support.servers import serve_app

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
    yield from serve_app(create_app(settings))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    yield from serve_demo(tmp_path)
