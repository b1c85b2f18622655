"""The audit log, for admins: read entries and verify the hash chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govhall import audit
from govhall.api.deps import AdminUser, SessionDep
from govhall.api.schemas import AuditEntryPublic, AuditVerifyPublic, CleanStr

router = APIRouter(prefix="/api/audit", tags=["审计"])


@router.get("")
def list_entries(
    db: SessionDep,
    admin: AdminUser,
    target: Annotated[CleanStr | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[AuditEntryPublic]:
    rows = audit.list_entries(db, target=target, limit=limit, offset=offset)
    return [AuditEntryPublic.model_validate(r) for r in rows]


@router.get("/verify")
def verify(db: SessionDep, admin: AdminUser) -> AuditVerifyPublic:
    return AuditVerifyPublic(**audit.verify(db).to_dict())
