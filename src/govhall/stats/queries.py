"""The chart queries of the statistics page: each one ``GROUP BY`` over a covering index.

Every query reads a date range of cases (by submission, Beijing days) and, for a department head,
one department. The grouping is done by the database on the columns of ``ix_cases_stats_submitted``
(govhall.stats.indexes), so a year of a million cases is read from the index alone, never from the
table rows with their encrypted form data. Bucketing by day, week or month is dialect SQL in Beijing
time (:mod:`govhall.stats.buckets`, shared with the opinion dashboard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from govhall.cases.models import Case, CaseRating
from govhall.catalog.models import CatalogItem
from govhall.errors import FormInvalid
from govhall.localtime import day_end, day_start, parse_day_into
from govhall.stats.buckets import bucket_label, local_bucket, local_date

__all__ = [
    "FINISHED",
    "GRAINS",
    "OPEN",
    "CaseFilter",
    "Scope",
    "applications_by_department",
    "applications_by_item",
    "applications_over_time",
    "case_list",
    "deadline_watch",
    "make_scope",
    "processing_times",
    "rating_distribution",
    "rating_trend",
]

GRAINS = {"day": "按日", "week": "按周", "month": "按月"}
FINISHED = ("approved", "rejected", "completed")
"""States that end the clock: the last change of state is when the case was decided."""
OPEN = ("submitted", "accepted")
"""States whose clock runs (补正 pauses it, so waiting for materials is neither overdue nor near)."""
MAX_DAYS = 3660
NEAR_DAYS = 3


@dataclass(frozen=True)
class Scope:
    """A date range (Beijing days, inclusive), its bucket size and, for a department head, the department."""

    start: date
    end: date
    grain: str
    department: str | None = None

    @property
    def since(self) -> datetime:
        return day_start(self.start)

    @property
    def until(self) -> datetime:
        return day_end(self.end)


def make_scope(start: str, end: str, grain: str, department: str | None, today: date) -> Scope:
    """The page's query as a :class:`Scope` (default: the last 30 days); bad input is a Chinese 422."""
    errors: dict[str, str] = {}
    first = parse_day_into(start, "start", errors) if start else today - timedelta(days=29)
    last = parse_day_into(end, "end", errors) if end else today
    if grain and grain not in GRAINS:
        errors["grain"] = "统计粒度只能是按日、按周或按月"
    if first and last and not errors:
        if last < first:
            errors["end"] = "结束日期不能早于开始日期"
        elif (last - first).days > MAX_DAYS:
            errors["end"] = "时间范围最长 10 年"
    if errors or first is None or last is None:
        raise FormInvalid.of("form_invalid", "stats_filter", fields=errors)
    span = (last - first).days
    chosen = grain or ("day" if span <= 62 else "week" if span <= 366 else "month")
    return Scope(first, last, chosen, department)


