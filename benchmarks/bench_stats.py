"""Service statistics on a million cases: p50 per chart query, on SQLite and a throwaway PostgreSQL 15.

Fills a fresh database (migrated, built-in catalogue) with ``--cases`` cases spread over two years
(bulk insert, govhall.db.bulk: encrypted form data included, as in production) and a 好差评 for a
third of the decided ones, then times each chart query of govhall.stats over the last 365 days
(by month) and the last 30 days (by day), three ways:

* ``indexed``: the queries as shipped, over migration 0012's covering indexes;
* ``no_index``: the same SQL with those indexes dropped (what the tables' own indexes give);
* ``python``: the obvious alternative, the range's rows fetched and grouped in Python.

    .venv/bin/python benchmarks/bench_stats.py --cases 1000000 [--repeat 5] [--backend sqlite|postgresql|both]

Prints one JSON object: fill time, then per backend, scope and way the p50 milliseconds per query.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import pgcluster  # noqa: E402

from govhall import catalog  # noqa: E402
from govhall.accounts import NewUser, create_user  # noqa: E402
from govhall.cases.calendar import LOCAL_TZ  # noqa: E402
from govhall.cases.models import Case, CaseRating  # noqa: E402
from govhall.catalog.models import CatalogItem  # noqa: E402
from govhall.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from govhall.db.bulk import insert_rows, reserve_ids  # noqa: E402
from govhall.db.crypto import use_key_file  # noqa: E402
from govhall.stats import queries  # noqa: E402
from govhall.stats.indexes import STATS_INDEXES  # noqa: E402
from govhall.stats.queries import FINISHED, OPEN, Scope  # noqa: E402

TODAY = date(2024, 12, 31)
FIRST = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 2 * 365 * 86400
END = FIRST + timedelta(seconds=SPAN_SECONDS)
BATCH = 20_000
STATES = (["completed"] * 55) + (["approved"] * 8) + (["rejected"] * 7) + (["accepted"] * 18) + (["submitted"] * 8)
STATES += ["needs_materials"] * 3 + ["withdrawn"]


def _rows(n: int, ids: list[int], applicant: int, items: list[CatalogItem]) -> Iterator[list[dict[str, Any]]]:
    """Batches of case rows: uniform over two years, items with a long-tailed popularity."""
    rng = random.Random(7)
    weights = [1 / (rank + 1) for rank in range(len(items))]
    limits = {item.code: max(int(item.content.get("time_limit_days") or 0), 1) for item in items}
    batch: list[dict[str, Any]] = []
    for case_id, item in zip(ids, rng.choices(items, weights, k=n), strict=True):
        submitted = FIRST + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        state = rng.choice(STATES)
        if state in OPEN and (END - submitted).days > 45:
            state = "completed"  # old cases are decided: only recent ones are still open
        limit = limits[item.code]
        taken = timedelta(days=rng.uniform(0.2, limit * 1.6)) if state in FINISHED else timedelta(hours=1)
        batch.append(
            {
                "id": case_id,
                "number": f"B{case_id:010d}",
                "item_code": item.code,
                "item_version": item.version,
                "item_name": item.name,
                "department": item.department,
                "applicant_id": applicant,
                "state": state,
                "data": {"applicant_name": "张三", "phone": "13800000000", "note": "测试" * 8},
                "submitted_at": submitted,
                "updated_at": submitted + taken,
                "deadline": (submitted + timedelta(days=limit * 1.4)).astimezone(LOCAL_TZ).date(),
            }
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _ratings(db: Session, cases: list[dict[str, Any]], rng: random.Random) -> None:
    decided = [c for c in cases if c["state"] in FINISHED and rng.random() < 0.33]
    if not decided:
        return
    ids = reserve_ids(db, CaseRating, len(decided))
    rows = [
        {
            "id": rating_id,
            "case_id": c["id"],
            "department": c["department"],
            "item_code": c["item_code"],
            "score": rng.choices((5, 4, 3, 2, 1), (60, 20, 8, 6, 6))[0],
            "reasons": [],
            "comment": "",
            "created_at": c["updated_at"],
            "follow_up": "",
            "follow_up_note": "",
        }
        for rating_id, c in zip(ids, decided, strict=True)
    ]
    insert_rows(db.connection(), CaseRating, rows)


def fill(url: str, n: int) -> dict[str, float]:
    """Migrate, load the catalogue and insert ``n`` cases and their ratings; returns timings."""
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        with transaction(db):
            catalog.sync_builtin(db)
            applicant = create_user(db, NewUser("bench_applicant", "Bench-Passw0rd-2024", "测试申请人"))
        items = list(db.scalars(select(CatalogItem).order_by(CatalogItem.code)))
        rng = random.Random(11)
        loaded = time.perf_counter()
        ids = reserve_ids(db, Case, n)
        db.commit()
        for batch in _rows(n, ids, applicant.id, items):
            with transaction(db):
                insert_rows(db.connection(), Case, batch)
                _ratings(db, batch, rng)
        inserted = time.perf_counter()
        _analyze(db)
    engine.dispose()
    return {"schema_s": round(loaded - started, 1), "insert_s": round(inserted - loaded, 1)}


def _analyze(db: Session) -> None:
    db.execute(text("ANALYZE"))
    db.commit()


# ---------------------------------------------------------------- the obvious alternative: Python


def _range_rows(db: Session, scope: Scope) -> list[Any]:
    return list(
        db.execute(
            select(
                Case.submitted_at, Case.department, Case.item_code, Case.state, Case.deadline, Case.updated_at
            ).where(Case.submitted_at >= scope.since, Case.submitted_at < scope.until)
        )
    )


def _bucket(moment: datetime, grain: str) -> str:
    local = moment.astimezone(LOCAL_TZ)
    if grain == "month":
        return local.strftime("%Y-%m")
    if grain == "week":
        return (local.date() - timedelta(days=local.weekday())).isoformat()
    return local.date().isoformat()


def py_over_time(db: Session, scope: Scope) -> dict[tuple[str, str], int]:
    return Counter((_bucket(r[0], scope.grain), r[1]) for r in _range_rows(db, scope))


def py_by_item(db: Session, scope: Scope) -> list[tuple[tuple[str, str], int]]:
    return Counter((r[2], r[1]) for r in _range_rows(db, scope)).most_common(30)


def py_processing(db: Session, scope: Scope) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0])
    for submitted, _d, code, state, deadline, updated in _range_rows(db, scope):
        if state in FINISHED:
            row = out[code]
            row[0] += 1
            row[1] += (updated - submitted).total_seconds() / 86400
            row[2] += int(deadline is not None and updated.astimezone(LOCAL_TZ).date() <= deadline)
    return out


def py_deadlines(db: Session, scope: Scope) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    horizon = TODAY + timedelta(days=queries.NEAR_DAYS)
    rows = db.execute(select(Case.department, Case.deadline).where(Case.state.in_(OPEN)))
    for department, deadline in rows:
        if deadline is not None and deadline <= horizon:
            out[department][0 if deadline < TODAY else 1] += 1
    return out


def py_ratings(db: Session, scope: Scope) -> Counter[int]:
    query = select(CaseRating.score).where(CaseRating.created_at >= scope.since, CaseRating.created_at < scope.until)
    return Counter(score for (score,) in db.execute(query))


SQL: dict[str, Callable[[Session, Scope], object]] = {
    "applications_over_time": queries.applications_over_time,
    "applications_by_item": queries.applications_by_item,
    "applications_by_department": queries.applications_by_department,
    "processing_times": queries.processing_times,
    "deadline_watch": lambda db, scope: queries.deadline_watch(db, TODAY, scope.department),
    "rating_distribution": queries.rating_distribution,
    "rating_trend": queries.rating_trend,
}
PYTHON: dict[str, Callable[[Session, Scope], object]] = {
    "applications_over_time": py_over_time,
    "applications_by_item": py_by_item,
    "processing_times": py_processing,
    "deadline_watch": py_deadlines,
    "rating_distribution": py_ratings,
}
SCOPES = {
    "365d_by_month": Scope(TODAY - timedelta(days=364), TODAY, "month"),
    "30d_by_day": Scope(TODAY - timedelta(days=29), TODAY, "day"),
    "365d_one_department": Scope(TODAY - timedelta(days=364), TODAY, "month", "民政局"),
}


def _p50(db: Session, run: Callable[[Session, Scope], object], scope: Scope, repeat: int) -> float:
    run(db, scope)  # warm the caches once: steady-state figures
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run(db, scope)
        times.append(time.perf_counter() - started)
        db.rollback()
    return round(statistics.median(times) * 1000, 1)


def _time_all(db: Session, table: dict[str, Callable[[Session, Scope], object]], repeat: int) -> dict[str, Any]:
    return {name: {q: _p50(db, run, scope, repeat) for q, run in table.items()} for name, scope in SCOPES.items()}


def measure(url: str, repeat: int, python: bool) -> dict[str, Any]:
    engine = make_engine(url)
    out: dict[str, Any] = {}
    with make_session_factory(engine)() as db:
        out["cases"] = db.scalar(select(text("count(*)")).select_from(Case))
        out["ratings"] = db.scalar(select(text("count(*)")).select_from(CaseRating))
        out["indexed"] = _time_all(db, SQL, repeat)
        for index in STATS_INDEXES:
            db.execute(text(f"DROP INDEX {index.name}"))
        _analyze(db)
        out["no_index"] = _time_all(db, SQL, repeat)
        for index in STATS_INDEXES:
            index.create(db.connection())
        _analyze(db)
        if python:
            out["python"] = _time_all(db, PYTHON, max(1, repeat // 2))
    engine.dispose()
    return out


def run_backend(backend: str, folder: Path, n: int, repeat: int, python: bool) -> dict[str, Any]:
    if backend == "sqlite":
        url = f"sqlite:///{(folder / 'stats.db').as_posix()}"
        return {"fill": fill(url, n), **measure(url, repeat, python)}
    if not pgcluster.available():
        return {"skipped": "PostgreSQL binaries (initdb, pg_ctl) not found"}
    with pgcluster.running_cluster() as cluster:
        url = cluster.create_database()
        return {"fill": fill(url, n), **measure(url, repeat, python)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--no-python", action="store_true", help="skip the slow fetch-and-group alternative")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        folder = Path(tmp)
        use_key_file(folder / "keys.json")
        backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
        report = {}
        for backend in backends:
            report[backend] = run_backend(backend, folder, args.cases, args.repeat, not args.no_python)
            print(json.dumps({backend: report[backend]}, ensure_ascii=False), file=sys.stderr, flush=True)
    print(json.dumps({"cases": args.cases, "repeat": args.repeat, **report}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
