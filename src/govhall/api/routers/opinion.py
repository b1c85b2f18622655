"""Public-opinion monitoring over HTTP (analysts and administrators only)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request
from pydantic import Field
from sqlalchemy.orm import Session

from govhall import opinion, policies
from govhall.accounts import Role
from govhall.api.deps import SessionDep, SettingsDep, require_role
from govhall.api.paths import confined_path
from govhall.api.responses import (
    AlertPosts,
    AlertPublic,
    AlertSummary,
    ImpactReport,
    JobPublic,
    JobSummary,
    PostCreated,
    PostPage,
    PostPublic,
    RoutePublic,
    SeriesPoint,
    TopicOverview,
    TopicRun,
    TopicSummary,
    WeeklyBrief,
)
from govhall.api.schemas import CleanStr, Strict
from govhall.config import Settings
from govhall.errors import BadInput
from govhall.localtime import day_end, day_start
from govhall.opinion.brief import parse_week, weekly_brief
from govhall.opinion.queries import PostFilter, search_posts
from govhall.opinion.queries import alerts as alert_rows  # govhall.opinion.alerts is also a module name
from govhall.opinion.summary import Cite, alert_summary, topic_summary

router = APIRouter(prefix="/api/opinion", tags=["舆情监测"], dependencies=[require_role(Role.ANALYST, Role.ADMIN)])  # type: ignore[list-item]


class PostCreate(Strict):
    id: CleanStr | None = Field(default=None, max_length=128, description="来源平台上的编号；缺省按内容去重")
    source: CleanStr = Field(min_length=1, max_length=64, description="来源，如 weibo、12345")
    time: str | float = Field(description="发布时间：ISO 8601 或 2024/5/1 10:00（无时区按北京时间）")
    text: str = Field(description="正文（入库前脱敏）")
    author: CleanStr | None = Field(default=None, max_length=64)
    region: CleanStr | None = Field(default=None, max_length=64)
    url: CleanStr | None = Field(default=None, max_length=512)
    item_code: CleanStr | None = Field(default=None, max_length=64, description="相关事项编码")
    policy: CleanStr | None = Field(default=None, max_length=128, description="相关政策名称")


class RouteRequest(Strict):
    text: CleanStr = Field(min_length=1, max_length=20_000)


class JobCreate(Strict):
    kind: Literal["ingest", "analyze"]
    params: dict[str, Any] = Field(default_factory=dict)


RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="编号")]


def _day(value: date | None) -> datetime | None:
    return day_start(value) if value else None


def policy_citer(db: Session, settings: Settings) -> Cite:
    """The policy articles a summary cites: a keyword (BM25) search of the policy library.

    No dense model: a summary cites from its keywords, which BM25 matches well, and it must not
    wait for a model to load. A query the library refuses (too long, empty) cites nothing.
    """

    def cite(query: str) -> list[dict[str, Any]]:
        try:
            hits = policies.search(db, settings, query[: policies.MAX_QUERY_CHARS], k=3, embedder=None)
        except BadInput:
            return []
        return [hit.citation() for hit in hits]

    return cite


def _cache(request: Request) -> opinion.SentimentCache:
    state = request.app.state
    if not hasattr(state, "opinion_sentiment"):
        state.opinion_sentiment = opinion.SentimentCache()
    cache: opinion.SentimentCache = state.opinion_sentiment
    return cache


@router.post("/posts", status_code=201, response_model=PostCreated)
def create_post(body: PostCreate, request: Request, db: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """Store one post (masked, de-duplicated, labelled); posting it again changes nothing."""
    try:
        post = opinion.validate_post(body.model_dump(), body.source)
    except ValueError as exc:
        raise BadInput.of("bad_post", reason=exc) from None
    model = _cache(request).optional(settings.resolved_models_dir)
    report = opinion.ingest_rows(db, [post], opinion.Analyzer.load(db, model, settings.resolved_models_dir))
    created = bool(report.imported)
    stored = opinion.find_post(db, post.source, post.id, post.text)
    return {"created": created, "post": stored}


@router.get("/posts", response_model=list[PostPublic])
def list_posts(
    db: SessionDep,
    topic_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    sentiment: str | None = None,
    item_code: str | None = None,
    region: str | None = None,
    department: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    since: date | None = None,
    until: date | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> list[dict[str, Any]]:
    return opinion.posts(
        db,
        topic_id=topic_id,
        sentiment=sentiment,
        item_code=item_code,
        region=region,
        department=department,
        q=q,
        since=_day(since),
        until=_day(until),
        limit=limit,
        offset=offset,
    )


@router.get("/posts/search", response_model=PostPage)
def search(
    db: SessionDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sentiment: Annotated[str | None, Query(max_length=16)] = None,
    topic_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    source: Annotated[str | None, Query(max_length=64)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    since: date | None = None,
    until: date | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """One page of posts matching every filter (full-text ``q``: space-separated terms, all required)."""
    f = PostFilter(
        q=q or None,
        sentiment=sentiment or None,
        topic_id=topic_id,
        source=source or None,
        department=department or None,
        since=_day(since),
        until=day_end(until) if until else None,
    )
    return search_posts(db, f, page=page, per_page=per_page)


@router.get("/topics/{topic_id}/summary", response_model=TopicSummary)
def topic_summary_view(topic_id: RowId, db: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """What people say in the topic: representative sentences, keywords, departments, items, trend, policies."""
    return topic_summary(db, topic_id, cite=policy_citer(db, settings))


@router.get("/alerts/{alert_id}/summary", response_model=AlertSummary)
def alert_summary_view(alert_id: RowId, db: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """What the posts behind the alert say (keywords against the two weeks before it)."""
    return alert_summary(db, alert_id, cite=policy_citer(db, settings))


@router.get("/brief", response_model=WeeklyBrief)
def brief(
    db: SessionDep,
    settings: SettingsDep,
    department: Annotated[str | None, Query(max_length=64)] = None,
    week: Annotated[str | None, Query(max_length=10, description="周内任一天 YYYY-MM-DD，缺省为本周")] = None,
) -> dict[str, Any]:
    """The weekly brief of a department (or the whole hall)."""
    return weekly_brief(db, department, parse_week(week) if week else None, cite=policy_citer(db, settings))


@router.get("/series", response_model=list[SeriesPoint])
def series(
    db: SessionDep,
    by: str = "total",
    bucket: str = "day",
    since: date | None = None,
    until: date | None = None,
    policy: Annotated[str | None, Query(max_length=128)] = None,
) -> list[dict[str, Any]]:
    points = opinion.time_series(db, by=by, bucket=bucket, since=_day(since), until=_day(until), policy=policy)
    return [p.to_dict() for p in points]


@router.get("/topics", response_model=list[TopicOverview])
def topics(db: SessionDep) -> list[dict[str, Any]]:
    return opinion.topics_overview(db)


@router.post("/topics/discover", response_model=TopicRun)
def discover(
    db: SessionDep,
    settings: SettingsDep,
    since: date | None = None,
    until: date | None = None,
    k: Annotated[int, Query(ge=2, le=100)] = 8,
) -> dict[str, Any]:
    return opinion.discover_topics(
        db, since=_day(since), until=_day(until), k=k, models_dir=settings.resolved_models_dir
    ).to_dict()


@router.get("/alerts", response_model=list[AlertPublic])
def alerts(db: SessionDep) -> list[dict[str, Any]]:
    return alert_rows(db)


@router.post("/alerts/scan", response_model=list[AlertPublic])
def scan(db: SessionDep, settings: SettingsDep, by: str = "topic", bucket: str = "day") -> list[dict[str, Any]]:
    return opinion.scan_alerts(db, by=by, bucket=bucket, webhook_url=settings.opinion_webhook_url)


@router.get("/alerts/{alert_id}", response_model=AlertPosts)
def alert(alert_id: RowId, db: SessionDep) -> dict[str, Any]:
    return opinion.alert_posts(db, alert_id)


@router.get("/report", response_model=ImpactReport)
def report(
    db: SessionDep, policy: Annotated[str, Query(min_length=1, max_length=128)], since: date, until: date
) -> dict[str, Any]:
    start, end = _day(since), _day(until)
    assert start is not None and end is not None
    return opinion.impact_report(db, policy, start, end)


@router.post("/route", response_model=RoutePublic | None)
def route(body: RouteRequest, db: SessionDep, settings: SettingsDep) -> dict[str, Any] | None:
    found = opinion.Router.from_db(db, settings.resolved_models_dir).route(body.text)
    return found.to_dict() if found else None


def _run_pending(request: Request, context: opinion.JobContext) -> None:
    opinion.work(request.app.state.session_factory, context, once=True)


@router.post("/jobs", status_code=202, response_model=JobPublic)
def create_job(
    body: JobCreate, request: Request, db: SessionDep, settings: SettingsDep, tasks: BackgroundTasks
) -> dict[str, Any]:
    """Queue a job; this process runs it after answering (other workers may claim it first).

    An import reads a file on the server, so its ``path`` must lie in the import folder
    (``GOVHALL_IMPORT_DIR``); a relative path is taken relative to that folder."""
    params = dict(body.params)
    if body.kind == "ingest":
        params["path"] = str(confined_path(settings.resolved_import_dir, params.get("path"), "params.path"))
    job = opinion.enqueue(db, body.kind, params)
    tasks.add_task(
        _run_pending, request, opinion.JobContext(settings.resolved_models_dir, settings.opinion_webhook_url)
    )
    return opinion.job_dict(job)


@router.get("/jobs", response_model=JobSummary)
def list_jobs(db: SessionDep) -> dict[str, Any]:
    """Jobs by status (queued/running/done/failed) and the ten most recent, with their progress."""
    return opinion.job_summary(db)


@router.get("/jobs/{job_id}", response_model=JobPublic)
def get_job(job_id: RowId, db: SessionDep) -> dict[str, Any]:
    return opinion.job_dict(opinion.get_job(db, job_id))
