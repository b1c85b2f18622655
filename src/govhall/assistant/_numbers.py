"""Numbers as citizens say them, after ``govhall.text.normalize`` has written the big parts as digits.

``normalize`` turns "一万二千三百四十" into 12340 but leaves what follows 块/点/零 in words
("12340块六毛", "89点五平", "3年零五个月"); these helpers finish the job for amounts, areas and
durations, so that "一共花了一万二千三百四十块六毛" is 12340.6 and "三年零五个月" is 41 months.
"""

from __future__ import annotations

import re

__all__ = ["months", "spoken_decimals"]

_DIGIT = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5"}
_DIGIT.update({"六": "6", "七": "7", "八": "8", "九": "9"})
_D = r"[零〇一二两三四五六七八九\d]"
_POINT = re.compile(rf"(\d+)\s*点\s*({_D}+)")
""""89点五" → 89.5 (a decimal point said aloud)."""
_CENTS = re.compile(
    rf"(\d+)\s*(?:块|元)\s*(?:零\s*({_D})\s*分|({_D})\s*(?:毛|角)\s*(?:({_D})\s*分?)?|({_D})(?![\d零〇一二两三四五六七八九万千百十个年月日号]))"
)
""""12340块六毛" → 12340.6元, "35块零五分" → 35.05元, "3107块八" → 3107.8元, "5块3角2分" → 5.32元."""


def _digit(char: str | None) -> str:
    return "" if char is None else _DIGIT.get(char, char)


def spoken_decimals(text: str) -> str:
    """``text`` (normalised) with decimals said in words written as digits."""
    text = _POINT.sub(lambda m: f"{m.group(1)}.{''.join(_digit(c) for c in m.group(2))}", text)

    def cents(match: re.Match[str]) -> str:
        yuan, fen_only, jiao, fen, bare = match.groups()
        if fen_only is not None:
            return f"{yuan}.0{_digit(fen_only)}元"
        if jiao is not None:
            return f"{yuan}.{_digit(jiao)}{_digit(fen)}元"
        return f"{yuan}.{_digit(bare)}元"

    return _CENTS.sub(cents, text)


_YEARS_MONTHS = re.compile(r"(?<![\d.])(\d{1,2})\s*年\s*(?:零|又)?\s*(\d{1,2})\s*个?月")
_YEARS_HALF = re.compile(r"(?<![\d.])(\d{1,2})\s*年半|(?<![\d年])半年")
_MONTHS = re.compile(r"(?<![\d.])(\d{1,3})\s*个月")
_YEARS = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:周)?年(?:整|多|左右)?(?![\d.]|\s*\d{1,2}\s*[月日号])")
_PAID_CUE = re.compile(r"交|缴|参保|社保|保险|年限|工龄|视同")


def months(text: str, *, answer: bool) -> int | None:
    """A duration in months for a 月数 field: "3年零5个月" → 41, "1年半" → 18, "22年整" → 264,
    "36个月" → 36. Bare years count when ``answer`` (the reply to the field's own question) or when
    their clause says it is a contribution ("交了5年", "缴费年限20年"); a calendar year never does."""
    if found := _YEARS_MONTHS.search(text):
        return int(found.group(1)) * 12 + int(found.group(2))
    if found := _YEARS_HALF.search(text):
        return int(found.group(1)) * 12 + 6 if found.group(1) else 6
    for clause in re.split(r"[，。,;；！!？?\n]", text):
        if (answer or _PAID_CUE.search(clause)) and (found := _YEARS.search(clause)):
            return int(found.group(1)) * 12
    found = _MONTHS.search(text)
    return int(found.group(1)) if found else None
