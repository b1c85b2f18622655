"""Enum options chosen from an answer by what sets them apart, when no option name or synonym is said.

An option's distinctive parts are the two-character pieces of its text that no other option has
(企业职工基本养老保险 → 企业, 职工; 养老 is shared and names neither), so "公司交的职工养老" chooses
it without a word table. Of two options, denying one ("不要补贴", "别寄") chooses the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from govhall.assistant._cues import word_cue
from govhall.assistant._numbers import small_number
from govhall.assistant._words import synonym_value
from govhall.text import tokenize
from govhall.text.durations import durations

__all__ = [
    "all_nested",
    "distinct_option",
    "listed_pick",
    "numbered_choices",
    "numbered_pick",
    "option_by_months_left",
    "the_other_option",
    "uncounted",
]


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
    parts = _option_parts(values)
    hits = {v: sum(1 for g in own if uncounted(g, text) and _said(g, v, words)) for v, own in parts.items()}
    stated = [v for v, n in hits.items() if n]
    return stated[0] if len(stated) == 1 else None


def uncounted(gram: str, text: str) -> bool:
    """Whether ``text`` holds ``gram`` other than as a count: "两个人弄" counts people, it says no 个人
    (of 个人经营); a part that opens with a measure word after a numeral is the count's. One is no
    count here: "一个人干" is 个人经营."""
    return any(
        not (gram[0] in _MEASURES and _NUMERAL.match(text, max(m.start() - 1, 0)) and m.start() > 0)
        for m in re.finditer(re.escape(gram), text)
    )


_MEASURES = "个位名口"
_NUMERAL = re.compile(r"[02-9两三四五六七八九十几俩]")


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


_ORDINAL = re.compile(
    r"^(?:就|那就|我)?(?:选|要|是|选择|挑)?(?:第)?\s*([1-9]|1[0-9]|[一二两三四五六七八九十]|十[一二三四五六七八九])\s*"
    r"(?:个|项|条|种|号|点)?(?:吧|啊|呀|的|那个|那项|这个)?$"
)
_LAST = re.compile(r"^(?:就|那就|我)?(?:选|要|是)?(?:最后一个|最后那个|最后一项|倒数第一个?)(?:吧|啊|呀)?$")


def numbered_choices(title: str, options: Sequence[str]) -> str:
    """A question that lists ``options`` one per line with numbers, for a field asked before without
    an answer any option fitted: a citizen who described the case in their own words is not asked
    the same question again, but can now reply "2", "第二个" or a few words of the option."""
    lines = "\n".join(f"{n}. {option}" for n, option in enumerate(options, 1))
    return f"请选择{title}，回复序号（如“1”）或选项里的几个字即可：\n{lines}"


def listed_pick(text: str, options: Sequence[str]) -> str | None:
    """The option a reply to a listed question picks: by its number ("2", "第二个", "选三"), as the
    last one ("最后一个"), named whole, or by a part that only one option has ("摩托" of 普通二轮
    摩托车 when no other option holds it; "二轮" of it when another holds 摩托)."""
    core = _bare(text)
    if not core or not options:
        return None
    if (numbered := numbered_pick(text, options)) is not None:
        return numbered
    whole = [o for o in options if o in core]
    if whole:
        return max(whole, key=len) if len(whole) == 1 or all_nested(whole) else None
    inside = [o for o in options if len(core) >= 2 and core in o]
    if len(inside) == 1:
        return inside[0]
    return distinct_option(options, core)


def numbered_pick(text: str, options: Sequence[str]) -> str | None:
    """The option a reply picks by its place in the list asked ("2", "第二个", "最后一个"); None
    when the reply is anything else or its number is not on the list."""
    core = _bare(text)
    if (ordinal := _ORDINAL.match(core)) is not None:
        raw = ordinal.group(1)
        number = small_number(raw)
        return options[number - 1] if 1 <= number <= len(options) else None
    return options[-1] if options and _LAST.match(core) else None


def _bare(text: str) -> str:
    return re.sub(r"[\s，。,.!！?？;；、“”\"']", "", text)


def all_nested(options: Sequence[str]) -> bool:
    """Whether every option named is part of the longest one ("住院" inside "住院治疗")."""
    longest = max(options, key=len)
    return all(o in longest for o in options)


_UNDER = re.compile(r"(?:不足|不到|少于|低于|未满)\s*(\d+)\s*个?月")
"""An option bounded by the months a document has left (换发（有效期不足6个月）)."""
_EXPIRY = word_cue("options", "expiry")
_LEFT_BEFORE = re.compile(r"(?:还有|还剩|只剩|剩下|剩|只有|就剩)\s*(?:不到|不足)?\s*$")
_UNDER_BEFORE = re.compile(r"(?:不到|不足)\s*$")
_EXPIRY_AFTER = re.compile(r"\s*(?:多)?\s*(?:就|才|后)?\s*(?:要)?(?:到期|过期|期满|失效)")
_SOME_MONTHS = re.compile(r"(?<![\d.])(\d{1,2})\s*个多月")
_DUE_MONTH = re.compile(
    r"(?:(\d{4})\s*年|(今年|明年|后年))?\s*(\d{1,2})\s*月(?:份)?(?:底|初|中)?\s*(?:就|才)?\s*(?:要)?(?:到期|过期|期满|失效)"
)
_YEAR_WORD = {"今年": 0, "明年": 1, "后年": 2}


def option_by_months_left(values: Sequence[str], norm: str, today: date) -> str | None:
    """The option whose bound the months left on a document are under ("护照明年三月到期，剩下不到
    半年了", "还有四个月就过期" → 换发（有效期不足6个月））: a number against the option's threshold
    decides, where no option word is said. ``norm``: normalised text."""
    bounded = [(v, int(m.group(1))) for v in values if (m := _UNDER.search(v))]
    if len(bounded) != 1 or not _EXPIRY.search(norm):
        return None
    option, bound = bounded[0]
    left = _months_left(norm, today)
    return option if left is not None and left < bound else None


def _months_left(norm: str, today: date) -> float | None:
    """The fewest months left that ``norm`` states: a length said as what remains or until expiry
    (不到 takes a little off), or the month of expiry counted from ``today``."""
    said: list[float] = []
    spans = [(d.months, d.start, d.end) for d in durations(norm)]
    spans += [(float(m.group(1)) + 0.5, m.start(), m.end()) for m in _SOME_MONTHS.finditer(norm)]
    for months, start, end in spans:
        before = norm[max(0, start - 6) : start]
        if _LEFT_BEFORE.search(before) or _EXPIRY_AFTER.match(norm, end):
            said.append(months - 0.5 if _UNDER_BEFORE.search(before) else months)
    for due in _DUE_MONTH.finditer(norm):
        month = int(due.group(3))
        if not 1 <= month <= 12:
            continue
        if due.group(1):
            year = int(due.group(1))
        elif due.group(2):
            year = today.year + _YEAR_WORD[due.group(2)]
        else:
            year = today.year + (1 if month < today.month else 0)
        said.append(float((year - today.year) * 12 + month - today.month))
    return min(said) if said else None
