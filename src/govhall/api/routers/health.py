"""Liveness and readiness for load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from govhall.api.deps import SessionDep
from govhall.api.responses import HealthPublic

router = APIRouter(prefix="/api", tags=["运维"])


@router.get("/health", response_model=HealthPublic)
def health(db: SessionDep) -> dict[str, str]:
    db.execute(text("SELECT 1"))
    return {"status": "ok"}
