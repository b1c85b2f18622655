"""Benchmark of ``govhall.text``: throughput and peak memory of extract and mask, quality per type.

Usage: ``python benchmarks/bench_text_compare.py [--n 10000]`` (with ``src`` on the path). Runs on one
core, in one process, and compares in the same run with the obvious alternative: ``jionlp`` where
it is installed (never a project dependency: GPL-3.0 dependency and an import banner), else a
naive regex-only extractor (no checksums, no normalisation). Prints texts/s, peak memory, the
speed ratio, per-type P/R/F1 on ``tests/data/text/eval.jsonl`` for both, and name/address scores on
the public NER sets in ``../shared/data/ner_*`` (skipped with a message where absent).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from govhall.text import extract, mask
from govhall.text.scoring import Score, as_written, score_entities

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "data" / "text" / "eval.jsonl"
FREE = ROOT / "tests" / "data" / "text" / "eval_free.jsonl"
SHARED = ROOT.parent / "shared" / "data"
Extractor = Callable[[str], list[dict[str, Any]]]

_NAIVE = {
    "id_card": re.compile(r"\d{17}[\dXx]"),
    "phone": re.compile(r"1[3-9]\d{9}"),
    "bank_card": re.compile(r"\d{16,19}"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
}


def naive_extract(text: str) -> list[dict[str, Any]]:
    """What a first attempt would do: shape regexes, no validation, no normalisation."""
    out = []
    for kind, pattern in _NAIVE.items():
        out += [{"type": kind, "value": m.group(), "start": m.start(), "end": m.end()} for m in pattern.finditer(text)]
    return out


def naive_mask(text: str) -> str:
    for pattern in _NAIVE.values():
        text = pattern.sub(lambda m: "*" * len(m.group()), text)
    return text


def jionlp_extractor() -> tuple[Extractor, Callable[[str], str]] | None:
    """jionlp's extractors for the types it covers (id_card, phone, email, money), if installed."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None

    def run(text: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for item in jionlp.extract_id_card(text, detail=True) or []:
            found.append({"type": "id_card", "value": item["text"].upper()})
        for item in jionlp.extract_phone_number(text, detail=True) or []:
            found.append({"type": "phone", "value": item["text"].replace("-", "").replace(" ", "")})
        for item in jionlp.extract_email(text, detail=True) or []:
            found.append({"type": "email", "value": item["text"].lower()})
        return found

    def hide(text: str) -> str:
        result: str = jionlp.replace_phone_number(jionlp.replace_id_card(jionlp.replace_email(text)))
        return result

    return run, hide


def throughput(fn: Callable[[str], Any], texts: list[str]) -> tuple[float, float]:
    """(texts per second, peak traced memory in MiB) for ``fn`` over ``texts``."""
    fn(texts[0])  # warm caches (dictionaries, compiled patterns)
    start = time.perf_counter()
    for text in texts:
        fn(text)
    rate = len(texts) / (time.perf_counter() - start)
    tracemalloc.start()
    for text in texts[:2000]:
        fn(text)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return rate, peak


def print_scores(title: str, scores: dict[str, Score], only: Iterable[str] | None = None) -> None:
    print(f"\n{title}")
    print(f"  {'type':11s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s}")
    for kind, s in scores.items():
        if only is not None and kind not in only:
            continue
        gold = s.true_positives + s.false_negatives
        print(f"  {kind:11s} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {gold:6d}")


def ner_sets() -> Iterable[tuple[str, tuple[str, ...], list[dict[str, Any]]]]:
    """(name, rows with gold name/address entities) for the public NER sets that are present."""
    cluener = SHARED / "ner_cluener2020" / "dev.jsonl"
    if cluener.exists():
        rows = []
        for line in cluener.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            gold = []
            for kind in ("name", "address"):
                for mention, spans in row["label"].get(kind, {}).items():
                    gold += [{"type": kind, "value": mention, "span": (s, e + 1)} for s, e in spans]
            rows.append({"text": row["text"], "gold": gold})
        yield "CLUENER2020 dev", ("name", "address"), rows
    for folder, file, mapping in (
        ("ner_resume", "test.jsonl", {"NAME": "name"}),
        ("ner_weibo", "test.jsonl", {"PER.NAM": "name"}),
        ("ner_peoples_daily", "test.jsonl", {"PER": "name"}),
    ):
        path = SHARED / folder / file
        if not path.exists():
            print(f"skip {folder}: {path} not found")
            continue
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            gold = [{"type": mapping[t], "value": m, "span": (s, e)} for s, e, t, m in row["entities"] if t in mapping]
            rows.append({"text": row["text"], "gold": gold})
        yield f"{folder}/{file}", ("name",), rows


def span_scores(rows: list[dict[str, Any]]) -> dict[str, Score]:
    """Exact-span P/R/F1 for names and addresses (the NER sets label mentions, not normalised values)."""
    pairs = []
    for row in rows:
        predicted = [
            {"type": e.type, "value": f"{e.start}:{e.end}"}
            for e in extract(row["text"][:100_000])
            if e.type in ("name", "address")
        ]
        gold = [{"type": g["type"], "value": f"{g['span'][0]}:{g['span'][1]}"} for g in row["gold"]]
        pairs.append((gold, predicted))
    return score_entities(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="texts per throughput run")
    args = parser.parse_args()
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    texts = [rows[i % len(rows)]["text"] for i in range(args.n)]
    today = date.fromisoformat(rows[0]["today"])
    print(f"{len(texts)} texts, mean {sum(map(len, texts)) / len(texts):.0f} characters, one process/core")

    alternative = jionlp_extractor()
    alt_name = "jionlp" if alternative else "naive regex"
    alt_extract, alt_mask = alternative if alternative else (naive_extract, naive_mask)

    results = {
        "govhall extract": throughput(lambda t: extract(t, today=today), texts),
        f"{alt_name} extract": throughput(alt_extract, texts),
        "govhall mask": throughput(mask, texts),
        f"{alt_name} mask": throughput(alt_mask, texts),
    }
    for label, (rate, peak) in results.items():
        print(f"  {label:22s} {rate:10.0f} texts/s   peak {peak:7.2f} MiB")
    for op in ("extract", "mask"):
        ratio = results[f"govhall {op}"][0] / results[f"{alt_name} {op}"][0]
        print(f"  {op}: govhall / {alt_name} speed ratio = {ratio:.2f}")

    gold_pred = [(r["entities"], [e.to_dict() for e in extract(r["text"], today=today)]) for r in rows]
    print_scores(f"govhall on {EVAL.name} ({len(rows)} texts)", score_entities(gold_pred))
    alt_pairs = [(r["entities"], alt_extract(r["text"])) for r in rows]
    print_scores(
        f"{alt_name} on {EVAL.name}", score_entities(alt_pairs), only=("id_card", "phone", "bank_card", "email")
    )

    free = [json.loads(line) for line in FREE.read_text(encoding="utf-8").splitlines()]
    free_pairs = [
        (
            r["entities"],
            as_written(
                r["text"], [e.to_dict() for e in extract(r["text"], date.fromisoformat(r["today"]))], r["entities"]
            ),
        )
        for r in free
    ]
    print_scores(
        f"govhall on {FREE.name} ({len(free)} texts written blind to the extractor)", score_entities(free_pairs)
    )
    alt_free = [(r["entities"], alt_extract(r["text"])) for r in free]
    print_scores(
        f"{alt_name} on {FREE.name}", score_entities(alt_free), only=("id_card", "phone", "bank_card", "email")
    )

    if not SHARED.exists():
        print(f"\nskip public NER sets: {SHARED} not found")
        return
    for title, kinds, ner_rows in ner_sets():
        scores = span_scores(ner_rows)
        print_scores(f"govhall on {title}, {len(ner_rows)} texts, exact spans", scores, only=kinds)


if __name__ == "__main__":
    main()
