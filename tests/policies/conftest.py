"""Fixtures for the policy library: settings on the hash embedder, a library loaded once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.db import make_engine, make_session_factory
from govhall.policies import ensure_builtin
from tests.conftest import _prepare, make_settings


def policy_settings(tmp_path: Path, url: str, **overrides: object) -> Settings:
    """The tests' one settings factory with the hash embedder (fast, no model download) unless overridden."""
    return make_settings(tmp_path, url, **{"embedder": "hash", **overrides})


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Settings]]:
    """A SQLite database with the shipped library loaded, shared (read-only) by a module's tests."""
    root = tmp_path_factory.mktemp("library")
    url = f"sqlite:///{(root / 'govhall.db').as_posix()}"
    _prepare(url)
    engine = make_engine(url)
    db = make_session_factory(engine)()
    ensure_builtin(db)
    yield db, policy_settings(root, url)
    db.close()
    engine.dispose()
