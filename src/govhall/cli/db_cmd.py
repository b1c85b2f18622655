"""``govhall db``: schema migrations."""

from __future__ import annotations

import typer

from govhall import catalog
from govhall.cli._common import database, err, handle_errors, settings
from govhall.db import transaction
from govhall.db import upgrade as run_upgrade

app = typer.Typer(help="数据库管理。 (Database schema.)", no_args_is_help=True)


@app.command(
    "upgrade",
    help="把数据库结构升级到最新版本，并载入内置事项目录中尚未入库的事项。"
    " (Run migrations, load the built-in catalogue.)",
)
@handle_errors
def upgrade() -> None:
    s = settings()
    run_upgrade(s.resolved_database_url)
    with database(s) as db, transaction(db):
        added = catalog.sync_builtin(db)
    err.print(f"数据库已是最新版本；新载入事项 {added} 个。")
