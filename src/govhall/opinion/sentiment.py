"""Sentiment of posts with the sentiment model the registry marks active.

Models are trained on whatever labels their data has (``0``/``1`` in ChnSentiCorp, ``愤怒``/``中性`` in
the citizen messages); analysis needs one vocabulary, so labels map to ``negative`` / ``neutral`` /
``positive``. A label the map does not know is kept as it is rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from govhall.errors import ModelMissing
from govhall.learn import Classifier, ModelRegistry

__all__ = ["LABELS_ZH", "SentimentCache", "SentimentModel", "SentimentResult", "canonical_label", "load_sentiment"]

_NEGATIVE = {"0", "neg", "negative", "负面", "消极", "差评", "愤怒", "悲伤", "恐惧", "angry", "sad", "fear", "-1"}
_POSITIVE = {"1", "pos", "positive", "正面", "积极", "好评", "happy", "高兴"}
_NEUTRAL = {"neutral", "中性", "neural", "2"}
LABELS_ZH = {"negative": "负面", "neutral": "中性", "positive": "正面"}


def canonical_label(label: str) -> str:
    """``negative`` / ``neutral`` / ``positive`` for the labels data sets use, else the label itself."""
    key = label.strip().lower()
    if key in _NEGATIVE:
        return "negative"
    if key in _POSITIVE:
        return "positive"
    if key in _NEUTRAL:
        return "neutral"
    return label


@dataclass(frozen=True)
class SentimentResult:
    text: str
    label: str
    score: float

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "label": self.label, "score": round(self.score, 4)}


class SentimentModel:
    """A loaded classifier with canonical labels; ``predict`` takes a batch (it is much faster)."""

    def __init__(self, classifier: Classifier, name: str = "") -> None:
        self.classifier = classifier
        self.name = name
        self.labels = [canonical_label(label) for label in classifier.labels]

    def predict(self, texts: Sequence[str]) -> list[SentimentResult]:
        if not texts:
            return []
        proba = np.asarray(self.classifier.predict_proba(list(texts)))
        best = np.argmax(proba, axis=1)
        return [
            SentimentResult(text, self.labels[int(i)], float(proba[row, int(i)]))
            for row, (text, i) in enumerate(zip(texts, best, strict=True))
        ]

    def predict_stream(self, texts: Iterable[str], batch: int = 512) -> Iterable[SentimentResult]:
        chunk: list[str] = []
        for text in texts:
            chunk.append(text)
            if len(chunk) >= batch:
                yield from self.predict(chunk)
                chunk = []
        yield from self.predict(chunk)


def load_sentiment(models_dir: Path) -> SentimentModel:
    """The active sentiment model; a clear Chinese error naming the fix when there is none."""
    registry = ModelRegistry(models_dir)
    name = registry.active().get("sentiment")
    if name is None:
        raise ModelMissing.of("no_sentiment_model")
    return SentimentModel(registry.load_active("sentiment"), name)


class SentimentCache:
    """The active model, reloaded only when ``active.json`` changes (the API loads it once, not per post)."""

    def __init__(self) -> None:
        self._key: tuple[str, float] | None = None
        self._model: SentimentModel | None = None

    def get(self, models_dir: Path) -> SentimentModel:
        active = models_dir / "active.json"
        key = (str(models_dir), active.stat().st_mtime if active.is_file() else 0.0)
        if key != self._key or self._model is None:
            self._model = load_sentiment(models_dir)
            self._key = key
        return self._model

    def optional(self, models_dir: Path) -> SentimentModel | None:
        try:
            return self.get(models_dir)
        except ModelMissing:
            return None
