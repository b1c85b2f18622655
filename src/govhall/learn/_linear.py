"""The calibrated linear model the TF-IDF and hashing classifiers share; they differ only in features.

Both fit one linear SVM on all the training rows and calibrate its scores with a sigmoid on
cross-validated predictions (``ensemble=False``: one weight matrix instead of one per fold, three
times smaller on disk at the same accuracy), so ``predict_proba`` is a calibrated score either way.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from govhall.errors import BadInput
from govhall.learn._base import ProgressFn, argmax_labels
from govhall.learn.data import Dataset


class LinearConfig(Protocol):
    """The fields of a config that the shared linear model reads."""

    c: float
    class_weight: str | None
    calibration_folds: int
    seed: int


C = TypeVar("C", bound=LinearConfig)


class CalibratedLinear(Generic[C]):
    """``fit`` / ``predict_proba`` / ``predict`` over the sparse features a subclass computes."""

    config: C
    labels: list[str]
    history: list[dict[str, float]]
    _model: Any
    chunk = 2048
    """Rows transformed and scored at once: bounds memory on a million-post import."""

    def _fit_transform(self, texts: Sequence[str]) -> Any:
        """Learn the feature weighting on ``texts`` and return their sparse rows."""
        raise NotImplementedError

    def _transform(self, texts: Sequence[str]) -> Any:
        raise NotImplementedError

    def fit(self, train: Dataset, dev: Dataset | None = None, *, progress: ProgressFn | None = None) -> None:
        started = time.perf_counter()
        self.labels = sorted(set(train.labels))
        if len(self.labels) < 2:
            raise BadInput.of("one_label")
        if progress:
            progress("提取特征", 0, 2)
        features = self._fit_transform(train.texts)
        if progress:
            progress("训练线性模型", 1, 2)
        smallest = min(train.label_counts().values())
        folds = max(2, min(self.config.calibration_folds, smallest))
        svm = LinearSVC(C=self.config.c, class_weight=self.config.class_weight, random_state=self.config.seed)
        self._model = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
        self._model.fit(features, train.labels)
        if progress:
            progress("训练线性模型", 2, 2)
        from govhall.learn.report import dev_scores

        seconds = time.perf_counter() - started
        self.history = [{"epoch": 1.0, "seconds": seconds, **dev_scores(dev, self.predict, self.labels)}]

    def predict_proba(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        if self._model is None:
            raise RuntimeError("model is not fitted")
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        order = [self.labels.index(str(c)) for c in self._model.classes_]
        for start in range(0, len(texts), self.chunk):
            part = list(texts[start : start + self.chunk])
            out[start : start + len(part)][:, order] = self._model.predict_proba(self._transform(part))
            if progress:
                progress("预测", min(start + self.chunk, len(texts)), len(texts))
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return argmax_labels(self.labels, self.predict_proba(texts))
