"""QA evaluation: retrieval (recall@1/@5, MRR), answers (key-fact rate) and refusals (precision,
recall, false-refusal rate) over a JSON Lines file of questions with gold articles.

Each line: ``{"question", "answerable": bool, "gold": [{"title", "article"}], "facts": [...]}``; a
question is retrieved correctly when any of its gold articles is among the hits (titles compared
without 中华人民共和国). A key fact is found when it appears in the normalised answer.

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
from govhall.policies.answer import answer_from_hits
from govhall.policies.ingest import policy_key
from govhall.policies.search import SearchFilters, search
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
    facts: tuple[str, ...]


def read_qa(path: Path) -> list[QaItem]:
    if not path.is_file():
        raise BadInput("file_not_found", f"找不到文件 {path}")
    items: list[QaItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            gold = tuple((policy_key(g["title"]), g["article"]) for g in record.get("gold", []))
            items.append(
                QaItem(
                    str(record["question"]),
                    bool(record.get("answerable", bool(gold))),
                    gold,
                    tuple(record.get("facts", [])),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise BadInput("bad_line", f"{path} 第 {number} 行格式不对：{exc}") from None
    if not items:
        raise BadInput("empty_file", f"{path} 中没有问题")
    return items


def evaluate_qa(
    db: Session,
    settings: Settings,
    items: list[QaItem],
    *,
    embedder: Embedder | Literal["configured"] | None = "configured",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run every question through search and the answer composer; return the metrics and misses."""
    answerable = [i for i in items if i.answerable]
    unanswerable = [i for i in items if not i.answerable]
    hits_at_1 = hits_at_5 = 0
    reciprocal = 0.0
    facts_total = facts_found = 0
    refused_answerable = refused_unanswerable = 0
    misses: list[dict[str, Any]] = []
    latencies: list[float] = []
    for number, item in enumerate(items, 1):
        started = time.perf_counter()
        hits = search(db, settings, item.question, k=10, filters=SearchFilters(), embedder=embedder)
        latencies.append(time.perf_counter() - started)
        answer = answer_from_hits(settings, item.question, hits)
        if item.answerable:
            ranks = [r for r, h in enumerate(hits, 1) if (policy_key(h.title), h.article) in item.gold]
            rank = ranks[0] if ranks else None
            hits_at_1 += rank == 1
            hits_at_5 += rank is not None and rank <= 5
            reciprocal += 1.0 / rank if rank else 0.0
            refused_answerable += not answer.grounded
            text = normalize(answer.answer)
            found = [f for f in item.facts if normalize(f) in text]
            facts_total += len(item.facts)
            facts_found += len(found)
            if rank != 1 or not answer.grounded or len(found) < len(item.facts):
                misses.append(
                    {
                        "question": item.question,
                        "gold": [f"{t} {a}" for t, a in item.gold],
                        "rank": rank,
                        "top": [f"{h.title} {h.article}" for h in hits[:3]],
                        "grounded": answer.grounded,
                        "confidence": round(answer.confidence, 3),
                        "missing_facts": [f for f in item.facts if f not in found],
                    }
                )
        else:
            refused_unanswerable += not answer.grounded
            if answer.grounded:
                misses.append(
                    {
                        "question": item.question,
                        "gold": [],
                        "answered_with": answer.citations[:1],
                        "confidence": round(answer.confidence, 3),
                    }
                )
        if progress:
            progress(number, len(items))
    refused = refused_answerable + refused_unanswerable
    n = max(len(answerable), 1)
    latencies.sort()
    return {
        "questions": len(items),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "recall_at_1": round(hits_at_1 / n, 4),
        "recall_at_5": round(hits_at_5 / n, 4),
        "mrr": round(reciprocal / n, 4),
        "key_fact_rate": round(facts_found / max(facts_total, 1), 4),
        "refusal_precision": round(refused_unanswerable / refused, 4) if refused else 1.0,
        "refusal_recall": round(refused_unanswerable / max(len(unanswerable), 1), 4),
        "false_refusal_rate": round(refused_answerable / n, 4),
        "search_p50_ms": round(1000 * latencies[len(latencies) // 2], 2) if latencies else 0.0,
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
        raise BadInput("cannot_calibrate", "评测集无法校准拒答阈值：需要同时包含可回答与不可回答的问题")
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
        raise BadInput("cannot_calibrate", "评测集无法校准拒答阈值：没有误拒率合格的阈值")
    return best
