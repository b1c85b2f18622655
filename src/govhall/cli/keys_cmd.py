"""``govhall keys``: rotate the key that encrypts personal data at rest, and drop retired keys."""

from __future__ import annotations

from collections.abc import Callable

import typer
from sqlalchemy import MetaData
from sqlalchemy.orm import Session

import govhall.models  # noqa: F401  (registers every table, so every encrypted column is found)
from govhall.cli._common import JSON_OUTPUT, database, echo_json, err, settings
from govhall.db import Base
from govhall.db.crypto import RotationReport, prune_data_keys, rotate_data_key, use_key_file

app = typer.Typer(help="数据加密密钥。 (Data-encryption keys.)", no_args_is_help=True)


def _over_every_encrypted_column(step: Callable[[Session, MetaData], RotationReport]) -> RotationReport:
    """Run a key step with this installation's key file over every table's encrypted columns."""
    s = settings()
    use_key_file(s.resolved_key_file)
    with database(s) as db:
        return step(db, Base.metadata)


@app.command(
    "rotate",
    help="生成新的数据加密密钥并用它重新加密全部个人信息；旧密钥保留可读，所有服务进程换用新密钥后"
    "运行 govhall keys prune 删除。 (New data key, re-encrypt every row; prune old keys afterwards.)",
)
def rotate(as_json: bool = JSON_OUTPUT) -> None:
    report = _over_every_encrypted_column(rotate_data_key)
    if as_json:
        echo_json({"new_key": report.new_key, "rows": report.rows})
        return
    err.print(f"已启用新密钥 {report.new_key}，重新加密 {report.rows} 行。")
    err.print("运行中的服务会在几秒内换用新密钥；确认后运行 govhall keys prune 删除不再使用的旧密钥。")


@app.command(
    "prune",
    help="从密钥文件中删除已没有任何数据使用的旧数据密钥。 (Drop data keys that no stored value uses.)",
)
def prune(as_json: bool = JSON_OUTPUT) -> None:
    report = _over_every_encrypted_column(prune_data_keys)
    if as_json:
        echo_json({"current": report.new_key, "removed": report.removed, "in_use": report.in_use})
        return
    removed = "、".join(report.removed) or "无"
    err.print(f"当前密钥 {report.new_key}；已删除旧密钥：{removed}；仍在使用：{'、'.join(report.in_use) or '无'}")
