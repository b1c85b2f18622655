"""Lengths of time as citizens say them: "三年零五个月", "一年半", "交了5年", "二十二年整", "36个月".

One parser for every caller that needs a duration in months (a form's 缴费月数, the benefit
calculator's contribution years, a policy article graded by time): before this module each kept
its own pattern and they disagreed ("交了3年零5个月" was 36 months to one and 41 to another).

``normalize`` writes the leading numeral as digits but leaves what follows 零/又 in words
("3年零五个月"), so the words that may remain are read here too.

A bare number of years is ambiguous ("5年前", "19年开始交的"), so the callers say how sure they are
that the text is about a length of time: :func:`paid_months` takes the duration whose clause says it
was paid or worked ("交了5年", "缴费年限20年", "干了4年", "5年的劳动合同"), or — when the text answers
a question about the duration itself — the first duration at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govhall.text._resources import word_cue
from govhall.text.normalize import normalize

__all__ = ["Duration", "durations", "paid_months"]

_WORD_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_WORD_DIGITS.update({"七": 7, "八": 8, "九": 9, "十": 10, "十一": 11})
_COUNT = r"\d{1,2}(?:\.\d)?"
_SMALL = r"\d{1,2}|十一|[零〇一二两俩三四五六七八九十]"
_DURATION = re.compile(
    rf"(?<![\d.])(?:(?P<years>{_COUNT})\s*(?:周)?年(?:(?P<half>半)|\s*(?:零|又)\s*(?P<rest>{_SMALL})\s*个?月"
    rf"|\s*(?P<months_too>{_SMALL})\s*个月)?"
    rf"|(?P<half_year>半)年|(?P<months>\d{{1,3}})\s*个月)"
    r"(?P<tail>整|多|左右)?"
)
_CALENDAR = re.compile(r"\s*(?:\d{1,2}\s*[月日号]|开始|起|以来|底|初|末|前|后|的时候|那年|春|夏|秋|冬)")
"""What follows a year of the calendar ("19年开始", "5年前", "20年3月"), not a length of time; "3年5个月"
and "3年零5月" are lengths, "20年3月" a month."""
_CLAUSE = re.compile(r"[，。,;；！!？?\n]")
_PAID = word_cue("paid")
_WORKED = word_cue("worked")
_TOTAL = re.compile(r"\s*(?:一共|总共|合计|共计|加起来|前后|算下来)")
"""A clause that totals what the clause before it told: that clause's words say what is counted."""
_ORDERS = (_PAID, _WORKED)
"""Contribution words before work words: "干了3年，交了2年社保" asks about the 2 years paid."""


@dataclass(frozen=True)
class Duration:
    """One length of time in normalised text: its months and where it was said."""

    months: float
    start: int
    end: int


def _small(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_DIGITS[word]


def durations(norm: str) -> list[Duration]:
    """Every length of time said in ``norm`` (normalised text), in order; years of the calendar
    ("19年开始交", "20年3月") are left out."""
    found: list[Duration] = []
    for match in _DURATION.finditer(norm):
        if match.group("months") is not None:
            months = float(match.group("months"))
        elif match.group("half_year") is not None:
            months = 6.0
        else:
            years = float(match.group("years"))
            said = match.group("rest") or match.group("months_too")
            if match.group("half") is None and said is None and _CALENDAR.match(norm, match.end()):
                continue
            rest = 6.0 if match.group("half") else float(_small(said)) if said else 0.0
            months = years * 12 + rest
        found.append(Duration(months, match.start(), match.end()))
    return found


def paid_months(text: str, *, answer: bool = False) -> float | None:
    """The months paid or worked that ``text`` states ("交了3年零5个月" → 41, "一年半" → 18 when
    ``answer``), or None.

    Without ``answer`` only a duration whose clause names paying or working counts (contribution
    words first); with ``answer`` (the text replies to a question about this duration) the first
    duration said at all.
    """
    norm = normalize(text)
    said = durations(norm)
    if not said:
        return None
    if answer:
        return said[0].months
    clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(norm)]
    for cue in _ORDERS:
        for duration in said:
            start = max((end for _, end in clauses if end <= duration.start), default=0)
            if _TOTAL.match(norm, start):  # "从2019年开始交的，一共7年零2个月": the total of what was said
                start = max((end for _, end in clauses if end < start), default=0)
            stop = min((begin for begin, _ in clauses if begin >= duration.end), default=len(norm))
            if cue.search(norm, start, stop):
                return duration.months
    return None
