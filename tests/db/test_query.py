"""The shared query pieces of govhall.db, on the real test database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.db import in_period, one_or_not_found, transaction, utcnow
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


def test_a_period_holds_its_start_not_its_end_and_an_open_end_bounds_nothing(db: Session) -> None:
    start = utcnow().replace(microsecond=0)
    days = [start + timedelta(days=n) for n in range(4)]
    with transaction(db):
        for n, day in enumerate(days):
            db.add(Schedule(name=f"s{n}", kind="opinion.scan", params={}, cron="0 2 * * *", next_run_at=day))

    def names(since: datetime | None, until: datetime | None) -> list[str]:
        query = select(Schedule.name).where(*in_period(Schedule.next_run_at, since, until))
        return sorted(db.scalars(query))

    assert names(days[1], days[3]) == ["s1", "s2"]  # [since, until): the next period starts at days[3]
    assert names(days[1], days[2]) + names(days[2], days[3]) == names(days[1], days[3])
    assert names(None, days[1]) == ["s0"]
    assert names(days[3], None) == ["s3"]
    assert names(None, None) == ["s0", "s1", "s2", "s3"]
