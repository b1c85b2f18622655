"""Clause-level rerank: a small logistic model over clause features picks the clause (and so the
article) that answers the question, among the sentences of the best retrieved articles.

Features (:func:`clause_features`): the clause's and its article's share of the question's keys, whether
the clause is the kind the question type asks for (a duration for 多久 …) and carries a figure, the
article's rank, fused score and dense similarity relative to the best hit, how much of the question
the law's title shares (topic agreement), the clause's position in its article and its length.
:func:`train_rerank` fits pairwise weights on a QA set whose key facts mark the answering clauses (a
clause of a gold article that states a key fact); a deployment with its own QA set may write them to
``data/rerank.json``, which :func:`load_model` then prefers. None is shipped: trained on one dev set
and tested on the other, the learned weights did not beat the composer's hand-set ones
(docs/benchmarks.md, issue 18), which use the same features. Round 8 added how close the clause is in
meaning (its paragraph's cosine, ``SearchHit.paragraph_dense``) and the article's rank by each side of
the search; ``benchmarks/bench_policies_rerank.py`` trains leave-one-set-out and runs the whole answer:
the model chose the answering clause more often on qa_dev8 (written apart) but stated fewer key facts
on four older sets than the hand weights, so none is shipped still.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from govhall.policies._bm25 import token_keys
from govhall.policies.qtypes import OTHER, asked_figure, locally_set, qtype_cues
from govhall.policies.search import SearchHit, expand_query
from govhall.text import normalize

__all__ = [
    "CANDIDATE_ARTICLES",
    "FEATURES",
    "Asked",
    "RerankModel",
    "asked_shape",
    "clause_features",
    "load_model",
    "train_rerank",
]

CANDIDATE_ARTICLES = 5
_FIGURE_TYPES = frozenset({"多久", "多少钱", "几岁", "几天内"})
_DIGIT = re.compile(r"\d")
FEATURES = (
    "shared",
    "shared_article",
    "cue",
    "figure",
    "cue_figure_type",
    "rank0",
    "rank1",
    "rank",
    "score_ratio",
    "dense_gap",
    "title_shared",
    "first_paragraph",
    "paragraph",
    "log_length",
    "lead_in",
    "locally_set",
    "condition",
    "bound",
    "other_group",
    "list_asked",
    "figure_asked",
    "clause_dense_gap",
    "clause_dense_best",
    "bm25_rank",
    "dense_rank",
)
# A citizen's "单位不给申请/老板不签/没交" is the law's conditional "用人单位未按前款规定提出…的，": a
# question about what happens when someone did not act is answered by the clause that starts with
# that condition, usually the second 款, not the first (which states the duty).
_NOT_DONE = re.compile(
    r"不给|没给|不帮|不肯|不签|没签|不交|没交|不缴|没缴|不办|不报|没报|不申请|没申请|不管|拒绝|拒不|不按|没按|拖着|逾期|不及时|没及时|不认"
)
_CONDITION = re.compile(r"(未|不|拒绝|拒不|逾期)[^，。；:：]{0,40}的[，,]")
# "最少/至少/下限" asks for a floor ("不得低于…5%"), "最多/最长/上限/最晚" for a ceiling ("最长不超过…").
_FLOOR_ASKED = re.compile(r"最少|最低|至少|起码|下限|保底")
_CEILING_ASKED = re.compile(r"最多|最长|最高|上限|封顶|顶多|最晚|最久")
# "提前多久" asks for a lead time: the clause that counts back from the date ("有效期满前90日内", "提前30日").
_AHEAD_ASKED = re.compile(r"提前|提早|早点|最早")
_AHEAD = re.compile(r"前\d+(个)?(日|天|工作日|个月|年)|提前\d+")
_FLOOR = re.compile(r"不得低于|不低于|不少于|最低|至少|以上")
_CEILING = re.compile(r"不得超过|不超过|最长|最高|最多|以内|为限|封顶")


# Groups of people a clause may be written for alone ("办理结婚登记的华侨应当出具…", "…国家工作人员…还应当
# 提交…"): a citizen who does not name the group asks about the general case, which the clause for the
# group does not answer (subject agreement). The groups the statutes single out by status, not any
# evaluation set's words.
_GROUPS = re.compile(
    r"华侨|外国人|香港居民|澳门居民|台湾居民|港澳台|定居国外|驻外|国家工作人员|公务员|现役军人|军人|"
    r"外交|公务护照|无国籍|境外"
)
# What the question must say for a group's clause to be about the asker (the group's own name or a
# word that implies it).
_GROUP_ASKED = re.compile(
    r"华侨|外国|老外|香港|澳门|台湾|港澳|国外|海外|出国定居|驻外|公务员|国家工作人员|干部|军人|当兵|部队|"
    r"外交|境外|无国籍"
)


@dataclass(frozen=True)
class Asked:
    """What the question's wording says about the answering clause beyond its keys."""

    not_done: bool
    floor: bool
    ceiling: bool
    group: bool = False  # the question names a group the statutes single out (华侨, 军人 …)
    ahead: bool = False  # the question asks how long before a date (提前多久)
    # the figure the question asks for, with its unit where it names one ("要等多少天" → N日); None when
    # it asks for no number
    figure: re.Pattern[str] | None = None


