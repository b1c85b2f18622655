"""QA evaluation: retrieval (recall@1/@5, MRR), answers (key-fact rate) and refusals (precision,
recall, false-refusal rate) over a JSON Lines file of questions with gold articles.

Two line shapes are read. The team's set: ``{"question", "answerable": bool, "gold": [{"title",
"article"}], "facts": [...]}`` (every fact must appear). The issue-18 shape (dev and held-out sets):
``{"id", "question", "answerable", "gold": [{"law", "article"}], "key_facts": [["十二个月", "12个月"],
…], "qtype", "computed"?, "local": bool, "notes"}`` — a correct answer states one string of EACH group,
and a ``local`` question's answer must say the matter is set locally and where to ask. A question is
retrieved correctly when any of its gold articles is among the hits (titles compared without
中华人民共和国). Facts are compared on the normalised answer (十二个月 and 12个月 read the same).

Thresholds and weights are calibrated on a fixed split (:func:`split_qa`: questions at even positions
are the dev half, odd positions the held-out test half) so that reported figures on the test half are
honest; :func:`calibrate_refusal` reproduces the refusal calibration in ``answer.DENSE_CALIBRATION``.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.embeddings import Embedder
from govhall.errors import BadInput
from govhall.policies.answer import answer_from_hits, retrieve
from govhall.policies.ingest import policy_key
from govhall.policies.qtypes import names_place
from govhall.policies.refusal import FEATURES, refusal_features
from govhall.policies.search import SearchFilters, SearchHit, search
from govhall.text import normalize

__all__ = [
    "Calibration",
    "Evidence",
    "QaItem",
    "calibrate_refusal",
    "evaluate_qa",
    "read_qa",
    "refusal_evidence",
    "split_qa",
]

# The refusal calibration's search space (see calibrate_refusal).
COVERAGE_WEIGHTS = tuple(round(0.01 * n, 2) for n in range(7))
TOPIC_WEIGHTS = tuple(round(0.005 * n, 3) for n in range(9))
MAX_FALSE_REFUSALS = 0.05


@dataclass(frozen=True)
class QaItem:
    question: str
    answerable: bool
    gold: tuple[tuple[str, str], ...]
    facts: tuple[str, ...]  # the team's shape: every fact must be stated
    # issue-18 shape: one string of each group must be stated; empty in the team's shape
    key_facts: tuple[tuple[str, ...], ...] = ()
    qtype: str = ""
    local: bool = False
    id: str = ""

    @property
    def fact_groups(self) -> tuple[tuple[str, ...], ...]:
        """Every key fact as a group of accepted wordings (a team fact is a group of one)."""
        return self.key_facts or tuple((f,) for f in self.facts)


def read_qa(path: Path) -> list[QaItem]:
    if not path.is_file():
        raise BadInput.of("file_not_found", path=path)
    items: list[QaItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            gold = tuple(
                (policy_key(str(g.get("title") or g["law"])), str(g["article"])) for g in record.get("gold", [])
            )
            groups = tuple(
                tuple(str(w) for w in ([group] if isinstance(group, str) else group))
                for group in record.get("key_facts", [])
            )
            items.append(
                QaItem(
                    str(record["question"]),
                    bool(record.get("answerable", bool(gold))),
                    gold,
                    tuple(str(f) for f in record.get("facts", [])),
                    groups,
                    str(record.get("qtype", "")),
                    bool(record.get("local", False)),
                    str(record.get("id", "")),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise BadInput.of("bad_line", path=path, number=number, reason=exc) from None
    if not items:
        raise BadInput.of("empty_file", path=path)
    return items


_LOCAL_SAID = ("由各地确定", "当地的具体标准", "各地不尽相同", "由当地", "当地")
_WHERE_SAID = ("12345", "咨询")


def _states(text: str, groups: Sequence[Sequence[str]]) -> list[bool]:
    return [any(normalize(w) in text for w in group) for group in groups]


def _p50(values: list[float]) -> float:
    return round(1000 * sorted(values)[len(values) // 2], 2) if values else 0.0


def _answerable_cause(
    rank: int | None,
    declined: bool,
    cited: bool,
    hits: Sequence[SearchHit],
    gold: set[tuple[str, str]],
    missing: Sequence[Sequence[str]],
) -> str:
    """Why an answerable question's answer did not state its key facts, from what the pipeline saw
    (no question text): ``refused`` (declined although answerable), ``retrieval_absent`` (no gold
    article among the hits), ``retrieval_low`` (gold among the hits, below the top 3), ``citation``
    (gold in the top 3, another article cited), ``clause_in_text`` (gold cited and the missing fact is
    written in its text: the clause or answer sentence chosen is the cause), ``clause_not_in_text``
    (gold cited, the fact is not written in the article as the set words it: a figure to compute or a
    wording to translate)."""
    if declined:
        return "refused"
    if rank is None:
        return "retrieval_absent"
    if rank > 3:
        return "retrieval_low"
    if not cited:
        return "citation"
    texts = [normalize(h.text) for h in hits if (policy_key(h.title), h.article) in gold]
    written = all(any(normalize(w) in t for t in texts for w in group) for group in missing)
    return "clause_in_text" if written else "clause_not_in_text"


def _refusal_cause(item: QaItem, question_type: str, hits: Sequence[SearchHit], confidence: float) -> list[str]:
    """The evidence present when an unanswerable question was answered (aggregate labels, no text): its
    kind (local / absent), how sure the model was, and which refusal features already pointed to
    refusing (unknown term, beyond the statutes, no cue or figure of the kind asked, a place named)."""
    labels = ["local" if item.local else "absent"]
    labels.append("confidence<0.6" if confidence < 0.6 else "confidence<0.8" if confidence < 0.8 else "confidence>=0.8")
    values = dict(zip(FEATURES, refusal_features(item.question, question_type, hits).tolist(), strict=True))
    labels += [f"{name}=0" for name in ("cue", "figure") if values[name] == 0.0]
    labels += [f"{name}=1" for name in ("unknown_term", "beyond") if values[name] == 1.0]
    if names_place(item.question):
        labels.append("place_named")
    return labels


def _local_cause(grounded: bool, local: bool, said_local: bool) -> str:
    """Why a local question's answer did not say that the matter is set locally and where to ask:
    ``refused_plain`` (a refusal that names no place to ask), ``answered_national`` (a national
    article quoted as the answer), ``local_no_where`` (set locally said, no place to ask)."""
    if said_local:
        return "local_no_where"
    return "answered_national" if grounded and not local else "refused_plain"


def _tally(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def evaluate_qa(
    db: Session,
    settings: Settings,
    items: list[QaItem],
    *,
    embedder: Embedder | Literal["configured"] | None = "configured",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run every question through search and the answer composer (the path ``ask`` takes); return the
    metrics and misses. ``gold_top3``: a gold article among the best 3 hits; ``gold_cited``: among the
    answer's citations; ``key_fact_all``: answerable questions whose answer states every key fact
    (one wording of each group); ``key_fact_lead``: the same stated in the answer sentence alone (the
    plain sentence that leads, round 11); ``key_fact_rate``: share of single facts stated; ``causes``: counts of
    why key facts were missed and of the evidence present when a refusal was missed (no question text,
    so that a held-out set can tell clause selection from retrieval work without being read)."""
    answerable = [i for i in items if i.answerable]
    unanswerable = [i for i in items if not i.answerable]
    local_items = [i for i in items if i.local]
    hits_at_1 = hits_at_3 = hits_at_5 = cited_gold = 0
    reciprocal = 0.0
    facts_total = facts_found = all_facts = lead_facts = 0
    refused_answerable = refused_unanswerable = local_ok = 0
    misses: list[dict[str, Any]] = []
    search_times: list[float] = []
    answer_times: list[float] = []
    by_qtype: dict[str, list[int]] = {}
    causes: dict[str, int] = {}
    causes_by_qtype: dict[str, dict[str, int]] = {}
    refusal_evidence_counts: dict[str, int] = {}
    local_missed: dict[str, int] = {}
    missed_refusals = 0
    for number, item in enumerate(items, 1):
        started = time.perf_counter()
        hits = retrieve(db, settings, item.question, k=10, filters=SearchFilters(), embedder=embedder)
        searched = time.perf_counter()
        answer = answer_from_hits(settings, item.question, hits)
        search_times.append(searched - started)
        answer_times.append(time.perf_counter() - started)
        text = normalize(answer.answer)
        if item.local:
            said_local, said_where = any(w in text for w in _LOCAL_SAID), any(w in text for w in _WHERE_SAID)
            local_ok += said_local and said_where
            if not (said_local and said_where):
                _tally(local_missed, _local_cause(answer.grounded, answer.local, said_local))
        if item.answerable:
            ranks = [r for r, h in enumerate(hits, 1) if (policy_key(h.title), h.article) in item.gold]
            rank = ranks[0] if ranks else None
            hits_at_1 += rank == 1
            hits_at_3 += rank is not None and rank <= 3
            hits_at_5 += rank is not None and rank <= 5
            reciprocal += 1.0 / rank if rank else 0.0
            cited = any((policy_key(str(c["title"])), c["article"]) in item.gold for c in answer.citations)
            cited_gold += cited
            # a local answer ("set locally, ask …") declines to state the fact unless the question is local
            # or it quotes the gold article (which then says that the standard is set locally)
            declined = not answer.grounded or (answer.local and not item.local and not cited)
            refused_answerable += declined
            stated = _states(text, item.fact_groups)
            facts_total += len(stated)
            facts_found += sum(stated)
            every = all(stated) and (not declined or item.local)
            all_facts += every
            # the answer sentence alone (round 11): the fact said first, not only somewhere in a quote
            lead_facts += not declined and all(_states(normalize(answer.answer_sentence), item.fact_groups))
            tally = by_qtype.setdefault(item.qtype or answer.qtype, [0, 0])
            tally[0] += 1
            tally[1] += every
            if not every:
                gold = set(item.gold)
                missing = [g for g, ok in zip(item.fact_groups, stated, strict=True) if not ok]
                cause = _answerable_cause(rank, declined, cited, hits, gold, missing)
                _tally(causes, cause)
                _tally(causes_by_qtype.setdefault(answer.qtype, {}), cause)
            if rank is None or rank > 3 or declined or not every:
                misses.append(
                    {
                        "id": item.id,
                        "question": item.question,
                        "qtype": answer.qtype,
                        "gold": [f"{t} {a}" for t, a in item.gold],
                        "rank": rank,
                        "top": [f"{h.title} {h.article}" for h in hits[:3]],
                        "grounded": answer.grounded,
                        "confidence": round(answer.confidence, 3),
                        "missing_facts": [g for g, ok in zip(item.fact_groups, stated, strict=True) if not ok],
                        "answer_sentence": answer.answer_sentence,
                    }
                )
        else:
            # saying that the standard is set locally and where to ask is the right refusal of a local question
            declined = not answer.grounded or answer.local
            refused_unanswerable += declined
            if not declined:
                missed_refusals += 1
                for label in _refusal_cause(item, answer.qtype, hits, answer.confidence):
                    _tally(refusal_evidence_counts, label)
                misses.append(
                    {
                        "id": item.id,
                        "question": item.question,
                        "gold": [],
                        "answered_with": [f"{c['title']} {c['article']}" for c in answer.citations[:1]],
                        "confidence": round(answer.confidence, 3),
                    }
                )
        if progress:
            progress(number, len(items))
    refused = refused_answerable + refused_unanswerable
    n = max(len(answerable), 1)
    return {
        "questions": len(items),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "recall_at_1": round(hits_at_1 / n, 4),
        "gold_top3": round(hits_at_3 / n, 4),
        "recall_at_5": round(hits_at_5 / n, 4),
        "gold_cited": round(cited_gold / n, 4),
        "mrr": round(reciprocal / n, 4),
        "key_fact_all": round(all_facts / n, 4),
        "key_fact_lead": round(lead_facts / n, 4),
        "key_fact_rate": round(facts_found / max(facts_total, 1), 4),
        "refusal_precision": round(refused_unanswerable / refused, 4) if refused else 1.0,
        "refusal_recall": round(refused_unanswerable / max(len(unanswerable), 1), 4),
        "false_refusal_rate": round(refused_answerable / n, 4),
        "local_said": round(local_ok / len(local_items), 4) if local_items else None,
        "key_fact_by_qtype": {k: f"{v[1]}/{v[0]}" for k, v in sorted(by_qtype.items())},
        # aggregate causes (counts only, no question text): safe to report on a held-out set
        "causes": {
            "key_fact_missed": dict(sorted(causes.items())),
            "key_fact_missed_by_qtype": {k: dict(sorted(v.items())) for k, v in sorted(causes_by_qtype.items())},
            "refusal_missed": missed_refusals,
            "refusal_missed_evidence": dict(sorted(refusal_evidence_counts.items())),
            "local_missed": dict(sorted(local_missed.items())),
        },
        "search_p50_ms": _p50(search_times),
        "answer_p50_ms": _p50(answer_times),
        "misses": misses,
    }


