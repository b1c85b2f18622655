"""``SentimentContract``: what the opinion side promises of a sentiment model, whatever classifier kind
is active for the ``sentiment`` task.

Any classifier kind can be the sentiment model (``govhall train --task sentiment --model KIND``, or
its int8 or ONNX derivation), so each kind's test class in ``tests/learn/test_contracts.py`` reuses
this one with the ``trained`` and ``save`` fixtures of
:class:`~tests.contracts.classifier.ClassifierContract` (a model on ``neg``/``pos`` reviews, and how
its kind writes a folder). The promises: labels in the one vocabulary the dashboards read, one
result per text in order with the classifier's best label and its probability, streaming in batches
gives the same results, and the model the registry marks active is what
:func:`govhall.opinion.load_sentiment` loads.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from govhall.errors import ModelMissing
from govhall.learn import Classifier, ModelRegistry
from govhall.opinion import SentimentModel, load_sentiment
from govhall.opinion.sentiment import canonical_label
from tests.contracts.classifier import Save

TEXTS = ["办事效率很高，态度也很好", "拖了三个月没人管，太差了", "窗口服务好", "排队太久了，很失望", "点赞", "差劲"]


class SentimentContract:
    def test_labels_are_the_dashboards_vocabulary(self, trained: Classifier) -> None:
        model = SentimentModel(trained)
        assert model.labels == [canonical_label(label) for label in trained.labels]
        assert sorted(model.labels) == ["negative", "positive"]

    def test_one_result_per_text_with_the_best_label_and_its_probability(self, trained: Classifier) -> None:
        results = SentimentModel(trained).predict(TEXTS)
        proba = trained.predict_proba(TEXTS)
        assert [r.text for r in results] == TEXTS
        assert [r.label for r in results] == [canonical_label(label) for label in trained.predict(TEXTS)]
        np.testing.assert_allclose([r.score for r in results], proba.max(axis=1), rtol=1e-5)
        assert all(0.0 < r.score <= 1.0 for r in results)
        assert SentimentModel(trained).predict([]) == []

    def test_streaming_in_batches_gives_the_same_results(self, trained: Classifier) -> None:
        model = SentimentModel(trained)
        streamed = list(model.predict_stream(iter(TEXTS), batch=4))
        whole = model.predict(TEXTS)
        assert [r.text for r in streamed] == [r.text for r in whole]
        # atol: dynamic int8 quantises activations by each batch's range, so scores move in the 4th decimal
        np.testing.assert_allclose([r.score for r in streamed], [r.score for r in whole], atol=1e-3)
        # so a text scored within that of even odds (a model barely trained) may take either label; every
        # other keeps its own
        for one, other in zip(streamed, whole, strict=True):
            assert one.label == other.label or max(one.score, other.score) <= 0.5 + 1e-3, one.text

    def test_the_active_model_is_the_one_loaded(self, trained: Classifier, save: Save, tmp_path: Path) -> None:
        with pytest.raises(ModelMissing) as missing:
            load_sentiment(tmp_path)
        assert missing.value.status == 503
        save(trained, tmp_path / "senti")
        ModelRegistry(tmp_path).activate("sentiment", "senti")
        loaded = load_sentiment(tmp_path)
        assert loaded.name == "senti" and type(loaded.classifier) is type(trained)
        assert [r.label for r in loaded.predict(TEXTS)] == [r.label for r in SentimentModel(trained).predict(TEXTS)]
