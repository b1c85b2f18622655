"""``govhall classify`` and ``govhall chat``: the assistant's routing and conversations on the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import assistant, catalog
from govhall.accounts import User
from govhall.cases import make_calendar
from govhall.cli._common import NOT_JSON, database, echo_batch, echo_json, err, json_lines, settings
from govhall.config import Settings
from govhall.errors import BadInput, ModelMissing

CLASSIFY_HELP = (
    "识别一句话的意图（办理、咨询、查进度、投诉、其他）和对应事项，输出置信度。"
    " (Route a message: intent, service item, confidence.)"
)
CHAT_HELP = (
    "与智能助手对话（交互式）；--replay 文件按行回放脚本对话并输出结果。"
    " (Chat with the assistant, or replay scripted dialogues.)"
)


def _router(db: Session, s: Settings) -> assistant.Router:
    return assistant.Router.from_registry(s.resolved_models_dir, catalog.current_contents(db))


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """A replay script's lines: a dialogue is replayed whole or not at all, so a bad line stops it."""
    for number, row in json_lines(path):
        if row is NOT_JSON:
            raise BadInput.of("bad_json", path=path, number=number)
        if not isinstance(row, dict):
            raise BadInput.of("bad_json", "not_object", path=path, number=number)
        yield number, row


def classify_cmd(
    text: str | None = typer.Argument(None, help="要识别的一句话 (message)"),
    jsonl: Path | None = typer.Option(None, "--jsonl", help='每行一个 {"text"} 的 JSON Lines 文件 (batch file)'),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON (machine output)"),
) -> None:
    s = settings()
    if (text is None) == (jsonl is None):
        raise BadInput.of("text_or_jsonl")
    with database(s, require=False) as db:
        router = _router(db, s)
        if jsonl is not None:
            echo_batch(jsonl, "text", lambda texts: [route.to_dict() for route in router.route_many(texts)])
            return
        assert text is not None
        route = router.route(assistant.check_message(text))
    if as_json:
        echo_json(route.to_dict())
        return
    service = route.service()
    typer.echo(f"意图：{route.intent}（置信度 {route.intent_confidence:.2f}）")
    typer.echo(f"事项：{service['name'] + '（' + service['code'] + '）' if service else '无'}")


def _user(db: Session, username: str | None) -> User | None:
    if username is None:
        return None
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        raise BadInput.of("user_not_found", username=username)
    return user


def chat_cmd(
    replay: Path | None = typer.Option(None, "--replay", help='每行 {"turns": [...]} 的脚本对话文件 (replay file)'),
    user: str | None = typer.Option(None, "--user", help="以该群众账号对话，可提交申请 (citizen username)"),
    as_json: bool = typer.Option(False, "--json", help="回放时每行输出一个 JSON (JSON Lines output)"),
) -> None:
    s = settings()
    helper = assistant.Assistant(s, make_calendar(s.extra_holidays(), s.extra_workdays()))
    with database(s) as db:
        account = _user(db, user)
        if replay is not None:
            for _number, row in _lines(replay):
                outcome = assistant.replay_dialogue(helper, db, account, row.get("turns"))  # type: ignore[arg-type]
                if as_json:
                    echo_json(outcome)
                else:
                    typer.echo("\n".join(outcome["replies"]) + "\n")
            return
        session = assistant.open_session(db, account)
        err.print("智能助手已就绪，输入“退出”结束。")
        while True:
            try:
                text = typer.prompt("您", prompt_suffix="：")
            except (EOFError, typer.Abort):
                break
            if text.strip() in ("退出", "exit", "quit"):
                break
            try:
                result = helper.take_turn(db, account, session.public_id, text)
            except (BadInput, ModelMissing) as exc:
                err.print(f"[red]{exc.message}[/red]")
                continue
            typer.echo(f"助手：{result.reply}")
