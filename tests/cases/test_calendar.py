"""Working days skip weekends and public holidays and count 调休 weekend days."""

from __future__ import annotations

from datetime import date

from govhall.cases import make_calendar

CAL = make_calendar()


def test_plain_week() -> None:
    assert CAL.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday → Monday
    assert CAL.add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_national_day_holiday_and_makeup_saturday() -> None:
    # 2026-09-30 (Wed): Oct 1–7 are off, Sat Oct 10 is a working day.
    assert CAL.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert CAL.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert CAL.is_working_day(date(2026, 9, 20))  # Sunday worked in exchange


def test_zero_days_is_the_same_day() -> None:
    assert CAL.add_working_days(date(2026, 11, 25), 0) == date(2026, 11, 25)


def test_configured_extra_holiday() -> None:
    cal = make_calendar({date(2026, 11, 26)})
    assert cal.add_working_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert cal.working_days_between(date(2026, 11, 25), date(2026, 11, 30)) == 2
