"""The statistics page as one call: every chart's data for a scope, and each chart as CSV rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from govhall.assistant.logs import question_stats
from govhall.errors import BadInput
from govhall.localtime import LOCAL_TZ
from govhall.stats import queries
from govhall.stats.queries import Scope

__all__ = ["CHARTS", "chart_rows", "dashboard"]

CHARTS = {
    "applications": "办件量趋势",
    "items": "事项办件量",
    "departments": "部门办件量",
    "processing": "办理用时与承诺时限",
    "deadlines": "超期与临期办件",
    "ratings": "好差评分布",
    "rating_trend": "好差评趋势",
    "questions": "热门问题",
    "unanswered": "未答复问题",
    "handoffs": "转人工率",
}


def _local_day(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).date().isoformat()


def dashboard(db: Session, scope: Scope, today: date, charts: Iterable[str] = tuple(CHARTS)) -> dict[str, Any]:
    """The ``charts`` of the page for ``scope`` (deadlines are as of ``today``, whatever the range)."""
    wanted = set(charts)
    out: dict[str, Any] = {}
    simple: dict[str, Callable[[], Any]] = {
        "applications": lambda: queries.applications_over_time(db, scope),
        "items": lambda: queries.applications_by_item(db, scope),
        "processing": lambda: queries.processing_times(db, scope),
        "deadlines": lambda: queries.deadline_watch(db, today, scope.department),
        "ratings": lambda: queries.rating_distribution(db, scope),
        "rating_trend": lambda: queries.rating_trend(db, scope),
    }
    for name, compute in simple.items():
        if name in wanted:
            out[name] = compute()
    if "departments" in wanted:  # the trend's rows summed: one scan of the range fewer
        rows = out["applications"] if "applications" in out else queries.applications_over_time(db, scope)
        totals: Counter[str] = Counter()
        for row in rows:
            totals[row["department"]] += row["count"]
        out["departments"] = [
            {"department": d, "count": n} for d, n in sorted(totals.items(), key=lambda p: (-p[1], p[0]))
        ]
    if wanted & {"questions", "unanswered", "handoffs"}:
        questions = question_stats(db, scope.since, scope.until, department=scope.department, day_of=_local_day)
        out["questions"] = [{"question": q, "count": n} for q, n in questions.top]
        out["unanswered"] = [{"question": q, "count": n} for q, n in questions.unanswered]
        out["handoffs"] = [
            {"day": day, "conversations": c, "handed_off": h, "rate": round(h / c, 4) if c else None}
            for day, (c, h) in questions.handoffs_by_day.items()
        ]
        out["handoff_rate"] = questions.handoff_rate
        out["conversations"] = questions.conversations
    return out


_HEADERS = {
    "applications": {"bucket": "时间", "department": "部门", "count": "办件量"},
    "items": {"item_code": "事项编码", "item": "事项", "department": "部门", "count": "办件量"},
    "departments": {"department": "部门", "count": "办件量"},
    "processing": {
        "item_code": "事项编码",
        "item": "事项",
        "decided": "已办结",
        "avg_days": "平均用时（天）",
        "max_days": "最长用时（天）",
        "promised_days": "承诺时限（工作日）",
        "on_time": "按期",
        "late": "超期",
        "on_time_rate": "按期率",
    },
    "deadlines": {"department": "部门", "overdue": "已超期", "near": "临近期限"},
    "ratings": {"score": "评分", "count": "数量"},
    "rating_trend": {"bucket": "时间", "ratings": "评价数", "good": "好评", "bad": "差评"},
    "questions": {"question": "问题", "count": "次数"},
    "unanswered": {"question": "问题", "count": "次数"},
    "handoffs": {"day": "日期", "conversations": "会话数", "handed_off": "转人工", "rate": "转人工率"},
}


def chart_rows(db: Session, scope: Scope, today: date, chart: str) -> tuple[list[str], list[list[Any]]]:
    """One chart's data as a header and rows (for the CSV export)."""
    if chart not in CHARTS:
        raise BadInput.of("bad_chart", chart=chart, fields={"chart": "不支持的统计图"})
    data = dashboard(db, scope, today, [chart])[chart]
    if chart == "ratings":
        data = [{"score": s, "count": n} for s, n in data.items()]
    headers = _HEADERS[chart]
    return list(headers.values()), [[row.get(key) for key in headers] for row in data]
