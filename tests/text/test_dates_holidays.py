"""Holidays on a fixed day, told with their year, are dates (居住证: "前年国庆搬过来的")."""

from datetime import date

import pytest

from govhall.text.dates import find_dates
from govhall.text.normalize import normalize

TODAY = date(2026, 12, 7)


def _dates(text: str) -> list[str]:
    return [hit.value for hit in find_dates(normalize(text), TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们是今年五一搬到这边的", ["2026-05-01"]),
        ("前年国庆节那会儿过来打工", ["2024-10-01"]),
        ("去年元旦开始在这边住", ["2025-01-01"]),
        ("2023年劳动节来的", ["2023-05-01"]),
        ("二三年的国庆来的", ["2023-10-01"]),
    ],
)
def test_a_holiday_with_its_year_is_its_day(text: str, expected: list[str]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize("text", ["国庆打算带孩子出去玩", "去年国庆前就搬走了", "五一放几天假", "明年元旦之前要办好"])
def test_a_holiday_without_its_year_or_before_it_is_no_day(text: str) -> None:
    assert _dates(text) == []
