"""The shared query pieces of govhall.db, on the real test database."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.db import one_or_not_found, transaction, utcnow
from govhall.errors import NotFound
from govhall.jobs.models import Schedule


def test_one_or_not_found_gives_the_row_or_a_404_naming_it(db: Session) -> None:
    def by_name(name: str) -> Schedule:
        return one_or_not_found(db, select(Schedule).where(Schedule.name == name), "定时计划", name)

    with transaction(db):
        db.add(Schedule(name="nightly", kind="opinion.scan", params={}, cron="0 2 * * *", next_run_at=utcnow()))
    assert by_name("nightly").cron == "0 2 * * *"
    with pytest.raises(NotFound, match="定时计划“nightlyx”不存在或无权查看") as caught:
        by_name("nightlyx")
    assert caught.value.status == 404
