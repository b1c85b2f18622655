"""``govhall opinion …`` and ``govhall sentiment``: thin shells over :mod:`govhall.opinion`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from govhall import opinion
from govhall.cli._common import JSON_OUTPUT, database, day_option, echo_batch, echo_json, err, settings
from govhall.cli.monitor_cmd import sources_app, subscriptions_app
from govhall.db import transaction
from govhall.errors import BadInput, ModelMissing
from govhall.opinion import rollup
from govhall.opinion.maintenance import purge_before, rescore

app = typer.Typer(help="舆情监测与政策影响分析。 (Public-opinion monitoring.)", no_args_is_help=True)
app.add_typer(sources_app, name="sources")  # collectors and subscriptions live in monitor_cmd
app.add_typer(subscriptions_app, name="subscriptions")
SENTIMENT_HELP = "用当前启用的情感模型判断文本情感，输出 {text, label, score}。 (Sentiment of texts.)"

_REPORT_LABELS = {
    "rows": "读取行数",
    "imported": "新导入",
    "already_present": "已存在（跳过）",
    "bad": "问题行",
    "empty": "空行",
    "garbled": "乱码/非 UTF-8",
    "too_long": "过长",
    "exact_duplicates": "完全重复",
    "near_duplicates": "近似重复",
    "spam": "广告/灌水",
    "pii_posts": "含个人信息（已脱敏）",
    "topics_assigned": "归入已有话题",
}


_SINCE = typer.Option(None, "--since", help="开始日期 YYYY-MM-DD (from date)")
_UNTIL = typer.Option(None, "--until", help="结束日期（不含） (until date, exclusive)")
"""The period of the commands that read a stretch of posts (topics, series, rescore)."""


def _day(value: str | None, option: str) -> datetime | None:
    """A date option as the start of that day in Beijing time."""
    day = day_option(value, option)
    return opinion.day_start(day) if day else None


def _print_report(report: opinion.ImportReport) -> None:
    err.print(f"[bold]数据治理报告[/bold]：{report.path}（用时 {report.seconds} 秒）")
    for key, label in _REPORT_LABELS.items():
        err.print(f"  {label}：{getattr(report, key)}")
    if report.ignored_columns:
        err.print(f"  忽略的未知列：{'、'.join(report.ignored_columns)}")
    if report.sentiment:
        names = "，".join(f"{opinion.LABELS_ZH.get(k, k)} {v}" for k, v in report.sentiment.items())
        err.print(f"  自动标注情感（模型 {report.sentiment_model}）：{names}")
    else:
        err.print("  未做情感标注（没有启用情感模型或使用了 --no-sentiment）")
    if report.departments:
        top = sorted(report.departments.items(), key=lambda kv: -kv[1])[:5]
        err.print("  自动分派部门：" + "，".join(f"{k} {v}" for k, v in top))
    for row in report.bad_rows[:20]:
        err.print(f"  [yellow]第 {row['line']} 行：{row['reason']}[/yellow]")
    if report.bad > 20:
        err.print(f"  ……另有 {report.bad - 20} 个问题行（--json 输出前 200 个）")


@app.command(
    "ingest",
    help="导入帖子/工单（CSV 或 JSON Lines），去重、脱敏、情感与话题标注，并给出数据治理报告。 (Import posts.)",
)
def ingest_cmd(
    file: Path = typer.Argument(..., help="CSV / JSONL 文件 (input file)"),
    source: str = typer.Option(None, "--source", help="来源名称，缺省为文件名 (source name)"),
    chunk: int = typer.Option(1000, "--chunk", min=1, max=100_000, help="每批条数 (rows per chunk)"),
    no_sentiment: bool = typer.Option(False, "--no-sentiment", help="不做情感分析 (skip sentiment)"),
    background: bool = typer.Option(False, "--background", help="只放入任务队列，由 worker 执行 (enqueue a job)"),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=32,
        help="并行工作进程数：文件按批分给 N 个进程；与 --background 合用时拆成 N 个任务 (parallel processes)",
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON 报告 (print the report as JSON)"),
) -> None:
    s = settings()
    with database(s) as db:
        if background:
            jobs = opinion.enqueue_ingest(db, file, source=source, sentiment=not no_sentiment, parts=workers)
            ids = "、".join(str(job.id) for job in jobs)
            err.print(f"已加入任务队列：任务 {ids}；运行 govhall opinion worker 执行（可同时运行多个）")
            if as_json:
                echo_json(opinion.job_dict(jobs[0]) if len(jobs) == 1 else [opinion.job_dict(j) for j in jobs])
            return
        model = None if no_sentiment else _optional_model(s.resolved_models_dir)
        total = _count_lines(file)
        columns = (TextColumn("导入"), BarColumn(), MofNCompleteColumn(), TextColumn("条"), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("ingest", total=total)
            if workers > 1:
                report = opinion.ingest_parallel(
                    s.resolved_database_url,
                    file,
                    workers=workers,
                    models_dir=s.resolved_models_dir if model is not None else None,
                    source=source,
                    chunk=chunk,
                    progress=lambda n: bar.advance(task, n),
                )
            else:
                report = opinion.ingest_file(
                    db,
                    file,
                    opinion.Analyzer.load(db, model, s.resolved_models_dir),
                    source=source,
                    chunk=chunk,
                    progress=lambda n: bar.advance(task, n),
                )
    _print_report(report)
    if as_json:
        echo_json(report.to_dict())


def _count_lines(path: Path) -> int | None:
    """The bar's total: lines in the file (one pass over bytes, far cheaper than the import)."""
    if not path.is_file():
        return None
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
    return count - (1 if path.suffix.lower() in (".csv", ".tsv") else 0) or None


