"""One message's class probabilities from a calibrated linear TF-IDF model, without sklearn's per-call
overhead.

A turn asks three models (dialogue act, intent, item) about one short text. Through the pipeline's
``predict_proba`` each call spends most of its time in input validation, a joblib round for the
feature union and one calibrator call per class; the arithmetic is a sparse dot product and a
sigmoid. :class:`FastLinear` does that arithmetic with the model's own fitted parts and gives the
same numbers (checked in ``tests/assistant/test_fast.py``); a model of any other shape keeps its
own ``predict_proba``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

__all__ = ["FastLinear", "fast_proba"]


class FastLinear:
    """Vectorisers, weights and sigmoid calibrators of a fitted ``TfidfClassifier``."""

    def __init__(self, vectorizers: list[Any], coef: Any, intercept: Any, a: Any, b: Any, order: list[int]) -> None:
        self.vectorizers = vectorizers
        self.coef_t = coef.T.astype(np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.a = np.asarray(a, dtype=np.float64)
        self.b = np.asarray(b, dtype=np.float64)
        self.order = order

    @classmethod
    def wrap(cls, model: Any) -> FastLinear | None:
        """The fast form of ``model``, or None when it is not a one-SVM sigmoid-calibrated TF-IDF model."""
        try:
            features, calibrated = model._features, model._model
            if len(calibrated.calibrated_classifiers_) != 1 or len(calibrated.classes_) < 3:
                return None
            inner = calibrated.calibrated_classifiers_[0]
            if any(type(c).__name__ != "_SigmoidCalibration" for c in inner.calibrators):
                return None
            vectorizers = [step for _name, step in features.transformer_list]
            order = [list(model.labels).index(str(c)) for c in calibrated.classes_]
            return cls(
                vectorizers,
                inner.estimator.coef_,
                inner.estimator.intercept_,
                [c.a_ for c in inner.calibrators],
                [c.b_ for c in inner.calibrators],
                order,
            )
        except (AttributeError, TypeError, ValueError):
            return None

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        features = sp.hstack([v.transform(list(texts)) for v in self.vectorizers]).tocsr()
        decision = features @ self.coef_t + self.intercept
        probs: np.ndarray = np.asarray(1.0 / (1.0 + np.exp(self.a * decision + self.b)), dtype=np.float64)
        totals = probs.sum(axis=1, keepdims=True)
        n = probs.shape[1]
        # sklearn's rule for multi-class sigmoid calibration: normalise, uniform where all are zero
        probs = np.divide(probs, totals, out=np.full_like(probs, 1.0 / n), where=totals != 0)
        out: np.ndarray = np.zeros_like(probs)
        out[:, self.order] = probs
        return out


def fast_proba(model: Any, fast: FastLinear | None, texts: Sequence[str]) -> np.ndarray:
    """``fast.predict_proba`` when there is a fast form, else the model's own."""
    return fast.predict_proba(texts) if fast is not None else np.asarray(model.predict_proba(list(texts)))