def split_qa(items: Sequence[QaItem]) -> tuple[list[QaItem], list[QaItem]]:
    """The fixed calibration split: (dev, test) = questions at even / odd 0-based positions."""
    return [q for n, q in enumerate(items) if n % 2 == 0], [q for n, q in enumerate(items) if n % 2 == 1]


@dataclass(frozen=True)
class Evidence:
    """What the refusal decision sees for one question (from its best hit), and the label."""

    dense: float
    coverage: float
    topic_share: float
    answerable: bool


@dataclass(frozen=True)
class Calibration:
    coverage_weight: float
    topic_weight: float
    threshold: float
    f1: float
    margin: float


def refusal_evidence(
    db: Session,
    settings: Settings,
    items: Sequence[QaItem],
    *,
    embedder: Embedder | Literal["configured"] | None = "configured",
) -> list[Evidence]:
    """The refusal evidence of every question (questions without dense evidence are left out)."""
    evidence = []
    for item in items:
        hits = search(db, settings, item.question, k=1, filters=SearchFilters(), embedder=embedder)
        dense = hits[0].query_dense if hits else None
        if dense is not None:
            evidence.append(Evidence(dense, hits[0].coverage, hits[0].topic_share, item.answerable))
    return evidence


def _refusal_f1(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float]:
    """(refusal F1, false-refusal rate) when questions scoring below ``threshold`` are refused."""
    refused_ok = sum(s < threshold and not a for s, a in zip(scores, labels, strict=True))
    refused_bad = sum(s < threshold and a for s, a in zip(scores, labels, strict=True))
    answerable = max(sum(labels), 1)
    unanswerable = max(len(labels) - sum(labels), 1)
    precision = refused_ok / max(refused_ok + refused_bad, 1)
    recall = refused_ok / unanswerable
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, refused_bad / answerable


