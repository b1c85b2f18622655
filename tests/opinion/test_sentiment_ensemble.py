"""The TF-IDF + embedding ensemble: trains, saves, loads and predicts like any other model kind."""

from __future__ import annotations

from pathlib import Path

from govhall.learn import Dataset
from govhall.learn._base import load_model
from govhall.learn.ensemble import EnsembleClassifier

TEXTS = ["服务很好，谢谢", "态度太差了", "请问怎么办理", "效率很高，点赞", "拖了三个月没人管", "需要带什么材料"] * 4
LABELS = ["positive", "negative", "neutral", "positive", "negative", "neutral"] * 4


def test_ensemble_round_trips_and_averages_its_members(tmp_path: Path) -> None:
    model = EnsembleClassifier(embedder="hash")
    model.fit(Dataset(TEXTS, LABELS))
    model.save(tmp_path)
    loaded = load_model(tmp_path)
    proba = loaded.predict_proba(["服务很好，谢谢", "态度太差了"])
    assert proba.shape == (2, 3)
    assert abs(float(proba.sum(axis=1)[0]) - 1.0) < 1e-6
    assert loaded.predict(["服务很好，谢谢"]) == model.predict(["服务很好，谢谢"])
