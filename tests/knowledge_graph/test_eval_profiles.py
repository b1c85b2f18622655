"""Recommendations on 60 hand-written profiles (written without reading the rules) meet the bar."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from govhall.catalog import builtin_items
from govhall.knowledge_graph import Profile, recommend

PROFILES = Path(__file__).parents[1] / "data" / "knowledge_graph" / "profiles.jsonl"


def scores() -> dict[str, tuple[float, float]]:
    """(precision, recall) of the eligible and almost lists against the labels."""
    names = {item.code: item.name for item in builtin_items()}
    counts = {"eligible": [0, 0, 0], "almost": [0, 0, 0]}
    for line in PROFILES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        result = recommend(Profile.model_validate(row["profile"]), names, today=date.fromisoformat(row["today"]))
        for key, (tp, fp, fn) in list(counts.items()):
            got, want = {i["code"] for i in result[key]}, set(row[key])
            counts[key] = [tp + len(got & want), fp + len(got - want), fn + len(want - got)]
    return {k: (tp / max(1, tp + fp), tp / max(1, tp + fn)) for k, (tp, fp, fn) in counts.items()}


def test_eligibility_precision_and_recall() -> None:
    result = scores()
    assert result["eligible"][0] >= 0.95 and result["eligible"][1] >= 0.95, result
    assert result["almost"][0] >= 0.9 and result["almost"][1] >= 0.8, result
