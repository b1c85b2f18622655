"""Streaming replies against a real local server that speaks the OpenAI ``stream: true`` protocol."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, StreamingResponse
from sqlalchemy import select

from govhall.assistant import AssistantSession
from govhall.llm import Draft, ExtractiveGenerator, OpenAIGenerator, stream_reply
from govhall.text import mask
from govhall.web import create_app
from tests.assistant.conftest import assistant_settings
from tests.conftest import ApiClient
from tests.support.servers import serve

seen: list[dict[str, Any]] = []
DRAFT = Draft("answer", "失业保险金最长可以领取24个月。[1]", "我叫张三，电话13912345678，失业金能领多久？")


def _chunk(text: str) -> str:
    return "data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": text}}]}, ensure_ascii=False) + "\n\n"


def _stream_app() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions", response_model=None)
    def chat(body: dict[str, Any]) -> Any:
        seen.append(body)
        mode = body["model"]
        if mode == "plain":  # a server that ignores ``stream``
            content = "您好，失业金最长能领24个月。[1]"
            return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        if mode == "echo":  # rewords whatever draft it is given, keeping every marker
            draft = body["messages"][-1]["content"].split("回复草稿：", 1)[1]
            pieces = ["您好！", *re.findall(r".{1,12}", draft, flags=re.S)]
        else:
            pieces = {
                "good": ["您好，", "失业金最长", "能领24个月哦。", "[1]"],
                "dropped": ["最长", "24个月。"],
                "garbage": ["您好"],
                "nodone": ["您好，", "失业金24个月。[1]"],
                "slow": ["您好，", "失业金", "24个月。[1]"],
            }[mode]

        def events() -> Iterator[str]:
            yield ": keep-alive\n\n"
            for piece in pieces:
                if mode == "slow":
                    time.sleep(0.4)
                yield _chunk(piece)
            if mode == "garbage":
                yield "data: {not json\n\n"
            yield "data: " + json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}) + "\n\n"
            if mode != "nodone":
                yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    @app.post("/broken/v1/chat/completions")
    def broken() -> PlainTextResponse:
        return PlainTextResponse("internal error", status_code=500)

    return app


@pytest.fixture(scope="module")
def chat_url() -> Iterator[str]:
    yield from serve(_stream_app())


def test_stream_yields_deltas_then_the_accepted_reply(chat_url: str) -> None:
    stream = OpenAIGenerator(chat_url, "good").stream(DRAFT)
    deltas = list(stream)
    assert deltas == ["您好，", "失业金最长", "能领24个月哦。", "[1]"]
    assert stream.reply == "您好，失业金最长能领24个月哦。[1]" and stream.reworded and not stream.error
    body = seen[-1]
    assert body["stream"] is True
    prompt = " ".join(m["content"] for m in body["messages"])
    assert "13912345678" not in prompt and "张三" not in prompt


def test_a_server_that_ignores_stream_is_one_delta(chat_url: str) -> None:
    stream = OpenAIGenerator(chat_url, "plain").stream(DRAFT)
    assert list(stream) == ["您好，失业金最长能领24个月。[1]"] and stream.reworded


@pytest.mark.parametrize(("model", "timeout"), [("dropped", 5.0), ("garbage", 5.0), ("nodone", 5.0), ("slow", 0.9)])
def test_bad_or_slow_streams_fall_back_to_the_draft(chat_url: str, model: str, timeout: float) -> None:
    generator = OpenAIGenerator(chat_url, model, timeout=timeout)
    stream = generator.stream(DRAFT)
    list(stream)
    assert stream.reply == DRAFT.text and not stream.reworded and stream.error and generator.last_error


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/v1", "broken"])
def test_server_down_or_failing_streams_nothing(chat_url: str, url: str) -> None:
    base = chat_url.removesuffix("/v1") + "/broken/v1" if url == "broken" else url
    stream = OpenAIGenerator(base, "good", timeout=1.0).stream(DRAFT)
    assert list(stream) == [] and stream.reply == DRAFT.text and stream.error


def test_form_drafts_are_never_streamed(chat_url: str) -> None:
    before = len(seen)
    question = Draft("form", "请告诉我您的联系电话。", "我叫张三")
    stream = OpenAIGenerator(chat_url, "good").stream(question)
    assert list(stream) == [] and stream.reply == question.text and len(seen) == before


def test_generators_without_streaming_compose_once() -> None:
    stream = stream_reply(ExtractiveGenerator(), DRAFT)
    assert list(stream) == [] and stream.reply == DRAFT.text


# -- over HTTP -----------------------------------------------------------------------------------


def _api(tmp_path: Path, sqlite_url: str, models_dir: Path, llm: str, model: str = "echo") -> ApiClient:
    settings = assistant_settings(tmp_path, sqlite_url, models_dir, llm_base_url=llm, llm_model=model, llm_timeout=5.0)
    return ApiClient(create_app(settings))


def _events(api: ApiClient, sid: str, text: str, **extra: Any) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    url = f"/api/assistant/sessions/{sid}/messages"
    with api.http.stream("POST", url, params={"stream": "true"}, json={"text": text, **extra}) as response:
        assert response.status_code == 200, response.read()
        kind = response.headers["content-type"]
        raw = response.read().decode("utf-8")
    events = []
    for block in raw.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return kind, events


def _open(api: ApiClient) -> str:
    return str(api.http.post("/api/assistant/sessions").json()["id"])


QUESTION = "失业保险金需要准备什么材料？"


def test_stream_endpoint_sends_deltas_then_the_full_shape(
    tmp_path: Path, sqlite_url: str, models_dir: Path, chat_url: str
) -> None:
    api = _api(tmp_path, sqlite_url, models_dir, chat_url)
    sid = _open(api)
    kind, events = _events(api, sid, QUESTION, message_id="m-1")
    assert kind.startswith("text/event-stream")
    names = [name for name, _ in events]
    assert names[-1] == "final" and set(names[:-1]) == {"delta"} and len(names) > 2
    final = events[-1][1]
    assert {"reply", "intent", "service", "form", "missing", "citations", "case", "handoff", "stage"} <= set(final)
    streamed = "".join(e["text"] for name, e in events if name == "delta")
    assert final["reply"] == streamed.strip() and final["reply"].startswith("您好！") and "[1]" in final["reply"]
    assert final["intent"] == "consult" and final["citations"]

    # the conversation keeps the reworded reply, and a replay answers it without asking again
    factory = api.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        row = db.scalar(select(AssistantSession).where(AssistantSession.public_id == sid))
        assert row is not None and row.turns["items"][-1]["text"] == mask(final["reply"])
    before = len(seen)
    _, again = _events(api, sid, QUESTION, message_id="m-1")
    assert [name for name, _ in again] == ["final"] and again[0][1]["reply"] == final["reply"]
    assert len(seen) == before


def test_stream_endpoint_falls_back_to_one_extractive_event_when_the_llm_is_down(
    tmp_path: Path, sqlite_url: str, models_dir: Path
) -> None:
    api = _api(tmp_path, sqlite_url, models_dir, "http://127.0.0.1:9/v1")
    _, events = _events(api, _open(api), QUESTION)
    assert [name for name, _ in events] == ["final"]
    plain = api.http.post(f"/api/assistant/sessions/{_open(api)}/messages", json={"text": QUESTION}).json()
    assert events[0][1]["reply"] == plain["reply"] and "[1]" in plain["reply"]


def test_form_questions_stream_only_the_final_event(
    tmp_path: Path, sqlite_url: str, models_dir: Path, chat_url: str
) -> None:
    api = _api(tmp_path, sqlite_url, models_dir, chat_url)
    before = len(seen)
    _, events = _events(api, _open(api), "我想办居住证")
    assert [name for name, _ in events] == ["final"] and events[0][1]["service"]["code"] == "residence-permit"
    assert len(seen) == before


def test_stream_errors_are_plain_4xx_before_any_event(
    tmp_path: Path, sqlite_url: str, models_dir: Path, chat_url: str
) -> None:
    api = _api(tmp_path, sqlite_url, models_dir, chat_url)
    url = f"/api/assistant/sessions/{_open(api)}/messages?stream=true"
    empty = api.http.post(url, json={"text": "  "})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty_message"
    assert api.http.post("/api/assistant/sessions/nope/messages?stream=true", json={"text": "你好"}).status_code == 404
    assert api.http.post(url.replace("true", "maybe"), json={"text": "你好"}).status_code == 422
