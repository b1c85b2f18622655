"""Shared fixtures: a fresh database per test (SQLite always, PostgreSQL where its binaries exist),
the real app over it, and a factory for users with login tokens."""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from govhall import accounts, catalog, policies
from govhall.accounts import NewUser, Role, User
from govhall.cases import WorkCalendar, make_calendar
from govhall.config import Settings
from govhall.db import make_engine, make_session_factory, transaction, upgrade
from govhall.web import create_app
from tests.support import pgcluster

PASSWORD = "correct-horse-9"


@pytest.fixture(scope="session")
def pg() -> Iterator[pgcluster.Cluster | None]:
    """One throwaway PostgreSQL 15 cluster for the whole run (None where the binaries are absent)."""
    if not pgcluster.available():
        yield None
        return
    with pgcluster.running_cluster() as cluster:
        yield cluster


def _url_for(backend: str, tmp_path: Path, pg: pgcluster.Cluster | None) -> str:
    if backend == "sqlite":
        return f"sqlite:///{(tmp_path / 'govhall.db').as_posix()}"
    if pg is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl, postgres) not found: PostgreSQL tests skipped")
    return pg.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, pg: pgcluster.Cluster | None) -> str:
    """A fresh, migrated database with the built-in catalogue, on each backend in turn."""
    url = _url_for(request.param, tmp_path, pg)
    _prepare(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = _url_for("sqlite", tmp_path, None)
    _prepare(url)
    return url


def _prepare(url: str) -> None:
    """What ``govhall db upgrade`` leaves: the schema, the built-in catalogue and policy library.

    SQLite databases are copies of one template built per test process (a copy takes milliseconds,
    loading the library a third of a second); PostgreSQL ones are loaded for real."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(_sqlite_template()) as source, sqlite3.connect(url.removeprefix("sqlite:///")) as target:
            source.backup(target)
        return
    _load(url)


def _load(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        with transaction(db):
            catalog.sync_builtin(db)
        policies.ensure_builtin(db)
    engine.dispose()


@functools.cache
def _sqlite_template() -> str:
    path = Path(tempfile.mkdtemp(prefix="govhall-template-")) / "template.db"
    _load(f"sqlite:///{path.as_posix()}")
    return str(path)


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    session = make_session_factory(engine)()
    yield session
    session.close()
    engine.dispose()


@pytest.fixture
def calendar() -> WorkCalendar:
    return make_calendar()


UserFactory = Callable[..., User]


@pytest.fixture
def make_user(db: Session) -> UserFactory:
    counter = iter(range(1, 10_000))

    def factory(role: Role = Role.CITIZEN, department: str | None = None, name: str = "测试用户") -> User:
        with transaction(db):
            return accounts.create_user(
                db,
                NewUser(f"{role.value}{next(counter)}", PASSWORD, name, role=role, department=department),
            )

    return factory


def make_settings(tmp_path: Path, url: str, **overrides: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=url, **overrides)  # type: ignore[arg-type]


@pytest.fixture
def app(tmp_path: Path, sqlite_url: str) -> FastAPI:
    return create_app(make_settings(tmp_path, sqlite_url))


class ApiClient:
    """A real HTTP client over the real app, with helpers to log users in."""

    def __init__(self, app: FastAPI) -> None:
        self.http = TestClient(app, raise_server_exceptions=False)
        self._n = 0

    def user(self, role: Role = Role.CITIZEN, department: str | None = None) -> dict[str, str]:
        """Create a user through the admin path and return Authorization headers for it."""
        self._n += 1
        factory = self.http.app.state.session_factory  # type: ignore[attr-defined]
        username = f"{role.value}{self._n}"
        with factory() as db, transaction(db):
            accounts.create_user(db, NewUser(username, PASSWORD, f"用户{self._n}", role=role, department=department))
        response = self.http.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
def client(app: FastAPI) -> ApiClient:
    return ApiClient(app)
