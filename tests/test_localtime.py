"""One Beijing time zone and one parser for the days people type."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from govhall.errors import BadInput
from govhall.localtime import LOCAL_TZ, day_start, local_today, parse_day


def test_a_day_starts_at_beijing_midnight() -> None:
    start = day_start(date(2026, 12, 6))
    assert start.astimezone(UTC) == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
    assert start.utcoffset() == LOCAL_TZ.utcoffset(None)


def test_today_is_the_beijing_date() -> None:
    assert local_today() == datetime.now(UTC).astimezone(LOCAL_TZ).date()


@pytest.mark.parametrize("text", ["2026-13-01", "明天", "", "2026/12/06", "0001-01-01", "9999-12-31"])
def test_a_bad_or_out_of_range_day_is_a_chinese_bad_input(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_day(text, "开始日期", field="since")
    assert caught.value.code == "bad_date" and "开始日期" in caught.value.message
    assert caught.value.fields == {"since": "请填写 YYYY-MM-DD 格式的日期"}


def test_a_good_day_parses_with_surrounding_spaces() -> None:
    assert parse_day(" 2026-12-06 ") == date(2026, 12, 6)


def test_forms_collect_every_bad_day_at_once() -> None:
    from govhall.localtime import parse_day_into

    errors: dict[str, str] = {}
    assert parse_day_into("", "since", errors) is None and errors == {}
    assert parse_day_into("2026-02-30", "since", errors) is None
    assert parse_day_into("2026-03-01", "until", errors) == date(2026, 3, 1)
    assert list(errors) == ["since"] and "2026-02-30" in errors["since"]


def test_an_instant_is_shown_in_beijing_time_and_none_stays_none() -> None:
    from govhall.localtime import local_iso

    assert local_iso(datetime(2026, 12, 6, 17, 30, tzinfo=UTC)) == "2026-12-07T01:30:00+08:00"
    assert local_iso(None) is None


def test_a_child_born_today_in_beijing_is_not_born_in_the_future() -> None:
    """The profile's "not after today" is the Beijing day: on a UTC host after 16:00 the host's date is
    still yesterday, and a birth today (Beijing) must not be refused then."""
    from govhall.knowledge_graph.profile import Profile

    assert Profile(birth_date=local_today()).age == 0


def test_a_period_of_whole_days_ends_at_the_next_beijing_midnight_even_on_the_last_day() -> None:
    from govhall.localtime import LAST_DAY, day_end

    assert day_end(date(2026, 12, 6)) == day_start(date(2026, 12, 7))
    assert day_end(LAST_DAY).date() == date(2200, 1, 1)  # no overflow on the last allowed day
    with pytest.raises(BadInput):
        day_end(date(9999, 12, 31))
