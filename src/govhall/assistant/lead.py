"""The sentence a policy answer leads with, chosen again for the citizen's exact question.

The policy library leads with the clause it ranked best for the whole question; for "产假一共多少天"
that can be an add-on rule ("生育多胞胎的，…增加产假15天") rather than the base figure, and for
"要是难产呢" it must be the 难产 clause. The assistant knows the words the citizen asked with, so it
re-ranks the quoted clauses: shared content words first, a conditional clause ("X的，…") only when
the question states its condition, a figure when the question asks for one.
"""

from __future__ import annotations

import re

from govhall.assistant._cues import word_cue
from govhall.text import normalize

_QUOTED = re.compile(r"规定：(.+?)。\[\d+\]")
_CLAUSE = re.compile(r"[^；。]+")
_CONDITION = re.compile(r"^(?:[^，]{1,20}?)的，|^(?:如|若|如果|凡)")
_FIGURE_ASKED = word_cue("lead", "figure_asked")
_FILLER = re.compile(r"[的了吗呢吧啊呀嘛么是有在和与及或要想请问我你他她它这那就都也还一共总共多少几个什么怎么]")


def _bigrams(text: str) -> set[str]:
    core = _FILLER.sub(" ", normalize(text))
    return {core[i : i + 2] for i in range(len(core) - 1) if " " not in core[i : i + 2]}


def _score(question: set[str], figure_asked: bool, clause: str) -> float:
    shared = len(question & _bigrams(clause))
    score = float(shared)
    condition = _CONDITION.match(clause)
    if condition and not question & _bigrams(condition.group(0)):
        score -= 1.5  # a rule for a case the citizen did not mention
    if figure_asked and re.search(r"\d", clause):
        score += 0.5
    return score


def lead_for(question: str, answer: str, sentence: str) -> str:
    """``answer`` led by the quoted clause that answers ``question`` best; unchanged unless the
    current lead ``sentence`` is itself one of the quoted clauses (a computed figure stays first)."""
    if not sentence or not answer.startswith(sentence):
        return answer
    clauses: list[str] = [c.strip() for quote in _QUOTED.findall(answer) for c in _CLAUSE.findall(quote) if c.strip()]
    lead = sentence.rstrip("。；")
    if lead not in clauses:
        return answer
    asked = _bigrams(question)
    figure = bool(_FIGURE_ASKED.search(question))
    best = max(clauses, key=lambda c: (_score(asked, figure, c), c == lead))
    if best == lead or _score(asked, figure, best) <= _score(asked, figure, lead):
        return answer
    return best + "。" + answer[len(sentence) :].lstrip("。")
