"""``govhall opinion sources …`` and ``govhall opinion subscriptions …``: configure unattended monitoring."""

from __future__ import annotations

import json
from typing import Any

import typer
from sqlalchemy import select

from govhall.accounts import User
from govhall.cli._common import JSON_OUTPUT, database, echo_json, echo_rows, err, settings
from govhall.db import one_or_not_found
from govhall.errors import BadInput
from govhall.opinion import alerting, collectors

sources_app = typer.Typer(
    help="舆情采集来源：RSS/Atom、JSON 接口、投放文件夹、好差评与智能助手投诉。 (Collector sources.)",
    no_args_is_help=True,
)
subscriptions_app = typer.Typer(
    help="舆情预警关注：分析人员关注的政策、事项、话题或部门及通知渠道。 (Alert subscriptions.)",
    no_args_is_help=True,
)


def _json_object(raw: str, option: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise BadInput.of("bad_json_option", option=option)
    return value


@sources_app.command("add")
def sources_add(
    name: str = typer.Argument(..., help="来源名称，也是帖子的来源标记 (name)"),
    kind: str = typer.Argument(..., help="rss | json_api | folder | hall_ratings | hall_complaints (kind)"),
    location: str = typer.Argument("", help="订阅地址、接口地址或投放文件夹 (URL or folder)"),
    cron: str = typer.Option("*/10 * * * *", "--cron", help="采集频率，cron 表达式，北京时间 (schedule)"),
    mapping: str = typer.Option("{}", "--mapping", help='字段映射 JSON，如 {"text": "content.body"} (field mapping)'),
    options: str = typer.Option("{}", "--options", help='选项 JSON，如 {"items": "data.list", "page_param": "page"}'),
    credential: str = typer.Option("", "--credential", help="保存访问令牌的环境变量名 (environment variable)"),
) -> None:
    """新增采集来源，并按其频率加入定时计划。 (Add a collector source.)"""
    parsed_mapping, parsed_options = _json_object(mapping, "--mapping"), _json_object(options, "--options")
    with database(settings()) as db:
        source = collectors.add_source(
            db,
            name,
            kind,
            location,
            cron=cron,
            mapping=parsed_mapping,
            options=parsed_options,
            credential_setting=credential,
        )
        err.print(
            f"已添加来源“{source.name}”（{collectors.KIND_NAMES.get(source.kind, source.kind)}），"
            f"采集频率 {source.cron}"
        )


@sources_app.command("list")
def sources_list(as_json: bool = JSON_OUTPUT) -> None:
    """列出采集来源及上次运行、错误和重试时间。 (List sources.)"""
    with database(settings()) as db:
        rows = [collectors.source_dict(s) for s in collectors.list_sources(db)]
    echo_rows(rows, as_json, _source_line)


def _source_line(row: dict[str, Any]) -> str:
    line = f"{row['name']}  {row['kind_name']}  {row['cron']}  累计 {row['total_imported']} 条"
    line += f"  上次 {row['last_run_at'] or '—'}"
    if row["last_error"]:
        line += f"  失败 {row['failures']} 次：{row['last_error']}（{row['retry_at']} 后重试）"
    return line


@sources_app.command("run")
def sources_run(
    names: list[str] = typer.Argument(None, help="来源名称，缺省为全部启用的来源 (names)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    """立即采集（忽略重试等待）；单个来源失败不影响其他来源。 (Collect now.)"""
    s = settings()
    with database(s) as db:
        results = collectors.run_sources(db, names or None, models_dir=s.resolved_models_dir, force=True)
    if as_json:
        echo_json(results)
    for row in results:
        if "error" in row:
            err.print(f"[red]{row['source']}：失败（{row['error']}）[/red]")
        elif not as_json:
            typer.echo(f"{row['source']}：新导入 {row['imported']} 条（读取 {row['rows']} 条，问题 {row['bad']} 条）")
    if any("error" in row for row in results):
        raise typer.Exit(1)


@sources_app.command("remove")
def sources_remove(name: str = typer.Argument(..., help="来源名称 (name)")) -> None:
    """删除采集来源及其定时计划（已采集的帖子保留）。 (Remove a source.)"""
    with database(settings()) as db:
        collectors.remove_source(db, name)
    err.print(f"已删除来源“{name}”")


def _user(db: Any, username: str) -> User:
    return one_or_not_found(db, select(User).where(User.username == username), "用户", username)


@subscriptions_app.command("add")
def subscriptions_add(
    username: str = typer.Argument(..., help="分析人员的用户名 (username)"),
    watch: str = typer.Argument(..., help="all | policy | item | topic | department (what to watch)"),
    value: str = typer.Argument("", help="政策名称、事项编码、话题或部门 (value)"),
    channels: str = typer.Option("inbox,digest", "--channels", help="inbox、webhook、digest，逗号分隔 (channels)"),
) -> None:
    """为分析人员添加预警关注。 (Subscribe an analyst to alerts.)"""
    with database(settings()) as db:
        row = alerting.subscribe(db, _user(db, username).id, watch, value, channels.split(","))
        err.print(
            f"已关注：{alerting.WATCHES[row.watch]} {row.value or ''}"
            f"（{'、'.join(alerting.subscription_dict(row)['channels'])}）"
        )


@subscriptions_app.command("list")
def subscriptions_list(
    username: str = typer.Option("", "--user", help="只列出此用户的关注 (one user's)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    """列出预警关注。 (List subscriptions.)"""
    with database(settings()) as db:
        user_id = _user(db, username).id if username else None
        rows = [alerting.subscription_dict(s) for s in alerting.list_subscriptions(db, user_id)]
    echo_rows(rows, as_json, _subscription_line)


def _subscription_line(row: dict[str, Any]) -> str:
    return f"#{row['id']} 用户 {row['user_id']}  {row['watch_name']} {row['value']}  {'、'.join(row['channels'])}"


@subscriptions_app.command("remove")
def subscriptions_remove(subscription_id: int = typer.Argument(..., help="关注编号 (id)")) -> None:
    """取消预警关注。 (Remove a subscription.)"""
    with database(settings()) as db:
        alerting.unsubscribe(db, subscription_id)
    err.print(f"已取消关注 #{subscription_id}")
