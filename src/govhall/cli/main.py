"""``govhall``: the command line. Each command parses options, calls a capability and prints."""

from __future__ import annotations

import typer

from govhall.cli import audit_cmd, catalog_cmd, db_cmd, serve_cmd, text_cmd, users_cmd

app = typer.Typer(
    name="govhall",
    help="govhall 网上办事大厅：事项目录、在线申请、办件审核、智能助手与政务分析。"
    " (Offline-first government service hall.)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("serve", help=serve_cmd.SERVE_HELP)(serve_cmd.serve)
app.command("demo", help=serve_cmd.DEMO_HELP)(serve_cmd.demo)
app.command("extract", help=text_cmd.EXTRACT_HELP)(text_cmd.extract_cmd)
app.command("mask", help=text_cmd.MASK_HELP)(text_cmd.mask_cmd)
app.add_typer(db_cmd.app, name="db")
app.add_typer(catalog_cmd.app, name="catalog")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(users_cmd.app, name="users")


def main() -> None:
    app()
