"""Every trainable classifier kind keeps :class:`tests.contracts.classifier.ClassifierContract`, and, since
any of them can be the active sentiment model, :class:`tests.contracts.sentiment.SentimentContract`."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.learn import HashingClassifier, TfidfClassifier
from govhall.learn.embedding import EmbeddingClassifier
from govhall.learn.ensemble import EnsembleClassifier
from tests.contracts.classifier import ClassifierContract, Make
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