def _is_postgres(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


def _bucket(db: Session, column: Any, grain: str) -> tuple[ColumnElement[Any], ColumnElement[str]]:
    """The Beijing day, week (its Monday) or month of a UTC timestamp column: the key to group by and
    its text label (:mod:`govhall.stats.buckets`)."""
    dialect = db.get_bind().dialect.name
    key = local_bucket(dialect, column, grain)
    return key, bucket_label(dialect, key, grain)


def _days_between(db: Session, start: Any, end: Any) -> ColumnElement[Any]:
    if _is_postgres(db):
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def _cases(scope: Scope, *columns: Any) -> Select[Any]:
    query = select(*columns).where(Case.submitted_at >= scope.since, Case.submitted_at < scope.until)
    return query.where(Case.department == scope.department) if scope.department else query


def applications_over_time(db: Session, scope: Scope) -> list[dict[str, Any]]:
    """Applications per bucket and department."""
    key, label = _bucket(db, Case.submitted_at, scope.grain)
    query = _cases(scope, label.label("bucket"), Case.department, func.count().label("n")).group_by(
        key, Case.department
    )
    return [{"bucket": b, "department": d, "count": int(n)} for b, d, n in db.execute(query.order_by(key))]


def _item_names(db: Session) -> dict[str, str]:
    return dict(db.execute(select(CatalogItem.code, CatalogItem.name)).all())


def applications_by_item(db: Session, scope: Scope, limit: int = 30) -> list[dict[str, Any]]:
    """The items with the most applications, with their department."""
    n = func.count().label("n")
    query = _cases(scope, Case.item_code, Case.department, n).group_by(Case.item_code, Case.department)
    names = _item_names(db)
    rows = db.execute(query.order_by(n.desc(), Case.item_code).limit(limit))
    return [{"item_code": c, "item": names.get(c, c), "department": d, "count": int(k)} for c, d, k in rows]


def applications_by_department(db: Session, scope: Scope) -> list[dict[str, Any]]:
    n = func.count().label("n")
    query = _cases(scope, Case.department, n).group_by(Case.department).order_by(n.desc(), Case.department)
    return [{"department": d, "count": int(k)} for d, k in db.execute(query)]


def processing_times(db: Session, scope: Scope, limit: int = 30) -> list[dict[str, Any]]:
    """Per item, cases decided: average and longest days taken, and how many by the promised deadline.

    A case is decided when it reached approved, rejected or completed; its last change of state is
    the decision. On time: decided (Beijing day) no later than its deadline.
    """
    days = _days_between(db, Case.submitted_at, Case.updated_at)
    decided = local_date(db.get_bind().dialect.name, Case.updated_at)
    on_time = func.sum(case((decided <= Case.deadline, 1), else_=0))
    late = func.sum(case((decided > Case.deadline, 1), else_=0))
    n = func.count().label("n")
    query = (
        _cases(scope, Case.item_code, n, func.avg(days), func.max(days), on_time, late)
        .where(Case.state.in_(FINISHED))
        .group_by(Case.item_code)
        .order_by(n.desc(), Case.item_code)
        .limit(limit)
    )
    promised = {
        code: content.get("time_limit_days")
        for code, content in db.execute(select(CatalogItem.code, CatalogItem.content))
    }
    names = _item_names(db)
    return [
        {
            "item_code": code,
            "item": names.get(code, code),
            "decided": int(count),
            "avg_days": round(float(avg or 0), 1),
            "max_days": round(float(top or 0), 1),
            "promised_days": promised.get(code),
            "on_time": int(ok or 0),
            "late": int(bad or 0),
            "on_time_rate": round(int(ok or 0) / max(int(ok or 0) + int(bad or 0), 1), 4),
        }
        for code, count, avg, top, ok, bad in db.execute(query)
    ]


def _open(department: str | None, *columns: Any) -> Select[Any]:
    query = select(*columns).where(Case.state.in_(OPEN), Case.deadline.is_not(None))
    return query.where(Case.department == department) if department else query


def deadline_watch(
    db: Session, today: date, department: str | None = None, near_days: int = NEAR_DAYS
) -> list[dict[str, Any]]:
    """Open cases per department: overdue (deadline passed) and near (due within ``near_days``)."""
    horizon = today + timedelta(days=near_days)
    overdue = func.sum(case((Case.deadline < today, 1), else_=0))
    near = func.sum(case((Case.deadline >= today, 1), else_=0))
    query = (
        _open(department, Case.department, overdue, near)
        .where(Case.deadline <= horizon)
        .group_by(Case.department)
        .order_by(overdue.desc(), Case.department)
    )
    return [{"department": d, "overdue": int(o or 0), "near": int(n or 0)} for d, o, n in db.execute(query)]


def rating_distribution(db: Session, scope: Scope) -> dict[str, int]:
    """好差评 counts per score (5 … 1) among ratings given in the range."""
    query = select(CaseRating.score, func.count()).where(
        CaseRating.created_at >= scope.since, CaseRating.created_at < scope.until
    )
    if scope.department:
        query = query.where(CaseRating.department == scope.department)
    counts = {int(s): int(n) for s, n in db.execute(query.group_by(CaseRating.score))}
    return {str(s): counts.get(s, 0) for s in range(5, 0, -1)}


def rating_trend(db: Session, scope: Scope) -> list[dict[str, Any]]:
    """Per bucket: ratings, 好评 (4–5) and 差评 (1–2)."""
    key, label = _bucket(db, CaseRating.created_at, scope.grain)
    good = func.sum(case((CaseRating.score >= 4, 1), else_=0))
    bad = func.sum(case((CaseRating.score <= 2, 1), else_=0))
    query = select(label.label("bucket"), func.count(), good, bad).where(
        CaseRating.created_at >= scope.since, CaseRating.created_at < scope.until
    )
    if scope.department:
        query = query.where(CaseRating.department == scope.department)
    rows = db.execute(query.group_by(key).order_by(key))
    return [{"bucket": b, "ratings": int(n), "good": int(g or 0), "bad": int(x or 0)} for b, n, g, x in rows]


@dataclass(frozen=True)
class CaseFilter:
    """Which cases of a scope a drill-down lists: of an item, a department, a chart bucket, or the
    overdue / near-deadline open ones (``watch``); an empty field does not filter."""

    item_code: str = ""
    department: str = ""
    bucket: str = ""
    watch: str = ""


def case_list(
    db: Session, scope: Scope, which: CaseFilter = CaseFilter(), *, today: date, limit: int = 200
) -> list[dict[str, Any]]:
    """The cases behind one chart point (drill-down), newest first; the watched ones by deadline."""
    columns = (Case.number, Case.item_code, Case.item_name, Case.department, Case.state, Case.submitted_at)
    if which.watch in ("overdue", "near"):
        query = _open(scope.department, *columns, Case.deadline)
        if which.watch == "overdue":
            query = query.where(Case.deadline < today)
        else:
            query = query.where(Case.deadline >= today, Case.deadline <= today + timedelta(days=NEAR_DAYS))
        query = query.order_by(Case.deadline, Case.number)
    else:
        query = _cases(scope, *columns, Case.deadline).order_by(Case.submitted_at.desc(), Case.number)
        if which.bucket:
            query = query.where(_bucket(db, Case.submitted_at, scope.grain)[1] == which.bucket)
    if which.item_code:
        query = query.where(Case.item_code == which.item_code)
    if which.department:
        query = query.where(Case.department == which.department)
    return [
        {
            "number": number,
            "item_code": code,
            "item": name,
            "department": dept,
            "state": state,
            "submitted_at": submitted,
            "deadline": deadline,
        }
        for number, code, name, dept, state, submitted, deadline in db.execute(query.limit(limit))
    ]
