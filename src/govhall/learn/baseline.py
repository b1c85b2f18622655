"""The fast baseline: character n-grams + word TF-IDF, a linear model, calibrated probabilities.

Trains in seconds on a CPU and is the model every other one must beat. Characters carry most of
the signal in Chinese (no spaces, many single-character words: 好, 差); words (segmented with the
project's domain dictionary) add negation and compound terms (不错, 性价比). A linear SVM is the
strongest linear model on such features; it has no probabilities, so it is wrapped in
``CalibratedClassifierCV`` (Platt scaling on held-out folds). The distilled student, which learns
from a teacher's soft labels, is a multinomial logistic regression instead: its loss is the
cross-entropy those soft labels call for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from govhall.learn._base import ProgressFn, read_meta, saved_config, write_meta
from govhall.learn._linear import CalibratedLinear
from govhall.text import normalize, tokenize

__all__ = ["TfidfClassifier", "TfidfConfig"]

_FILE = "tfidf.joblib"


def _words(text: str) -> list[str]:
    """Word tokens for the word vectoriser (module level so that the fitted model pickles)."""
    return tokenize(text)


@dataclass
class TfidfConfig:
    """Parameters of the baseline; every field is recorded in the model card."""

    char_ngram_min: int = 1
    char_ngram_max: int = 3
    word_ngram_max: int = 2
    max_features: int = 100_000
    min_df: int = 0
    """0: 1 below 5,000 training texts, else 2 (a feature seen once rarely generalises, and the
    vocabulary would dominate the model's size)."""
    c: float = 0.5
    class_weight: str | None = None
    """None, or "balanced" (weights inverse to class frequency, for small classes such as out-of-scope)."""
    calibration_folds: int = 3
    seed: int = 42


class TfidfClassifier(CalibratedLinear[TfidfConfig]):
    """Char n-gram + word TF-IDF features and a calibrated linear SVM (see the module docstring)."""

    kind = "tfidf"

    def __init__(self, config: TfidfConfig | None = None) -> None:
        self.config = config or TfidfConfig()
        self.labels: list[str] = []
        self.history: list[dict[str, float]] = []
        self._features: FeatureUnion | None = None
        self._model: Any = None
        self.distilled_from: str | None = None

    def _make_features(self, n_texts: int) -> FeatureUnion:
        c = self.config
        min_df = c.min_df or (1 if n_texts < 5000 else 2)
        char = TfidfVectorizer(
            analyzer="char",
            preprocessor=normalize,
            ngram_range=(c.char_ngram_min, c.char_ngram_max),
            sublinear_tf=True,
            min_df=min_df,
            max_features=c.max_features,
            dtype=np.float32,
        )
        word = TfidfVectorizer(
            tokenizer=_words,
            token_pattern=None,
            lowercase=False,
            ngram_range=(1, c.word_ngram_max),
            sublinear_tf=True,
            min_df=min_df,
            max_features=c.max_features,
            dtype=np.float32,
        )
        return FeatureUnion([("char", char), ("word", word)])

    def _fit_transform(self, texts: Sequence[str]) -> Any:
        self._features = self._make_features(len(texts))
        return self._features.fit_transform(list(texts))

    def _transform(self, texts: Sequence[str]) -> Any:
        if self._features is None:
            raise RuntimeError("model is not fitted")
        return self._features.transform(list(texts))

    def fit_soft(
        self, texts: Sequence[str], labels: Sequence[str], soft: np.ndarray, *, progress: ProgressFn | None = None
    ) -> None:
        """Learn from a teacher's class probabilities ``soft`` (rows sum to 1, columns = ``labels``).

        Each text becomes one row per class weighted by the teacher's probability: logistic
        regression on those rows minimises the cross-entropy to the soft targets.
        """
        self.labels = list(labels)
        if progress:
            progress("提取特征", 0, 2)
        self._features = self._make_features(len(texts))
        features = self._features.fit_transform(list(texts))
        n, k = soft.shape
        rows = np.repeat(np.arange(n), k)
        targets = np.tile(np.array(self.labels, dtype=object), n)
        weights = soft.reshape(-1).astype(np.float64)
        keep = weights > 1e-4
        if progress:
            progress("训练学生模型", 1, 2)
        self._model = LogisticRegression(C=self.config.c * 20, max_iter=2000, random_state=self.config.seed)
        self._model.fit(features[rows[keep]], targets[keep], sample_weight=weights[keep])
        if progress:
            progress("训练学生模型", 2, 2)

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = asdict(self.config)
        params["model"] = "LinearSVC + sigmoid calibration" if self.distilled_from is None else "LogisticRegression"
        if self.distilled_from:
            params["distilled_from"] = self.distilled_from
        return params

    def save(self, path: Path) -> None:
        write_meta(path, self.kind, self.labels, self.params())
        joblib.dump({"features": self._features, "model": self._model, "history": self.history}, path / _FILE)

    @classmethod
    def load(cls, path: Path) -> TfidfClassifier:
        meta = read_meta(path)
        model = cls(saved_config(meta, TfidfConfig))
        model.labels = list(meta["labels"])
        model.distilled_from = meta.get("params", {}).get("distilled_from")
        # joblib unpickles: load only model folders you trust (your own models directory).
        saved = joblib.load(path / _FILE)
        model._features, model._model, model.history = saved["features"], saved["model"], saved["history"]
        return model
