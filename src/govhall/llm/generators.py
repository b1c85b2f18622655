"""Generation backends behind one ``Generator`` protocol, chosen by configuration.

The dialogue always builds its reply itself (a *draft*: the facts, the question to ask, the
citations). A generator may only reword a draft:

- ``extractive`` (offline): returns the draft as written;
- ``openai``: any OpenAI-compatible chat server (vLLM, Ollama, llama.cpp) named by
  ``GOVHALL_LLM_BASE_URL``, through :class:`govhall.llm.client.OpenAIClient`;
- ``auto`` (default of ``GOVHALL_GENERATOR``): ``openai`` when a server is configured, else extractive.

The ``openai`` prompt is PII-masked; a timeout, an error, an empty or overlong reply, or a reply that
drops a citation marker or a case number falls back to the draft. Form questions and summaries are
never reworded: a wrong word there costs an application. The policy library's LLM composer uses the
same client and the same setting, so a turn makes at most one call.

Streaming (:func:`stream_reply`) follows the same rules: the deltas reach the citizen as the server
sends them (``stream: true``, server-sent ``data:`` chunks up to ``data: [DONE]``), but whether they
stand is decided only on the whole text, so :attr:`ReplyStream.reply` — the draft after any
failure — is what a client must show once the stream ends, and what the conversation keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from govhall.config import Settings
from govhall.llm.client import FAILURES, OpenAIClient
from govhall.registry import GENERATORS
from govhall.text import mask

__all__ = [
    "REWORDABLE",
    "Citation",
    "Draft",
    "ExtractiveGenerator",
    "Generator",
    "OpenAIGenerator",
    "ReplyStream",
    "make_generator",
    "stream_reply",
]

_MARKER = re.compile(r"\[\d+\]")
_CASE = re.compile(r"GH\d{14}")
REWORDABLE = frozenset({"answer", "chat"})


@dataclass(frozen=True)
class Citation:
    """One source a reply rests on (a guide section, a law article, a policy clause), numbered [n]
    in the reply by its position. ``extra`` keeps what only some kinds have (item code and version,
    law and article, search score), in the API's shape."""

    kind: str
    title: str
    section: str = ""
    path: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Citation:
        rest = {k: v for k, v in raw.items() if k not in ("kind", "title", "section", "path")}
        return cls(
            str(raw.get("kind", "")),
            str(raw.get("title", "")),
            str(raw.get("section", "") or ""),
            str(raw.get("path", "") or ""),
            rest,
        )

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "section": self.section, "path": self.path, **self.extra}


@dataclass(frozen=True)
class Draft:
    """A reply as the dialogue composed it, with the citations its [n] markers point to; ``kind``
    says whether a generator may reword it."""

    kind: str
    text: str
    user_text: str = ""
    citations: tuple[Citation, ...] = ()


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
        self.client = OpenAIClient(base_url, model, api_key, timeout)
        self.last_error = ""

    def messages(self, draft: Draft) -> list[dict[str, str]]:
        """The prompt: masked question and masked draft; the citizen's identifiers never leave."""
        system = (
            "你是政务服务大厅的智能助手。请把给出的草稿改写成简洁、礼貌、口语化的中文回复。"
            "不得增加草稿中没有的事实，必须原样保留所有 [编号] 引用标记和办件编号。"
        )
        user = f"群众的话：{mask(draft.user_text)}\n\n回复草稿：{mask(draft.text)}"
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

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
            text = self.client.complete(self.messages(draft))
        except FAILURES as exc:
            self.last_error = type(exc).__name__
            return draft.text
        if not self._acceptable(draft, text):
            self.last_error = "unacceptable_reply"
            return draft.text
        return text

    def stream(self, draft: Draft) -> ReplyStream:
        """The rewording as it arrives; drafts that may not be reworded stream nothing."""
        if draft.kind not in REWORDABLE:
            return ReplyStream(draft, iter(()))
        return ReplyStream(draft, self.client.stream(self.messages(draft)), self)


class ReplyStream:
    """Iterate for the deltas as the server sends them; afterwards :attr:`reply` is final.

    ``reply`` is the draft until the server finished with an acceptable text (citations and case
    numbers kept, sane length); ``error`` says why it fell back. The deltas already sent may
    therefore differ from ``reply``: the last word is always ``reply``.
    """

    def __init__(self, draft: Draft, deltas: Iterator[str], checker: OpenAIGenerator | None = None) -> None:
        self.draft = draft
        self.reply = draft.text
        self.error = ""
        self.reworded = False
        self._deltas = deltas
        self._checker = checker

    def __iter__(self) -> Iterator[str]:
        parts: list[str] = []
        try:
            for delta in self._deltas:
                parts.append(delta)
                yield delta
        except FAILURES as exc:
            self._fail(type(exc).__name__)
            return
        if self._checker is None:
            return
        text = "".join(parts).strip()
        if self._checker._acceptable(self.draft, text):
            self.reply, self.reworded = text, True
        else:
            self._fail("unacceptable_reply")

    def _fail(self, error: str) -> None:
        self.error = error
        if self._checker is not None:
            self._checker.last_error = error


def stream_reply(generator: Generator, draft: Draft) -> ReplyStream:
    """A stream for any generator: the ``openai`` one streams, any other composes in one go.

    A generator without ``stream`` yields no deltas and its composed text becomes ``reply``, so
    callers handle every backend alike.
    """
    stream = getattr(generator, "stream", None)
    if callable(stream):
        result: ReplyStream = stream(draft)
        return result
    composed = ReplyStream(draft, iter(()))
    composed.reply = generator.compose(draft)
    return composed


def make_generator(settings: Settings) -> Generator:
    """The generator ``GOVHALL_GENERATOR`` names, from :data:`govhall.registry.GENERATORS`."""
    factory: Callable[[Settings], Generator] = GENERATORS.get(settings.generator)
    return factory(settings)


@GENERATORS.register("extractive")
def _extractive(settings: Settings) -> Generator:
    return ExtractiveGenerator()


@GENERATORS.register("openai")
def _openai(settings: Settings) -> Generator:
    return OpenAIGenerator(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)


@GENERATORS.register("auto")
def _auto(settings: Settings) -> Generator:
    """``openai`` when a chat server is configured (``GOVHALL_LLM_BASE_URL``), else ``extractive``."""
    return _openai(settings) if settings.llm_base_url else ExtractiveGenerator()
