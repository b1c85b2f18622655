"""The hashing model: the same protocol as the baseline, trainable and activatable by kind, and fast."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from govhall.cli.main import app
from govhall.config import get_settings
from govhall.errors import BadInput
from govhall.learn import Dataset, HashingClassifier, ModelRegistry, TfidfClassifier, load_model
from govhall.learn.data import load_dataset
from tests.learn.conftest import review_rows


def _data(n: int, seed: int = 7) -> Dataset:
    rows = review_rows(n, seed)
    return Dataset([r["text"] for r in rows], [r["label"] for r in rows])


def test_train_model_hashing_and_activate_through_the_cli(tmp_path: Path, reviews: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GOVHALL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVHALL_MODELS_DIR", raising=False)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        trained = runner.invoke(
            app, ["train", "--data", str(reviews), "--task", "sentiment", "--model", "hashing", "--name", "h", "--json"]
        )
        assert trained.exit_code == 0, trained.output
        card = json.loads(trained.stdout)
        assert card["kind"] == "hashing" and card["metrics"]["test"]["accuracy"] >= 0.8
        activated = runner.invoke(app, ["models", "activate", "sentiment", "h"])
        assert activated.exit_code == 0, activated.output
        registry = ModelRegistry(get_settings().resolved_models_dir)
        assert isinstance(registry.load_active("sentiment"), HashingClassifier)
    finally:
        get_settings.cache_clear()


def test_hashing_is_close_to_the_baseline_on_chnsenticorp(chnsenticorp: Path) -> None:
    """3,000 training reviews; the full comparison, speed included, is in docs/benchmarks.md
    (speed belongs in benchmarks, not in tests that a busy machine can fail)."""
    train, _ = load_dataset(chnsenticorp / "train.jsonl")
    test, _ = load_dataset(chnsenticorp / "test.jsonl", dedup=False)
    small = Dataset(train.texts[:3000], train.labels[:3000])
    results = {}
    for model in (HashingClassifier(), TfidfClassifier()):
        model.fit(small)
        predicted = model.predict(test.texts)
        results[model.kind] = float(np.mean(np.array(predicted) == np.array(test.labels)))
    assert results["hashing"] >= 0.85, results
    assert results["hashing"] >= results["tfidf"] - 0.03, results


def test_a_model_hashed_with_another_function_is_refused_with_a_reason(tmp_path: Path) -> None:
    model = HashingClassifier()
    model.fit(_data(60))
    model.save(tmp_path / "m")
    card = tmp_path / "m" / "govhall-model.json"
    meta = json.loads(card.read_text(encoding="utf-8"))
    del meta["params"]["hasher"]  # what a model from before the numpy hasher carries
    card.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_model(tmp_path / "m")
    assert caught.value.code == "model_outdated" and "重新训练" in caught.value.message
