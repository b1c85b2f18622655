"""Cron schedules stored in the database, run by whichever ``govhall worker`` ticks first.

A schedule queues a job of its ``kind`` whenever its ``next_run_at`` is due. The claim is the move
of ``next_run_at`` itself: the row is read under ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (a second
worker skips it instead of waiting) and, on SQLite, inside the ``BEGIN IMMEDIATE`` transaction that
is the database-wide write lock; the ``UPDATE … WHERE next_run_at = <the value read>`` is a
compare-and-set on top, and the job is queued in the same commit. So however many workers tick,
each due run is queued exactly once, and a crashed worker loses nothing (the row stays due).

Cron expressions are read in Beijing time (``0 8 * * *`` is 08:00 in China), what the hall's
clerks and analysts mean. A worker that was down does not catch up run by run: the next run is
the first one after now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from croniter import CroniterError, croniter
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govhall.db import one_or_not_found, transaction, utcnow
from govhall.errors import BadInput, Conflict, GovhallError
from govhall.jobs.models import Job, Schedule
from govhall.jobs.queue import check_params, enqueue

__all__ = [
    "DEFAULT_SCHEDULES",
    "DefaultSchedule",
    "add_schedule",
    "check_cron",
    "ensure_default_schedules",
    "get_schedule",
    "next_run",
    "remove_schedule",
    "schedule_rows",
    "set_enabled",
    "tick",
]

from govhall.localtime import LOCAL_TZ, local_iso


@dataclass(frozen=True)
class DefaultSchedule:
    name: str
    kind: str
    cron: str
    description: str


# What ``govhall db upgrade`` sets up; the kinds are registered by the capabilities that own them.
DEFAULT_SCHEDULES = (
    DefaultSchedule("opinion-alerts", "opinion.scan", "*/10 * * * *", "舆情突增、负面占比跃升与新话题预警"),
    DefaultSchedule("opinion-topics", "opinion.topics", "15 * * * *", "每小时刷新舆情话题"),
    DefaultSchedule("opinion-digest", "opinion.digest", "0 18 * * *", "每日舆情摘要（站内消息与 Webhook）"),
    DefaultSchedule("opinion-brief", "opinion.brief", "0 7 * * 1", "每周一生成各部门舆情周报"),
    DefaultSchedule("deadline-warnings", "cases.deadline_warnings", "0 8 * * *", "每天 8 点发送办件临期提醒"),
)


def check_cron(expression: str) -> str:
    """The expression, stripped, or ``BadInput`` (five fields: minute hour day month weekday)."""
    expression = " ".join(expression.split())
    if len(expression.split(" ")) != 5 or not croniter.is_valid(expression):
        raise BadInput.of("bad_cron", expression=expression[:64])
    try:
        croniter(expression, utcnow()).get_next(datetime)
    except (CroniterError, ValueError, OverflowError):  # valid fields that never match, such as 31 February
        raise BadInput.of("bad_cron", "never", expression=expression) from None
    return expression


def next_run(expression: str, after: datetime) -> datetime:
    """The first run of ``expression`` strictly after ``after``, in UTC."""
    moment: datetime = croniter(expression, after.astimezone(LOCAL_TZ)).get_next(datetime)
    return moment.astimezone(UTC)


def add_schedule(
    db: Session,
    name: str,
    kind: str,
    cron: str,
    params: dict[str, Any] | None = None,
    *,
    enabled: bool = True,
    now: datetime | None = None,
    replace: bool = False,
) -> Schedule:
    """Store a schedule (``replace``: update the one of that name instead of refusing a second)."""
    name = name.strip()
    if not name or len(name) > 64:
        raise BadInput.of("bad_schedule_name")
    check_params(kind, params or {})  # a known kind, and its own check of the params
    cron = check_cron(cron)
    with transaction(db):
        row = db.scalar(select(Schedule).where(Schedule.name == name))
        if row is not None and not replace:
            raise Conflict.of("schedule_exists", name=name)
        if row is None:
            row = Schedule(name=name, kind=kind, params={}, cron=cron, enabled=enabled)
            db.add(row)
        row.kind, row.params, row.cron, row.enabled = kind, dict(params or {}), cron, enabled
        row.next_run_at = next_run(cron, now or utcnow())
    return row


def get_schedule(db: Session, name: str) -> Schedule:
    return one_or_not_found(db, select(Schedule).where(Schedule.name == name), "定时计划", name)


def set_enabled(db: Session, name: str, enabled: bool, *, now: datetime | None = None) -> Schedule:
    """Turn a schedule on or off; turning it on counts the next run from now (no backlog)."""
    with transaction(db):
        row = get_schedule(db, name)
        if enabled and not row.enabled:
            row.next_run_at = next_run(row.cron, now or utcnow())
        row.enabled = enabled
    return row


def remove_schedule(db: Session, name: str) -> None:
    with transaction(db):
        db.delete(get_schedule(db, name))


def ensure_default_schedules(db: Session, *, now: datetime | None = None) -> list[str]:
    """Add the default schedules that are missing (one an admin disabled or changed stays as it is)."""
    added: list[str] = []
    with transaction(db):
        present = set(db.scalars(select(Schedule.name)))
        for default in DEFAULT_SCHEDULES:
            if default.name in present:
                continue
            db.add(
                Schedule(
                    name=default.name,
                    kind=default.kind,
                    params={},
                    cron=default.cron,
                    enabled=True,
                    next_run_at=next_run(default.cron, now or utcnow()),
                )
            )
            added.append(default.name)
    return added


def tick(db: Session, now: datetime | None = None) -> list[Job]:
    """Queue a job for every enabled schedule that is due; returns the jobs this caller queued."""
    now = now or utcnow()
    _record_outcomes(db)
    due = list(
        db.scalars(
            select(Schedule.id)
            .where(Schedule.enabled.is_(True), Schedule.next_run_at <= now)
            .order_by(Schedule.next_run_at, Schedule.id)
        )
    )
    db.commit()  # end the read; each claim below is its own short write transaction
    queued: list[Job] = []
    for schedule_id in due:
        job = _claim_and_queue(db, schedule_id, now)
        if job is not None:
            queued.append(job)
    return queued


def _claim_and_queue(db: Session, schedule_id: int, now: datetime) -> Job | None:
    """Move one due schedule's ``next_run_at`` and queue its job in one commit, or do nothing."""
    query = select(Schedule).where(Schedule.id == schedule_id, Schedule.enabled.is_(True), Schedule.next_run_at <= now)
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    try:
        with transaction(db):
            row = db.scalar(query.execution_options(populate_existing=True))
            if row is None:
                return None  # another worker has it (locked) or took it already
            following = next_run(row.cron, now)
            moved = db.execute(
                update(Schedule)
                .where(Schedule.id == schedule_id, Schedule.next_run_at == row.next_run_at)
                .values(next_run_at=following, last_run_at=now)
                .execution_options(synchronize_session=False)
            )
            if getattr(moved, "rowcount", 0) != 1:
                return None
            kind, params = row.kind, dict(row.params)
            job = enqueue(db, kind, params)  # commits the claim and the job together
    except GovhallError as exc:
        # an unknown kind or bad params: the run is skipped and the reason shown, the schedule moves on
        with transaction(db):
            db.execute(
                update(Schedule)
                .where(Schedule.id == schedule_id)
                .values(next_run_at=next_run(_cron_of(db, schedule_id), now), last_run_at=now, last_error=exc.message)
                .execution_options(synchronize_session=False)
            )
        return None
    with transaction(db):
        db.execute(
            update(Schedule)
            .where(Schedule.id == schedule_id)
            .values(last_job_id=job.id)
            .execution_options(synchronize_session=False)
        )
    return job


