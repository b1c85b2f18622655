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
    cues: dict[str, tuple[tuple[tuple[str, ...], ...], ...]]
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

    cues = {str(value): tuple(_cue(str(c)) for c in cs or ()) for value, cs in (raw.get("cues") or {}).items()}
    return SlotWords(table("values"), cues, table("titles"), table("people"), tuple(raw.get("on_behalf") or ()))


def _cue(spec: str) -> tuple[tuple[str, ...], ...]:
    """ "亲戚|表哥 + 住|家" → (("亲戚", "表哥"), ("住", "家")): one word of every group, in one clause."""
    groups = (tuple(w.strip() for w in group.split("|") if w.strip()) for group in spec.split("+"))
    # callers pass normalised text, so each word is also kept as normalised (一个人 → 1个人), once
    return tuple(tuple(dict.fromkeys(x for w in group for x in (w, normalize(w)))) for group in groups)


_DENIED = re.compile(r"不|没|未|别|无")
_CLAUSE = re.compile(r"[^，。；！？,.;!?\s]+")


def _cue_mentions(text: str, value: str) -> list[tuple[int, int, str]]:
    """(start, matched length, value) for each clause of ``text`` that states one of ``value``'s cues:
    a situation described in parts ("住在我表哥家" = a relative's home + living) rather than a phrase."""
    out: list[tuple[int, int, str]] = []
    for cue in slot_words().cues.get(value, ()):
        for clause in _CLAUSE.finditer(text):
            hits = []
            for group in cue:
                found = [
                    (at, len(w)) for w in group if w in clause.group() for at in phrase_positions(clause.group(), w)
                ]
                if not found:
                    break
                hits.append(min(found))
            else:
                first = min(at for at, _ in hits)
                if _DENIED.search(clause.group()[:first]):
                    continue  # "没有在亲戚家住": the clause denies the situation
                out.append((clause.start() + first, sum(size for _, size in hits), value))
                break
    return out


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
        out.extend(_cue_mentions(text, value))
    return out


def synonym_value(text: str, values: list[str]) -> str | None:
    """The one value whose synonyms the text states most often, then by the longest phrase; None on a tie."""
    ranked = _ranked(text, values)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def tied_values(text: str, values: list[str]) -> list[str]:
    """The values the text states equally well (two or more), to be asked between, never guessed."""
    ranked = _ranked(text, values)
    tied = [value for value, rank in ranked if ranked and rank == ranked[0][1]]
    return tied if len(tied) >= 2 else []


def _ranked(text: str, values: list[str]) -> list[tuple[str, tuple[int, int]]]:
    best: dict[str, tuple[int, int]] = {}
    for _at, size, value in value_mentions(text, values):
        count, longest = best.get(value, (0, 0))
        best[value] = (count + 1, max(longest, size))
    # more phrases for one value first ("尿毒症…透析" over "干不了活"), then the longest phrase
    return sorted(best.items(), key=lambda kv: kv[1], reverse=True)


def entities(text: str) -> tuple[Entity, ...]:
    """``extract(text)``, remembered for the last few texts of today: one message is read by
    several steps of slot filling (people, addresses, dates, answers), and extraction dominates a turn."""
    return _entities(text, date.today())


@lru_cache(maxsize=64)
def _entities(text: str, today: date) -> tuple[Entity, ...]:
    return tuple(extract(text, today))
