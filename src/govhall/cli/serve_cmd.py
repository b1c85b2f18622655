"""``govhall serve`` and ``govhall demo``: run the web server."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
import uvicorn

from govhall import jobs
from govhall.cases import make_calendar
from govhall.cli._common import err, settings
from govhall.cli.jobs_cmd import register_all
from govhall.config import Settings
from govhall.db import make_engine, require_schema
from govhall.demo import DEMO_PASSWORD, build_demo, demo_database_path
from govhall.errors import BadInput
from govhall.setup import prepare
from govhall.web import create_app

SERVE_HELP = "启动网上办事大厅（网页与 API）。 (Serve the site and API.)"
DEMO_HELP = (
    "新建演示数据库（内置事项、各角色演示账号和几件办件），打印网址和演示账号后启动服务。"
    " (Fresh demo database, then serve.)"
)


def server_options(s: Settings, ssl_certfile: Path | None = None, ssl_keyfile: Path | None = None) -> dict[str, Any]:
    """uvicorn options for ``s``: TLS when a certificate is given, and X-Forwarded-* headers
    trusted only from the proxies named by ``GOVHALL_FORWARDED_ALLOW_IPS`` (from nobody by default,
    so a client cannot claim another address or pretend its plain-HTTP request was HTTPS)."""
    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise BadInput.of("ssl_incomplete")
    for path in (ssl_certfile, ssl_keyfile):
        if path is not None and not path.is_file():
            raise BadInput.of("file_not_found", "certificate", path=path)
    allowed = s.forwarded_allow_ips.strip()
    return {
        "proxy_headers": bool(allowed),
        "forwarded_allow_ips": allowed or None,
        "ssl_certfile": str(ssl_certfile) if ssl_certfile else None,
        "ssl_keyfile": str(ssl_keyfile) if ssl_keyfile else None,
        "log_level": "warning",
    }


def serve(
    host: str = typer.Option(None, help="监听地址 (host; default GOVHALL_HOST)"),
    port: int = typer.Option(None, help="端口 (port; default GOVHALL_PORT)"),
    workers: int = typer.Option(1, min=1, max=64, help="工作进程数，多进程只共享数据库 (worker processes)"),
    ssl_certfile: Path = typer.Option(None, help="HTTPS 证书文件（PEM） (TLS certificate; serve HTTPS)"),
    ssl_keyfile: Path = typer.Option(None, help="HTTPS 私钥文件（PEM） (TLS private key)"),
    no_worker: bool = typer.Option(
        False, "--no-worker", help="不在本进程内执行后台任务（另行运行 govhall worker） (no in-process job worker)"
    ),
) -> None:
    s = settings()
    options = server_options(s, ssl_certfile, ssl_keyfile)
    engine = make_engine(s.resolved_database_url)
    try:
        require_schema(engine)
    finally:
        engine.dispose()
    prepare(s)  # the built-in library and default models, where an upgrade brought new ones
    s.resolved_secret_key()  # create it once, before several workers race to
    host, port = host or s.host, port or s.port
    scheme = "https" if ssl_certfile else "http"
    err.print(f"网上办事大厅已启动：{scheme}://{host}:{port}/   API 文档：{scheme}://{host}:{port}/docs")
    halt = None if no_worker else _background_jobs(s)
    try:
        if workers == 1:
            uvicorn.run(create_app(s), host=host, port=port, **options)
        else:
            uvicorn.run("govhall.web:create_app", factory=True, host=host, port=port, workers=workers, **options)
    finally:
        if halt is not None:
            halt()


def _background_jobs(s: Settings) -> Callable[[], None]:
    """One in-process job worker (vectors after an ingest, queued imports), so that a single
    ``govhall serve`` needs no separate ``govhall worker``."""
    register_all()
    return jobs.start_background(s.resolved_database_url, jobs.JobContext.from_settings(s))


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
    uvicorn.run(create_app(s), host=host, port=port, **server_options(s))
