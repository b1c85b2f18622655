"""Every generator backend keeps :class:`tests.contracts.generator.GeneratorContract`; the OpenAI one
against a real local server that answers well, answers badly, or is not there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from govhall.llm import ExtractiveGenerator, Generator, OpenAIClient, OpenAIGenerator
from tests.contracts.generator import ANSWER, GeneratorContract
from tests.support.servers import serve

GOOD = "您好，失业金最长能领24个月。[1] 办件 GH20261206000001 已经受理了。[2]"


def _chat_app() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    def chat(body: dict[str, Any]) -> Any:
        content = GOOD if body["model"] == "good" else "好的。"  # "careless" drops the citations
        return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}

    @app.post("/v1/embeddings")
    def embeddings(body: dict[str, Any]) -> Any:
        rows = [{"index": i, "embedding": [float(len(t)), 1.0]} for i, t in enumerate(body["input"])]
        return {"data": list(reversed(rows))}  # out of order on purpose: the client sorts by index

    return app


@pytest.fixture(scope="module")
def chat_url() -> Iterator[str]:
    yield from serve(_chat_app())


class TestExtractive(GeneratorContract):
    @pytest.fixture
    def generator(self) -> Generator:
        return ExtractiveGenerator()


class TestOpenAIAnswering(GeneratorContract):
    @pytest.fixture
    def generator(self, chat_url: str) -> Generator:
        return OpenAIGenerator(chat_url, "good", timeout=5.0)

    def test_it_really_rewords(self, generator: Generator) -> None:
        assert generator.compose(ANSWER) == GOOD


class TestOpenAICareless(GeneratorContract):
    """A server that drops the citations: the contract still holds because the draft is kept."""

    @pytest.fixture
    def generator(self, chat_url: str) -> Generator:
        return OpenAIGenerator(chat_url, "careless", timeout=5.0)


class TestOpenAIDown(GeneratorContract):
    @pytest.fixture
    def generator(self) -> Generator:
        return OpenAIGenerator("http://127.0.0.1:9/v1", "good", timeout=1.0)


def test_one_client_serves_chat_and_embeddings(chat_url: str) -> None:
    client = OpenAIClient(chat_url, "good", timeout=5.0)
    assert client.complete([{"role": "user", "content": "你好"}]) == GOOD
    assert client.embed(["一", "三个字"]) == [[1.0, 1.0], [3.0, 1.0]]
