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
from govhall.policies._word_lists import compile_word_lists, word_lists
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
# The clause side of the cues in ``data/clause_cues.yaml``: the law's conditional that opens a clause
# about someone who did not act ("…未按规定…的，"), and a lead time counted back from a date.
_CONDITION = re.compile(r"(未|不|拒绝|拒不|逾期)[^，。；:：]{0,40}的[，,]")
_AHEAD = re.compile(r"前\d+(个)?(日|天|工作日|个月|年)|提前\d+")


_CUES = ("not_done", "floor_asked", "ceiling_asked", "ahead_asked", "floor", "ceiling", "groups", "group_asked")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    """The word lists of ``data/clause_cues.yaml``, each compiled to one alternation: word tables are
    data, which a deployment can extend without touching the features that read them."""
    return word_lists("clause_cues.yaml", _CUES)


def _compile_cues(raw: object, where: str) -> dict[str, re.Pattern[str]]:
    """The clause cues of ``raw`` as :func:`govhall.policies._word_lists.word_lists` reads them."""
    return compile_word_lists(raw, where, _CUES)


def _shows(cue: str, text: str) -> bool:
    return bool(_cues()[cue].search(text))


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
        _shows("not_done", text),
        _shows("floor_asked", text),
        _shows("ceiling_asked", text),
        _shows("group_asked", text),
        _shows("ahead_asked", text),
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
                (asked.floor and _shows("floor", text))
                or (asked.ceiling and _shows("ceiling", text))
                or (asked.ahead and bool(_AHEAD.search(text)))
            )
        ),
        float(asked is not None and not asked.group and _shows("groups", text)),
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
