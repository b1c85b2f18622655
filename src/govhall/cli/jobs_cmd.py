"""``govhall worker`` and ``govhall jobs``: run and watch the background job queue."""

from __future__ import annotations

import typer

from govhall import jobs
from govhall.cli._common import database, echo_json, err, handle_errors, settings
from govhall.db import make_engine, make_session_factory, require_schema

WORKER_HELP = (
    "任务队列的工作进程：领取并执行所有类型的后台任务（政策库向量、舆情导入与分析），多个进程可同时运行。"
    " (Run a worker for every job kind.)"
)
JOBS_HELP = "列出后台任务及其进度、预计剩余时间。 (List background jobs with progress and ETA.)"


def register_all() -> None:
    """Import the capabilities that own job kinds, so that their handlers are registered."""
    import govhall.cases  # case deadline warnings; with it govhall.notify (outbound delivery)
    import govhall.opinion
    import govhall.policies  # noqa: F401


@handle_errors
def worker_cmd(
    once: bool = typer.Option(False, "--once", help="队列空了就退出 (exit when the queue is empty)"),
    poll: float = typer.Option(2.0, "--poll", min=0.1, help="空闲时轮询间隔秒数 (poll interval)"),
) -> None:
    s = settings()
    register_all()
    engine = make_engine(s.resolved_database_url)
    try:
        require_schema(engine)
        err.print("工作进程已启动" + ("（队列空时退出）" if once else "，按 Ctrl+C 停止"))
        ran = jobs.work(make_session_factory(engine), jobs.JobContext.from_settings(s), once=once, poll_seconds=poll)
        err.print(f"已执行任务 {ran} 个")
    finally:
        engine.dispose()


STATUS_ZH = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}


@handle_errors
def jobs_cmd(
    recent: int = typer.Option(20, "--recent", min=1, max=500, help="列出最近的任务数 (how many)"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON (print JSON)"),
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
