"""Unattended opinion monitoring over HTTP (analysts and administrators): collector sources, cron
schedules, and each analyst's alert subscriptions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import Field

from govhall import jobs
from govhall.accounts import Role, User
from govhall.api.deps import CurrentUser, SessionDep, SettingsDep, require_role
from govhall.api.paths import confined_path
from govhall.api.responses import JobPublic, SchedulePublic, SourcePublic, SubscriptionPublic
from govhall.api.schemas import CleanStr, Strict
from govhall.errors import PermissionDenied
from govhall.jobs import schedule
from govhall.opinion import alerting, collectors
from govhall.opinion.jobs import is_opinion_kind

router = APIRouter(tags=["舆情自动监测"], dependencies=[require_role(Role.ANALYST, Role.ADMIN)])  # type: ignore[list-item]

Name = Annotated[str, Path(min_length=1, max_length=64, description="名称")]
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="编号")]


class SourceCreate(Strict):
    name: CleanStr = Field(min_length=1, max_length=64, description="来源名称，也是帖子的来源标记")
    kind: CleanStr = Field(
        min_length=1, max_length=32, description="rss | json_api | folder | hall_ratings | hall_complaints"
    )
    location: CleanStr = Field(default="", max_length=512, description="订阅地址、接口地址或投放文件夹")
    cron: CleanStr = Field(default="*/10 * * * *", max_length=64, description="采集频率（cron，北京时间）")
    mapping: dict[str, str] = Field(default_factory=dict, description="字段映射：目标字段 → 点分路径")
    options: dict[str, Any] = Field(default_factory=dict, description="分页、超时、稳定秒数等选项")
    credential_setting: CleanStr = Field(
        default="", max_length=64, description="保存访问令牌的环境变量名（不填密钥本身）"
    )


class ScheduleCreate(Strict):
    name: CleanStr = Field(min_length=1, max_length=64)
    kind: CleanStr = Field(min_length=1, max_length=32, description="任务类型，如 opinion.scan")
    cron: CleanStr = Field(min_length=1, max_length=64, description="cron 表达式（北京时间）")
    params: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True


class SubscriptionCreate(Strict):
    watch: CleanStr = Field(description="all | policy | item | topic | department")
    value: CleanStr = Field(default="", max_length=128, description="政策名称、事项编码、话题编号或名称、部门")
    channels: list[CleanStr] = Field(default_factory=lambda: ["inbox", "digest"], max_length=3)


@router.get("/api/opinion/sources", response_model=list[SourcePublic])
def list_sources(db: SessionDep) -> list[dict[str, Any]]:
    """Every collector source with its last run, last error, failures and back-off."""
    return [collectors.source_dict(s) for s in collectors.list_sources(db)]


@router.post("/api/opinion/sources", status_code=201, response_model=SourcePublic)
def add_source(body: SourceCreate, db: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """A drop folder named over HTTP must lie inside the import folder (the worker moves its files);
    a feed or API URL must not point at the server's own network (checked again at each fetch)."""
    location = body.location
    if body.kind == "folder":
        location = str(confined_path(settings.resolved_import_dir, location, "location"))
    elif body.kind in collectors.URL_KINDS:
        collectors.check_source_url(location, allow_private=settings.collector_allow_private)
    source = collectors.add_source(
        db,
        body.name,
        body.kind,
        location,
        cron=body.cron,
        mapping=body.mapping,
        options=body.options,
        credential_setting=body.credential_setting,
    )
    return collectors.source_dict(source)


@router.delete("/api/opinion/sources/{name}", status_code=204)
def remove_source(name: Name, db: SessionDep) -> None:
    collectors.remove_source(db, name)


@router.post("/api/opinion/sources/{name}/run", status_code=202, response_model=JobPublic)
def run_source(name: Name, db: SessionDep) -> dict[str, Any]:
    """Queue a collection from this source now (a worker runs it); the job shows the outcome."""
    collectors.get_source(db, name)
    return jobs.job_dict(jobs.enqueue(db, collectors.COLLECT_JOB, {"source": name}, once=True))


@router.get("/api/schedules", response_model=list[SchedulePublic])
def list_schedules(db: SessionDep) -> list[dict[str, Any]]:
    """Every schedule with its last run, next run, last job's status and error."""
    return schedule.schedule_rows(db)


def _may_manage(user: User, kind: str) -> None:
    """Analysts manage only opinion schedules; the others (file clean-up, notification delivery,
    deadline warnings) are the administrator's."""
    if user.role != Role.ADMIN and not is_opinion_kind(kind):
        raise PermissionDenied.of("permission_denied", "opinion_schedules_only", kind=kind)


@router.post("/api/schedules", status_code=201, response_model=SchedulePublic)
def add_schedule(body: ScheduleCreate, db: SessionDep, settings: SettingsDep, user: CurrentUser) -> dict[str, Any]:
    """A ``path`` param names a server file: over HTTP it must lie in the import folder, as for
    ``POST /api/opinion/jobs``; the kind's own check runs on the params when the schedule is added."""
    _may_manage(user, body.kind)
    params = dict(body.params)
    if "path" in params:
        params["path"] = str(confined_path(settings.resolved_import_dir, params["path"], "params.path"))
    row = schedule.add_schedule(db, body.name, body.kind, body.cron, params, enabled=body.enabled)
    return next(r for r in schedule.schedule_rows(db) if r["id"] == row.id)


def _switch(name: str, enabled: bool, db: SessionDep, user: User) -> dict[str, Any]:
    _may_manage(user, schedule.get_schedule(db, name).kind)
    schedule.set_enabled(db, name, enabled)
    return next(r for r in schedule.schedule_rows(db) if r["name"] == name)


@router.post("/api/schedules/{name}/enable", response_model=SchedulePublic)
def enable_schedule(name: Name, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    return _switch(name, True, db, user)


@router.post("/api/schedules/{name}/disable", response_model=SchedulePublic)
def disable_schedule(name: Name, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    return _switch(name, False, db, user)


@router.get("/api/opinion/subscriptions", response_model=list[SubscriptionPublic])
def my_subscriptions(db: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """What the signed-in analyst watches, and on which channels."""
    return [alerting.subscription_dict(s) for s in alerting.list_subscriptions(db, user.id)]


@router.post("/api/opinion/subscriptions", status_code=201, response_model=SubscriptionPublic)
def subscribe(body: SubscriptionCreate, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    return alerting.subscription_dict(alerting.subscribe(db, user.id, body.watch, body.value, body.channels))


@router.delete("/api/opinion/subscriptions/{subscription_id}", status_code=204)
def unsubscribe(subscription_id: RowId, db: SessionDep, user: CurrentUser) -> None:
    alerting.unsubscribe(db, subscription_id, user.id)
