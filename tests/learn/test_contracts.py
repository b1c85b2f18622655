"""Every trainable classifier kind keeps :class:`tests.contracts.classifier.ClassifierContract`, and, since
any of them can be the active sentiment model, :class:`tests.contracts.sentiment.SentimentContract`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govhall.learn import Classifier, HashingClassifier, TfidfClassifier, load_model
from govhall.learn.embedding import EmbeddingClassifier
from govhall.learn.ensemble import EnsembleClassifier
from tests.contracts.classifier import ClassifierContract, Make, Save, reviews
from tests.contracts.sentiment import SentimentContract


class TestTfidf(ClassifierContract, SentimentContract):
    @pytest.fixture(scope="class")
    @classmethod
    def make(cls) -> Make:
        return TfidfClassifier


class TestHashing(ClassifierContract, SentimentContract):
    @pytest.fixture(scope="class")
    @classmethod
    def make(cls) -> Make:
        return HashingClassifier


class TestEmbeddingHead(ClassifierContract, SentimentContract):
    floor = 0.75  # the hash embedder has no meaning to lean on

    @pytest.fixture(scope="class")
    @classmethod
    def make(cls) -> Make:
        return lambda: EmbeddingClassifier(embedder="hash")


class TestEnsemble(ClassifierContract, SentimentContract):
    @pytest.fixture(scope="class")
    @classmethod
    def make(cls) -> Make:
        return lambda: EnsembleClassifier(embedder="hash")


class TestTransformer(ClassifierContract, SentimentContract):
    floor = 0.0  # a randomly initialised 2-layer BERT for a few steps: the contract, not the quality

    @pytest.fixture(scope="class")
    @classmethod
    def make(cls, tiny_bert: Path) -> Make:
        from govhall.learn.transformer import TransformerClassifier, TransformerConfig

        return lambda: TransformerClassifier(
            TransformerConfig(base=str(tiny_bert), epochs=1, max_length=32, device="cpu")
        )


def _fine_tuned(tiny_bert: Path) -> Classifier:
    from govhall.learn.transformer import TransformerClassifier, TransformerConfig

    model = TransformerClassifier(TransformerConfig(base=str(tiny_bert), epochs=1, max_length=32, device="cpu"))
    model.fit(reviews(100, seed=7))
    return model


class TestTransformerInt8(ClassifierContract, SentimentContract):
    floor = 0.0

    @pytest.fixture(scope="class")
    @classmethod
    def trained(cls, tiny_bert: Path) -> Classifier:
        quantized: Classifier = _fine_tuned(tiny_bert).to_int8()  # type: ignore[attr-defined]
        return quantized


class TestOnnx(ClassifierContract, SentimentContract):
    floor = 0.0

    @pytest.fixture(scope="class")
    @classmethod
    def exported(cls, tiny_bert: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
        from govhall.learn.onnx import export_onnx

        folder = tmp_path_factory.mktemp("onnx") / "model"
        export_onnx(_fine_tuned(tiny_bert), folder)
        return folder

    @pytest.fixture(scope="class")
    @classmethod
    def trained(cls, exported: Path) -> Classifier:
        return load_model(exported)

    @pytest.fixture(scope="class")
    @classmethod
    def save(cls, exported: Path) -> Save:
        """An ONNX folder is written once, by the export: a copy of it is the saved model."""
        return lambda model, path: shutil.copytree(exported, path) and None
