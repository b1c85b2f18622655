"""``govhall extract`` and ``govhall mask``: one text as an argument, or JSON Lines in batch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn

from govhall import catalog
from govhall.cli._common import JSON_OUTPUT, database, day_option, echo_json, err, jsonl_records, line_error, settings
from govhall.errors import BadInput
from govhall.text import TextTooLong, extract_report, mask_report

EXTRACT_HELP = (
    "从文本中抽取身份证号、电话、银行卡、邮箱、姓名、地址、日期、金额（带字符位置）；"
    "指定 --service 时按该事项表单自动填表。"
    " (Extract entities with spans; fill an item's form with --service.)"
)
MASK_HELP = "对文本中的个人信息脱敏。 (Mask personal data in text.)"


def _batch(path: Path, handle_one: Callable[[str], dict[str, Any]]) -> None:
    """One JSON result per input line on stdout (an ``error`` object for a bad line); exit 2 if any was bad."""
    total = sum(1 for _ in path.open(encoding="utf-8", errors="replace")) if path.is_file() else 0
    failures = 0
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("处理中", total=total)
        for number, record, problem in jsonl_records(path, "text"):
            if record is not None:
                try:
                    echo_json(handle_one(record["text"]))
                except TextTooLong as exc:
                    problem = str(exc)
            if problem:
                failures += 1
                text = record["text"] if record is not None else None
                echo_json({"text": text, "error": line_error(number, problem)})
            progress.update(task, completed=number)
    if failures:
        err.print(f"[red]{failures} 行无法处理，见输出中的 error 对象[/red]")
        raise typer.Exit(2)


def extract_cmd(
    text: str | None = typer.Argument(None, help="要分析的文本 (text to analyse)"),
    service: str | None = typer.Option(None, help="事项编码，按其表单自动填表 (item code whose form to fill)"),
    today: str | None = typer.Option(None, help="解析“上个月”等相对日期的参考日期 YYYY-MM-DD (reference date)"),
    jsonl: Path | None = typer.Option(None, help='批量：每行 {"text": …} 的 JSON Lines 文件 (batch input)'),
    as_json: bool = JSON_OUTPUT,
) -> None:
    reference = day_option(today, "--today")
    form = None
    if service:
        with database(settings(), require=False) as db:
            form = catalog.find_form(db, service)
    if jsonl is not None:
        _batch(jsonl, lambda t: extract_report(t, reference, form))
        return
    if text is None:
        raise BadInput.of("missing_text")
    report = extract_report(text, reference, form)
    if as_json:
        echo_json(report)
        return
    for e in report["entities"]:
        typer.echo(f"{e['type']:<10} {e['value']}  [{e['start']}:{e['end']}] {e['confidence']}")
    for name, fill in report.get("fields", {}).items():
        typer.echo(f"填表 {name} = {fill['value']}")


def mask_cmd(
    text: str | None = typer.Argument(None, help="要脱敏的文本 (text to mask)"),
    jsonl: Path | None = typer.Option(None, help='批量：每行 {"text": …} 的 JSON Lines 文件 (batch input)'),
    as_json: bool = JSON_OUTPUT,
) -> None:
    if jsonl is not None:
        _batch(jsonl, mask_report)
        return
    if text is None:
        raise BadInput.of("missing_text")
    report = mask_report(text)
    if as_json:
        echo_json(report)
    else:
        typer.echo(report["masked"])
