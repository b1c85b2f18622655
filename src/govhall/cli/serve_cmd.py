"""``govhall serve`` and ``govhall demo``: run the web server."""

from __future__ import annotations

import shutil

import typer
import uvicorn

from govhall.cases import make_calendar
from govhall.cli._common import err, handle_errors, settings
from govhall.db import make_engine, require_schema
from govhall.demo import DEMO_PASSWORD, build_demo, demo_database_path
from govhall.web import create_app

SERVE_HELP = "启动网上办事大厅（网页与 API）。 (Serve the site and API.)"
DEMO_HELP = (
    "新建演示数据库（内置事项、各角色演示账号和几件办件），打印网址和演示账号后启动服务。"
    " (Fresh demo database, then serve.)"
)


@handle_errors
def serve(
    host: str = typer.Option(None, help="监听地址 (host; default GOVHALL_HOST)"),
    port: int = typer.Option(None, help="端口 (port; default GOVHALL_PORT)"),
    workers: int = typer.Option(1, min=1, max=64, help="工作进程数，多进程只共享数据库 (worker processes)"),
) -> None:
    s = settings()
    engine = make_engine(s.resolved_database_url)
    try:
        require_schema(engine)
    finally:
        engine.dispose()
    s.resolved_secret_key()  # create it once, before several workers race to
    host, port = host or s.host, port or s.port
    err.print(f"网上办事大厅已启动：http://{host}:{port}/   API 文档：http://{host}:{port}/docs")
    if workers == 1:
        uvicorn.run(create_app(s), host=host, port=port, log_level="warning")
    else:
        uvicorn.run("govhall.web:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning")


@handle_errors
def demo(
    host: str = typer.Option(None, help="监听地址 (host)"),
    port: int = typer.Option(None, help="端口 (port)"),
    no_serve: bool = typer.Option(False, "--no-serve", help="只建演示数据库，不启动服务 (build only)"),
) -> None:
    s = settings()
    path = demo_database_path(s.data_dir)
    if path.parent.exists():
        shutil.rmtree(path.parent)
    url = f"sqlite:///{path.as_posix()}"
    accounts = build_demo(url, make_calendar(s.extra_holidays(), s.extra_workdays()), models_dir=s.resolved_models_dir)
    s = s.model_copy(update={"database_url": url})
    host, port = host or s.host, port or s.port
    err.print(f"演示数据库：{path}")
    err.print(f"网址：http://{host}:{port}/    API 文档：http://{host}:{port}/docs")
    err.print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for a in accounts:
        err.print(f"  {a.username:<10} {a.role.value:<8} {a.department or ''}")
    if no_serve:
        return
    uvicorn.run(create_app(s), host=host, port=port, log_level="warning")
