"""Transliterated names joined by a middle dot (阿依古丽·买买提, 约翰·史密斯): where they start and end.

The dot marks the name, but not its ends: a greedy run of Han characters around it takes the words
before and after too (邻居阿依古丽·买买提想办营业执照), and the model tags one part only as often as
the whole (阿依古丽; 合曼 for 热合曼; 古丽米拉·阿不 for 古丽米拉·阿不都热依木). So the extent is read
from the segmenter's tokens, which keep an unknown transliteration together and known words
apart, and from the model's ``PER`` spans where it has any:

* before the dot, one or two tokens that are no dictionary words (热合|曼), and any the model
  puts in the name (努尔|艾力), but not a cue word glued to the first syllable (叫迪|丽努尔);
* after the dot, the first token, and more only where the model's span runs on, or where the
  clause ends within five characters with no particle or dictionary word between (艾合|买|提); a
  token that the model ends one particle short of (艾尼|说) is cut where the model ends.

Shared by extraction (:mod:`govhall.text.names`) and masking's recall rules (:mod:`govhall.text._recall`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import rjieba

from govhall.text.chars import HAN as _HAN
from govhall.text.ner import NerSpan

__all__ = ["dotted_names"]

_DOTS = "·•・"
_RUN = re.compile(rf"[{_HAN}]{{1,10}}(?:[{_DOTS}][{_HAN}]{{1,10}}){{1,2}}")
# Characters after a name that the segmenter may glue to its last part (艾尼说, 买提都).
_PARTICLES = frozenset("说都也的了和跟与在是就还又把被给让叫等们吗呢啊呀吧想要")
_MAX_BEFORE = 2
# One-character words before a name that the segmenter may glue to its first syllable (叫迪).
_CUE_CHARS = frozenset("叫是的和跟在给被让与我你他她说找对向")


def dotted_names(text: str, proposals: Sequence[NerSpan] = ()) -> list[tuple[int, int, bool]]:
    """``(start, end, seen)`` of each dotted name in ``text``; ``seen`` is True where a model
    ``PER`` span overlaps it (extraction reports only those; masking hides all)."""
    if not any(dot in text for dot in _DOTS):
        return []  # the common case, far cheaper than the pattern's scan
    found = []
    for run in _RUN.finditer(text):
        persons = [s for s in proposals if s.type == "PER" and s.start < run.end() and run.start() < s.end]
        found.append((*_extent(text, run, persons), bool(persons)))
    return found


def _extent(text: str, run: re.Match[str], persons: Sequence[NerSpan]) -> tuple[int, int]:
    first_dot = next(i for i in range(run.start(), run.end()) if text[i] in _DOTS)
    last_dot = max(i for i in range(run.start(), run.end()) if text[i] in _DOTS)
    model_start = min((s.start for s in persons), default=first_dot)
    model_end = max((s.end for s in persons), default=last_dot + 1)
    # Tokens of the run's left part, right to left, and of its right part, left to right.
    left = rjieba.cut(text[run.start() : first_dot])
    start = first_dot
    for n, token in enumerate(reversed(left)):
        if len(token) > 1 and token[0] in _CUE_CHARS:
            start -= len(token) - 1  # 我|叫迪|丽努尔: the segmenter glued the cue to the name
            break
        inside_model = start - len(token) < model_start < start or start - len(token) >= model_start
        if n >= _MAX_BEFORE and not inside_model:
            break
        if n and rjieba.has_word(token) and not inside_model:
            break
        start -= len(token)
    start = max(start, run.start())
    right = rjieba.cut(text[last_dot + 1 : run.end()])
    end = last_dot + 1
    if run.end() - end <= 6 and all(
        (len(token) == 1 and token not in _PARTICLES) or (len(token) > 1 and not rjieba.has_word(token))
        for token in right[1:]
    ):
        right = ["".join(right)]  # 阿卜杜热合曼·艾合|买|提 ending its clause: one name, however cut
    for n, token in enumerate(right):
        if n and end >= model_end:
            break
        if end < model_end == end + len(token) - 1 and text[model_end] in _PARTICLES:
            end = model_end  # 阿卜杜拉·艾尼|说: the model ends the name before the particle
            break
        end += len(token)
    while end - 1 > last_dot + 1 and text[end - 1] in _PARTICLES:
        end -= 1
    return start, end
