"""The analyst pages: the public-opinion dashboard, drill-down to posts, the policy-impact report."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from govhall import opinion
from govhall.accounts import Role, User
from govhall.api.deps import OptionalUser, SessionDep
from govhall.errors import BadInput, NotAuthenticated, PermissionDenied

router = APIRouter(include_in_schema=False)
LOCAL_TZ = timezone(timedelta(hours=8))


def _analyst(user: User | None) -> User:
    if user is None:
        raise NotAuthenticated()
    if user.role not in (Role.ANALYST, Role.ADMIN):
        raise PermissionDenied("仅分析员和管理员可以查看舆情监测")
    return user


def _render(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
    page: HTMLResponse = request.app.state.templates.TemplateResponse(request, name, context)
    return page


@router.get("/opinion", response_class=HTMLResponse)
def dashboard(request: Request, db: SessionDep, user: OptionalUser) -> HTMLResponse:
    user = _analyst(user)
    series = [p.to_dict() for p in opinion.time_series(db, by="total")][-90:]
    return _render(
        request,
        "opinion.html",
        {
            "user": user,
            "series": series,
            "topics": opinion.topics_overview(db)[:20],
            "alerts": opinion.alerts(db, limit=20),
            "jobs": opinion.job_summary(db),
            "labels": opinion.LABELS_ZH,
        },
    )


@router.get("/opinion/posts", response_class=HTMLResponse)
def posts_page(
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    topic_id: int | None = None,
    alert_id: int | None = None,
    sentiment: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    user = _analyst(user)
    title = "帖子"
    if alert_id is not None:
        found = opinion.alert_posts(db, alert_id)
        rows, title = found["posts"], found["alert"]["message"]
    else:
        rows = opinion.posts(db, topic_id=topic_id, sentiment=sentiment or None, q=q or None, limit=200)
        if topic_id is not None:
            title = f"话题 {topic_id} 的帖子"
    return _render(
        request, "opinion_posts.html", {"user": user, "rows": rows, "title": title, "labels": opinion.LABELS_ZH}
    )


def _day(value: str, name: str) -> datetime:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadInput("bad_date", f"{name}“{value}”格式不对，应为 YYYY-MM-DD") from None
    return opinion.day_start(day, name)


@router.get("/opinion/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    policy: Annotated[str, Query(max_length=128)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    user = _analyst(user)
    report = None
    if policy and since and until:
        report = opinion.impact_report(db, policy, _day(since, "生效日期"), _day(until, "截止日期"))
    context = {"user": user, "report": report, "policy": policy, "since": since, "until": until}
    return _render(request, "opinion_report.html", {**context, "labels": opinion.LABELS_ZH})
