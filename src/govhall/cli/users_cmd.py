"""``govhall users``: create accounts from the command line (the first admin, clerks)."""

from __future__ import annotations

import typer

from govhall import accounts
from govhall.accounts import NewUser, Role
from govhall.cli._common import database, err, handle_errors, settings
from govhall.db import transaction

app = typer.Typer(help="账号管理。 (User accounts.)", no_args_is_help=True)


@app.command("create", help="创建账号。 (Create a user.)")
@handle_errors
def create(
    username: str = typer.Argument(..., help="用户名 (username)"),
    role: Role = typer.Option(Role.CITIZEN, help="角色 (role)"),
    display_name: str = typer.Option(..., "--name", help="姓名 (display name)"),
    department: str | None = typer.Option(None, help="所属部门，窗口人员必填 (department, clerks only)"),
    password: str = typer.Option(..., prompt="密码", hide_input=True, confirmation_prompt=True, help="密码 (password)"),
) -> None:
    with database(settings()) as db, transaction(db):
        user = accounts.create_user(
            db,
            NewUser(
                username=username,
                password=password,
                display_name=display_name,
                role=role,
                department=department,
            ),
        )
    err.print(f"已创建账号 {user.username}（{user.role}）")
