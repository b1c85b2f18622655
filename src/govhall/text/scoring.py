"""Precision / recall / F1 of extracted entities against gold ``{type, value}`` labels.

Used by the evaluation test and the benchmark, so both report the same figures. Matching is per
text on (type, value) pairs as a multiset: position-free, because gold sets written by hand
carry values, not offsets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Score", "as_written", "score_entities"]


@dataclass(frozen=True, slots=True)
class Score:
    """Counts for one entity type and the figures derived from them."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(entity: Mapping[str, Any]) -> tuple[str, str]:
    value = entity["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(entity["type"]), str(value)


def score_entities(
    pairs: Iterable[tuple[Iterable[Mapping[str, Any]], Iterable[Mapping[str, Any]]]],
) -> dict[str, Score]:
    """Per-type scores over ``(gold, predicted)`` pairs, one pair per text."""
    counts: dict[str, list[int]] = {}
    for gold, predicted in pairs:
        gold_counts = Counter(_key(e) for e in gold)
        predicted_counts = Counter(_key(e) for e in predicted)
        for key in gold_counts | predicted_counts:
            tp = min(gold_counts[key], predicted_counts[key])
            row = counts.setdefault(key[0], [0, 0, 0])
            row[0] += tp
            row[1] += predicted_counts[key] - tp
            row[2] += gold_counts[key] - tp
    return {kind: Score(*row) for kind, row in sorted(counts.items())}


def as_written(
    text: str, predicted: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Predictions in the conventions of a set labelled by hand: where a gold value is the text as
    written (an address, a name in traditional script) the prediction's span text stands in for its
    normalised value, and a month-precision date matches a gold ``YYYY-MM``."""
    wanted = {(str(g["type"]), str(g["value"])) for g in gold}
    out = []
    for entity in predicted:
        d = dict(entity)
        surface = text[int(d["start"]) : int(d["end"])]
        if (d["type"], surface) in wanted:
            d["value"] = surface
        if d.get("precision") == "month" and (d["type"], str(d["value"])[:7]) in wanted:
            d["value"] = str(d["value"])[:7]
        out.append(d)
    return out