def _optional_model(models_dir: Path) -> opinion.SentimentModel | None:
    try:
        return opinion.load_sentiment(models_dir)
    except ModelMissing as exc:
        err.print(f"[yellow]提示：{exc.message}。本次导入不做情感标注。[/yellow]")
        return None


@app.command(
    "topics",
    help="对一段时间的帖子聚类发现话题（关键词、代表帖子、对应事项和部门），话题编号跨天保持稳定。 (Discover topics.)",
)
def topics_cmd(
    since: str = _SINCE,
    until: str = _UNTIL,
    k: int = typer.Option(8, "--k", min=2, max=100, help="话题数 (number of topics)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    s = settings()
    with database(s) as db:
        run = opinion.discover_topics(
            db, since=_day(since, "--since"), until=_day(until, "--until"), k=k, models_dir=s.resolved_models_dir
        )
    if as_json:
        echo_json(run.to_dict())
        return
    err.print(f"参与聚类的帖子：{run.posts}")
    for topic in run.topics:
        words = "、".join(w for w, _ in topic.keywords[:6])
        where = f" → {topic.department}" if topic.department else ""
        typer.echo(f"[{topic.id}] {topic.label}（{topic.size} 条）{words}{where}")


@app.command("series", help="按天或小时统计帖子量和负面占比，可按话题、事项、地区、部门分组。 (Time series.)")
def series_cmd(
    by: str = typer.Option("total", "--by", help="total | topic | item | region | department | source (group by)"),
    bucket: str = typer.Option("day", "--bucket", help="day | hour (bucket size)"),
    since: str = _SINCE,
    until: str = _UNTIL,
    as_json: bool = JSON_OUTPUT,
) -> None:
    with database(settings()) as db:
        points = opinion.time_series(
            db,
            by=by,
            bucket=bucket,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
        )
    rows = [p.to_dict() for p in points]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['bucket'][:16]}  {row['key']}  {row['count']}  负面 {row['negative_share']:.0%}")


@app.command(
    "alerts", help="检测突增（稳健 z 分数）并保存预警、推送 Webhook；列出最近的预警。 (Detect and list alerts.)"
)
def alerts_cmd(
    scan: bool = typer.Option(True, "--scan/--no-scan", help="先检测新的突增 (detect new spikes first)"),
    by: str = typer.Option("topic", "--by", help="topic | item | region | department | total (series key)"),
    bucket: str = typer.Option("day", "--bucket", help="day | hour (bucket size)"),
    window: int = typer.Option(14, "--window", min=3, help="基线窗口长度 (baseline window)"),
    threshold: float = typer.Option(3.5, "--threshold", help="稳健 z 分数阈值 (robust z threshold)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    s = settings()
    with database(s) as db:
        if scan:
            new = opinion.scan_alerts(
                db,
                by=by,
                bucket=bucket,
                window=window,
                threshold=threshold,
                webhook_url=s.opinion_webhook_url,
            )
            err.print(f"新预警 {len(new)} 条")
        rows = opinion.alerts(db)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        typer.echo(f"#{row['id']} {row['message']}")


@app.command("route", help="把一条投诉或留言分派到对应的事项和部门。 (Route a complaint to a department.)")
def route_cmd(
    text: str = typer.Argument(..., help="投诉/留言文本 (complaint text)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    s = settings()
    with database(s, require=False) as db:
        route = opinion.Router.from_db(db, s.resolved_models_dir).route(text)
    if as_json:
        echo_json(route.to_dict() if route else None)
        return
    typer.echo(f"{route.department}（事项：{route.item_name}）" if route else "未能确定部门，请人工分派")


@app.command(
    "report",
    help="政策影响评估：生效日期（--since）前后同样长度时段的帖子量、情感、话题与新增关注点。 (Policy impact.)",
)
def report_cmd(
    policy: str = typer.Argument(..., help="政策名称或关键词 (policy name or keyword)"),
    since: str = typer.Option(..., "--since", help="政策生效日期 YYYY-MM-DD (effective date)"),
    until: str = typer.Option(..., "--until", help="评估截止日期（不含） (end date, exclusive)"),
    pdf: Path = typer.Option(None, "--pdf", help="同时导出 PDF 文件 (write a PDF)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    start, end = _day(since, "--since"), _day(until, "--until")
    assert start is not None and end is not None
    with database(settings()) as db:
        report = opinion.impact_report(db, policy, start, end)
    if pdf is not None:
        opinion.write_pdf(report, pdf)
        err.print(f"已导出 PDF：{pdf}")
    if as_json:
        echo_json(report)
        return
    typer.echo(f"{report['policy']}（{report['effective']} 生效）：{report['verdict']}")
    for concern in report["concerns"]:
        typer.echo(f"  新增关注：{concern['word']}（前 {concern['before']} → 后 {concern['after']}）")


@app.command(
    "rollup",
    help="按天汇总表（看板读取的帖子数、负面数）：--rebuild 按全部帖子重新统计，--check 只核对。 (Daily roll-up.)",
)
def rollup_cmd(
    rebuild: bool = typer.Option(False, "--rebuild", help="按帖子重新统计整张汇总表 (recount from the posts)"),
    check: bool = typer.Option(False, "--check", help="只核对汇总表与帖子是否一致 (compare, change nothing)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    """The roll-up is kept exact by every write; ``--rebuild`` is for restores and manual edits."""
    if rebuild == check:
        raise BadInput.of("rollup_action")
    with database(settings()) as db:
        if rebuild:
            with transaction(db):
                result = {"cells": rollup.rebuild(db)}
            err.print(f"已按帖子重新统计按天汇总表：{result['cells']} 行")
        else:
            differences = rollup.drift(db)
            result = {"differences": len(differences)}
            err.print("按天汇总表与帖子一致" if not differences else f"按天汇总表有 {len(differences)} 处与帖子不一致")
    if as_json:
        echo_json(result)
    if check and result["differences"]:
        raise typer.Exit(1)


@app.command("purge", help="删除某日之前发布的全部帖子（保留期限），看板汇总同步更新。 (Delete old posts.)")
def purge_cmd(
    before: str = typer.Option(..., "--before", help="删除此日期（北京时间）之前的帖子 YYYY-MM-DD (cut-off day)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    cutoff = _day(before, "--before")
    assert cutoff is not None
    with database(settings()) as db:
        deleted = purge_before(db, cutoff)
    err.print(f"已删除 {before} 之前的帖子 {deleted} 条")
    if as_json:
        echo_json({"deleted": deleted})


@app.command("rescore", help="用当前启用的情感模型重新判断一段时间帖子的情感。 (Re-score sentiment.)")
def rescore_cmd(
    since: str = _SINCE,
    until: str = _UNTIL,
    as_json: bool = JSON_OUTPUT,
) -> None:
    s = settings()
    start, end = _day(since, "--since"), _day(until, "--until")
    model = opinion.load_sentiment(s.resolved_models_dir)
    with database(s) as db:
        done = rescore(db, model, since=start, until=end)
    err.print(f"重新判断情感 {done.posts} 条，其中 {done.changed} 条结果有变化")
    if as_json:
        echo_json(done.to_dict())


@app.command("worker", help="同 govhall worker：领取并执行后台任务（多个进程可同时运行）。 (Same as govhall worker.)")
def worker_cmd(
    once: bool = typer.Option(False, "--once", help="队列空了就退出 (exit when the queue is empty)"),
    poll: float = typer.Option(2.0, "--poll", min=0.1, help="空闲时轮询间隔秒数 (poll interval)"),
) -> None:
    """Kept for existing scripts: the queue is shared now, so this is ``govhall worker``."""
    from govhall.cli.jobs_cmd import worker_cmd as run_worker

    run_worker(once=once, poll=poll)


def sentiment_cmd(
    text: str = typer.Argument(None, help="要判断的文本 (text)"),
    jsonl: Path = typer.Option(None, "--jsonl", help='批量：每行 {"text": …} 的文件 (batch file)'),
    as_json: bool = JSON_OUTPUT,
) -> None:
    if (text is None) == (jsonl is None):
        raise BadInput.of("bad_arguments")
    model = opinion.load_sentiment(settings().resolved_models_dir)
    if text is not None:
        result = model.predict([text])[0]
        if as_json:
            echo_json(result.to_dict())
        else:
            typer.echo(f"{opinion.LABELS_ZH.get(result.label, result.label)} {result.score:.3f}")
        return
    echo_batch(jsonl, "text", lambda texts: [result.to_dict() for result in model.predict(texts)])
