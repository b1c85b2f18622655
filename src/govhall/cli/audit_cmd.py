"""``govhall audit``: check the keyed hash chain of the audit log, and print its anchor."""

from __future__ import annotations

import typer

from govhall import audit
from govhall.cli._common import JSON_OUTPUT, database, echo_json, err, settings

app = typer.Typer(help="审计日志。 (Audit log.)", no_args_is_help=True)


@app.command(
    "verify",
    help="逐条校验审计日志的哈希链（带密钥的 HMAC），发现被修改或删除的记录时以退出码 1 结束；"
    "--anchor 检查日志仍包含先前保存的锚点（末尾未被截断）。"
    " (Verify the keyed chain; exit 1 on tampering; --anchor also checks that a saved head is still there.)",
)
def verify(
    as_json: bool = JSON_OUTPUT,
    anchor: str | None = typer.Option(
        None, "--anchor", help="先前由 govhall audit anchor 输出的“序号:哈希” (a head printed by audit anchor)"
    ),
) -> None:
    with database(settings()) as db:
        report = audit.verify(db, anchor=anchor)
    if as_json:
        echo_json(report.to_dict())
    elif report.ok:
        err.print(f"[green]审计日志完整：共 {report.entries} 条，哈希链校验通过。[/green]")
    else:
        err.print(f"[red]审计日志被篡改：发现 {len(report.problems)} 处问题[/red]")
        for problem in report.problems:
            err.print(f"  - {problem}")
    if not report.ok:
        raise typer.Exit(1)


@app.command(
    "anchor",
    help="输出审计日志当前的末条记录（序号:哈希），请保存在数据库以外，日后用 verify --anchor 核对。"
    " (Print the chain's head, SEQ:HASH, to keep outside the database.)",
)
def anchor() -> None:
    with database(settings()) as db:
        typer.echo(audit.anchor(db))
