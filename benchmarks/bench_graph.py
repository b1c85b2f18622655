"""Knowledge graph and eligibility: build time over the whole laws corpus, query latency against
plain SQL, and recommendation quality on the hand-written profiles.

    .venv/bin/python benchmarks/bench_graph.py [--laws ../shared/data/laws]

The corpus is ingested with `govhall ingest --no-vectors` into a temporary SQLite database first
(that time belongs to the policy library and is printed separately).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govhall import catalog  # noqa: E402
from govhall.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from govhall.knowledge_graph import Profile, recommend  # noqa: E402
from govhall.knowledge_graph.models import GraphEdge, GraphNode  # noqa: E402
from govhall.knowledge_graph.queries import GraphIndex  # noqa: E402
from govhall.knowledge_graph.store import build_catalogue_graph, build_policy_graph, load_graph  # noqa: E402


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, peak MiB) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def latency(fn: Callable[[], Any], runs: int = 200) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), statistics.quantiles(samples, n=100)[98]


def sql_items_requiring(db: Session, document: str) -> list[str]:
    """The obvious alternative: a join in the database for every question."""
    item, material = aliased(GraphNode), aliased(GraphNode)
    query = (
        select(item.key)
        .join(GraphEdge, GraphEdge.source_id == item.id)
        .join(material, GraphEdge.target_id == material.id)
        .where(GraphEdge.relation == "requires", material.key == document)
    )
    return list(db.scalars(query))


def sql_group(db: Session, group: str) -> list[str]:
    source, target = aliased(GraphNode), aliased(GraphNode)
    query = (
        select(source.key)
        .join(GraphEdge, GraphEdge.source_id == source.id)
        .join(target, GraphEdge.target_id == target.id)
        .where(target.kind == "group", target.key == group)
    )
    return list(db.scalars(query))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--laws", type=Path, default=ROOT.parent / "shared" / "data" / "laws")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govhall-bench-graph-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'graph.db'}"
        upgrade(url)
        env = {**os.environ, "GOVHALL_DATABASE_URL": url, "GOVHALL_DATA_DIR": str(Path(tmp) / "data")}
        if args.laws.exists():
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "govhall", "ingest", str(args.laws), "--no-vectors"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            print(f"ingest {args.laws} (structure + BM25, no vectors): {time.perf_counter() - start:.1f} s")
        else:
            print(f"{args.laws} not found: policy-text edges skipped")
        engine = make_engine(url)
        with make_session_factory(engine)() as db:
            with transaction(db):
                catalog.sync_builtin(db)
            report, seconds, peak = timed(lambda: build_catalogue_graph(db))
            print(
                f"catalogue graph: {report.nodes} nodes, {report.edges} edges in {seconds:.2f} s, peak {peak:.1f} MiB"
            )
            report, seconds, peak = timed(lambda: build_policy_graph(db))
            print(
                f"policy-text graph: {report.nodes} nodes, {report.edges} edges in {seconds:.1f} s, peak {peak:.1f} MiB"
            )
            _, seconds, _ = timed(lambda: build_policy_graph(db))
            print(f"rebuild with nothing changed: {seconds:.2f} s")
            index, seconds, peak = timed(lambda: GraphIndex(load_graph(db)))
            print(f"load into memory: {seconds:.2f} s, peak {peak:.1f} MiB")

            print(f"\n{'query':<34}{'p50 ms':>9}{'p99 ms':>9}{'SQL p50':>9}{'ratio':>8}")
            for label, mem, sql in (
                (
                    "items requiring 户口簿",
                    lambda: index.items_requiring("居民户口簿"),
                    lambda: sql_items_requiring(db, "居民户口簿"),
                ),
                ("policies for 残疾人", lambda: index.policies_for_group("残疾人"), lambda: sql_group(db, "残疾人")),
            ):
                p50, p99 = latency(mem)
                s50, _ = latency(sql)
                print(f"{label:<34}{p50:>9.3f}{p99:>9.3f}{s50:>9.3f}{s50 / p50:>7.0f}x")
            from govhall.knowledge_graph.graph import NodeKey, NodeKind

            p50, p99 = latency(
                lambda: index.path(NodeKey(NodeKind.ITEM, "dibao"), NodeKey(NodeKind.GROUP, "失业人员")), runs=50
            )
            print(f"{'shortest path dibao → 失业人员':<34}{p50:>9.3f}{p99:>9.3f}")
            names = {item["code"]: item["name"] for item in catalog.current_contents(db)}
        engine.dispose()

    rows = [json.loads(x) for x in (ROOT / "tests/data/knowledge_graph/profiles.jsonl").read_text("utf-8").splitlines()]
    counts = {"eligible": [0, 0, 0], "almost": [0, 0, 0]}
    start = time.perf_counter()
    for row in rows:
        result = recommend(Profile.model_validate(row["profile"]), names, today=date.fromisoformat(row["today"]))
        for key in counts:
            got, want = {i["code"] for i in result[key]}, set(row[key])
            counts[key][0] += len(got & want)
            counts[key][1] += len(got - want)
            counts[key][2] += len(want - got)
    per = (time.perf_counter() - start) / len(rows) * 1000
    print(f"\nrecommendations on {len(rows)} hand-written profiles ({per:.2f} ms each)")
    for key, (tp, fp, fn) in counts.items():
        print(
            f"  {key:<9} precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, tp + fn):.3f}"
            f"  (tp {tp}, fp {fp}, fn {fn})"
        )


if __name__ == "__main__":
    main()
