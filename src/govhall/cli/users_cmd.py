"""``govhall users``: create accounts from the command line (the first admin, clerks)."""

from __future__ import annotations

import typer

from govhall import accounts
from govhall.accounts import NewUser, Role
from govhall.cli._common import database, err, settings
from govhall.db import transaction

app = typer.Typer(help="账号管理。 (User accounts.)", no_args_is_help=True)


@app.command("create", help="创建账号。 (Create a user.)")
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


@app.command(
    "reset-password",
    help="为账号生成临时密码并打印；临时密码不能直接登录，用户须先用它设置新密码。该账号的登录全部失效。"
    " (Print a temporary password that must be changed before login; ends the user's sessions.)",
)
def reset_password(username: str = typer.Argument(..., help="用户名 (username)")) -> None:
    with database(settings()) as db:
        temporary = accounts.reset_password(db, None, username)
    err.print(f"已为 {username} 设置临时密码（请当面或通过可靠渠道告知，用户须先修改密码才能登录）：")
    typer.echo(temporary)


@app.command("deactivate", help="停用账号，其登录立即失效。 (Deactivate an account; its tokens stop at once.)")
def deactivate(username: str = typer.Argument(..., help="用户名 (username)")) -> None:
    with database(settings()) as db:
        accounts.set_active(db, None, username, False)
    err.print(f"已停用账号 {username}")


@app.command("activate", help="重新启用已停用的账号。 (Reactivate an account.)")
def activate(username: str = typer.Argument(..., help="用户名 (username)")) -> None:
    with database(settings()) as db:
        accounts.set_active(db, None, username, True)
    err.print(f"已启用账号 {username}")


@app.command("revoke-sessions", help="使账号的全部登录失效。 (End every session of a user.)")
def revoke_sessions(username: str = typer.Argument(..., help="用户名 (username)")) -> None:
    with database(settings()) as db:
        removed = accounts.revoke_sessions(db, None, username)
    err.print(f"已使 {username} 的 {removed} 个登录失效")


@app.command("purge", help="删除已过期的登录令牌和过期的登录失败记录。 (Delete expired tokens and throttle rows.)")
def purge() -> None:
    with database(settings()) as db:
        removed = accounts.purge_expired(db)
    err.print(f"已删除 {removed} 个过期登录令牌")
