"""QA evaluation: retrieval (recall@1/@5, MRR), answers (key-fact rate) and refusals (precision,
recall, false-refusal rate) over a JSON Lines file of questions with gold articles.

Each line: ``{"question", "answerable": bool, "gold": [{"title", "article"}], "facts": [...]}``; a
question is retrieved correctly when any of its gold articles is among the hits (titles compared
without 中华人民共和国). A key fact is found when it appears in the normalised answer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.embeddings import Embedder
from govhall.errors import BadInput
from govhall.policies.answer import answer_from_hits
from govhall.policies.ingest import policy_key
from govhall.policies.search import SearchFilters, search
from govhall.text import normalize

__all__ = ["QaItem", "evaluate_qa", "read_qa"]


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
    embedder: Embedder | str | None = "configured",
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
        hits = search(db, settings, item.question, k=10, filters=SearchFilters(), embedder=embedder)  # type: ignore[arg-type]
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
                        "missing_facts": [f for f in item.facts if f not in found],
                    }
                )
        else:
            refused_unanswerable += not answer.grounded
            if answer.grounded:
                misses.append({"question": item.question, "gold": [], "answered_with": answer.citations[:1]})
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
