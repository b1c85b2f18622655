"""Cases with chosen times, states and deadlines, written straight to the tables the statistics read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.cases.models import Case, CaseRating
from govhall.catalog.models import CatalogItem
from govhall.db import transaction
from govhall.db.bulk import insert_rows, reserve_ids
from tests.conftest import UserFactory

Seed = Callable[..., Case]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def seed(db: Session, make_user: UserFactory) -> Seed:
    """``seed(code, submitted, state=…, updated=…, deadline=…, rating=…)``: one case of catalogue item ``code``."""
    applicant = make_user()
    items = {row.code: row for row in db.scalars(select(CatalogItem))}
    counter = iter(range(1, 100_000))

    def make(
        code: str,
        submitted: str,
        *,
        state: str = "submitted",
        updated: str | None = None,
        deadline: date | None = None,
        rating: int | None = None,
    ) -> Case:
        item = items[code]
        row: dict[str, Any] = {
            "id": reserve_ids(db, Case, 1)[0],
            "number": f"T{next(counter):08d}",
            "item_code": code,
            "item_version": item.version,
            "item_name": item.name,
            "department": item.department,
            "applicant_id": applicant.id,
            "state": state,
            "data": {},
            "submitted_at": utc(submitted),
            "updated_at": utc(updated or submitted),
            "deadline": deadline,
        }
        with transaction(db):
            insert_rows(db.connection(), Case, [row])
            if rating is not None:
                db.add(
                    CaseRating(
                        case_id=row["id"],
                        department=item.department,
                        item_code=code,
                        score=rating,
                        created_at=utc(updated or submitted),
                    )
                )
        case = db.get(Case, row["id"])
        assert case is not None
        return case

    return make