def asked_shape(question: str, qtype: str = OTHER) -> Asked:
    text = normalize(question)
    return Asked(
        bool(_NOT_DONE.search(text)),
        bool(_FLOOR_ASKED.search(text)),
        bool(_CEILING_ASKED.search(text)),
        bool(_GROUP_ASKED.search(text)),
        bool(_AHEAD_ASKED.search(text)),
        asked_figure(question, qtype),
    )


@dataclass(frozen=True)
class RerankModel:
    coef: npt.NDArray[np.float64]
    intercept: float

    def score(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(features @ self.coef + self.intercept, dtype=np.float64)


@lru_cache(maxsize=1)
def load_model() -> RerankModel | None:
    """The shipped weights (None when absent: the composer then uses its hand-set weights)."""
    path = resources.files("govhall.policies") / "data" / "rerank.json"
    if not path.is_file():
        return None
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw["features"]) != FEATURES:
        return None
    return RerankModel(np.asarray(raw["coef"], dtype=np.float64), float(raw["intercept"]))


def keys_of(text: str, *, query: bool = False) -> set[int]:
    return set(np.unique(token_keys(normalize(text), query=query)).tolist())


def clause_features(
    query: set[int],
    qtype: str,
    hits: Sequence[SearchHit],
    position: int,
    paragraph: int,
    sentence: str,
    article_keys: set[int],
    title_keys: set[int],
    asked: Asked | None = None,
) -> list[float]:
    """The feature vector of one clause (order: FEATURES)."""
    text = normalize(sentence)
    size = max(len(query), 1)
    cues = qtype_cues(qtype) if qtype != OTHER else None
    cue = bool(cues and cues.search(text))
    figure = bool(_DIGIT.search(text))
    hit, best = hits[position], hits[0]
    dense_gap = (hit.dense - best.dense) if hit.dense is not None and best.dense is not None else 0.0
    return [
        len(query & keys_of(text)) / size,
        len(query & article_keys) / size,
        float(cue),
        float(figure),
        float(cue and figure and qtype in _FIGURE_TYPES),
        float(position == 0),
        float(position == 1),
        float(position),
        hit.score / best.score if best.score else 0.0,
        dense_gap,
        len(query & title_keys) / size,
        float(paragraph == 0),
        float(min(paragraph, 5)),
        math.log1p(len(text)),
        float(text.endswith(":")),
        float(locally_set(text)),
        float(asked is not None and asked.not_done and bool(_CONDITION.search(text))),
        float(
            asked is not None
            and (
                (asked.floor and bool(_FLOOR.search(text)))
                or (asked.ceiling and bool(_CEILING.search(text)))
                or (asked.ahead and bool(_AHEAD.search(text)))
            )
        ),
        float(asked is not None and not asked.group and bool(_GROUPS.search(text))),
        # "要带什么 / 要什么条件" is answered by the list of papers or conditions, not a sentence naming one
        float(qtype == "要什么" and text.endswith(":")),
        # "要等多少天" is answered by the clause stating a number of days ("60日内"), not by its neighbour
        # counting in years ("1年后") that shares as many words
        float(asked is not None and asked.figure is not None and bool(asked.figure.search(text))),
        *_meaning(hits, position, paragraph),
    ]


def _meaning(hits: Sequence[SearchHit], position: int, paragraph: int) -> tuple[float, float, float, float]:
    """How close the clause is in meaning to the question (its paragraph's cosine less the best
    paragraph's among the candidate articles; whether it is its article's closest paragraph), and the
    article's rank by BM25 alone and by meaning alone among the candidates: the fused rank hides which
    side put the article there, and an everyday question's words often meet the wrong article."""
    hit = hits[position]
    shown = hits[:CANDIDATE_ARTICLES]
    own = hit.paragraph_dense
    if own and paragraph < len(own):
        best = max(max(h.paragraph_dense, default=-1.0) for h in shown)
        gap, closest = own[paragraph] - best, float(own[paragraph] >= max(own))
    else:
        gap, closest = 0.0, 0.0
    by_words = sum(h.bm25 > hit.bm25 for h in shown)
    by_meaning = sum(h.dense is not None and h.dense > hit.dense for h in shown) if hit.dense is not None else position
    return gap, closest, float(by_words), float(by_meaning)


def question_keys(question: str) -> set[int]:
    return keys_of(expand_query(question), query=True)


def train_rerank(rows: Sequence[tuple[list[float], bool, int]], *, c: float = 1.0) -> dict[str, Any]:
    """Fit the model on (features, answers?, question number) rows; returns the JSON to ship.

    Pairwise (RankSVM-style logistic regression on feature differences within one question): only
    the order of one question's clauses matters, so an answering clause is compared with the other
    clauses of the same question, never with other questions' clauses."""
    from sklearn.linear_model import LogisticRegression

    by_question: dict[int, list[tuple[npt.NDArray[np.float64], bool]]] = {}
    for features, label, question in rows:
        by_question.setdefault(question, []).append((np.asarray(features, dtype=np.float64), label))
    differences: list[npt.NDArray[np.float64]] = []
    for clauses in by_question.values():
        positives = [f for f, label in clauses if label]
        negatives = [f for f, label in clauses if not label]
        for positive in positives:
            for negative in negatives:
                differences.append(positive - negative)
    if not differences:
        raise ValueError("no question with both an answering and another clause")
    x = np.vstack([np.asarray(differences), -np.asarray(differences)])
    y = np.concatenate([np.ones(len(differences)), np.zeros(len(differences))])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(x, y)
    return {"features": list(FEATURES), "coef": [round(float(v), 6) for v in model.coef_[0]], "intercept": 0.0}
