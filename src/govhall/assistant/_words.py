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

from govhall.assistant._cues import composed_cue, word_cue
from govhall.localtime import local_today
from govhall.text import Entity, extract, normalize

_NEGATION = composed_cue("words", "(?:{negation})$")


@dataclass(frozen=True)
class SlotWords:
    values: dict[str, tuple[str, ...]]
    cues: dict[str, tuple[tuple[tuple[str, ...], ...], ...]]
    titles: dict[str, tuple[str, ...]]
    people: dict[str, tuple[str, ...]]
    on_behalf: tuple[str, ...]
    noes: dict[str, tuple[str, ...]]
    """Per yes/no field title: words that say no without a negation before the field's own words."""


@lru_cache(maxsize=1)
def slot_words() -> SlotWords:
    """The tables, read once (the file ships with the package)."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("govhall.assistant").joinpath("data/slot_words.yaml").read_text(encoding="utf-8")
    )

    def table(key: str) -> dict[str, tuple[str, ...]]:
        return {str(k): tuple(str(w) for w in v or ()) for k, v in (raw.get(key) or {}).items()}

    cues = {str(value): tuple(_cue(str(c)) for c in cs or ()) for value, cs in (raw.get("cues") or {}).items()}
    return SlotWords(
        table("values"), cues, table("titles"), table("people"), tuple(raw.get("on_behalf") or ()), table("noes")
    )


def _cue(spec: str) -> tuple[tuple[str, ...], ...]:
    """ "亲戚|表哥 + 住|家" → (("亲戚", "表哥"), ("住", "家")): one word of every group, in one clause.

    A first group written "^老公|老伴 + 残疾" may also stand in the clause just before: the person a
    clause is about carries on into the next one that names nobody ("我老公摔断了腿，落下残疾"). It is
    kept with :data:`CARRIED` as its first word."""
    groups = [group.strip() for group in spec.split("+")]
    carried = groups[0].startswith("^")
    groups[0] = groups[0].removeprefix("^")
    # callers pass normalised text, so each word is also kept as normalised (一个人 → 1个人), once
    words = [
        tuple(dict.fromkeys(x for w in group.split("|") if w.strip() for x in (w.strip(), normalize(w.strip()))))
        for group in groups
    ]
    if carried:
        words[0] = (CARRIED, *words[0])
    return tuple(words)


CARRIED = "^"
"""The mark of a cue's first group that may stand in the clause before (see :func:`_cue`)."""
_OWN_SUBJECT = re.compile(r"^(?:就|也|还|那|可)?[我俺咱你他她]")
"""A clause that opens with its own person: nobody carries into it ("看看她" goes on about her)."""


_DENIED = word_cue("words", "denied")
_ATTRIBUTIVE = re.compile(r"(?:不|没|未|无)[^，。；！？,.;!?\s的]{1,4}的")
"""A denial inside what describes a thing ("没牌照的三轮", "无人管的空地"): it denies nothing told."""
CLAUSE = re.compile(r"[^，。；！？,.;!?\s]+")
"""One clause of a message: the words between two marks or spaces."""


def _cue_mentions(text: str, value: str) -> list[tuple[int, int, str]]:
    """(start, matched length, value) for each clause of ``text`` that states one of ``value``'s cues:
    a situation described in parts ("住在我表哥家" = a relative's home + living) rather than a phrase."""
    out: list[tuple[int, int, str]] = []
    clauses = list(CLAUSE.finditer(text))
    for cue in slot_words().cues.get(value, ()):
        for index, clause in enumerate(clauses):
            hits = _clause_hits(clause.group(), cue)
            if hits is None and cue[0][:1] == (CARRIED,) and index and _carried_into(clauses[index - 1], clause):
                # "我老公前年摔断了腿，落下残疾": the person of the clause before, the rest in this one
                rest = _clause_hits(clause.group(), cue[1:])
                person = _clause_hits(clauses[index - 1].group(), cue[:1])
                hits = None if rest is None or person is None else [*rest, (0, person[0][1])]
            if hits is not None:
                first = min(at for at, _ in hits)
                if _DENIED.search(_ATTRIBUTIVE.sub("", clause.group()[:first])):
                    continue  # "没有在亲戚家住": the clause denies the situation ("没牌照的三轮" does not)
                out.append((clause.start() + first, sum(size for _, size in hits), value))
                break
    return out


def _clause_hits(clause: str, cue: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]] | None:
    """(position, length) of the first word of each group in ``clause``; None when a group is missing."""
    hits = []
    for group in cue:
        found = [(at, len(w)) for w in group if w != CARRIED and w in clause for at in phrase_positions(clause, w)]
        if not found:
            return None
        hits.append(min(found))
    return hits


