"""The FastAPI application: one router per capability under ``/api``.

``create_app`` builds everything from ``Settings`` so that tests, ``govhall serve`` and each of
several workers construct identical, stateless apps that share nothing but the database.
"""

from __future__ import annotations

from fastapi import FastAPI

from govhall import __version__
from govhall.api import errors
from govhall.api.limits import BodySizeLimit
from govhall.api.routers import audit, auth, cases, catalog, health, text, users
from govhall.cases import make_calendar
from govhall.config import Settings, get_settings
from govhall.db import make_engine, make_session_factory


def create_app(settings: Settings | None = None) -> FastAPI:
    """A complete app for ``settings`` (the environment's when omitted)."""
    settings = settings or get_settings()
    app = FastAPI(
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
    errors.install(app)
    for module in (health, auth, users, catalog, cases, audit, text):
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    return app
