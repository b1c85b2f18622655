"""Fixtures: routing models trained once per run from the shipped data, and a ready Assistant."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from govhall.assistant import SHIPPED_INTENTS, Assistant, train_routing
from govhall.cases import make_calendar
from govhall.config import Settings
from govhall.text import fake_bank_card, fake_id_number


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder with active ``intent`` and ``service`` models (the baseline trains in seconds)."""
    root = tmp_path_factory.mktemp("models")
    train_routing(SHIPPED_INTENTS, root)
    return root


def assistant_settings(tmp_path: Path, url: str, models_dir: Path, **overrides: object) -> Settings:
    return Settings(  # type: ignore[arg-type]
        data_dir=tmp_path / "data", database_url=url, models_dir=models_dir, embedder="hash", **overrides
    )


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
