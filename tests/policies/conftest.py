"""Fixtures for the policy library: settings on the hash embedder, a library loaded once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.db import make_engine, make_session_factory
from govhall.policies import ensure_builtin
from tests.conftest import _prepare


def policy_settings(tmp_path: Path, url: str, **overrides: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=url, embedder="hash", **overrides)  # type: ignore[arg-type]


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
