"""What every command shares: settings, a database session, and the one error mapping."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy.orm import Session

from govhall.config import Settings, get_settings
from govhall.db import make_engine, make_session_factory, require_schema, session_scope
from govhall.errors import BadInput, GovhallError, message_for
from govhall.localtime import parse_day

err = Console(stderr=True)


def settings() -> Settings:
    try:
        return get_settings()
    except (ValidationError, ValueError) as exc:
        err.print(f"[red]设置有误：{exc}[/red]")
        raise typer.Exit(2) from None


@contextmanager
def mapped_errors() -> Iterator[None]:
    """The CLI's one error mapping, around every command (``LazyCommands.invoke``): a ``GovhallError``
    becomes its Chinese message and exit code 2; anything unexpected exit 1, with the traceback
    written to the log file in the data folder rather than at the citizen."""
    try:
        yield
    except GovhallError as exc:
        err.print(f"[red]错误：{exc.message}[/red]")
        for field, message in exc.fields.items():
            err.print(f"  - {field}: {message}")
        raise typer.Exit(2) from None
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in ("typer", "click"):
            raise  # exits, aborts and usage errors: the command line's own (typer vendors click)
        log_path = _write_crash_log()
        err.print(f"[red]发生意外错误，详情已写入 {log_path}[/red]")
        raise typer.Exit(1) from None


def _write_crash_log() -> str:
    try:
        path = get_settings().data_dir / "logs" / "govhall.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("govhall.cli").error("".join(traceback.format_exception(*sys.exc_info())))
        return str(path)
    except Exception:
        traceback.print_exc()
        return "stderr"


@contextmanager
def database(s: Settings, *, require: bool = True) -> Iterator[Session]:
    """A session on the configured database (checked to be migrated unless ``require`` is False)."""
    engine = make_engine(s.resolved_database_url)
    try:
        if require:
            require_schema(engine)
        with session_scope(make_session_factory(engine)) as db:
            yield db
    finally:
        engine.dispose()


JSON_OUTPUT: Any = typer.Option(False, "--json", help="输出 JSON (print JSON)")
"""The ``--json`` switch of the listing and report commands (``as_json: bool = JSON_OUTPUT``)."""


def day_option(value: str | None, option: str) -> date | None:
    """A date option (``--since``, ``--as-of``, ``--today``…) as typed, None when not given: the hall's
    one day parser, so every command refuses a bad or out-of-range day with the same Chinese message."""
    return parse_day(value, f"{option} 的日期") if value else None


def echo_json(data: Any) -> None:
    """Machine output on stdout: UTF-8 JSON, Chinese kept readable."""
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=None, default=str))


def echo_rows(rows: list[dict[str, Any]], as_json: bool, line: Callable[[dict[str, Any]], str]) -> None:
    """A listing as JSON for scripts or one ``line(row)`` each for people: every ``list`` command
    offers both, so the choice lives here once."""
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        typer.echo(line(row))


def line_error(number: int, problem: str) -> dict[str, Any]:
    """The ``error`` object of a batch output line that could not be processed (``bad_line``)."""
    return {
        "code": "bad_line",
        "message": message_for("bad_line", "batch", number=number, reason=problem),
        "line": number,
    }


NOT_JSON = object()
"""What :func:`json_lines` gives for a line that does not parse."""


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value or :data:`NOT_JSON`) for each non-empty line of a JSON Lines file,
    streamed: the one reader of every command's line files, each deciding what a bad line costs."""
    if not path.is_file():
        raise BadInput.of("file_not_found", path=path)
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                value = NOT_JSON
            yield number, value


def jsonl_records(path: Path, field: str) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, record or None, problem) for each non-empty line of a batch file, streamed.

    A line that is not JSON or lacks the string ``field`` becomes a problem for that line only, so
    one bad line never stops a batch (``--jsonl`` modes print one result or error per line)."""
    for number, record in json_lines(path):
        if record is NOT_JSON:
            yield number, None, "该行不是有效的 JSON"
        elif not isinstance(record, dict) or not isinstance(record.get(field), str):
            yield number, None, f"该行缺少字符串字段 {field}"
        else:
            yield number, record, ""


def echo_batch(path: Path, field: str, run: Callable[[list[str]], Iterable[dict[str, Any]]], size: int = 512) -> None:
    """A ``--jsonl`` batch: one JSON result per line of ``path``, in line order, ``run`` called once
    per ``size`` texts; a bad line prints an error object (with its line number) in its place and the
    rest is still processed; exit 2 at the end when any line failed."""
    pending: list[tuple[int, str | None, str]] = []  # (line, text or None, problem)
    failures = 0

    def flush() -> None:
        results = iter(run([text for _, text, _ in pending if text is not None]))
        for number, text, problem in pending:
            if text is None:
                echo_json({"text": None, "error": line_error(number, problem)})
            else:
                echo_json(next(results))
        pending.clear()

    for number, record, problem in jsonl_records(path, field):
        failures += bool(problem)
        pending.append((number, record[field] if record is not None else None, problem))
        if len(pending) >= size:
            flush()
    if pending:
        flush()
    if failures:
        err.print(f"[red]{failures} 行无法处理，见输出中的 error 对象[/red]")
        raise typer.Exit(2)
