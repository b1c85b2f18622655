"""Numbers as citizens say them, after ``govhall.text.normalize`` has written the big parts as digits.

``normalize`` turns "一万二千三百四十" into 12340 but leaves what follows 块/点 in words
("12340块六毛", "89点五平"). Money is read by ``govhall.text``'s amount recogniser (the one parser
of 块/毛/角/分) and written back as a plain figure, so that the slot filler's number patterns see
"一共花了一万二千三百四十块六毛" as 12340.6元; a decimal point said aloud ("89点五平") is written
as one here, since it is no amount. Durations are :mod:`govhall.text.durations`.
"""

from __future__ import annotations

import re

from govhall.text.identifiers import find_amounts

__all__ = ["CN_DIGITS", "small_number", "spoken_decimals"]

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
"""A digit word up to ten and its value: what a count or a place is said with ("后四位", "第二个", "选第三项").
"""


def small_number(raw: str) -> int:
    """A count or a place said in digits or in words up to ninety-nine ("4", "十二", "二十三"): how
    many digits a correction names ("后四位"), which one ("倒数第二位"), which option ("第三个");
    0 for what is no such number."""
    if raw.isdigit():
        return int(raw)
    if raw.startswith("十"):
        return 10 + (CN_DIGITS.get(raw[1:], 0) if len(raw) > 1 else 0)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        return CN_DIGITS.get(tens, 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(raw, 0)


_DIGIT = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5"}
_DIGIT.update({"六": "6", "七": "7", "八": "8", "九": "9"})
_POINT = re.compile(r"(\d+)\s*点\s*([零〇一二两三四五六七八九\d]+)")
""""89点五" → 89.5 (a decimal point said aloud)."""
_IN_WORDS = re.compile(r"[块元]\s*[零〇一二两三四五六七八九\d]|毛|角")
"""An amount whose fraction is said in words ("块六毛", "块八", "3角2分")."""


def spoken_decimals(text: str) -> str:
    """``text`` (normalised) with decimals said in words written as digits: points said aloud, and
    amounts with their 毛/角/分 as the amount recogniser values them ("3107块八" → "3107.8元")."""
    text = _POINT.sub(lambda m: f"{m.group(1)}.{''.join(_DIGIT.get(c, c) for c in m.group(2))}", text)
    for hit in sorted(find_amounts(text), key=lambda h: h.start, reverse=True):
        if _IN_WORDS.search(text, hit.start, hit.end):
            text = f"{text[: hit.start]}{hit.value:g}元{text[hit.end :]}"
    return text
