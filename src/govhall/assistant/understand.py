"""Understand a message once (理解): one :class:`Message` per turn that every later step reads.

A turn used to normalise the text and extract its entities in several places, each with slightly
different rules; now the first step reads everything a decision may need — the normalised text, the
entities, the dialogue act, intent and item with their confidences, the items named, the aspects
asked about (materials, time limit, fee, conditions, place) and the question type (多久, 多少, 几岁,
找谁, 能不能, 要什么) — and nothing after it re-derives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from govhall.assistant._cues import cue_table, first_cue
from govhall.assistant._words import entities
from govhall.assistant.acts import ActReading, DialogueActs, rule_act
from govhall.assistant.guide import ASPECTS, is_question
from govhall.assistant.routing import Route, Router
from govhall.text import Entity, normalize
from govhall.text.durations import paid_months

__all__ = ["QUESTION_TYPES", "Message", "contribution_months", "understand"]

QUESTION_TYPES = cue_table("question_types")
_PERSONAL = frozenset({"id_card", "phone", "bank_card"})
_CONDITIONAL = re.compile(
    r"(?:要是|如果|假如|万一|假设|换成)[^。？?]{0,40}(?:呢|的话|怎么办|[？?]$)|那[^，。？?]{0,20}(?:呢|的话|怎么办|[？?]$)"
)
"""A changed case: "要是只交了半年呢", "如果是公司半年没交社保，我才辞职的呢" (its clauses may run on)."""


@dataclass
class Message:
    """One citizen message as the turn understands it.

    The route (intent and item models) is read on first use: an answer to a form's question needs
    no routing, and the two models are most of a turn's time.
    """

    text: str
    norm: str
    entities: tuple[Entity, ...]
    act: ActReading
    router: Router = field(repr=False)
    mentioned: tuple[str, ...]
    """Items the text names (catalogue name or keyword), the one named last first."""
    aspects: tuple[str, ...]
    question_type: str | None
    question: bool
    conditional: bool
    """A changed condition ("要是只交了半年呢"): answered against the last topic."""

    @cached_property
    def route(self) -> Route:
        return self.router.route(self.text)

    @property
    def personal(self) -> bool:
        """Whether the message carries the citizen's identifiers (ID, mobile, bank card)."""
        return any(e.type in _PERSONAL for e in self.entities)

    @property
    def aspect(self) -> str | None:
        return self.aspects[0] if self.aspects else None


_BARE_DURATION = re.compile(
    r"^(?:那|那么)?(?:要是|如果|假如|换成)?(半|\d{1,2}(?:\.\d)?)\s*(年半|年|个月)(?:的话|的)?(?:呢|吗)?[？?。]?$"
)
"""A duration said alone ("十二年呢", "要是8年的话"): a changed figure, only right after a computed one."""


def contribution_months(norm: str, *, bare: bool = False) -> int | None:
    """Months of contribution a message states ("交了四年" → 48, "只交了半年" → 6), or None;
    with ``bare`` (a figure was just computed) also a duration said alone ("十二年呢" → 144)."""
    alone = bare and _BARE_DURATION.search(norm.strip()) is not None
    months = paid_months(norm, answer=alone)
    return None if months is None else int(months)


_SENTENCE = re.compile(r"[^。！!？?；;\n]+[。！!？?；;\n]*")


def question_type_of(norm: str) -> str | None:
    """The kind of fact a normalised question asks for (多久 → how_long…), None when it asks none.

    A message that asks in one sentence and tells in another ("高龄津贴多大岁数才有？我爸79，还差几个
    月") asks what its question sentence asks: the first such sentence with a kind decides."""
    for sentence in _SENTENCE.findall(norm):
        if is_question(sentence) and (kind := first_cue(QUESTION_TYPES, sentence)) is not None:
            return kind
    return first_cue(QUESTION_TYPES, norm)


def understand(text: str, router: Router, acts: DialogueActs) -> Message:
    """Read ``text`` once: normalised text, entities, act, route, items, aspects, question type."""
    norm = normalize(text)
    found = entities(text)
    act = acts.read(text)
    mentioned = tuple(c for c in router.mentioned(text) if c != router.complaint)
    aspects = tuple(name for name, pattern in ASPECTS if pattern.search(text))
    question_type = question_type_of(norm)
    question = is_question(text) or (act.act == "ask" and act.confidence >= 0.7 and rule_act(text) == "ask")
    message = Message(
        text=text,
        norm=norm,
        entities=found,
        act=act,
        router=router,
        mentioned=mentioned,
        aspects=aspects,
        question_type=question_type,
        question=question,
        conditional=bool(_CONDITIONAL.search(text)),
    )
    if any(not router.said(text, code) for code in mentioned):
        # an item named only by a misspelling ("在外地看病没做备案" is one character from 看病没钱)
        # gives way to the item model's sure reading of another item
        route = message.route
        if route.service_code not in (None, *mentioned) and route.service_confidence >= SURE_OVER_MISSPELT:
            message.mentioned = tuple(code for code in mentioned if router.said(text, code))
    return message


SURE_OVER_MISSPELT = 0.9
"""How sure the item model must be of another item for a misspelt mention to give way."""
