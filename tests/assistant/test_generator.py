"""Generators against a real local OpenAI-compatible server: masked prompts, timeouts, fallback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from govhall import policies
from govhall.assistant import Assistant, open_session
from govhall.cases import make_calendar
from govhall.db import make_engine, make_session_factory, transaction
from govhall.llm import Draft, ExtractiveGenerator, OpenAIGenerator
from tests.assistant.conftest import assistant_settings
from tests.support.servers import serve

seen: list[dict[str, Any]] = []
DRAFT = Draft("answer", "失业保险金最长可以领取24个月。[1]", "我叫张三，电话13912345678，失业金能领多久？")


def _chat_app() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    def chat(body: dict[str, Any]) -> Any:
        seen.append(body)
        mode = body["model"]
        if mode == "slow":
            time.sleep(2)
        if mode == "broken":
            return {"unexpected": True}
        content = {"good": "您好，失业金最长能领24个月哦。[1]", "dropped": "最长24个月。", "slow": "好[1]"}[mode]
        return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}

    return app


@pytest.fixture(scope="module")
def chat_url() -> Iterator[str]:
    yield from serve(_chat_app())


def test_extractive_returns_the_draft() -> None:
    assert ExtractiveGenerator().compose(DRAFT) == DRAFT.text


def test_llm_rewords_answers_with_a_masked_prompt(chat_url: str) -> None:
    generator = OpenAIGenerator(chat_url, "good")
    assert generator.compose(DRAFT) == "您好，失业金最长能领24个月哦。[1]"
    prompt = " ".join(m["content"] for m in seen[-1]["messages"])
    assert "13912345678" not in prompt and "张三" not in prompt


def test_form_questions_are_never_sent(chat_url: str) -> None:
    before = len(seen)
    question = Draft("form", "请告诉我您的联系电话。", "我叫张三")
    assert OpenAIGenerator(chat_url, "good").compose(question) == question.text
    assert len(seen) == before


@pytest.mark.parametrize(("model", "timeout"), [("dropped", 5.0), ("broken", 5.0), ("slow", 0.5)])
def test_garbage_or_slow_replies_fall_back_to_the_draft(chat_url: str, model: str, timeout: float) -> None:
    generator = OpenAIGenerator(chat_url, model, timeout=timeout)
    assert generator.compose(DRAFT) == DRAFT.text and generator.last_error


def test_server_down_falls_back() -> None:
    generator = OpenAIGenerator("http://127.0.0.1:9/v1", "good", timeout=1.0)
    assert generator.compose(DRAFT) == DRAFT.text


def test_a_turn_makes_at_most_one_llm_call(chat_url: str, tmp_path: Path, sqlite_url: str, models_dir: Path) -> None:
    """The policy library answers extractively inside a turn; only the assistant's generator asks the LLM."""
    engine = make_engine(sqlite_url)
    try:
        with make_session_factory(engine)() as db:
            with transaction(db):
                policies.sync_builtin(db)
            settings = assistant_settings(tmp_path, sqlite_url, models_dir, llm_base_url=chat_url, llm_model="good")
            helper = Assistant(settings, make_calendar())
            sid = open_session(db, None).public_id
            for text in ("失业保险金的办理依据是哪部法规？", "劳动合同法规定的经济补偿怎么算？"):
                before = len(seen)
                helper.take_turn(db, None, sid, text)
                assert len(seen) - before <= 1, text
    finally:
        engine.dispose()
