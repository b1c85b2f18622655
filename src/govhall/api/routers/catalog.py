"""The service catalogue: browse and read items; admins create and edit them (each edit a version)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from govhall import catalog
from govhall.api.deps import AdminUser, SessionDep
from govhall.api.presenters import item_public, item_summary
from govhall.api.schemas import CleanStr, ItemPublic, ItemSummary, ItemUpdate, ItemVersionPublic
from govhall.catalog import ItemContent
from govhall.db import transaction

router = APIRouter(prefix="/api/catalog", tags=["事项目录"])


@router.get("/items")
def list_items(
    db: SessionDep,
    q: Annotated[CleanStr, Query(max_length=100, description="搜索词")] = "",
    department: Annotated[CleanStr | None, Query(max_length=64)] = None,
) -> list[ItemSummary]:
    return [item_summary(row) for row in catalog.list_items(db, query=q, department=department)]


@router.get("/departments")
def list_departments(db: SessionDep) -> list[str]:
    return catalog.departments(db)


@router.get("/items/{code}")
def get_item(code: str, db: SessionDep) -> ItemPublic:
    return item_public(catalog.get_item(db, code))


@router.post("/items", status_code=201)
def create_item(body: ItemContent, db: SessionDep, admin: AdminUser) -> ItemPublic:
    with transaction(db):
        row = catalog.create_item(db, body.model_dump(mode="json"), admin)
    return item_public(row)


@router.put("/items/{code}")
def update_item(code: str, body: ItemUpdate, db: SessionDep, admin: AdminUser) -> ItemPublic:
    with transaction(db):
        row = catalog.update_item(db, code, body.content.model_dump(mode="json"), admin, reason=body.reason)
    return item_public(row)


@router.get("/items/{code}/versions")
def list_versions(code: str, db: SessionDep) -> list[ItemVersionPublic]:
    return [ItemVersionPublic.model_validate(v, from_attributes=True) for v in catalog.item_versions(db, code)]


@router.get("/items/{code}/versions/{version}")
def get_version(code: str, version: Annotated[int, Path(ge=1, le=1_000_000)], db: SessionDep) -> ItemVersionPublic:
    return ItemVersionPublic.model_validate(catalog.item_version(db, code, version), from_attributes=True)
