"""``ClassifierContract``: what every classifier kind promises, reused by each backend's test class.

A backend's test subclasses it and provides a ``make`` fixture (an untrained model) and, where its
kind learns slowly, a lower ``floor``; a kind that is derived from a trained model rather than trained
(int8, ONNX) provides ``trained`` itself and, where its folder is written by the derivation, ``save``.
Everything else — the protocol, calibrated rows, the saved
folder's kind resolving through :data:`govhall.registry.CLASSIFIERS`, a faithful round trip, an
empty batch — is the same promise for all of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from govhall.learn import Classifier, Dataset, load_model
from govhall.learn._base import META_FILE, model_class
from tests.learn.conftest import review_rows

Make = Callable[[], Classifier]
Save = Callable[[Classifier, Path], None]


def reviews(n: int, seed: int) -> Dataset:
    rows = review_rows(n, seed)
    return Dataset([r["text"] for r in rows], [r["label"] for r in rows])


class ClassifierContract:
    floor = 0.9
    """Accuracy on held-back rows of the easy synthetic reviews after 100 training rows."""

    @pytest.fixture(scope="class")
    @classmethod
    def trained(cls, make: Make) -> Classifier:
        model = make()
        model.fit(reviews(100, seed=7))
        return model

    @pytest.fixture(scope="class")
    @classmethod
    def save(cls) -> Save:
        """How a model of this kind is written to a folder."""
        return lambda model, path: model.save(path)

    def test_is_a_classifier_with_its_registered_kind(self, trained: Classifier) -> None:
        assert isinstance(trained, Classifier)
        assert isinstance(trained, model_class(trained.kind))
        assert sorted(trained.labels) == ["neg", "pos"]
        json.dumps(trained.params())  # the model card stores them

    def test_probabilities_are_calibrated_rows_in_label_order(self, trained: Classifier) -> None:
        test = reviews(40, seed=8)
        proba = trained.predict_proba(test.texts)
        assert proba.shape == (40, len(trained.labels))
        assert np.all(proba >= 0) and np.allclose(proba.sum(axis=1), 1.0)
        assert trained.predict(test.texts) == [trained.labels[int(i)] for i in np.argmax(proba, axis=1)]
        assert np.mean(np.array(trained.predict(test.texts)) == np.array(test.labels)) >= self.floor

    def test_an_empty_batch_gives_no_rows(self, trained: Classifier) -> None:
        assert trained.predict_proba([]).shape[0] == 0
        assert trained.predict([]) == []

    def test_the_saved_folder_reloads_by_kind_with_identical_predictions(
        self, trained: Classifier, save: Save, tmp_path: Path
    ) -> None:
        texts = reviews(20, seed=9).texts
        save(trained, tmp_path / "m")
        meta = json.loads((tmp_path / "m" / META_FILE).read_text(encoding="utf-8"))
        assert meta["kind"] == trained.kind and meta["labels"] == trained.labels
        labels = json.loads((tmp_path / "m" / "labels.json").read_text(encoding="utf-8"))
        assert labels == {label: i for i, label in enumerate(trained.labels)}
        reloaded = load_model(tmp_path / "m")
        assert type(reloaded) is type(trained)
        np.testing.assert_allclose(reloaded.predict_proba(texts), trained.predict_proba(texts), rtol=1e-5, atol=1e-6)
