"""Deadline warnings for clerks: open cases within 3 working days of (or past) their deadline.

Registered as the ``cases.deadline_warnings`` job on the shared queue, so ``govhall worker`` (or a
scheduler that enqueues it daily) runs it; running it twice on one day sends nothing new, because
each warning carries a dedup key of case and deadline.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import jobs, notify
from govhall.cases.calendar import WorkCalendar, local_date, make_calendar
from govhall.cases.models import Case
from govhall.cases.notices import notify_staff
from govhall.cases.workflow import State
from govhall.db import transaction, utcnow

WARN_DAYS = 3
DEADLINE_JOB = "cases.deadline_warnings"
OPEN = (State.SUBMITTED.value, State.ACCEPTED.value)


def working_days_left(calendar: WorkCalendar, today: date, deadline: date) -> int:
    """Working days from today to the deadline; negative when overdue."""
    if deadline >= today:
        return calendar.working_days_between(today, deadline)
    return -calendar.working_days_between(deadline, today)


def send_deadline_warnings(db: Session, calendar: WorkCalendar, today: date) -> int:
    """Warn each department's clerks about open cases due within :data:`WARN_DAYS` working days."""
    sent = 0
    query = select(Case).where(Case.state.in_(OPEN), Case.deadline.is_not(None)).order_by(Case.deadline, Case.id)
    with transaction(db):
        for case in db.scalars(query):
            assert case.deadline is not None
            left = working_days_left(calendar, today, case.deadline)
            if left > WARN_DAYS:
                continue
            stage = "overdue" if left < 0 else "near"
            when = "已超期" if left < 0 else ("今天到期" if left == 0 else f"还剩 {left} 个工作日")
            sent += notify_staff(
                db,
                case,
                "case.deadline",
                f"办件临近期限：{case.item_name}（{when}）",
                f"办件编号 {case.number}，办理期限 {case.deadline:%Y-%m-%d}，请及时处理。",
                dedup_key=f"deadline:{case.number}:{case.deadline.isoformat()}:{stage}",
            )
    if sent:
        notify.request_delivery(db)
    return sent


def _run(run: jobs.JobRun) -> dict[str, Any]:
    settings = run.context.settings
    calendar = make_calendar(settings.extra_holidays(), settings.extra_workdays()) if settings else make_calendar()
    return {"sent": send_deadline_warnings(run.db, calendar, local_date(utcnow()))}


jobs.register(DEADLINE_JOB, _run)
