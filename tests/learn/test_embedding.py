"""Embedding + linear head over the embedders of ``govhall.embeddings`` (the hash one: no model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from govhall.learn import ModelRegistry, TrainSpec, load_model, train_model


def test_embedding_head_trains_saves_and_reloads(tmp_path: Path, reviews: Path) -> None:
    registry = ModelRegistry(tmp_path / "models")
    card = train_model(TrainSpec(data=reviews, task="sentiment", kind="embedding", embedder="hash", name="e"), registry)
    assert card["kind"] == "embedding" and card["params"]["embedder_id"] == "hash-256"
    assert card["metrics"]["test"]["accuracy"] >= 0.75
    model = load_model(Path(card["path"]))
    texts = ["服务很好，酒店也不错", "快递太脏了，态度冷漠"]
    proba = model.predict_proba(texts)
    assert proba.shape == (2, 2) and np.allclose(proba.sum(axis=1), 1.0)
    assert model.predict(texts) == ["pos", "neg"]
