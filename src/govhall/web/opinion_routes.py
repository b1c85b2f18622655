"""The analyst pages: the public-opinion dashboard, the post search, the weekly brief, the impact report.

Every page takes the same period and source filters (``since``/``until`` as YYYY-MM-DD, both days
included; ``source``), every chart click lands on the post search with the clicked slice as filters,
and every list can be downloaded as CSV (streamed, texts as stored: masked). Reports and briefs are
also downloadable as PDF from their page.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import opinion
from govhall.accounts import Role, User
from govhall.api.deps import OptionalUser, SessionDep, SettingsDep
from govhall.api.downloads import content_disposition
from govhall.api.routers.opinion import policy_citer
from govhall.errors import BadInput, NotAuthenticated, PermissionDenied
from govhall.jobs.schedule import schedule_rows
from govhall.localtime import LOCAL_TZ, day_end, day_start, parse_day
from govhall.opinion.brief import parse_week, weekly_brief, write_brief_pdf
from govhall.opinion.queries import PostFilter, iter_posts, search_posts, source_names
from govhall.opinion.queries import alerts as alert_rows  # govhall.opinion.alerts is also a module name
from govhall.opinion.summary import alert_summary, topic_summary
from govhall.web.actions import DayQuery
from govhall.web.downloads import csv_download
from govhall.web.pages import render

PER_PAGE = 50
MAX_PAGE = 100_000
EXPORT_LIMIT = 1_000_000
RowId = Annotated[int | None, Query(ge=1, le=2**63 - 1)]
Short = Annotated[str, Query(max_length=64)]
"""A day as typed, YYYY-MM-DD: parsed in the route, after it has checked who asks."""


def _analyst(user: OptionalUser) -> User:
    """The signed-in analyst (or admin); a visitor is sent to log in, anyone else gets the 403 page.

    A dependency of the whole router, so that no page or download can forget it and a filter is
    read only for someone allowed to see the result; pages that show the user name it again as
    :data:`Analyst` (FastAPI runs it once a request)."""
    if user is None:
        raise NotAuthenticated()
    if user.role not in (Role.ANALYST, Role.ADMIN):
        raise PermissionDenied.of("permission_denied", "analysts_only")
    return user


Analyst = Annotated[User, Depends(_analyst)]
router = APIRouter(include_in_schema=False, dependencies=[Depends(_analyst)])


def _day(value: str, name: str) -> datetime:
    return day_start(parse_day(value, name), name)


def _period(since: str, until: str) -> tuple[datetime | None, datetime | None]:
    """``[since, until]`` as given on the pages (both days included) → ``[start, end)``."""
    start = _day(since, "开始日期") if since else None
    end = day_end(parse_day(until, "结束日期"), "结束日期") if until else None
    if start is not None and end is not None and end <= start:
        raise BadInput.of("bad_period", "end_before_start")
    return start, end


@dataclass(frozen=True)
class _Period:
    """The period filter every page takes (``since``/``until``, both days included), kept as typed
    so that the page can show it back and a bad date is reported only to an analyst."""

    since: DayQuery = ""
    until: DayQuery = ""

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        return _period(self.since, self.until)


Period = Annotated[_Period, Depends()]


def _sources(db: Session) -> list[str]:
    return source_names(db)


def _filter_args(**values: Any) -> str:
    """The non-empty filters as a query string (for links, pagers and exports)."""
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


@router.get("/opinion", response_class=HTMLResponse)
def dashboard(
    request: Request,
    db: SessionDep,
    user: Analyst,
    period: Period,
    source: Short = "",
) -> HTMLResponse:
    start, end = period.bounds()
    if not period.since and not period.until:
        start = opinion.recent_start(db)  # the last 90 days up to the newest post, not every year's posts
    posts = PostFilter(source=source or None, since=start, until=end)
    if source:
        points = opinion.time_series(db, by="source", since=start, until=end)
        series = [p.to_dict() for p in points if p.key == source]
    else:
        series = [p.to_dict() for p in opinion.time_series(db, by="total", since=start, until=end)]
    filters = {**asdict(period), "source": source}
    return render(
        request,
        "opinion.html",
        {
            "user": user,
            "series": series,
            "topics": opinion.topics_overview(db, posts)[:20],
            "alerts": alert_rows(db, limit=20, since=start, until=end),
            "jobs": opinion.job_summary(db),
            "schedules": schedule_rows(db),
            "labels": opinion.LABELS_ZH,
            "sources": _sources(db),
            "filters": filters,
            "filter_args": _filter_args(**filters),
        },
    )


@dataclass(frozen=True)
class _PostQuery:
    """The post filter as typed in the query string, shared by the search page and its CSV export.

    Kept raw (not yet a :class:`PostFilter`) so that a route checks who asks before a bad date
    is reported, and the page can show the filter back as it was typed."""

    q: Annotated[str, Query(max_length=100)] = ""
    sentiment: Annotated[str, Query(max_length=16)] = ""
    topic_id: RowId = None
    alert_id: RowId = None
    source: Short = ""
    department: Short = ""
    since: DayQuery = ""
    until: DayQuery = ""

    def filter(self) -> PostFilter:
        start, end = _period(self.since, self.until)
        return PostFilter(
            q=self.q.strip() or None,
            sentiment=self.sentiment or None,
            topic_id=self.topic_id,
            source=self.source or None,
            department=self.department or None,
            since=start,
            until=end,
            alert_id=self.alert_id,
        )


PostQuery = Annotated[_PostQuery, Depends()]


@router.get("/opinion/posts", response_class=HTMLResponse)
def posts_page(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: Analyst,
    query: PostQuery,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    f = query.filter()
    found = search_posts(db, f, page=page, per_page=PER_PAGE)
    cite = policy_citer(db, settings)
    summary = None
    title = "帖子检索"
    if query.alert_id is not None:
        summary = alert_summary(db, query.alert_id, cite=cite)
        title = summary["alert"]["message"]
    elif query.topic_id is not None:
        summary = topic_summary(db, query.topic_id, since=f.since, until=f.until, cite=cite)
        title = f"话题：{summary['topic']['label']}"
    filters = asdict(query)
    return render(
        request,
        "opinion_posts.html",
        {
            "user": user,
            "found": found,
            "rows": found["rows"],
            "title": title,
            "summary": summary,
            "labels": opinion.LABELS_ZH,
            "sources": _sources(db),
            "filters": filters,
            "filter_args": _filter_args(**filters),
        },
    )


POST_COLUMNS = ["时间", "来源", "内容（已脱敏）", "情感", "话题", "地区", "部门", "事项", "政策", "链接"]


def _post_rows(request: Request, f: PostFilter) -> Iterator[list[Any]]:
    """Rows for the posts CSV, read in their own session (the route gives its connection back first:
    SQLite's pool holds one connection, and the stream outlives the route)."""
    with request.app.state.session_factory() as db:
        for p in iter_posts(db, f, limit=EXPORT_LIMIT):
            yield [
                p["time"],
                p["source"],
                p["text"],
                opinion.LABELS_ZH.get(p["sentiment"], p["sentiment"] or ""),
                p["topic_id"],
                p["region"],
                p["department"],
                p["item_code"],
                p["policy"],
                p["url"],
            ]


@router.get("/opinion/posts.csv")
def posts_csv(
    request: Request,
    db: SessionDep,
    query: PostQuery,
) -> StreamingResponse:
    f = query.filter()
    if f.q:
        search_posts(db, f, per_page=1)  # catches the search index up before the stream reads it
    db.close()
    return csv_download("舆情帖子.csv", POST_COLUMNS, _post_rows(request, f))


@router.get("/opinion/topics.csv")
def topics_csv(
    db: SessionDep,
    period: Period,
    source: Short = "",
) -> StreamingResponse:
    start, end = period.bounds()
    topics = opinion.topics_overview(db, PostFilter(source=source or None, since=start, until=end))
    rows = (
        [t["id"], t["label"], "、".join(t["keywords"]), t["posts"], t["negative_share"], t["department"]]
        for t in topics
    )
    return csv_download("舆情话题.csv", ["编号", "话题", "关键词", "帖子数", "负面占比", "建议承办部门"], rows)


@router.get("/opinion/alerts.csv")
def alerts_csv(
    db: SessionDep,
    period: Period,
) -> StreamingResponse:
    start, end = period.bounds()
    found = alert_rows(db, limit=10_000, since=start, until=end)
    rows = ([a["bucket_start"], a["name"], a["count"], a["baseline"], a["negative_share"], a["message"]] for a in found)
    return csv_download("舆情预警.csv", ["时段", "对象", "帖子数", "基线", "负面占比", "说明"], rows)


def _pdf(name: str, write: Any, data: dict[str, Any]) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        content = write(data, Path(folder) / "out.pdf").read_bytes()
    return Response(content, media_type="application/pdf", headers=content_disposition(name))


def _report(db: Session, policy: str, since: str, until: str) -> dict[str, Any] | None:
    if not (policy and since and until):
        return None
    return opinion.impact_report(db, policy, _day(since, "生效日期"), _day(until, "截止日期"))


@router.get("/opinion/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    db: SessionDep,
    user: Analyst,
    policy: Annotated[str, Query(max_length=128)] = "",
    since: DayQuery = "",
    until: DayQuery = "",
) -> HTMLResponse:
    report = _report(db, policy, since, until)
    context = {"user": user, "report": report, "policy": policy, "since": since, "until": until}
    pdf_args = _filter_args(policy=policy, since=since, until=until)
    return render(request, "opinion_report.html", {**context, "labels": opinion.LABELS_ZH, "pdf_args": pdf_args})


@router.get("/opinion/report.pdf")
def report_pdf(
    db: SessionDep,
    policy: Annotated[str, Query(min_length=1, max_length=128)],
    since: Annotated[str, Query(min_length=1, max_length=10)],
    until: Annotated[str, Query(min_length=1, max_length=10)],
) -> Response:
    report = _report(db, policy, since, until)
    assert report is not None
    return _pdf(f"政策影响评估-{policy}.pdf", opinion.write_pdf, report)


@dataclass(frozen=True)
class _BriefQuery:
    """The weekly brief's department (empty: all) and week (any day in it; empty: the latest week),
    shared by the page and its PDF."""

    department: Short = ""
    week: DayQuery = ""

    def brief(self, db: Session, settings: Any) -> dict[str, Any]:
        week = parse_week(self.week) if self.week else None
        return weekly_brief(db, self.department or None, week, cite=policy_citer(db, settings))


BriefQuery = Annotated[_BriefQuery, Depends()]


@router.get("/opinion/brief", response_class=HTMLResponse)
def brief_page(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: Analyst,
    query: BriefQuery,
) -> HTMLResponse:
    brief = query.brief(db, settings)
    first = date.fromisoformat(brief["week_start"])
    departments = [
        d
        for d in db.scalars(
            select(opinion.OpinionPost.department)
            .distinct()
            .where(opinion.OpinionPost.department.is_not(None))
            .order_by(opinion.OpinionPost.department)
        )
    ]
    latest = db.scalar(select(opinion.OpinionPost.posted_at).order_by(opinion.OpinionPost.posted_at.desc()).limit(1))
    return render(
        request,
        "opinion_brief.html",
        {
            "user": user,
            "brief": brief,
            "department": query.department,
            "departments": departments,
            "previous_week": (first - timedelta(days=7)).isoformat(),
            "next_week": (first + timedelta(days=7)).isoformat(),
            "latest_week": latest.astimezone(LOCAL_TZ).date().isoformat() if latest else "",
            "pdf_args": _filter_args(department=query.department, week=brief["week_start"]),
            "labels": opinion.LABELS_ZH,
        },
    )


@router.get("/opinion/brief.pdf")
def brief_pdf(
    db: SessionDep,
    settings: SettingsDep,
    query: BriefQuery,
) -> Response:
    brief = query.brief(db, settings)
    return _pdf(f"舆情周报-{query.department or '全部部门'}-{brief['week_start']}.pdf", write_brief_pdf, brief)
