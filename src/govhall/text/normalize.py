"""Normalisation of citizen text, with a map back to the original characters.

Citizens type full-width digits, traditional characters, spoken numbers (一三九一二三四五六七八,
三千五百, 3.5万) and numbers broken by spaces or dashes (139 1234 5678). Entity recognisers work
on one canonical form, but callers need spans in the text the citizen actually typed, so every
rewrite here records, for each output character, the original range it came from.

Passes, in order (each keeps the offset map):

1. full-width → half-width, odd spaces and dashes → ASCII (one character for one);
2. traditional → simplified with OpenCC ``t2s`` (one for one when lengths agree, else per character);
3. Chinese numerals → Arabic where they are numbers: digit strings read aloud (≥ 3 digits, or next
   to Arabic digits), numbers with units (三千五百 → 3500, 两千 → 2000), and numerals followed by a
   date or quantity unit (十月 → 10月, 七号 → 7号); names such as 张三 are left alone;
4. Arabic numbers with 万/亿/千 → plain numbers (3.5万 → 35000);
5. separators inside long digit groups removed (139 1234 5678 → 13912345678, and a mobile's
   3-4-4 groups with dots, slashes or commas: 139.1234.5678), but not in dates (2023-03-07) or
   between two whole numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cn2an
import opencc

from govhall.text.validators import is_valid_id_card, luhn_valid

__all__ = ["NormalizedText", "clean_characters", "normalize", "normalize_text", "normalize_with_map"]

_WIDTH_TABLE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,
        0x2002: 0x20,
        0x2003: 0x20,
        0x2009: 0x20,
        0x202F: 0x20,
        0xFFE5: ord("¥"),  # full-width yen/yuan sign
        0x2010: ord("-"),
        0x2011: ord("-"),
        0x2012: ord("-"),
        0x2013: ord("-"),
        0x2212: ord("-"),
    }
)
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]+")
# An em dash between digits is a phone's or a number's hyphen (0731—84567890); elsewhere it is
# Chinese punctuation (——海燕) and stays.
_DIGIT_DASH = re.compile("(?<=[0-9])\u2014(?=[0-9])")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9, "洞": 0})
_CN_UNITS = frozenset("十百千万亿")
# A numeral run starts with a digit or 十 (百/千/万 alone at the start are words: 千万, 万一, 百姓).
# 洞 is 0 in digits read out over a radio or a phone (幺五八洞洞洞洞幺二三四), inside a run only: 洞口,
# 山洞 and 漏洞 open with it or have no numeral before it.
_CN_RUN = re.compile("[〇零一幺二两三四五六七八九十][〇零一幺二两三四五六七八九十百千万亿洞]*")
# Units after which a lone numeral is a number (三月, 七号, 两个, 五岁, 三天) rather than part of a word.
_NUMBER_FOLLOWERS = frozenset("年月日号岁元块个天周楼栋层室组次期")
# 3.5万, 2万5千, 3千5百, 1万2, 5百元, 8k: Arabic numbers with descending units, and a spoken tail digit.
# A k or w after a letter's group is a plate's character (苏E 7K 5M2), not thousands.
# A space may stand before 万/亿 (20 万元), and 零 before the last group (1万零500, 3千零5).
_ARABIC_MULTIPLIED = re.compile(
    r"(?<![0-9.])(?:[0-9]{1,8}(?:\.[0-9]{1,4})?(?: ?万| ?亿|[千百]万|千|仟)(?:[0-9]{1,4}(?:千|仟|百|佰|十)){0,3}"
    r"|[0-9]{1,8}(?:\.[0-9]{1,4})?[百佰](?=[元块])|(?<![A-Za-z])(?<![A-Za-z]\s)[0-9]{1,8}(?:\.[0-9]{1,4})?(?<=[0-9])[wWkK](?![A-Za-z]))"
    r"(?:零[0-9]{1,3}|[0-9]{0,4})(?![0-9米克瓦伏])"
)
_UNIT_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?(百万|千万|万|亿|千|仟|百|佰|十|[wWkK])")
# 20多万, 3万余, 30来万: an approximate number of ten-thousands; the approximation word moves
# after the number (200000多), where the amount recogniser reads it as 3000多元.
# 1点5万, 2点5元: a spoken decimal point between Arabic digits before 万/亿 or a money unit.
_ARABIC_POINT = re.compile("(?<![0-9])([0-9]{1,8})点([0-9]{1,4})(?=万|亿|元|块)")
_APPROX_MULTIPLIED = re.compile(r"(?<![0-9.])([0-9]{1,8}(?:\.[0-9]{1,4})?)(多|余|来)(万|亿)(?![0-9])")
_MULTIPLIERS = {
    "十": 10,  # "2万3十" as _ARABIC_MULTIPLIED may match it; without it such text raised KeyError
    "百": 100,
    "佰": 100,
    "千": 1_000,
    "仟": 1_000,
    "万": 10_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
    "w": 10_000,
    "W": 10_000,
    "k": 1_000,
    "K": 1_000,
}
# Financial numerals (壹贰叁…) are numbers only as a whole amount before its unit (贰万叁仟元整).
# 三点五万, 一千二百三十四点五元: a spoken decimal is a number before 万/亿 or a money unit.
_CN_DECIMAL = re.compile("([零一二两三四五六七八九十百千]+点[零一二三四五六七八九]+)(?:(万|亿)|(?=[元块]))")
_CAPITAL_RUN = re.compile("[壹贰叁肆伍陆柒捌玖拾][零壹贰叁肆伍陆柒捌玖拾佰仟万亿]*(?=[元圆块角])")
_DIGIT_GROUPS = re.compile(r"(?<![0-9])[0-9]{1,8}(?:[ \-]{1,2}[0-9]{1,8})+(?:[ \-]?[Xx])?(?![0-9])")
_SEPARATORS = re.compile(r"[ \-]")
# 139.1234.5678, 139_1234_5678, 139/1234/5678, 139，1234，5678, and one group a line (a chat's
# lines): a mobile in its 3-4-4 groups with the same separator twice, which no amount, date or
# decimal has.
_MOBILE_GROUPS = re.compile(
    r"(?<![0-9.,])(1[3-9][0-9])([._/,] ?| ?\r?\n ?|- ?\r?\n ?)([0-9]{4})\2([0-9]{4})(?![0-9]|[.,][0-9])"
)
# An ID or a card number broken over lines (330106\n19880606\n3323, 6222 0244\n0112 3456 788: a
# form's narrow field or a chat's lines): joined only where the whole is a valid ID (check digit)
# or a card (Luhn), which a column of amounts or dates is not.
_LINE_GROUPS = re.compile(
    r"(?<![0-9])[0-9]{2,8}(?:[ \-]{1,2}[0-9]{1,8})*"
    r"(?:[ \-]?\r?\n[ \t]*[0-9]{1,8}(?:[ \-]{1,2}[0-9]{1,8})*){1,3}[Xx]?(?![0-9])"
)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised text plus, per character, the original ``[start, end)`` it came from."""

    text: str
    original: str
    starts: list[int]
    ends: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised ``[start, end)`` (empty spans map to a point)."""
        if start >= end:
            point = self.starts[start] if start < len(self.starts) else len(self.original)
            return point, point
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=1)
def _t2s() -> Any:
    """The OpenCC converter; built once because loading its dictionaries takes milliseconds."""
    return opencc.OpenCC("t2s")


def _rewrite(
    state: NormalizedText, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None]
) -> NormalizedText:
    """Apply ``replace`` to every match of ``pattern``, keeping the offset map.

    ``replace`` returns the new text for a match or None to keep it. A replacement of the same
    length, or one that only takes characters out, maps character by character; otherwise every
    new character maps to the whole match.
    """
    text = state.text
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        new = replace(match)
        a, b = match.span()
        if new is None or new == text[a:b]:
            continue
        pieces.append(text[pos:a])
        starts.extend(state.starts[pos:a])
        ends.extend(state.ends[pos:a])
        pieces.append(new)
        kept = _kept_positions(text[a:b], new)
        if kept is not None:
            starts.extend(state.starts[a + i] for i in kept)
            ends.extend(state.ends[a + i] for i in kept)
        else:
            starts.extend([state.starts[a]] * len(new))
            ends.extend([state.ends[b - 1]] * len(new))
        pos = b
    if not pieces:
        return state
    pieces.append(text[pos:])
    starts.extend(state.starts[pos:])
    ends.extend(state.ends[pos:])
    return NormalizedText("".join(pieces), state.original, starts, ends)


def _kept_positions(old: str, new: str) -> list[int] | None:
    """Where each character of ``new`` stands in ``old`` when ``new`` is ``old`` less some characters
    (a digit group's spaces and dashes taken out: 139 1234 5678 → 13912345678), else None.

    Such a replacement maps character by character, so that a number found in it maps back to its
    own digits: mapped to the whole match, a phone joined beside an ID (139 1234 5678 110105…) took
    the ID's digits into its span, and a landline took its extension (010-6235 8841-217), which the
    mask then dropped from the text."""
    if len(new) == len(old):
        return list(range(len(old)))
    if len(new) > len(old):
        return None
    kept: list[int] = []
    i = 0
    for char in new:
        i = old.find(char, i)
        if i < 0:
            return None
        kept.append(i)
        i += 1
    return kept


def _to_simplified(text: str) -> str:
    """Traditional → simplified, guaranteed to keep the length (so offsets stay one for one).

    Characters that are simplified characters of their own are kept where the converter's phrase
    table would change them: 沈 is the surname (and 沈阳), which ``t2s`` turns into 沉 before some
    given names (沈思, 沈香, 沈默), and a name changed there is a name no rule or model reads.
    """
    converter = _t2s()
    converted: str = converter.convert(text)
    if len(converted) == len(text):
        if "沈" in text:
            return "".join(old if old in _KEPT else new for old, new in zip(text, converted, strict=True))
        return converted
    out = []
    for ch in text:
        one: str = converter.convert(ch)
        out.append(one if len(one) == 1 else ch)
    return "".join(out)


# Simplified characters that the traditional → simplified phrase table changes in some words (see
# _to_simplified); each must also be tested for in _to_simplified's cheap check.
_KEPT = frozenset("沈")


def clean_characters(text: str) -> str:
    """Only the one-for-one passes (half-width, simplified): the citizen's words, numbers as written."""
    return _to_simplified(text.translate(_WIDTH_TABLE))


def _format_number(value: float) -> str:
    """A number as the digits a citizen would write (no trailing .0)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.10g}"


def _chinese_numeral(match: re.Match[str]) -> str | None:
    """Arabic form of a Chinese numeral run, or None where the run is a word (张三, 一起, 十分)."""
    run = match.group()
    text = match.string
    after = text[match.end()] if match.end() < len(text) else ""
    before = text[match.start() - 1] if match.start() > 0 else ""
    if "洞" in run and (len(run) < 5 or any(ch in _CN_UNITS for ch in run)):
        return None  # spoken digits come in a long run (a phone's eleven); 一洞, 十洞 are words
    if not any(ch in _CN_UNITS for ch in run):
        next_to_digits = (after.isascii() and after.isdigit()) or (before.isascii() and before.isdigit())
        # A lone numeral beside digits is a word (卡号…1234一张), two or more are spoken digits.
        if len(run) >= 3 or (len(run) == 2 and (next_to_digits or after == "年")):
            return "".join(str(_CN_DIGITS[ch]) for ch in run)
        # 3500一个月 is 3500 a month: a lone numeral right after digits would run into them.
        if (
            len(run) == 1
            and after in _NUMBER_FOLLOWERS
            and run not in "幺"
            and not (before.isascii() and before.isdigit())
        ):
            return str(_CN_DIGITS[run])
        return None
    approximate = after in "多余来" and text[match.end() + 1 : match.end() + 2] in ("万", "亿")  # 十来万
    if len(run) == 1 and after not in _NUMBER_FOLLOWERS and not approximate:
        return None  # 十字路口, 十分感谢
    value = _cn2an(run)
    if value is not None:
        return value
    # 三千五一个月: the numeral ran into the next word's 一; read the longest prefix that parses.
    for cut in range(len(run) - 1, 1, -1):
        if run[cut - 1] in _CN_UNITS or run[cut] not in "一两":
            continue
        value = _cn2an(run[:cut])
        if value is not None:
            return value + run[cut:]
    return None


def _cn2an(run: str) -> str | None:
    """Arabic digits for a Chinese numeral (大写 financial forms included), or None."""
    try:
        value = cn2an.cn2an(run, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return _format_number(float(value))


def _decimal_numeral(match: re.Match[str]) -> str | None:
    value = _cn2an(match.group(1))
    if value is None:
        return None
    return _format_number(float(value) * _MULTIPLIERS[match.group(2)]) if match.group(2) else value


def _capital_numeral(match: re.Match[str]) -> str | None:
    """贰万叁仟元: the financial (大写) numerals written on receipts and contracts, before a unit."""
    return _cn2an(match.group())


def _arabic_multiplied(match: re.Match[str]) -> str | None:
    """3.5万 → 35000, 2万5000 → 25000, 2万5千 → 25000, 3千5 → 3500, 5千 → 5000, 8k → 8000."""
    text = match.group()
    value = 0.0
    last = 0
    pos = 0
    for part in _UNIT_PART.finditer(text):
        if part.start() != pos:
            return None
        multiplier = _MULTIPLIERS[part.group(2)]
        if last and multiplier >= last:
            return None  # units must descend (2万5千, not 5千2万)
        value += float(part.group(1)) * multiplier
        last, pos = multiplier, part.end()
    tail = text[pos:]
    if tail.startswith("零"):
        if int(tail[1:]) * 10 >= last:
            return None  # 1万零50000 is no number
        value += int(tail[1:])
    elif tail:
        if len(tail) == 1 and last >= 100:
            value += int(tail) * last // 10  # 3万5 = 35000, 3千5 = 3500 in speech
        elif len(tail) == 4 and last == 10_000:
            value += int(tail)  # 2万5000
        else:
            return None
    return _format_number(value)


def _arabic_point(match: re.Match[str]) -> str:
    """1点5万 → 1.5万 (same length, so the offsets stay one for one)."""
    return f"{match.group(1)}.{match.group(2)}"


def _approx_multiplied(match: re.Match[str]) -> str:
    """20多万 → 200000多: the approximation word after the whole number."""
    return _format_number(float(match.group(1)) * _MULTIPLIERS[match.group(3)]) + match.group(2)


def _join_mobile(match: re.Match[str]) -> str:
    return match.group(1) + match.group(3) + match.group(4)


def _join_lines(match: re.Match[str]) -> str | None:
    if "\n" not in match.group():
        return None  # one line: the digit groups' own pass
    digits = re.sub(r"[^0-9Xx]", "", match.group())
    if len(digits) == 18 and is_valid_id_card(digits.upper()):
        return digits.upper()
    if 16 <= len(digits) <= 19 and digits.isdigit() and luhn_valid(digits) and digits[0] in "3456":
        return digits
    return None


_NUMBER_LENGTHS = frozenset({10, 11, 12, 15, 16, 17, 18, 19})
_LIKELY_LENGTHS = frozenset({11, 12, 16, 18, 19})  # mobile, landline, card, ID, card
# 11 or 12 digits are a mobile (1…) or a landline with its area code (0…); a chunk of that size that
# opens with 2–9 is a local number and its extension (62345678-206), which joined would read as
# neither and hide the landline from every recogniser.
_PHONE_SIZED = frozenset({11, 12})


_AREA_CODE = re.compile("0(?:10|2[0-9]|[3-9][0-9]{2})")


def _landline_extension(groups: list[str]) -> int:
    """How many leading groups make a landline that an extension follows (0731-84412976-8011,
    0571 8888 6666 802: an area code, a local number of 7 or 8 digits opening with 2–9, then a
    group of one to five digits), or 0. Joined with its extension the landline would read as a
    15- or 16-digit number, which no reader takes."""
    if len(groups) < 3 or not _AREA_CODE.fullmatch(groups[0]):
        return 0
    size = 0
    for i in range(1, len(groups) - 1):
        size += len(groups[i])
        if size > 8:
            return 0
        if size >= 7:
            tail = groups[i + 1 :]
            return i + 1 if groups[1][0] in "23456789" and len(tail) == 1 and len(tail[0]) <= 5 else 0
    return 0


def _join_digit_groups(match: re.Match[str]) -> str | None:
    """Remove spaces/dashes inside grouped numbers; leave dates and whole numbers apart.

    ``139 1234 5678 110105 19800307 1234`` holds a phone and an ID: the groups are split into
    consecutive chunks whose lengths fit a phone, landline, card or ID (10–19 digits), choosing
    the split that joins the most groups, and only the separators inside a chunk are removed.
    """
    parts = re.split(r"([ \-]+)", match.group())
    groups, seps = parts[0::2], parts[1::2]
    if groups[-1] in ("X", "x") and len(groups) > 1:  # 123 X: the check character of an ID
        groups[-2:] = [groups[-2] + groups[-1]]
        seps = seps[:-1]
    extension = _landline_extension(groups)
    if extension:
        # 0731-84412976-8011: the landline joined, its extension left apart (joined, 16 digits
        # read as no number at all)
        return "".join(groups[:extension]) + "".join(
            sep + group for sep, group in zip(seps[extension - 1 :], groups[extension:], strict=True)
        )
    count = len(groups)
    # best[i] = (groups joined, likely-length chunks, -chunks) over the first i groups;
    # back[i] = where the last chunk of that split starts
    best: list[tuple[int, int, int]] = [(0, 0, 0)] + [(-1, 0, 0)] * count
    back = [0] * (count + 1)
    for i in range(1, count + 1):
        for j in range(i - 1, -1, -1):
            size = sum(len(g) for g in groups[j:i])
            if size > 19:
                break
            if i - j > 1 and (size not in _NUMBER_LENGTHS or (size in _PHONE_SIZED and groups[j][0] not in "01")):
                continue
            joined, likely, parts_so_far = best[j]
            if joined < 0:
                continue
            merged = i - j > 1
            candidate = (
                joined + (i - j if merged else 0),
                likely + int(merged and size in _LIKELY_LENGTHS),
                parts_so_far - 1,
            )
            if candidate > best[i]:
                best[i], back[i] = candidate, j
    if best[count][0] <= 0:
        return None
    chunks: list[tuple[int, int]] = []
    i = count
    while i > 0:
        chunks.append((back[i], i))
        i = back[i]
    chunks.reverse()
    out = []
    for n, (j, i) in enumerate(chunks):
        if n:
            out.append(seps[j - 1])
        out.append("".join(groups[j:i]))
    return "".join(out)


# The number passes in their order, shared by :func:`normalize_text` (with the offset map) and
# :func:`normalize` (without): each a pattern, its replacement (None keeps a match) and a character
# the text must hold for the pass to run (None: always).
_NUMBER_PASSES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None], str | None], ...] = (
    (_CAPITAL_RUN, _capital_numeral, None),
    (_CN_DECIMAL, _decimal_numeral, None),
    (_CN_RUN, _chinese_numeral, None),
    (_ARABIC_POINT, _arabic_point, None),
    (_APPROX_MULTIPLIED, _approx_multiplied, None),
    (_ARABIC_MULTIPLIED, _arabic_multiplied, None),
    (_MOBILE_GROUPS, _join_mobile, None),
    (_LINE_GROUPS, _join_lines, "\n"),
    (_DIGIT_GROUPS, _join_digit_groups, None),
)


def normalize_text(text: str) -> NormalizedText:
    """Normalise ``text`` and keep the map back to it (see the module docstring for the passes)."""
    n = len(text)
    state = NormalizedText(text, text, list(range(n)), list(range(1, n + 1)))
    if not text:
        return state
    width = text.translate(_WIDTH_TABLE)
    state = NormalizedText(_to_simplified(width), text, state.starts, state.ends)
    if _ZERO_WIDTH.search(state.text):
        state = _rewrite(state, _ZERO_WIDTH, lambda m: "")
    if "\u2014" in state.text:
        state = _rewrite(state, _DIGIT_DASH, lambda m: "-")
    for pattern, replace, needle in _NUMBER_PASSES:
        if needle is None or needle in state.text:
            state = _rewrite(state, pattern, replace)
    return state


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original character.

    The list has one extra last entry, ``len(text)``, so ``offsets[end]`` is a valid original end
    for a span that ends at a chunk boundary.
    """
    state = normalize_text(text)
    return state.text, [*state.starts, len(text)]


def _sub(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None], text: str) -> str:
    """``pattern.sub`` with a ``replace`` that returns None to keep a match (as :func:`_rewrite`)."""

    def one(match: re.Match[str]) -> str:
        new = replace(match)
        return match.group() if new is None else new

    return pattern.sub(one, text)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Canonical form of ``text``: half-width, simplified, numbers in Arabic digits without gaps.

    The same passes as :func:`normalize_text` without the offset map, which bulk callers (opinion
    import, duplicate hashing, model features) never read and which was most of the cost. Recent
    results are remembered: a batch pipeline normalises the same post in several stages (masking,
    hashing, the sentiment model's features, routing).
    """
    if not text:
        return text
    out = _to_simplified(text.translate(_WIDTH_TABLE))
    if _ZERO_WIDTH.search(out):
        out = _ZERO_WIDTH.sub("", out)
    if "\u2014" in out:
        out = _DIGIT_DASH.sub("-", out)
    for pattern, replace, needle in _NUMBER_PASSES:
        if needle is None or needle in out:
            out = _sub(pattern, replace, out)
    return out
