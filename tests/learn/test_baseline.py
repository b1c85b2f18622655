"""The TF-IDF baseline: protocol, persistence, calibrated probabilities, and a floor on real data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from govhall.learn import Dataset, ModelRegistry, TfidfClassifier, TrainSpec, load_model, train_model
from govhall.learn.data import load_dataset
from tests.learn.conftest import review_rows


def _data(n: int, seed: int = 7) -> Dataset:
    rows = review_rows(n, seed)
    return Dataset([r["text"] for r in rows], [r["label"] for r in rows])


def test_train_is_reproducible_with_a_seed(tmp_path: Path, reviews: Path) -> None:
    registry = ModelRegistry(tmp_path / "models")
    first = train_model(TrainSpec(data=reviews, task="sentiment", name="a", seed=5), registry)
    second = train_model(TrainSpec(data=reviews, task="sentiment", name="b", seed=5), registry)
    assert first["data"] == second["data"]
    assert first["metrics"]["test"]["confusion"] == second["metrics"]["test"]["confusion"]
    texts = [r["text"] for r in review_rows(30, seed=3)]
    np.testing.assert_allclose(
        load_model(Path(first["path"])).predict_proba(texts), load_model(Path(second["path"])).predict_proba(texts)
    )
    report = first["metrics"]["test"]
    assert set(report) >= {"accuracy", "macro", "weighted", "per_class", "confusion", "labels", "texts_per_s"}
    assert set(report["per_class"]["pos"]) == {"precision", "recall", "f1", "support"}
    assert (Path(first["path"]) / "confusion_matrix.png").read_bytes()[:4] == b"\x89PNG"
    card = json.loads((Path(first["path"]) / "model_card.json").read_text(encoding="utf-8"))
    assert card["data"]["train"]["sha256"] and card["train_seconds"] >= 0 and card["size_bytes"] > 0
    assert "scikit-learn" in card["versions"]


def test_baseline_on_chnsenticorp_clears_a_loose_floor(tmp_path: Path, chnsenticorp: Path) -> None:
    """Trained on 3,000 training reviews for speed; the full run is in benchmarks/bench_learn.py."""
    train, _ = load_dataset(chnsenticorp / "train.jsonl")
    test, _ = load_dataset(chnsenticorp / "test.jsonl", dedup=False)
    model = TfidfClassifier()
    model.fit(Dataset(train.texts[:3000], train.labels[:3000]))
    accuracy = float(np.mean(np.array(model.predict(test.texts)) == np.array(test.labels)))
    assert len(test) == 1200
    assert accuracy >= 0.85, accuracy
