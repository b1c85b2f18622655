"""Working days (工作日): weekends and public holidays off, 调休 weekend days on.

Promised time limits are counted in working days from the day after acceptance, as the
Administrative Licensing Law counts them; days spent waiting for the applicant's materials (补正)
do not count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from govhall.localtime import LOCAL_TZ

_HOLIDAYS_FILE = Path(__file__).parent / "data" / "holidays.yaml"


def local_date(moment: datetime) -> date:
    """The calendar date in China of an aware timestamp."""
    return moment.astimezone(LOCAL_TZ).date()


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end is not after start."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


@lru_cache(maxsize=1)
def _builtin() -> tuple[frozenset[date], frozenset[date]]:
    raw = yaml.safe_load(_HOLIDAYS_FILE.read_text(encoding="utf-8"))
    return frozenset(raw["holidays"]), frozenset(raw["workdays"])


def make_calendar(extra_holidays: set[date] | None = None, extra_workdays: set[date] | None = None) -> WorkCalendar:
    """The built-in national calendar plus configured extra days."""
    holidays, workdays = _builtin()
    return WorkCalendar(
        holidays=holidays | frozenset(extra_holidays or ()),
        workdays=workdays | frozenset(extra_workdays or ()),
    )