def _cron_of(db: Session, schedule_id: int) -> str:
    return str(db.scalar(select(Schedule.cron).where(Schedule.id == schedule_id)))


def _record_outcomes(db: Session) -> None:
    """Copy each finished last job's outcome into ``last_error`` (None after a success)."""
    rows = db.execute(
        select(Schedule.id, Schedule.last_error, Job.status, Job.error)
        .join(Job, Job.id == Schedule.last_job_id)
        .where(Job.status.in_(("done", "failed")))
    ).all()
    outcomes = [(sid, old, error if status == "failed" else None) for sid, old, status, error in rows]
    stale = [(sid, error) for sid, old, error in outcomes if error != old]
    if not stale:
        db.commit()
        return
    with transaction(db):
        for sid, error in stale:
            db.execute(
                update(Schedule)
                .where(Schedule.id == sid)
                .values(last_error=error)
                .execution_options(synchronize_session=False)
            )


def schedule_rows(db: Session) -> list[dict[str, Any]]:
    """Every schedule with its last run, next run, last job's status and error, for pages and the API."""
    rows = db.execute(select(Schedule, Job).outerjoin(Job, Job.id == Schedule.last_job_id).order_by(Schedule.name))
    result: list[dict[str, Any]] = []
    for schedule, job in rows:
        error = job.error if job is not None and job.status == "failed" else schedule.last_error
        result.append(
            {
                "id": schedule.id,
                "name": schedule.name,
                "kind": schedule.kind,
                "params": schedule.params,
                "cron": schedule.cron,
                "enabled": schedule.enabled,
                "last_run_at": local_iso(schedule.last_run_at),
                "next_run_at": local_iso(schedule.next_run_at) if schedule.enabled else None,
                "last_job_id": schedule.last_job_id,
                "last_status": job.status if job is not None else None,
                "last_error": error,
            }
        )
    return result
