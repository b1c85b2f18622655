"""Opinion fixtures: a tiny sentiment model trained here on a slice of real data, and real posts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from govhall.config import get_settings
from govhall.learn import Dataset, ModelRegistry, TfidfClassifier
from govhall.learn.data import load_dataset
from tests.support.feeds import allow_private

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
HOTSPOT = SHARED / "gov_messages_teddycup" / "messages_hotspot_full.jsonl"


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder whose active sentiment model is a TF-IDF baseline on 600 ChnSentiCorp reviews."""
    source = SHARED / "senti_chnsenticorp" / "train.jsonl"
    if not source.is_file():
        pytest.skip(f"{source} is absent: opinion tests need ../shared/data beside the checkout")
    data, _ = load_dataset(source)
    model = TfidfClassifier()
    model.fit(Dataset(data.texts[:600], data.labels[:600]))
    root = tmp_path_factory.mktemp("models")
    model.save(root / "senti-tiny")
    ModelRegistry(root).activate("sentiment", "senti-tiny")
    return root


@pytest.fixture(scope="session")
def hotspot_rows() -> list[dict[str, str]]:
    if not HOTSPOT.is_file():
        pytest.skip(f"{HOTSPOT} is absent: opinion tests need ../shared/data beside the checkout")
    rows = []
    with HOTSPOT.open(encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if len(rows) >= 300:
                break
    return rows


@pytest.fixture
def hotspot_file(tmp_path: Path, hotspot_rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "hotspot.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in hotspot_rows), encoding="utf-8")
    return path


@pytest.fixture
def local_servers_allowed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Collectors may reach 127.0.0.1, as an operator allows for an intranet source: the collector
    tests' stand-in feeds listen there (a module asks for it with ``pytestmark``)."""
    allow_private(monkeypatch, True)
    yield
    get_settings.cache_clear()
