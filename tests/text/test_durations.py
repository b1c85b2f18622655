"""One duration parser (issue 24 "no second copies"): the form's 月数 field, the benefit calculator
and the policy composer read "三年零五个月", "一年半", "交了5年", "二十二年整" the same way."""

from __future__ import annotations

import pytest

from govhall.text import normalize
from govhall.text.durations import durations, paid_months


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("三年零五个月", 41),
        ("两年又三个月", 27),
        ("一年半", 18),
        ("半年", 6),
        ("二十二年整", 264),
        ("三十六个月", 36),
        ("十年零十一个月", 131),
        ("1.5年", 18),
        ("八年多", 96),
    ],
)
def test_an_answer_about_the_duration_reads_every_spoken_form(text: str, months: int) -> None:
    assert paid_months(text, answer=True) == months


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("我交了5年", 60),
        ("失业保险交了两年零两个月", 26),
        ("社保我缴了十年零八个月", 128),
        ("缴费年限20年", 240),
        ("签了3年的劳动合同", 36),
        ("在厂里干了四年零八个月", 56),
        ("只交了半年", 6),
        ("去年3月开始交的，交了十一个月", 11),
    ],
)
def test_a_duration_in_a_clause_about_paying_or_working_is_read_without_a_question(text: str, months: int) -> None:
    assert paid_months(text) == months


def test_contributions_come_before_the_years_worked() -> None:
    assert paid_months("在那家厂干了6年，社保只交了3年") == 36


@pytest.mark.parametrize(
    "text", ["失业3个月了能领多久", "孩子两年半了", "5年前交过", "19年开始交的", "2020年3月开始交"]
)
def test_a_length_of_time_that_is_no_contribution_is_not_read_as_one(text: str) -> None:
    assert paid_months(text) is None


@pytest.mark.parametrize("text", ["19年开始交的", "20年3月断的", "5年前", "不知道"])
def test_years_of_the_calendar_are_no_duration(text: str) -> None:
    assert durations(normalize(text)) == []


def test_durations_keep_where_each_was_said() -> None:
    norm = normalize("前单位干了三年，后来交了一年半")
    found = durations(norm)
    assert [d.months for d in found] == [36, 18]
    assert [norm[d.start : d.end] for d in found] == ["3年", "1年半"]
