"""``govhall audit``: check the hash chain of the audit log."""

from __future__ import annotations

import typer

from govhall import audit
from govhall.cli._common import database, echo_json, err, handle_errors, settings

app = typer.Typer(help="审计日志。 (Audit log.)", no_args_is_help=True)


@app.command(
    "verify",
    help="逐条校验审计日志的哈希链，发现被修改或删除的记录时以退出码 1 结束。 (Verify the chain; exit 1 on tampering.)",
)
@handle_errors
def verify(as_json: bool = typer.Option(False, "--json", help="输出 JSON (print JSON)")) -> None:
    with database(settings()) as db:
        report = audit.verify(db)
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
