"""``govhall ingest|search|ask|evaluate qa``: the policy library from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from govhall import policies
from govhall.cli._common import JSON_OUTPUT, database, day_option, echo_json, err, jsonl_records, line_error, settings
from govhall.errors import BadInput, GovhallError
from govhall.policies import SearchFilters

INGEST_HELP = (
    "把政策文件（Markdown、文本、HTML、DOCX、PDF）或整个文件夹导入政策库：按编章节条拆分，"
    "只处理有变化的文件，删除已消失的文件，重建检索索引后即返回；向量在后台任务中计算（--wait 则等其完成）。"
    " (Ingest policy files incrementally; vectors follow in a background job.)"
)
SEARCH_HELP = "在政策库中按条文检索（BM25 与向量融合），列出法规名称、条号、路径和得分。 (Search policy articles.)"
ASK_HELP = (
    "回答政策问题：给出依据的条文原文摘录和 [n] 标注；找不到明确依据时明确说明并建议咨询渠道。"
    " (Answer a policy question with citations, or refuse.)"
)


def _columns() -> tuple[Any, ...]:
    return (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
    )


def _replacement(value: str) -> tuple[str, str]:
    old, sep, new = value.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise BadInput.of("bad_replacement", value=value)
    return old.strip(), new.strip()


def ingest_cmd(
    path: Path = typer.Argument(..., help="文件或文件夹 (file or folder)"),
    replaces: list[str] = typer.Option(
        [], "--replaces", help="声明替代关系 旧名称=新名称，可重复 (declare OLD=NEW replacement)"
    ),
    no_vectors: bool = typer.Option(False, "--no-vectors", help="只建 BM25 索引，不计算向量 (skip dense vectors)"),
    wait: bool = typer.Option(
        False, "--wait", help="等向量算完再返回（默认放入后台任务） (compute vectors before returning)"
    ),
    as_json: bool = JSON_OUTPUT,
) -> None:
    s = settings()
    pairs = [_replacement(v) for v in replaces]
    with database(s) as db, Progress(*_columns(), console=err, transient=True) as progress:
        files = progress.add_task("导入文件", total=None)
        index = progress.add_task("建立索引", total=None, visible=False)
        vectors = progress.add_task("计算向量", total=None, visible=False)
        report = policies.ingest_path(
            db,
            s,
            path,
            replacements=pairs,
            vectors=not no_vectors,
            wait=wait,
            on_file=lambda n, total, name: progress.update(files, completed=n, total=total),
            on_index=lambda n, total: progress.update(index, completed=n, total=total, visible=True),
            on_vectors=lambda n, total: progress.update(vectors, completed=n, total=total, visible=True),
        )
    if as_json:
        echo_json(report.to_dict())
    else:
        err.print(
            f"新增 {report.added} 个、更新 {report.updated} 个、未变 {report.unchanged} 个、"
            f"删除 {report.removed} 个文件；"
            f"新条文 {report.articles} 条。"
        )
        for failure in report.failed:
            err.print(f"[yellow]跳过：{failure['message']}[/yellow]")
        if report.vector_job is not None:
            err.print(
                f"检索已可用（BM25）；向量在后台任务 {report.vector_job} 中计算，完成一批即参与检索。"
                "由 govhall serve 或 govhall worker 执行，govhall jobs 查看进度。"
            )
    if report.failed and not (report.added or report.updated or report.unchanged):
        raise typer.Exit(2)


def search_cmd(
    query: str = typer.Argument(..., help="检索词或问题 (query)"),
    k: int = typer.Option(10, "-k", min=1, max=100, help="返回条数 (number of results)"),
    doc_type: str | None = typer.Option(None, "--type", help="文件类型，如 行政法规 (document type)"),
    status: str = typer.Option("in_force", help="in_force | superseded | all (status filter)"),
    as_of: str | None = typer.Option(None, "--as-of", help="检索该日期有效的版本 YYYY-MM-DD (version in force on)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    if status not in ("in_force", "superseded", "all"):
        raise BadInput.of("bad_status", value=status)
    s = settings()
    filters = SearchFilters(doc_type=doc_type, status=status, as_of=day_option(as_of, "--as-of"))  # type: ignore[arg-type]
    with database(s) as db:
        hits = policies.search(db, s, query, k=k, filters=filters)
    if as_json:
        echo_json({"query": query, "results": [h.to_dict() for h in hits]})
        return
    if not hits:
        err.print("没有找到相关条文。")
    for rank, hit in enumerate(hits, 1):
        snippet = hit.text.replace("\n", "")[:80]
        typer.echo(f"{rank:>2}. {hit.path}  ({hit.score:.4f})\n    {snippet}")


def ask_cmd(
    question: str | None = typer.Argument(None, help="问题 (question)"),
    jsonl: Path | None = typer.Option(None, help='批量：每行 {"question": …} 的 JSON Lines 文件 (batch input)'),
    as_of: str | None = typer.Option(None, "--as-of", help="依据该日期有效的版本回答 YYYY-MM-DD (version in force on)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    s = settings()
    when = day_option(as_of, "--as-of")
    filters = SearchFilters(as_of=when) if when else None
    with database(s) as db:
        if jsonl is not None:
            failures = 0
            total = sum(1 for _ in jsonl.open(encoding="utf-8", errors="replace")) if jsonl.is_file() else 0
            with Progress(*_columns(), console=err, transient=True) as progress:
                task = progress.add_task("回答中", total=total)
                for number, record, problem in jsonl_records(jsonl, "question"):
                    if record is not None:
                        try:
                            echo_json(policies.ask(db, s, record["question"], filters=filters).to_dict())
                        except GovhallError as exc:
                            problem = exc.message
                    if problem:
                        failures += 1
                        question = None if record is None else record.get("question")
                        echo_json({"question": question, "error": line_error(number, problem)})
                    progress.update(task, completed=number)
            if failures:
                err.print(f"[red]{failures} 行无法处理，见输出中的 error 对象[/red]")
                raise typer.Exit(2)
            return
        if question is None:
            raise BadInput.of("missing_question")
        answer = policies.ask(db, s, question, filters=filters)
    if as_json:
        echo_json(answer.to_dict())
        return
    typer.echo(answer.answer)
    for number, citation in enumerate(answer.citations, 1):
        typer.echo(f"[{number}] {citation['path']}")


def evaluate_qa(file: Path, *, show_misses: bool, as_json: bool) -> None:
    """``govhall evaluate qa FILE``: retrieval and answer quality of the policy library on a QA set."""
    s = settings()
    items = policies.read_qa(file)
    with database(s) as db, Progress(*_columns(), console=err, transient=True) as progress:
        task = progress.add_task("评估中", total=len(items))
        report = policies.evaluate_qa(db, s, items, progress=lambda n, total: progress.update(task, completed=n))
    if not show_misses:
        report = {k: v for k, v in report.items() if k != "misses"}
    if as_json:
        echo_json(report)
        return
    for key, value in report.items():
        if key != "misses":
            typer.echo(f"{key:<20} {value}")
    for miss in report.get("misses", []):
        typer.echo(json.dumps(miss, ensure_ascii=False))
