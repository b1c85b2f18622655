"""``govhall worker``, ``govhall jobs`` and ``govhall schedules``: run, watch and plan the job queue."""

from __future__ import annotations

import json
from typing import Any

import typer

from govhall import jobs
from govhall.cli._common import JSON_OUTPUT, database, echo_json, echo_rows, err, settings
from govhall.db import make_engine, make_session_factory, require_schema
from govhall.errors import BadInput
from govhall.jobs import schedule
from govhall.localtime import LOCAL_TZ

WORKER_HELP = (
    "任务队列的工作进程：领取并执行所有类型的后台任务（政策库向量、舆情导入与分析），多个进程可同时运行。"
    " (Run a worker for every job kind.)"
)
JOBS_HELP = "列出后台任务及其进度、预计剩余时间。 (List background jobs with progress and ETA.)"


def register_all() -> None:
    """Import the capabilities that own job kinds, so that their handlers are registered."""
    import govhall.cases  # case deadline warnings; with it govhall.notify (outbound delivery)
    import govhall.opinion
    import govhall.opinion.alerting  # scheduled scans, digests and briefs
    import govhall.opinion.collectors  # scheduled collector runs
    import govhall.policies  # noqa: F401


def worker_cmd(
    once: bool = typer.Option(False, "--once", help="队列空了就退出 (exit when the queue is empty)"),
    poll: float = typer.Option(2.0, "--poll", min=0.1, help="空闲时轮询间隔秒数 (poll interval)"),
    no_schedules: bool = typer.Option(
        False, "--no-schedules", help="不运行定时计划，只执行队列中的任务 (do not run the scheduler)"
    ),
) -> None:
    s = settings()
    register_all()
    engine = make_engine(s.resolved_database_url)
    try:
        require_schema(engine)
        err.print("工作进程已启动" + ("（队列空时退出）" if once else "，按 Ctrl+C 停止"))
        ran = jobs.work(
            make_session_factory(engine),
            jobs.JobContext.from_settings(s),
            once=once,
            poll_seconds=poll,
            tick=None if no_schedules else schedule.tick,
        )
        err.print(f"已执行任务 {ran} 个")
    finally:
        engine.dispose()


STATUS_ZH = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}


def jobs_cmd(
    recent: int = typer.Option(20, "--recent", min=1, max=500, help="列出最近的任务数 (how many)"),
    as_json: bool = JSON_OUTPUT,
    add: str = typer.Option(
        "",
        "--add",
        help="先加入一个无参数的任务，如 cases.deadline_warnings（每天由 cron 调用） (queue a job first)",
    ),
) -> None:
    s = settings()
    with database(s) as db:
        if add:
            register_all()
            queued = jobs.enqueue(db, add, {}, once=True)
            err.print(f"已加入任务 #{queued.id} {queued.kind}")
        summary = jobs.job_summary(db, recent=recent)
    if as_json:
        echo_json(summary)
        return
    counts = summary["counts"]
    typer.echo("、".join(f"{STATUS_ZH[k]} {v}" for k, v in counts.items()))
    for job in summary["jobs"]:
        progress = f"{job['progress']}/{job['total']}" if job["total"] else str(job["progress"])
        eta = f"，预计还需 {job['eta_seconds']:.0f} 秒" if job["eta_seconds"] is not None else ""
        line = f"#{job['id']} {job['kind']} {STATUS_ZH.get(job['status'], job['status'])} 进度 {progress}{eta}"
        if job["error"]:
            line += f"（{job['error']}）"
        typer.echo(line)


schedules_app = typer.Typer(
    help="定时计划：按 cron 表达式（北京时间）自动排队任务，由 govhall worker 执行。 (Cron schedules.)",
    no_args_is_help=True,
)


@schedules_app.command("list")
def schedules_list(as_json: bool = JSON_OUTPUT) -> None:
    """列出定时计划及上次运行、下次运行和错误。 (List schedules.)"""
    with database(settings()) as db:
        rows = schedule.schedule_rows(db)
    echo_rows(rows, as_json, _schedule_line)


def _schedule_line(row: dict[str, Any]) -> str:
    state = "启用" if row["enabled"] else "停用"
    line = f"{row['name']}  {row['cron']}  {row['kind']}  {state}  上次 {row['last_run_at'] or '—'}"
    line += f"  下次 {row['next_run_at'] or '—'}"
    return line + (f"  错误：{row['last_error']}" if row["last_error"] else "")


@schedules_app.command("add")
def schedules_add(
    name: str = typer.Argument(..., help="计划名称 (name)"),
    kind: str = typer.Argument(..., help="任务类型，如 opinion.scan (job kind)"),
    cron: str = typer.Argument(..., help="cron 表达式，如 '*/10 * * * *' (cron expression)"),
    params: str = typer.Option("{}", "--params", help="任务参数 JSON (job params)"),
    replace: bool = typer.Option(False, "--replace", help="同名计划存在时更新 (update an existing one)"),
) -> None:
    """新增定时计划。 (Add a schedule.)"""
    try:
        parsed = json.loads(params)
    except json.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, dict):
        raise BadInput.of("bad_params")
    register_all()
    with database(settings()) as db:
        row = schedule.add_schedule(db, name, kind, cron, parsed, replace=replace)
        err.print(f"已保存计划“{row.name}”，下次运行 {row.next_run_at.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M}")


def _toggle(name: str, enabled: bool) -> None:
    with database(settings()) as db:
        row = schedule.set_enabled(db, name, enabled)
        err.print(f"计划“{row.name}”已{'启用' if enabled else '停用'}")


@schedules_app.command("enable")
def schedules_enable(name: str = typer.Argument(..., help="计划名称 (name)")) -> None:
    """启用定时计划（下次运行从现在算起）。 (Enable a schedule.)"""
    _toggle(name, True)


@schedules_app.command("disable")
def schedules_disable(name: str = typer.Argument(..., help="计划名称 (name)")) -> None:
    """停用定时计划。 (Disable a schedule.)"""
    _toggle(name, False)


@schedules_app.command("remove")
def schedules_remove(name: str = typer.Argument(..., help="计划名称 (name)")) -> None:
    """删除定时计划。 (Remove a schedule.)"""
    with database(settings()) as db:
        schedule.remove_schedule(db, name)
    err.print(f"已删除计划“{name}”")
