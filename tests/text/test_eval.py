"""The labelled evaluation set meets the issue's F1 targets (per type, position-free matching)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from govhall.text import extract
from govhall.text.scoring import as_written, score_entities

EVAL = Path(__file__).parents[1] / "data" / "text" / "eval.jsonl"
TARGETS = {"id_card": 0.99, "phone": 0.99, "bank_card": 0.99, "email": 0.99, "name": 0.9, "address": 0.9}
TARGETS.update({"date": 0.9, "birth_date": 0.9, "amount": 0.9})


def test_eval_set_is_big_and_varied() -> None:
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300
    assert sum(not row["entities"] for row in rows) >= 15  # texts with nothing to find


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    pairs = [
        (row["entities"], [e.to_dict() for e in extract(row["text"], today=date.fromisoformat(row["today"]))])
        for row in rows
    ]
    return {kind: score.f1 for kind, score in score_entities(pairs).items()}


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_eval_f1_meets_target(scores: dict[str, float], kind: str) -> None:
    assert scores[kind] >= TARGETS[kind], f"{kind} F1 {scores[kind]:.3f} < {TARGETS[kind]}"


FREE = Path(__file__).parents[1] / "data" / "text" / "eval_free.jsonl"


@pytest.fixture(scope="module")
def free_scores() -> dict[str, float]:
    """F1 on 200 free-form texts written blind to the extractor (not from its templates)."""
    rows = [json.loads(line) for line in FREE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 200
    pairs = [
        (
            r["entities"],
            as_written(
                r["text"], [e.to_dict() for e in extract(r["text"], date.fromisoformat(r["today"]))], r["entities"]
            ),
        )
        for r in rows
    ]
    return {kind: s.f1 for kind, s in score_entities(pairs).items()}


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_free_text_f1_meets_target(free_scores: dict[str, float], kind: str) -> None:
    assert free_scores[kind] >= TARGETS[kind], f"{kind} F1 {free_scores[kind]:.3f} < {TARGETS[kind]}"
