"""The word tables of ``data/slot_words.yaml``: value synonyms, field-title aliases and person words.

Kept as data so that a clerk can add a phrase without touching code; every table is keyed by an
enum value, a field title or a person word, never by an item, so it serves any form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from govhall.text import Entity, extract, normalize

_NEGATION = re.compile(r"(?:不|没|没有|无|无需|不用|不要|未|别)$")


@dataclass(frozen=True)
class SlotWords:
    values: dict[str, tuple[str, ...]]
    titles: dict[str, tuple[str, ...]]
    people: dict[str, tuple[str, ...]]
    on_behalf: tuple[str, ...]


@lru_cache(maxsize=1)
def slot_words() -> SlotWords:
    """The tables, read once (the file ships with the package)."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("govhall.assistant").joinpath("data/slot_words.yaml").read_text(encoding="utf-8")
    )

    def table(key: str) -> dict[str, tuple[str, ...]]:
        return {str(k): tuple(str(w) for w in v or ()) for k, v in (raw.get(key) or {}).items()}

    return SlotWords(table("values"), table("titles"), table("people"), tuple(raw.get("on_behalf") or ()))


def phrase_positions(text: str, phrase: str) -> list[int]:
    """Where ``phrase`` occurs in ``text`` and is not negated (不用寄, 没办过 is its own phrase)."""
    found = []
    start = text.find(phrase)
    while start != -1:
        if not _NEGATION.search(text[max(0, start - 2) : start]):
            found.append(start)
        start = text.find(phrase, start + 1)
    return found


def value_mentions(text: str, values: list[str]) -> list[tuple[int, int, str]]:
    """(start, phrase length, value) for every synonym of ``values`` the text states."""
    words = slot_words().values
    out: list[tuple[int, int, str]] = []
    for value in values:
        for phrase in words.get(value, ()):
            # callers pass normalised text, where 第一次 is 第1次 and 一个人 is 1个人
            for form in {phrase, normalize(phrase)}:
                out.extend((at, len(form), value) for at in phrase_positions(text, form))
    return out


def synonym_value(text: str, values: list[str]) -> str | None:
    """The one value whose synonyms the text states most often, then by the longest phrase; None on a tie."""
    best: dict[str, tuple[int, int]] = {}
    for _at, size, value in value_mentions(text, values):
        count, longest = best.get(value, (0, 0))
        best[value] = (count + 1, max(longest, size))
    if not best:
        return None
    # more phrases for one value first ("尿毒症…透析" over "干不了活"), then the longest phrase
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    return None


def entities(text: str) -> tuple[Entity, ...]:
    """``extract(text)``, remembered for the last few texts of today: one message is read by
    several steps of slot filling (people, addresses, dates, answers), and extraction dominates a turn."""
    return _entities(text, date.today())


@lru_cache(maxsize=64)
def _entities(text: str, today: date) -> tuple[Entity, ...]:
    return tuple(extract(text, today))
