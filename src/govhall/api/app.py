"""The FastAPI application: one router per capability under ``/api``.

``create_app`` builds everything from ``Settings`` so that tests, ``govhall serve`` and each of
several workers construct identical, stateless apps that share nothing but the database.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from govhall import __version__
from govhall.api import errors
from govhall.api.csrf import CsrfGuard
from govhall.api.headers import SecurityHeaders
from govhall.api.inputs import InputGuard
from govhall.api.limits import BodySizeLimit
from govhall.api.routers import assistant as assistant_router
from govhall.api.routers import (
    audit,
    auth,
    cases,
    catalog,
    files,
    graph,
    health,
    jobs,
    monitoring,
    notifications,
    opinion,
    policies,
    ratings,
    recommend,
    text,
    users,
)
from govhall.cases import make_calendar
from govhall.config import Settings, get_settings
from govhall.db import make_engine, make_session_factory
from govhall.knowledge_graph.store import GraphCache

# routes that take files: they may carry up to GOVHALL_MAX_UPLOAD_REQUEST_BYTES (each file is checked too)
UPLOAD_PATHS = (r"^/api/files$", r"^/items/[a-z0-9-]+/apply$", r"^/cases/[A-Za-z0-9]+/supplement$")

SWAGGER_DIR = Path(__file__).resolve().parent / "static" / "swagger"


def create_app(settings: Settings | None = None) -> FastAPI:
    """A complete app for ``settings`` (the environment's when omitted)."""
    settings = settings or get_settings()
    app = FastAPI(
        docs_url=None,  # served below from vendored files: FastAPI's default page loads from a CDN
        redoc_url=None,
        title="govhall 网上办事大厅 API",
        version=__version__,
        description=("事项目录、在线申请、办件审核、账号与审计。所有错误均返回 {error: {code, message, fields}}。"),
    )
    engine = make_engine(settings.resolved_database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.calendar = make_calendar(settings.extra_holidays(), settings.extra_workdays())
    app.state.secret_key = settings.resolved_secret_key()
    app.state.graph_cache = GraphCache()
    errors.install(app)
    for module in (health, auth, users, catalog, cases, audit, text, recommend, policies, graph, opinion, jobs):
        app.include_router(module.router)
    app.include_router(assistant_router.router)
    app.include_router(monitoring.router)  # opinion collectors, schedules, alert subscriptions
    for hall in (files, notifications, ratings):
        app.include_router(hall.router)
    app.mount("/api-docs-static", StaticFiles(directory=SWAGGER_DIR), name="api-docs-static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # FastAPI's own page starts Swagger UI from an inline script, which the CSP forbids
        return HTMLResponse(DOCS_PAGE)

    # outermost last: headers go on every answer, including the guards' refusals
    app.add_middleware(InputGuard)
    app.add_middleware(CsrfGuard, secret_key=app.state.secret_key)
    app.add_middleware(
        BodySizeLimit,
        limit=settings.max_body_bytes,
        upload_limit=settings.max_upload_request_bytes,
        upload_paths=UPLOAD_PATHS,
    )
    app.add_middleware(SecurityHeaders)
    return app


DOCS_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>govhall API 文档</title>
<link rel="stylesheet" href="/api-docs-static/swagger-ui.css">
<link rel="icon" href="/api-docs-static/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api-docs-static/swagger-ui-bundle.js"></script>
<script src="/api-docs-static/swagger-init.js"></script>
</body>
</html>
"""
