"""Generation backends behind one ``Generator`` protocol, chosen by configuration.

The dialogue always builds its reply itself (a *draft*: the facts, the question to ask, the
citations). A generator may only reword a draft:

- ``extractive`` (default, offline): returns the draft as written;
- ``openai``: any OpenAI-compatible chat server (vLLM, Ollama, llama.cpp) named by
  ``GOVHALL_LLM_BASE_URL``. Its prompt is PII-masked; a timeout, an error, an empty or overlong
  reply, or a reply that drops a citation marker or a case number falls back to the draft. Form
  questions and summaries are never reworded: a wrong word there costs an application.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from govhall.config import Settings
from govhall.text import mask

__all__ = ["Draft", "ExtractiveGenerator", "Generator", "OpenAIGenerator", "make_generator"]

_MARKER = re.compile(r"\[\d+\]")
_CASE = re.compile(r"GH\d{14}")
REWORDABLE = frozenset({"answer", "chat"})


@dataclass(frozen=True)
class Draft:
    """A reply as the dialogue composed it: ``kind`` says whether a generator may reword it."""

    kind: str
    text: str
    user_text: str = ""


class Generator(Protocol):
    """Turns a draft into the reply the citizen reads."""

    name: str

    def compose(self, draft: Draft) -> str: ...


class ExtractiveGenerator:
    """The draft itself: templates and retrieved text, always available, never wrong about facts."""

    name = "extractive"

    def compose(self, draft: Draft) -> str:
        return draft.text


class OpenAIGenerator:
    """Rewords answers through an OpenAI-compatible ``/chat/completions`` endpoint, with fallback."""

    name = "openai"

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 20.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model or "default"
        self.api_key = api_key
        self.timeout = timeout
        self.last_error = ""

    def messages(self, draft: Draft) -> list[dict[str, str]]:
        """The prompt: masked question and masked draft; the citizen's identifiers never leave."""
        system = (
            "你是政务服务大厅的智能助手。请把给出的草稿改写成简洁、礼貌、口语化的中文回复。"
            "不得增加草稿中没有的事实，必须原样保留所有 [编号] 引用标记和办件编号。"
        )
        user = f"群众的话：{mask(draft.user_text)}\n\n回复草稿：{mask(draft.text)}"
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def _chat(self, messages: list[dict[str, str]]) -> str:
        body = json.dumps({"model": self.model, "messages": messages, "temperature": 0.2}, ensure_ascii=False).encode(
            "utf-8"
        )
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(f"{self.base_url}/chat/completions", data=body, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            payload: Any = json.loads(response.read())
        return str(payload["choices"][0]["message"]["content"]).strip()

    def _acceptable(self, draft: Draft, text: str) -> bool:
        if not text or len(text) > max(400, 3 * len(draft.text)):
            return False
        if not set(_MARKER.findall(draft.text)) <= set(_MARKER.findall(text)):
            return False
        return set(_CASE.findall(draft.text)) <= set(_CASE.findall(text))

    def compose(self, draft: Draft) -> str:
        if draft.kind not in REWORDABLE:
            return draft.text
        try:
            text = self._chat(self.messages(draft))
        except (urllib.error.URLError, OSError, KeyError, IndexError, ValueError, TypeError) as exc:
            self.last_error = type(exc).__name__
            return draft.text
        if not self._acceptable(draft, text):
            self.last_error = "unacceptable_reply"
            return draft.text
        return text


def make_generator(settings: Settings) -> Generator:
    """``openai`` when an LLM server is configured (``GOVHALL_LLM_BASE_URL``), else ``extractive``."""
    if settings.llm_base_url:
        return OpenAIGenerator(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
    return ExtractiveGenerator()
