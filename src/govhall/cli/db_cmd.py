"""``govhall db``: schema migrations."""

from __future__ import annotations

import typer

from govhall.cli._common import err, settings

app = typer.Typer(help="数据库管理。 (Database schema.)", no_args_is_help=True)


@app.command(
    "upgrade",
    help="把数据库结构升级到最新版本，载入内置事项目录和内置政策库，并为尚无在用模型的任务训练默认模型"
    "（意图、事项、情感，几秒钟）。 (Migrate, load the built-in catalogue and laws, train default models.)",
)
def upgrade() -> None:
    from govhall.setup import install

    report = install(settings())
    err.print(f"数据库已是最新版本；新载入事项 {report.items_added} 个。")
    if report.models_trained:
        err.print(f"已训练并启用默认模型：{'、'.join(report.models_trained)}")
