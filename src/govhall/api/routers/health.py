"""Liveness and readiness for load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from govhall.api.deps import SessionDep

router = APIRouter(prefix="/api", tags=["运维"])


@router.get("/health")
def health(db: SessionDep) -> dict[str, str]:
    db.execute(text("SELECT 1"))
    return {"status": "ok"}
