"""The built-in classifier kinds, registered in :data:`govhall.registry.CLASSIFIERS` like any plugin's.

Each entry imports its class only when called, so loading a TF-IDF model never imports torch.
"""

from __future__ import annotations

from typing import Any

from govhall.errors import BadInput
from govhall.registry import CLASSIFIERS

TRAINABLE = ("tfidf", "hashing", "transformer", "embedding", "ensemble")
"""Kinds ``govhall train`` fits; the others (``transformer-int8``, ``onnx``) are derived from a trained one."""


def require_trainable(kind: str) -> str:
    """``kind`` when ``govhall train`` can fit it; the one clear error naming the choices otherwise."""
    if kind not in TRAINABLE:
        raise BadInput.of("unknown_model_kind", kind=kind, choices="、".join(TRAINABLE))
    return kind


@CLASSIFIERS.register("tfidf")
def _tfidf() -> type[Any]:
    from govhall.learn.baseline import TfidfClassifier

    return TfidfClassifier


@CLASSIFIERS.register("hashing")
def _hashing() -> type[Any]:
    from govhall.learn.hashing import HashingClassifier

    return HashingClassifier


@CLASSIFIERS.register("transformer")
@CLASSIFIERS.register("transformer-int8")
def _transformer() -> type[Any]:
    from govhall.learn.transformer import TransformerClassifier

    return TransformerClassifier


@CLASSIFIERS.register("onnx")
def _onnx() -> type[Any]:
    from govhall.learn.onnx import OnnxClassifier

    return OnnxClassifier


@CLASSIFIERS.register("embedding")
def _embedding() -> type[Any]:
    from govhall.learn.embedding import EmbeddingClassifier

    return EmbeddingClassifier


@CLASSIFIERS.register("ensemble")
def _ensemble() -> type[Any]:
    from govhall.learn.ensemble import EnsembleClassifier

    return EnsembleClassifier
