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

from govhall.assistant._words import entities
from govhall.assistant.acts import ActReading, DialogueActs, rule_act
from govhall.assistant.guide import ASPECTS, is_question
from govhall.assistant.routing import Route, Router
from govhall.text import Entity, normalize
from govhall.text.durations import paid_months

__all__ = ["QUESTION_TYPES", "Message", "contribution_months", "understand"]

QUESTION_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "how_long_benefit",
        re.compile(
            r"(?:领|拿|发|享受)(?:多久|多长时间|几个月|多少个月|多长)|(?:多久|几个月)(?:的)?(?:失业金|补贴|津贴)"
        ),
    ),
    # before how_long: "最晚什么时候要报" asks the deadline to apply, not how long the office takes
    ("deadline", re.compile(r"时间限制|期限|最晚|最迟|截止|过了[^，。？?]{0,6}还能|超过[^，。？?]{0,6}还能")),
    (
        "how_long",
        re.compile(
            # "好几年了" tells a duration, it asks none
            r"多久|(?<![前这那隔过没头好十])几天|多长时间|多少天|多少个?工作日|几个工作日|什么时候|(?<![前这那好十])几年|多少年"
            r"|(?<![好这那前十])几个月"
        ),
    ),
    ("age", re.compile(r"几岁|多大|多少岁|年龄|多少周岁")),
    ("how_much", re.compile(r"多少钱|多少|几块|标准是")),
    ("who", re.compile(r"找谁|哪个部门|谁负责|谁管|联系谁|找哪")),
    # "能在这边办吗", "在外地能申请吗", "回老家办还是在这办": where one may apply (户籍地 or 居住地)
    (
        "where_apply",
        re.compile(
            # on normalised text (，→,); 在 of 现在/正在/实在 is no place
            r"(?:能|可以)(?:在|去|到|回)[^，。？?,]{1,8}?(?:办|申请|领|报)[^，。？?,]{0,3}?(?:吗|不|么)"
            r"|(?<![现正实存所])在[^，。？?,]{1,8}?(?:能|可以)(?:办|申请|领|报)[^，。？?,]{0,3}?(?:吗|不|么)"
            r"|(?:回|去)[^，。？?,]{1,6}(?:办|申请)还是[^，。？?,]{1,6}(?:办|申请)"
            r"|(?:要|得|必须)回(?:老家|户籍地|户口所在地|原籍)[^，。？?,]{0,4}(?:办|申请)"
        ),
    ),
    ("can", re.compile(r"能不能|可不可以|可以吗|能吗|行不行|能否|是否可以|还能|中不中|成不成|够不够")),
    ("what", re.compile(r"要什么|要啥|带什么|带啥|需要什么|哪些|(?:要|得|需要)办(?:什么|啥|哪些)|办什么手续|办啥手续")),
)
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


def question_type_of(norm: str) -> str | None:
    """The kind of fact a normalised question asks for (多久 → how_long…), None when it asks none."""
    return next((name for name, pattern in QUESTION_TYPES if pattern.search(norm)), None)


def understand(text: str, router: Router, acts: DialogueActs) -> Message:
    """Read ``text`` once: normalised text, entities, act, route, items, aspects, question type."""
    norm = normalize(text)
    found = entities(text)
    act = acts.read(text)
    mentioned = tuple(c for c in router.mentioned(text) if c != router.complaint)
    aspects = tuple(name for name, pattern in ASPECTS if pattern.search(text))
    question_type = question_type_of(norm)
    question = is_question(text) or (act.act == "ask" and act.confidence >= 0.7 and rule_act(text) == "ask")
    return Message(
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