def _carried_into(before: re.Match[str], clause: re.Match[str]) -> bool:
    """Whether ``clause`` goes on about the person of the clause ``before`` it: the next clause of
    one sentence (a comma between, no full stop), naming no person of its own."""
    between = clause.string[before.end() : clause.start()]
    return not re.search(r"[。！？!?；;]", between) and _OWN_SUBJECT.match(clause.group()) is None


_DENIAL = re.compile(r"(?:不用|不要|不是|不想|不去|不需要|不必|无需|无须|并非|别)[^，。；！？,.;!?\s]*")
_DENIED_BEFORE = re.compile(r"(?:不用|不要|不是|不想|不去|不需要|不必|无需|无须|并非|别)[^，。；！？,.;!?\s]{0,3}$")


def without_denied(text: str) -> str:
    """``text`` without what its clauses deny: "不用跑窗口" names no 窗口 option, "不是首次" no
    首次 option, whatever path (a whole option, a shared part) would otherwise find them."""
    return _DENIAL.sub(" ", text)


_DENIED_AFTER = re.compile(r"(?:的事|的)?(?:就|先|也|还是)?(?:不弄|不办|不要|不提|不用|不算|算了|不考虑)")


def denied_at(text: str, start: int, end: int | None = None) -> bool:
    """Whether the words at ``start`` follow a denial in their clause ("不去窗口打印"), or, given
    their ``end``, are taken back right after ("买房的先不弄了")."""
    return bool(_DENIED_BEFORE.search(text[:start])) or (end is not None and bool(_DENIED_AFTER.match(text, end)))


_PARTICLE = "了过的着"
_CJK = re.compile(r"[\u4e00-\u9fff]{2,3}")


@lru_cache(maxsize=8192)  # compiled once: options' synonyms are matched on every message
def gapped(phrase: str) -> re.Pattern[str]:
    """``phrase`` as a pattern that also takes a particle after its first character: a verb and its
    object are split when said ("住院" → 住了院, "生宝宝" → 生的宝宝, "离婚" → 离过婚)."""
    if not _CJK.fullmatch(phrase):
        return re.compile(re.escape(phrase))
    return re.compile(re.escape(phrase[0]) + f"[{_PARTICLE}]?" + re.escape(phrase[1:]))


def phrase_positions(text: str, phrase: str) -> list[int]:
    """Where ``phrase`` occurs in ``text`` (also split by a particle, see ``gapped``) and is not
    negated (不用寄, 没办过 is its own phrase)."""
    return [
        m.start()
        for m in gapped(phrase).finditer(text)
        if not _NEGATION.search(text[max(0, m.start() - 2) : m.start()])
        and not denied_at(text, m.start(), m.end())
        and not _inside_number(text, m.start(), m.end())
    ]


def _inside_number(text: str, start: int, end: int) -> bool:
    """Whether a phrase that starts or ends with a digit ("120") is part of a longer number there
    (a phone number 13867451209 calls no ambulance)."""
    return (text[start].isdigit() and start > 0 and text[start - 1].isdigit()) or (
        text[end - 1].isdigit() and end < len(text) and text[end].isdigit()
    )


@lru_cache(maxsize=8192)
def _forms(phrase: str) -> tuple[str, ...]:
    """A synonym as written and normalised: callers pass normalised text, where 第一次 is 第1次 and
    一个人 is 1个人 (normalising every phrase of every option on every message cost a fill ~1 ms)."""
    return tuple(dict.fromkeys((phrase, normalize(phrase))))


def value_mentions(text: str, values: list[str]) -> list[tuple[int, int, str]]:
    """(start, phrase length, value) for every synonym of ``values`` the text states."""
    words = slot_words().values
    out: list[tuple[int, int, str]] = []
    for value in values:
        for phrase in words.get(value, ()):
            for form in _forms(phrase):
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
    return _entities(text, local_today())  # the citizen's day (Beijing), not the host's


@lru_cache(maxsize=64)
def _entities(text: str, today: date) -> tuple[Entity, ...]:
    return tuple(e for e in extract(text, today) if not (e.type == "name" and _NICKNAME.search(text[: e.start])))


_NICKNAME = re.compile(r"(?:小名|乳名|外号|绰号|昵称|网名|小号)(?:叫|是|叫做)?\s*$")
"""A name the family or friends use ("小名叫豆豆"): it goes on no form, which wants the legal name."""
