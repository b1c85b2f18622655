"""The high-volume sentiment model: hashed character n-grams, a linear model, calibrated probabilities.

The TF-IDF baseline (:mod:`govhall.learn.baseline`) spends most of its prediction time on jieba word
segmentation and vocabulary look-ups, about 1 ms a post; opinion monitoring scores every incoming
post, so that cost caps the whole pipeline. This model keeps only the part that carries most of the
signal in Chinese, character 1–3-grams, and hashes them into buckets (the n-gram hashes of a whole
batch computed at once in numpy by :mod:`govhall.text.ngrams`): no word segmentation, no vocabulary
to look up or store, and the same features whatever the training set. A sublinear TF-IDF weighting
(one float per hash bucket, learnt at fit time) and a linear SVM with sigmoid calibration follow, as
in the baseline, so ``predict_proba`` is a calibrated score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfTransformer

from govhall.errors import BadInput
from govhall.learn._base import read_meta, saved_config, write_meta
from govhall.learn._linear import CalibratedLinear
from govhall.text import normalize
from govhall.text.ngrams import char_ngram_hashes

__all__ = ["HashingClassifier", "HashingConfig"]

_FILE = "hashing.joblib"
HASHER = "ngrams-v1"
"""The n-gram hash function features are computed with; a model trained with another cannot be used."""
_SPACES = re.compile(r"\s+")


@dataclass
class HashingConfig:
    """Parameters of the hashing model; every field is recorded in the model card."""

    ngram_min: int = 1
    ngram_max: int = 3
    n_features_log2: int = 20
    """2**20 buckets: collisions among a few hundred thousand distinct n-grams stay rare, and the
    weights (one float per bucket and class) stay a few MB."""
    idf: bool = True
    c: float = 0.5
    class_weight: str | None = None
    calibration_folds: int = 3
    seed: int = 42
    hasher: str = HASHER


class HashingClassifier(CalibratedLinear[HashingConfig]):
    """Hashed char n-grams + sublinear TF-IDF + calibrated linear SVM (see the module docstring)."""

    kind = "hashing"
    chunk = 4096

    def __init__(self, config: HashingConfig | None = None) -> None:
        self.config = config or HashingConfig()
        self.labels: list[str] = []
        self.history: list[dict[str, float]] = []
        self._idf: TfidfTransformer | None = None
        self._model: Any = None

    def _counts(self, texts: Sequence[str]) -> Any:
        """n-gram counts per hash bucket, one sparse row per text (normalised, lower-cased)."""
        c = self.config
        prepared = [_SPACES.sub(" ", normalize(text).lower()) for text in texts]
        grams = char_ngram_hashes(prepared, range(c.ngram_min, c.ngram_max + 1))
        buckets = (grams.hashes & np.uint64(2**c.n_features_log2 - 1)).astype(np.int64)
        ones = np.ones(buckets.size, dtype=np.float32)
        counts = csr_matrix((ones, (grams.owners, buckets)), shape=(len(prepared), 2**c.n_features_log2))
        counts.sum_duplicates()
        return counts

    def _transform(self, texts: Sequence[str]) -> Any:
        return self._weigh(self._counts(texts))

    def _fit_transform(self, texts: Sequence[str]) -> Any:
        counts = self._counts(texts)
        self._idf = TfidfTransformer(sublinear_tf=True).fit(counts) if self.config.idf else None
        return self._weigh(counts)

    def _weigh(self, counts: Any) -> Any:
        """Sublinear TF-IDF of the counts, or the counts L2-normalised when the model has no IDF."""
        if self._idf is not None:
            return self._idf.transform(counts)
        norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        return csr_matrix(counts.multiply(1.0 / norms[:, None]))

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = asdict(self.config)
        params["model"] = "hashed char n-grams + LinearSVC + sigmoid calibration"
        return params

    def save(self, path: Path) -> None:
        write_meta(path, self.kind, self.labels, self.params())
        joblib.dump({"idf": self._idf, "model": self._model, "history": self.history}, path / _FILE)

    @classmethod
    def load(cls, path: Path) -> HashingClassifier:
        meta = read_meta(path)
        trained_with = meta.get("params", {}).get("hasher")
        if trained_with != HASHER:
            raise BadInput.of("model_outdated", path=path, trained_with=trained_with or "旧版", hasher=HASHER)
        model = cls(saved_config(meta, HashingConfig))
        model.labels = list(meta["labels"])
        # joblib unpickles: load only model folders you trust (your own models directory).
        saved = joblib.load(path / _FILE)
        model._idf, model._model, model.history = saved["idf"], saved["model"], saved["history"]
        return model
