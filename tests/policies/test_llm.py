"""The LLM composer against a real local server speaking the OpenAI chat-completions protocol."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.policies import ask
from tests.support.servers import serve

QUESTION = "我叫张三，身份证号11010519491231002X，交了6年失业保险，失业金最多能领几个月？"
seen: list[dict[str, Any]] = []


def _chat_app() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    def chat(body: dict[str, Any]) -> dict[str, Any]:
        seen.append(body)
        mode = body["model"]
        if mode == "slow":
            time.sleep(2)
        content = {
            "good": "累计缴费满5年不足10年的，失业金最长可以领18个月[1]。",
            "bad": "最长可以领18个月[7]。",
            "slow": "最长18个月[1]。",
        }[mode]
        return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}

    return app


@pytest.fixture(scope="module")
def chat_url() -> Iterator[str]:
    yield from serve(_chat_app())


def test_llm_answer_with_verified_citations(library: tuple[Session, Settings], chat_url: str) -> None:
    db, settings = library
    answer = ask(db, settings.model_copy(update={"llm_base_url": chat_url, "llm_model": "good"}), QUESTION)
    assert answer.composer == "llm" and answer.grounded
    assert answer.answer.startswith("累计缴费满5年不足10年的") and len(answer.citations) == 1
    prompt = " ".join(m["content"] for m in seen[-1]["messages"])
    assert "11010519491231002X" not in prompt and "张三" not in prompt
    assert "[1]" in prompt


@pytest.mark.parametrize(("model", "timeout"), [("bad", 5.0), ("slow", 0.5)])
def test_unverifiable_or_slow_llm_falls_back_to_extractive(
    library: tuple[Session, Settings], chat_url: str, model: str, timeout: float
) -> None:
    db, settings = library
    configured = settings.model_copy(update={"llm_base_url": chat_url, "llm_model": model, "llm_timeout": timeout})
    answer = ask(db, configured, QUESTION)
    assert answer.composer == "extractive" and answer.grounded and "18个月" in answer.answer


def test_unreachable_llm_falls_back(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1"}), QUESTION)
    assert answer.composer == "extractive" and answer.grounded
