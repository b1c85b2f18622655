"""``EmbedderContract``: what every embedder backend promises (fixed dimension, unit vectors,
deterministic, related texts closer). A backend's test subclasses it and provides ``embedder``."""

from __future__ import annotations

import numpy as np
import pytest

from govhall.embeddings import Embedder


class EmbedderContract:
    """What every backend promises: fixed dimension, unit vectors, deterministic, related texts closer."""

    @pytest.fixture
    def embedder(self) -> Embedder:
        raise NotImplementedError

    def test_shapes_and_unit_norm(self, embedder: Embedder) -> None:
        vectors = embedder.embed_passages(["失业保险金的领取期限", "居住证的申领条件"])
        assert vectors.shape == (2, embedder.dim) and vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
        assert embedder.embed_queries([]).shape == (0, embedder.dim)

    def test_deterministic_and_related_texts_are_closer(self, embedder: Embedder) -> None:
        query = embedder.embed_queries(["失业保险金能领多久"])[0]
        again = embedder.embed_queries(["失业保险金能领多久"])[0]
        assert np.allclose(query, again, atol=1e-5)
        near, far = embedder.embed_passages(["领取失业保险金的期限最长为二十四个月", "护照有效期为十年"])
        assert float(near @ query) > float(far @ query)
        assert embedder.name