def calibrate_refusal(evidence: Sequence[Evidence]) -> Calibration:
    """Weights and threshold of ``dense + w_c * coverage + w_t * topic_share`` that maximise the refusal
    F1 with at most MAX_FALSE_REFUSALS of answerable questions refused; ties go to the widest gap
    (in standard deviations of the score) between the threshold and the nearest questions."""
    labels = [e.answerable for e in evidence]
    if all(labels) or not any(labels):
        raise BadInput.of("cannot_calibrate")
    best: Calibration | None = None
    for coverage_weight in COVERAGE_WEIGHTS:
        for topic_weight in TOPIC_WEIGHTS:
            scores = [e.dense + coverage_weight * e.coverage + topic_weight * e.topic_share for e in evidence]
            values = sorted(set(scores))
            spread = float(np.std(scores)) or 1.0
            for low, high in itertools.pairwise(values):
                threshold = (low + high) / 2
                f1, false_refusals = _refusal_f1(scores, labels, threshold)
                if false_refusals > MAX_FALSE_REFUSALS:
                    continue
                candidate = Calibration(coverage_weight, topic_weight, threshold, f1, (high - low) / spread)
                if best is None or (candidate.f1, candidate.margin) > (best.f1, best.margin):
                    best = candidate
    if best is None:
        raise BadInput.of("cannot_calibrate", "no_threshold")
    return best
