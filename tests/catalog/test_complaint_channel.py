"""The complaint intake is marked in the catalogue data, not named in code."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from govhall import catalog
from govhall.catalog.models import CatalogItem
from govhall.db import transaction


def test_the_marked_item_is_the_complaint_intake(db: Session) -> None:
    marked = [i.code for i in catalog.builtin_items() if i.complaint_channel]
    assert marked == ["complaint-12345"]
    assert catalog.complaint_code(db) == "complaint-12345"


def test_an_item_stored_before_the_mark_existed_takes_it_from_the_builtin_data(db: Session) -> None:
    row = db.get(CatalogItem, "complaint-12345")
    assert row is not None
    old = {k: v for k, v in row.content.items() if k != "complaint_channel"}
    with transaction(db):
        db.execute(update(CatalogItem).where(CatalogItem.code == "complaint-12345").values(content=old))
    assert catalog.complaint_code(db) == "complaint-12345"


def test_an_unmarked_catalogue_has_no_complaint_intake(db: Session) -> None:
    row = db.get(CatalogItem, "complaint-12345")
    assert row is not None
    with transaction(db):
        db.execute(
            update(CatalogItem)
            .where(CatalogItem.code == "complaint-12345")
            .values(content={**row.content, "complaint_channel": False})
        )
    assert catalog.complaint_code(db) is None
