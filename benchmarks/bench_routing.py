"""Ticket routing on the teddycup citizen messages: catalogue keywords vs a trained ticket_department model.

    .venv/bin/python benchmarks/bench_routing.py [--json]

Data: ``../shared/data/gov_messages_teddycup/messages_labeled_full_segmented.tsv`` (9,210 messages,
7 first-level categories; no licence stated, so it is used here to measure and nothing of it is
shipped). The text is the author's segmented tokens joined back (lossy: stop words removed). Each
category is mapped to the department that handles it; a seeded 80/20 split trains a TF-IDF
``ticket_department`` model through the learn pipeline and tests :class:`govhall.opinion.Router`
with and without it (keywords alone can only name the departments of built-in items, so their
accuracy is low by construction: that is the point of using a hotline's own trained model). The
``with_item_model`` rows add the item model a fresh install has (the assistant's ``service`` model,
trained on the shipped requests): the one rule of :mod:`govhall.routing` reads it before the keywords.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from govhall.assistant import SHIPPED_INTENTS, train_routing
from govhall.catalog import builtin_items
from govhall.learn import Dataset, TfidfClassifier
from govhall.opinion.routing import Router
from govhall.routing import load_item_model

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gov_messages_teddycup" / "messages_labeled_full_segmented.tsv"

DEPARTMENT_OF = {
    "城乡建设": "住房和城乡建设局",
    "劳动和社会保障": "人力资源和社会保障局",
    "教育文体": "教育局",
    "商贸旅游": "商务局",
    "环境保护": "生态环境局",
    "卫生计生": "卫生健康委员会",
    "交通运输": "交通运输局",
}


def _rows() -> list[tuple[str, str]]:
    csv.field_size_limit(10**8)
    with DATA.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [("".join(row["tokens"].split())[:600], DEPARTMENT_OF[row["label_level1"]]) for row in reader]


def _score(router: Router, rows: list[tuple[str, str]]) -> dict[str, Any]:
    started = time.perf_counter()
    routes = [router.route(text) for text, _ in rows]
    elapsed = time.perf_counter() - started
    right = sum(1 for r, (_, gold) in zip(routes, rows, strict=True) if r is not None and r.department == gold)
    routed = sum(1 for r in routes if r is not None)
    return {
        "accuracy": round(right / len(rows), 4),
        "routed": round(routed / len(rows), 4),
        "precision_when_routed": round(right / routed, 4) if routed else None,
        "texts_per_s": round(len(rows) / elapsed, 1),
        "top_wrong": Counter(
            f"{gold}→{r.department if r else '无'}"
            for r, (_, gold) in zip(routes, rows, strict=True)
            if r is None or r.department != gold
        ).most_common(5),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"{DATA} is absent: this benchmark needs ../shared/data beside the checkout", file=sys.stderr)
        return 2
    rows = _rows()
    random.Random(args.seed).shuffle(rows)
    cut = int(len(rows) * 0.8)
    train, test = rows[:cut], rows[cut:]
    items = [item.model_dump() for item in builtin_items()]
    model = TfidfClassifier()
    started = time.perf_counter()
    model.fit(Dataset([t for t, _ in train], [d for _, d in train]))
    train_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="govhall-bench-routing-") as models:
        train_routing(SHIPPED_INTENTS, Path(models))
        item_model = load_item_model(Path(models))
    report = {
        "train": len(train),
        "test": len(test),
        "model_train_s": round(train_s, 1),
        "keywords_only": _score(Router(items), test),
        "with_item_model": _score(Router(items, item_model=item_model), test),
        "with_model": _score(Router(items, model), test),
        "with_model_and_item_model": _score(Router(items, model, item_model), test),
    }
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
