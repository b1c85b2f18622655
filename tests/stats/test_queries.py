"""The chart queries on SQLite and PostgreSQL: Beijing-day buckets, processing time against the
deadline, overdue and near-deadline cases, 好差评, a department head's scope, drill-down, bad input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from govhall.errors import BadInput, FormInvalid
from govhall.stats import queries, report
from govhall.stats.queries import CaseFilter, Scope
from tests.stats.conftest import Seed

MAY = Scope(date(2024, 5, 1), date(2024, 5, 31), "day")
TODAY = date(2024, 6, 10)


def test_applications_are_counted_per_beijing_day_department_and_item(db: Session, seed: Seed) -> None:
    seed("dibao", "2024-05-01T17:30:00")  # 01:30 on 2 May in Beijing
    seed("dibao", "2024-05-02T03:00:00")
    seed("passport", "2024-05-02T03:00:00")
    seed("passport", "2024-04-30T15:59:00")  # 23:59 on 30 April in Beijing: outside May
    seed("passport", "2024-05-31T15:59:00")  # 23:59 on 31 May: inside
    seed("passport", "2024-05-31T16:00:00")  # 00:00 on 1 June: outside
    over_time = queries.applications_over_time(db, MAY)
    assert over_time == [
        {"bucket": "2024-05-02", "department": "公安局", "count": 1},
        {"bucket": "2024-05-02", "department": "民政局", "count": 2},
        {"bucket": "2024-05-31", "department": "公安局", "count": 1},
    ]
    items = queries.applications_by_item(db, MAY)
    assert [(r["item_code"], r["count"]) for r in items] == [("dibao", 2), ("passport", 2)]
    assert items[0]["item"] == "最低生活保障申请"
    assert queries.applications_by_department(db, MAY) == [
        {"department": "公安局", "count": 2},
        {"department": "民政局", "count": 2},
    ]
    months = queries.applications_over_time(db, Scope(date(2024, 4, 1), date(2024, 6, 30), "month"))
    assert {(r["bucket"], r["department"]): r["count"] for r in months} == {
        ("2024-04", "公安局"): 1,
        ("2024-05", "公安局"): 2,
        ("2024-05", "民政局"): 2,
        ("2024-06", "公安局"): 1,
    }
    weeks = queries.applications_over_time(db, Scope(date(2024, 4, 29), date(2024, 5, 12), "week"))
    assert {r["bucket"] for r in weeks} == {"2024-04-29"}  # the Monday of the week


def test_processing_time_against_the_deadline(db: Session, seed: Seed) -> None:
    seed("dibao", "2024-05-01T02:00:00", state="completed", updated="2024-05-11T02:00:00", deadline=date(2024, 5, 20))
    seed("dibao", "2024-05-01T02:00:00", state="approved", updated="2024-05-21T02:00:00", deadline=date(2024, 5, 20))
    # decided at 01:00 on 21 May in Beijing (17:00 UTC on the 20th): late by its Beijing day
    seed("dibao", "2024-05-01T02:00:00", state="rejected", updated="2024-05-20T17:00:00", deadline=date(2024, 5, 20))
    seed("dibao", "2024-05-01T02:00:00", state="accepted", deadline=date(2024, 5, 20))  # not decided
    (row,) = queries.processing_times(db, MAY)
    assert row["decided"] == 3 and row["on_time"] == 1 and row["late"] == 2
    assert row["avg_days"] == pytest.approx((10 + 20 + 19.625) / 3, abs=0.05)
    assert row["max_days"] == 20.0
    assert row["promised_days"] == 30
    assert row["on_time_rate"] == pytest.approx(1 / 3, abs=1e-3)


def test_overdue_and_near_deadline_cases_are_open_ones(db: Session, seed: Seed) -> None:
    seed("dibao", "2024-05-01T02:00:00", state="accepted", deadline=date(2024, 6, 9))  # overdue
    seed("dibao", "2024-05-01T02:00:00", state="submitted", deadline=date(2024, 6, 10))  # due today: near
    seed("passport", "2024-05-01T02:00:00", state="accepted", deadline=date(2024, 6, 13))  # near
    seed("passport", "2024-05-01T02:00:00", state="accepted", deadline=date(2024, 6, 14))  # not yet
    seed("passport", "2024-05-01T02:00:00", state="completed", deadline=date(2024, 6, 1))  # done
    seed("passport", "2024-05-01T02:00:00", state="needs_materials", deadline=date(2024, 6, 1))  # clock paused
    assert queries.deadline_watch(db, TODAY) == [
        {"department": "民政局", "overdue": 1, "near": 1},
        {"department": "公安局", "overdue": 0, "near": 1},
    ]
    assert queries.deadline_watch(db, TODAY, "公安局") == [{"department": "公安局", "overdue": 0, "near": 1}]
    overdue = queries.case_list(db, MAY, CaseFilter(watch="overdue"), today=TODAY)
    assert [r["deadline"] for r in overdue] == [date(2024, 6, 9)]
    near = queries.case_list(db, MAY, CaseFilter(watch="near"), today=TODAY)
    assert [r["deadline"] for r in near] == [date(2024, 6, 10), date(2024, 6, 13)]


def test_ratings_distribution_and_trend(db: Session, seed: Seed) -> None:
    for score, day in ((5, "03"), (5, "03"), (4, "04"), (2, "04"), (1, "05")):
        seed("dibao", "2024-05-01T02:00:00", state="completed", updated=f"2024-05-{day}T02:00:00", rating=score)
    assert queries.rating_distribution(db, MAY) == {"5": 2, "4": 1, "3": 0, "2": 1, "1": 1}
    assert queries.rating_trend(db, MAY) == [
        {"bucket": "2024-05-03", "ratings": 2, "good": 2, "bad": 0},
        {"bucket": "2024-05-04", "ratings": 2, "good": 1, "bad": 1},
        {"bucket": "2024-05-05", "ratings": 1, "good": 0, "bad": 1},
    ]
    assert queries.rating_distribution(db, Scope(MAY.start, MAY.end, "day", "公安局"))["5"] == 0


def test_a_department_scope_sees_only_that_department(db: Session, seed: Seed) -> None:
    seed("dibao", "2024-05-02T03:00:00", state="completed", updated="2024-05-03T03:00:00", rating=5)
    seed("passport", "2024-05-02T03:00:00", state="completed", updated="2024-05-03T03:00:00", rating=1)
    mine = Scope(MAY.start, MAY.end, "day", "民政局")
    data = report.dashboard(db, mine, TODAY)
    assert {r["department"] for r in data["applications"] + data["items"] + data["departments"]} == {"民政局"}
    assert [r["item_code"] for r in data["processing"]] == ["dibao"]
    assert data["ratings"]["1"] == 0
    assert {r["department"] for r in queries.case_list(db, mine, today=TODAY)} == {"民政局"}
    # a department filter in the query cannot widen a department head's scope
    assert queries.case_list(db, mine, CaseFilter(department="公安局"), today=TODAY) == []


def test_drill_down_by_bucket_and_item(db: Session, seed: Seed) -> None:
    first = seed("dibao", "2024-05-01T17:30:00")
    seed("dibao", "2024-05-03T03:00:00")
    seed("passport", "2024-05-02T03:00:00")
    rows = queries.case_list(db, MAY, CaseFilter(item_code="dibao", bucket="2024-05-02"), today=TODAY)
    assert [r["number"] for r in rows] == [first.number]


def test_csv_rows_have_chinese_headers(db: Session, seed: Seed) -> None:
    seed("dibao", "2024-05-02T03:00:00")
    headers, rows = report.chart_rows(db, MAY, TODAY, "departments")
    assert headers == ["部门", "办件量"] and rows == [["民政局", 1]]
    with pytest.raises(BadInput, match="没有名为"):
        report.chart_rows(db, MAY, TODAY, "nonsense")


@pytest.mark.parametrize(
    ("start", "end", "grain", "field", "message"),
    [
        ("2024-13-01", "", "", "start", "日期“2024-13-01”不是有效日期，格式应为 YYYY-MM-DD"),
        ("2024-05-02", "2024-05-01", "", "end", "结束日期不能早于开始日期"),
        ("1899-12-31", "", "", "start", "日期“1899-12-31”超出范围（1900-01-01 至 2199-12-31）"),
        ("2000-01-01", "2024-01-01", "", "end", "时间范围最长 10 年"),
        ("", "", "hour", "grain", "统计粒度只能是按日、按周或按月"),
    ],
)
def test_bad_scopes_are_refused_with_the_field_named(
    start: str, end: str, grain: str, field: str, message: str
) -> None:
    with pytest.raises(FormInvalid) as caught:
        queries.make_scope(start, end, grain, None, TODAY)
    assert caught.value.fields[field] == message
    assert caught.value.status == 422


def test_default_scope_is_the_last_30_days_with_a_grain_to_fit() -> None:
    scope = queries.make_scope("", "", "", "民政局", TODAY)
    assert (scope.start, scope.end, scope.grain, scope.department) == (date(2024, 5, 12), TODAY, "day", "民政局")
    assert queries.make_scope("2022-01-01", "2024-01-01", "", None, TODAY).grain == "month"
    assert queries.make_scope("2023-06-01", "2024-01-01", "", None, TODAY).grain == "week"
