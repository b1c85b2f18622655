"""Parallel ingest: N processes or N queued jobs share a file; the merged report equals one process's."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from govhall import opinion
from govhall.db import make_engine, make_session_factory
from govhall.opinion import OpinionPost
from tests.opinion.samples import opinion_cli


def _with_bad_rows(hotspot_file: Path, tmp_path: Path) -> Path:
    """The real posts with every 50th line broken (no time) and each 7th post repeated under a new id."""
    lines = hotspot_file.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        row = json.loads(line)
        if i % 50 == 10:
            row.pop("time", None)
        out.append(json.dumps(row, ensure_ascii=False))
        if i % 7 == 0:
            out.append(json.dumps({**row, "id": f"repost-{i}"}, ensure_ascii=False))
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _count(url: str) -> int:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as db:
            return int(db.scalar(select(func.count()).select_from(OpinionPost)) or 0)
    finally:
        engine.dispose()


def _single(url: str, path: Path, models_dir: Path) -> opinion.ImportReport:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as db:
            analyzer = opinion.Analyzer.load(db, opinion.load_sentiment(models_dir))
            return opinion.ingest_file(db, path, analyzer, chunk=40)
    finally:
        engine.dispose()


def test_two_processes_import_what_one_does_idempotently_with_bad_rows_by_line(
    sqlite_url: str, tmp_path: Path, models_dir: Path, hotspot_file: Path
) -> None:
    path = _with_bad_rows(hotspot_file, tmp_path)
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    from tests.conftest import _prepare

    _prepare(reference_url)
    single = _single(reference_url, path, models_dir)
    seen: list[int] = []
    parallel = opinion.ingest_parallel(
        sqlite_url, path, workers=2, models_dir=models_dir, chunk=40, progress=seen.append
    )
    assert single.bad == 7 and single.exact_duplicates >= 40  # 6 broken lines, one of them reposted
    for name in ("rows", "imported", "already_present", "bad", "exact_duplicates", "spam", "pii_posts"):
        assert getattr(parallel, name) == getattr(single, name), name
    assert parallel.bad_rows == single.bad_rows  # same lines, in line order
    assert sum(parallel.sentiment.values()) == sum(single.sentiment.values())
    assert sum(seen) == parallel.rows - parallel.bad
    assert _count(sqlite_url) == _count(reference_url) == single.imported
    again = opinion.ingest_parallel(sqlite_url, path, workers=2, models_dir=models_dir, chunk=40)
    assert again.imported == 0 and again.already_present == single.imported and again.bad == single.bad
    assert _count(sqlite_url) == single.imported


def test_queued_parts_are_claimed_as_separate_jobs_and_summarised(
    sqlite_url: str, tmp_path: Path, models_dir: Path, hotspot_file: Path
) -> None:
    path = _with_bad_rows(hotspot_file, tmp_path)
    engine = make_engine(sqlite_url)
    factory = make_session_factory(engine)
    try:
        with factory() as db:
            jobs = opinion.enqueue_ingest(db, path, parts=3)
            assert [job.params["part"] for job in jobs] == [0, 1, 2]
            assert opinion.job_summary(db)["counts"] == {"queued": 3, "running": 0, "done": 0, "failed": 0}
        ran = opinion.work(factory, opinion.JobContext(models_dir), once=True)
        assert ran == 3
        with factory() as db:
            summary = opinion.job_summary(db)
            assert summary["counts"]["done"] == 3
            results = [job["result"] for job in summary["jobs"]]
        merged = opinion.ImportReport.merged(results)
        assert merged.bad == 7 and [row["line"] for row in merged.bad_rows] == sorted(
            r["line"] for r in merged.bad_rows
        )
        assert merged.imported == _count(sqlite_url) and merged.rows == len(path.read_text().splitlines())
    finally:
        engine.dispose()


def test_cli_workers_option_imports_in_parallel_or_queues_one_job_per_share(
    tmp_path: Path, models_dir: Path, hotspot_file: Path
) -> None:
    assert opinion_cli(tmp_path, models_dir, "db", "upgrade").returncode == 0
    parallel = opinion_cli(
        tmp_path, models_dir, "opinion", "ingest", str(hotspot_file), "--workers", "2", "--chunk", "64", "--json"
    )
    assert parallel.returncode == 0, parallel.stderr
    report = json.loads(parallel.stdout)
    assert report["rows"] == 300 and report["imported"] > 250 and "数据治理报告" in parallel.stderr
    queued = opinion_cli(
        tmp_path, models_dir, "opinion", "ingest", str(hotspot_file), "--background", "--workers", "2", "--json"
    )
    assert queued.returncode == 0, queued.stderr
    assert [job["params"]["part"] for job in json.loads(queued.stdout)] == [0, 1]
    bad = opinion_cli(tmp_path, models_dir, "opinion", "ingest", str(hotspot_file), "--workers", "0")
    assert bad.returncode == 2
