"""The weekly brief: top issues and their change, the week's alerts by name, its page and its PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall import opinion
from govhall.accounts import Role
from govhall.db import transaction
from govhall.localtime import LOCAL_TZ
from govhall.opinion import rollup
from govhall.opinion.brief import monday, weekly_brief, write_brief_pdf
from govhall.web import create_app
from tests.conftest import ApiClient, make_settings

WEEK = date(2025, 3, 10)  # a Monday
COMPLAINTS = {
    "公积金": [
        "公积金提取新规要的租房备案证明开不出来",
        "公积金中心排队太久，线上提取系统崩了",
        "公积金提取额度降了太不合理",
    ],
    "油烟": ["小区楼下烧烤店油烟扰民投诉多次没人管", "夜市油烟噪音太大影响休息", "餐馆油烟直排没有净化设备"],
}
DEPARTMENTS = {"公积金": "住房公积金管理中心", "油烟": "生态环境局"}
PLACES = ["东城区", "西湖区", "南山区", "北林区", "中原区", "高新区", "滨江区", "经开区"]


def _posts(day: date, subject: str, n: int, tag: str) -> list[opinion.PostIn]:
    start = datetime.combine(day, datetime.min.time(), UTC)
    return [
        opinion.PostIn(
            "12345",
            start + timedelta(hours=1 + i % 12, minutes=i),
            f"{PLACES[i % len(PLACES)]}居民反映：{COMPLAINTS[subject][i % 3]}，{tag}第{i}条，工单{i * 7919 % 99991}",
            id=f"{tag}-{i}",
        )
        for i in range(n)
    ]


def _seed(db: Session) -> None:
    """Two quiet weeks of 油烟, then a 公积金 burst on Wednesday of ``WEEK``; topics by subject."""
    posts: list[opinion.PostIn] = []
    for offset in range(-14, 7):
        day = WEEK + timedelta(days=offset)
        posts += _posts(day, "油烟", 2, f"y{offset}")
        posts += _posts(day, "公积金", 30 if offset == 2 else 1, f"g{offset}")
    opinion.ingest_rows(db, posts, opinion.Analyzer(None, None, None))
    with transaction(db):
        for subject, words in (("公积金", {"公积金": 1.0, "提取": 0.5}), ("油烟", {"油烟": 1.0, "扰民": 0.5})):
            topic = opinion.OpinionTopic(
                label=subject, keywords=words, representatives={}, size=0, department=DEPARTMENTS[subject]
            )
            db.add(topic)
            db.flush()
            rollup.update_posts(
                db,
                opinion.OpinionPost.text.contains(subject),
                {"topic_id": topic.id, "department": DEPARTMENTS[subject]},
            )
    opinion.scan_alerts(db, by="topic", bucket="day", min_count=5)


def _originals(db: Session, first: date, department: str | None = None) -> int:
    """Posts kept as originals in the week from ``first`` (ingest drops near-duplicates)."""
    start = opinion.day_start(first)
    query = select(func.count()).where(
        opinion.OpinionPost.duplicate_of.is_(None),
        opinion.OpinionPost.posted_at >= start,
        opinion.OpinionPost.posted_at < start + timedelta(days=7),
    )
    if department:
        query = query.where(opinion.OpinionPost.department == department)
    return int(db.scalar(query) or 0)


def test_brief_names_the_weeks_alert_and_what_changed(db: Session, tmp_path: Path) -> None:
    _seed(db)
    alert = db.scalar(select(opinion.OpinionAlert))
    assert alert is not None
    brief = weekly_brief(db, week_start=WEEK + timedelta(days=3))  # any day of the week means that week
    assert brief["week_start"] == "2025-03-10" and brief["week_end"] == "2025-03-16"
    assert brief["posts"] == _originals(db, WEEK) and brief["previous_posts"] == _originals(db, WEEK - timedelta(7))
    assert brief["posts"] > brief["previous_posts"]  # the burst (near-duplicates of it are not counted)
    assert [a["id"] for a in brief["alerts"]] == [alert.id]
    assert "公积金" in brief["alerts"][0]["title"] and "公积金" in brief["alerts"][0]["keywords"]
    top = brief["top_issues"][0]
    housing_posts = _originals(db, WEEK, "住房公积金管理中心")
    assert top["label"] == "公积金" and top["posts"] == housing_posts and top["posts"] > top["previous"] > 0
    assert top["change"] == top["posts"] - top["previous"] and not top["new"]
    assert any("公积金" in s for s in top["sentences"]) and len(set(top["sentences"])) == len(top["sentences"])
    assert any("预警 1 条" in line for line in brief["headline"])

    housing = weekly_brief(db, "住房公积金管理中心", WEEK)
    assert housing["posts"] == housing_posts and [i["label"] for i in housing["top_issues"]] == ["公积金"]
    assert len(housing["alerts"]) == 1
    environment = weekly_brief(db, "生态环境局", WEEK)
    assert environment["posts"] == _originals(db, WEEK, "生态环境局") > 0
    assert environment["alerts"] == [] and "本周没有预警。" in environment["headline"]
    earlier = weekly_brief(db, None, WEEK - timedelta(days=7))
    assert earlier["alerts"] == [] and earlier["posts"] == _originals(db, WEEK - timedelta(days=7))

    pdf = write_brief_pdf(brief, tmp_path / "brief.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_brief_counts_an_alert_raised_this_week_about_an_older_bucket(db: Session) -> None:
    _seed(db)
    alert = db.scalar(select(opinion.OpinionAlert))
    assert alert is not None
    today = datetime.now(UTC)
    with transaction(db):
        alert.created_at = today
    assert [a["id"] for a in weekly_brief(db)["alerts"]] == [alert.id]  # this week: raised now
    # weeks are Beijing weeks: on a Sunday evening UTC, Beijing is already in Monday's week
    assert monday(today) <= today.astimezone(LOCAL_TZ).date() and monday(date(2025, 3, 16)) == WEEK


def test_brief_page_and_pdf_for_analysts(tmp_path: Path, sqlite_url: str) -> None:
    app: FastAPI = create_app(make_settings(tmp_path, sqlite_url))
    with app.state.session_factory() as db:
        _seed(db)
    client = ApiClient(app)
    analyst = client.user(Role.ANALYST)
    page = client.http.get("/opinion/brief", params={"week": "2025-03-12"}, headers=analyst)
    assert page.status_code == 200 and 'id="brief-alerts"' in page.text and "2025-03-10 至 2025-03-16" in page.text
    assert "/opinion/brief.pdf?" in page.text and "新出现" not in page.text.split('id="brief-issues"')[1][:200]
    department = client.http.get(
        "/opinion/brief", params={"week": "2025-03-12", "department": "生态环境局"}, headers=analyst
    )
    assert department.status_code == 200 and "本周没有预警" in department.text
    pdf = client.http.get("/opinion/brief.pdf", params={"week": "2025-03-12"}, headers=analyst)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    api = client.http.get("/api/opinion/brief", params={"week": "2025-03-10"}, headers=analyst).json()
    assert api["alerts"] and api["top_issues"][0]["label"] == "公积金"
    bad = client.http.get("/opinion/brief", params={"week": "2025-02-30"}, headers=analyst)
    assert bad.status_code == 400 and "周起始日期" in bad.json()["error"]["message"]
    assert client.http.get("/opinion/brief", headers=client.user(Role.CITIZEN)).status_code == 403


def test_a_week_is_read_by_the_one_day_parser() -> None:
    from govhall.errors import BadInput
    from govhall.opinion.brief import parse_week

    assert parse_week("2025-03-13") == date(2025, 3, 10)
    for text in ("下周", "2025-02-30", "0001-01-02"):
        with pytest.raises(BadInput) as caught:
            parse_week(text)
        assert caught.value.code == "bad_date" and "周起始日期" in caught.value.message
