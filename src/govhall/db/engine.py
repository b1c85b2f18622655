"""Engines and sessions: SQLite in WAL mode by default, PostgreSQL by URL.

SQLite write transactions start with ``BEGIN IMMEDIATE`` so that concurrent request threads queue
on the busy timeout instead of failing with "database is locked" when a reader upgrades to a writer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from govhall.errors import NotInitialised


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the pragmas and pool settings govhall relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private(Path(parsed.database))
            # One connection per process: every transaction is BEGIN IMMEDIATE anyway, and queueing on
            # the pool wakes the next request at once, where SQLite's busy handler sleeps and retries.
            kwargs = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 60, **kwargs}
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _create_private(path: Path) -> None:
    """Create a new SQLite file (and missing folders) readable by this account only.

    The database holds password hashes and personal data; SQLite gives the -wal and -shm files the
    database file's mode, so creating it 0600 covers them too. Existing files are left as they are.
    """
    for folder in reversed(path.parents):  # mkdir(parents=True) would give the ancestors the umask's mode
        if not folder.exists():
            folder.mkdir(mode=0o700, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL mode
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (services return them to adapters)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session for one command or request, closed at the end whatever happens."""
    session = factory()
    try:
        yield session
    finally:
        session.close()


def require_schema(engine: Engine) -> None:
    """Raise ``NotInitialised`` unless migrations have run on this database."""
    if not inspect(engine).has_table("alembic_version"):
        raise NotInitialised()


@contextmanager
def transaction(db: Session) -> Iterator[Session]:
    """One use case's writes: committed together on success, rolled back whole on any error.

    Works whether or not the session already began (reads autobegin), so a service can read,
    decide and write inside one transaction and nothing half-written ever stays behind.
    """
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
