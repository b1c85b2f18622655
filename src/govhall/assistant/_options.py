"""Enum options chosen from an answer by what sets them apart, when no option name or synonym is said.

An option's distinctive parts are the two-character pieces of its text that no other option has
(企业职工基本养老保险 → 企业, 职工; 养老 is shared and names neither), so "公司交的职工养老" chooses
it without a word table. Of two options, denying one ("不要补贴", "别寄") chooses the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govhall.assistant._words import synonym_value
from govhall.text import tokenize

__all__ = ["distinct_option", "the_other_option"]


def _option_parts(values: Sequence[str]) -> dict[str, set[str]]:
    """Each option's distinctive two-character parts: those no other option contains (企业职工基本
    养老保险 → 企业, 职工…; 养老 and 保险 are shared with 城乡居民基本养老保险 and name neither)."""
    grams = {v: {v[i : i + 2] for i in range(len(v) - 1) if _CJK_PAIR.fullmatch(v[i : i + 2])} for v in values}
    return {v: {g for g in own if not any(g in other for other in values if other != v)} for v, own in grams.items()}


_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def _said(gram: str, option: str, words: Sequence[str]) -> bool:
    """Whether the answer (cut into ``words``) says the option's part ``gram`` as the option means it:
    the answer's word that holds it must be part of the option or hold the option's own word —
    "手动挡" holds 动挡 of 小型自动挡汽车 but is another word, "公司交的职工养老" says 职工 as
    企业职工基本养老保险 does. A part that spans two of the answer's words counts as before."""
    holding = [w for w in words if gram in w]
    if not holding:
        return True
    own = [w for w in tokenize(option) if gram in w]
    return any(w in option or any(o in w for o in own) for w in holding)


def distinct_option(values: Sequence[str], text: str) -> str | None:
    """The one option whose distinctive parts the answer states, when no other option's are stated."""
    words = tokenize(text)
    hits = {v: sum(1 for g in parts if g in text and _said(g, v, words)) for v, parts in _option_parts(values).items()}
    stated = [v for v, n in hits.items() if n]
    return stated[0] if len(stated) == 1 else None


def the_other_option(values: Sequence[str], said: str, affirmed: str) -> str | None:
    """Of two options, the one an answer leaves when it denies the other ("不要补贴", "别寄") and
    states neither: the denied words' first character found in one option only names that option."""
    if len(values) != 2 or said == affirmed:
        return None
    if synonym_value(affirmed, list(values)) or distinct_option(values, affirmed):
        return None
    named: set[str] = set()
    for denial in re.finditer(r"(?:不用|不要|不是|不想|不去|不需要|不必|无需|别)([^，。,;；]*)", said):
        owners = next((o for ch in denial.group(1) if len(o := [v for v in values if ch in v]) == 1), [])
        named.update(owners)
    return next(v for v in values if v not in named) if len(named) == 1 else None
