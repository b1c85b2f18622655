"""Relative dates are computed from a reference date; one near the calendar's ends is refused
plainly instead of overflowing."""

from __future__ import annotations

from datetime import date

import pytest

from govhall.text import extract


@pytest.mark.parametrize("today", [date(1, 1, 1), date(9999, 12, 31)])
def test_reference_dates_outside_the_supported_range_are_refused(today: date) -> None:
    with pytest.raises(ValueError, match="outside"):
        extract("上个月和三天后", today=today)


def test_relative_dates_at_the_edges_of_the_range_still_resolve() -> None:
    hits = extract("三天后", today=date(2199, 12, 31))
    assert [h.value for h in hits if h.type == "date"] == ["2200-01-03"]
