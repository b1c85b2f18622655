"""Cron schedules in the database: due runs are queued exactly once however many workers tick,
errors and outcomes are shown, and ``govhall worker`` runs the scheduler itself."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import govhall.opinion.alerting  # registers the opinion.* kinds the schedules queue)
import govhall.opinion.jobs  # registers ingest and analyze
from govhall import jobs
from govhall.db import make_engine, make_session_factory, transaction
from govhall.errors import BadInput, Conflict, NotFound
from govhall.jobs import Job, schedule
from govhall.jobs.models import Schedule
from tests.support.cli import govhall

T0 = datetime(2026, 12, 1, 0, 0, 30, tzinfo=UTC)


def _failing(run: jobs.JobRun) -> dict[str, object]:
    raise BadInput("scheduled_failure", "计划任务故意失败")


jobs.register("test.fails", _failing)


def test_two_workers_never_queue_the_same_due_run_twice(db_url: str) -> None:
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    with factory() as db:
        for n in range(4):
            schedule.add_schedule(db, f"every-minute-{n}", "opinion.scan", "* * * * *", {"n": n}, now=T0)
    minutes = [T0 + timedelta(minutes=m) for m in range(1, 7)]
    barrier = threading.Barrier(2)
    queued: list[list[int]] = [[], []]
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        worker_engine = make_engine(db_url)
        try:
            with make_session_factory(worker_engine)() as db:
                for now in minutes:
                    barrier.wait(timeout=60)
                    queued[index].extend(job.id for job in schedule.tick(db, now))
        except BaseException as exc:  # surfaced below: a thread's assertion would be lost
            failures.append(exc)
            barrier.abort()
        finally:
            worker_engine.dispose()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    with factory() as db:
        runs = Counter(job.params["n"] for job in db.scalars(select(Job).where(Job.kind == "opinion.scan")))
    engine.dispose()
    assert runs == {n: len(minutes) for n in range(4)}  # one run per schedule per minute, none twice
    assert len(queued[0]) + len(queued[1]) == 4 * len(minutes)
    assert not set(queued[0]) & set(queued[1])


def test_a_tick_queues_due_runs_once_and_moves_them_on(db: Session) -> None:
    row = schedule.add_schedule(db, "daily", "opinion.digest", "0 18 * * *", now=T0)
    assert row.next_run_at == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 18:00 Beijing time
    assert schedule.tick(db, T0 + timedelta(hours=9)) == []
    first = schedule.tick(db, T0 + timedelta(hours=10))
    assert [job.kind for job in first] == ["opinion.digest"]
    assert schedule.tick(db, T0 + timedelta(hours=10, minutes=5)) == []  # not twice for the same run
    db.expire_all()
    row = schedule.get_schedule(db, "daily")
    assert row.next_run_at == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert row.last_job_id == first[0].id
    # a worker down for three days does not catch up three runs
    assert len(schedule.tick(db, T0 + timedelta(days=3, hours=11))) == 1


def test_disabled_schedules_wait_and_errors_are_shown(db: Session) -> None:
    schedule.add_schedule(db, "broken", "test.fails", "*/5 * * * *", now=T0)
    schedule.set_enabled(db, "broken", False, now=T0)
    assert schedule.tick(db, T0 + timedelta(hours=1)) == []
    schedule.set_enabled(db, "broken", True, now=T0 + timedelta(hours=1))
    [job] = schedule.tick(db, T0 + timedelta(hours=1, minutes=5))
    jobs.run_job(db, job, jobs.JobContext(Path(".")))
    [row] = [r for r in schedule.schedule_rows(db) if r["name"] == "broken"]
    assert row["last_status"] == "failed" and row["last_error"] == "计划任务故意失败"
    schedule.tick(db, T0 + timedelta(hours=1, minutes=6))
    db.expire_all()
    assert schedule.get_schedule(db, "broken").last_error == "计划任务故意失败"


def test_bad_schedules_are_refused(db: Session) -> None:
    with pytest.raises(BadInput, match="定时表达式"):
        schedule.add_schedule(db, "x", "opinion.scan", "every day")
    with pytest.raises(BadInput, match="永远不会运行"):
        schedule.add_schedule(db, "x", "opinion.scan", "0 0 31 2 *")
    with pytest.raises(BadInput, match="未知的任务类型"):
        schedule.add_schedule(db, "x", "no.such.kind", "* * * * *")
    schedule.add_schedule(db, "x", "opinion.scan", "* * * * *")
    with pytest.raises(Conflict):
        schedule.add_schedule(db, "x", "opinion.scan", "* * * * *")
    with pytest.raises(NotFound):
        schedule.set_enabled(db, "nope", True)


def _checked(run: jobs.JobRun) -> dict[str, object]:
    return {}


def _check_size(params: dict[str, object]) -> None:
    if not isinstance(params.get("size"), int):
        raise BadInput("bad_params", "参数 size 应为整数")


jobs.register("test.checked", _checked, check=_check_size)


def test_params_are_checked_by_the_kind_when_the_schedule_is_added(db: Session, tmp_path: Path) -> None:
    """Not only at each run (where a bad schedule would be skipped every time, unnoticed)."""
    with pytest.raises(BadInput, match="size"):
        schedule.add_schedule(db, "checked", "test.checked", "* * * * *", {"size": "big"})
    with pytest.raises(BadInput, match="找不到要导入的文件"):
        schedule.add_schedule(db, "import", "ingest", "* * * * *", {"path": str(tmp_path / "missing.csv")})
    schedule.add_schedule(db, "checked", "test.checked", "* * * * *", {"size": 3})
    with transaction(db):
        assert db.scalar(select(func.count()).select_from(Schedule)) == 1


def test_default_schedules_are_added_once_and_run_by_the_worker(db: Session, db_url: str) -> None:
    added = schedule.ensure_default_schedules(db, now=T0)
    assert "deadline-warnings" in added and "opinion-alerts" in added
    assert schedule.ensure_default_schedules(db) == []
    with transaction(db):
        for row in db.scalars(select(Schedule)):
            row.enabled = row.name == "opinion-alerts"
        schedule.get_schedule(db, "opinion-alerts").next_run_at = T0
    engine = make_engine(db_url)
    try:
        ran = jobs.work(make_session_factory(engine), jobs.JobContext(Path(".")), once=True, tick=schedule.tick)
    finally:
        engine.dispose()
    assert ran == 1
    db.expire_all()
    [row] = [r for r in schedule.schedule_rows(db) if r["name"] == "opinion-alerts"]
    assert row["last_status"] == "done" and row["last_error"] is None
    assert db.scalar(select(func.count()).select_from(Job).where(Job.kind == "opinion.scan")) == 1


def test_schedules_command(tmp_path: Path, sqlite_url: str) -> None:
    added = govhall(tmp_path, "schedules", "add", "nightly", "opinion.topics", "30 2 * * *", db="govhall.db")
    assert added.returncode == 0, added.stderr
    bad = govhall(tmp_path, "schedules", "add", "n2", "opinion.topics", "99 * * * *", db="govhall.db")
    assert bad.returncode == 2 and "定时表达式" in bad.stderr
    off = govhall(tmp_path, "schedules", "disable", "nightly", db="govhall.db")
    assert off.returncode == 0 and "已停用" in off.stderr
    listed = govhall(tmp_path, "schedules", "list", db="govhall.db")
    assert "nightly  30 2 * * *  opinion.topics  停用" in listed.stdout
    missing = govhall(tmp_path, "schedules", "enable", "nope", db="govhall.db")
    assert missing.returncode == 2 and "不存在" in missing.stderr
