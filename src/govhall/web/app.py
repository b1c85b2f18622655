"""The whole site: the API plus the server-rendered pages and their static files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from govhall.api import create_app as create_api
from govhall.api.csrf import csrf_token
from govhall.cases import STATE_LABELS
from govhall.config import Settings
from govhall.localtime import LOCAL_TZ
from govhall.web import admin_kb_routes, admin_logs_routes, admin_stats_routes
from govhall.web.admin_routes import router as admin_router
from govhall.web.assistant_routes import router as assistant_router
from govhall.web.graph_routes import router as graph_router
from govhall.web.guide_routes import router as guide_router
from govhall.web.hall_routes import router as hall_router
from govhall.web.opinion_routes import router as opinion_router
from govhall.web.policies_routes import router as policies_router
from govhall.web.recommend_routes import router as recommend_router
from govhall.web.routes import router

WEB_DIR = Path(__file__).resolve().parent


def _localtime(moment: datetime) -> str:
    """Timestamps are stored in UTC; people read Beijing time."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def _csrf_context(request: Request) -> dict[str, Any]:
    """Every page gets the anti-forgery token: its forms post it and ``static/csrf.js`` sends it."""
    return {"csrf": csrf_token(request)}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API with the citizen and clerk pages mounted on it."""
    app = create_api(settings)
    templates = Jinja2Templates(directory=WEB_DIR / "templates", context_processors=[_csrf_context])
    templates.env.filters["localtime"] = _localtime
    templates.env.globals["STATE_LABELS"] = {k.value: v for k, v in STATE_LABELS.items()}
    app.state.templates = templates
    app.include_router(router)
    app.include_router(assistant_router)
    app.include_router(recommend_router)
    app.include_router(graph_router)
    app.include_router(policies_router)
    app.include_router(opinion_router)
    app.include_router(admin_router)
    app.include_router(admin_kb_routes.router)
    app.include_router(admin_logs_routes.router)
    app.include_router(admin_stats_routes.router)
    app.include_router(hall_router)
    app.include_router(guide_router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    return app
