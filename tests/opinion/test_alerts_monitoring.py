"""Done when (issue 23): a collector pulls from a local feed on a schedule, a burst in the feed raises an
alert that reaches the inbox and a local webhook, and the weekly brief names it — all in one test,
with the scheduler's tick and the worker run in-process over a real database and real HTTP servers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from govhall import jobs
from govhall.accounts import Role
from govhall.db import make_engine, make_session_factory, transaction
from govhall.jobs import schedule
from govhall.jobs.models import Schedule
from govhall.localtime import LOCAL_TZ
from govhall.notify import list_notifications
from govhall.opinion import alerting, collectors
from govhall.opinion.brief import weekly_brief
from govhall.opinion.models import OpinionAlert, OpinionPost
from tests.conftest import UserFactory, make_settings
from tests.support.feeds import feed_route, rss, serving

pytestmark = pytest.mark.usefixtures("local_servers_allowed")

CHARS = "公积金提取到账审核材料窗口排队预约系统电话热线退休医保社保户籍学校住房补贴营业执照办理进度"


def test_a_feed_burst_on_a_schedule_reaches_the_inbox_the_webhook_and_the_weekly_brief(
    db_url: str, tmp_path: Path, make_user: UserFactory
) -> None:
    rng = random.Random(23)
    now = datetime.now(UTC)
    hour = now.replace(minute=0, second=0, microsecond=0)
    burst_hour = hour - timedelta(hours=3)

    def item(n: int, at: datetime) -> dict[str, str]:
        text = "".join(rng.choice(CHARS) for _ in range(28))
        return {
            "guid": f"post-{n}",
            "title": text[:8],
            "description": text,
            "category": "gjj-tq",
            "pubDate": format_datetime(at),
        }

    items = [item(h, hour - timedelta(hours=h, minutes=-10)) for h in range(14, 4, -1)]  # one an hour
    items += [item(100 + i, burst_hour + timedelta(minutes=2 * i)) for i in range(15)]  # then fifteen in one hour
    settings = make_settings(
        tmp_path, db_url, opinion_alert_bucket="hour", opinion_webhook_url="", opinion_burst_gap_hours=6
    )
    with serving({"/feed.xml": feed_route(lambda: rss(items), lambda: '"v1"')}) as site:
        settings = settings.model_copy(update={"opinion_webhook_url": f"{site.url}/hook"})
        analyst = make_user(Role.ANALYST)
        engine = make_engine(db_url)
        factory = make_session_factory(engine)
        try:
            with factory() as db:
                collectors.add_source(
                    db,
                    "政务微博",
                    "rss",
                    f"{site.url}/feed.xml",
                    cron="*/5 * * * *",
                    mapping={"item_code": "tags.0.term"},
                )
                schedule.ensure_default_schedules(db)
                with transaction(db):  # only the alert scan and the collector, to keep the test about them
                    for row in db.scalars(select(Schedule)):
                        row.enabled = row.name in ("opinion-alerts", "source:政务微博")
                alerting.subscribe(db, analyst.id, "item", "gjj-tq", ["inbox", "webhook"])
            later = now + timedelta(minutes=11)  # both schedules are due by then
            ran = jobs.work(
                factory, jobs.JobContext.from_settings(settings), once=True, tick=lambda s: schedule.tick(s, later)
            )
            assert ran >= 2
            with factory() as db:
                assert db.scalars(select(OpinionPost.item_code).where(OpinionPost.source == "政务微博")).all() == [
                    "gjj-tq"
                ] * len(items)
                rows = {r["name"]: r for r in schedule.schedule_rows(db)}
                assert rows["source:政务微博"]["last_status"] == "done"
                assert rows["opinion-alerts"]["last_status"] == "done" and rows["opinion-alerts"]["last_error"] is None
                [alert] = db.scalars(select(OpinionAlert).where(OpinionAlert.key == "gjj-tq")).all()
                assert alert.scope == "item:hour" and alert.count == 15
                assert alert.bucket_start == burst_hour
                [message] = [n for n in list_notifications(db, analyst.id) if n.kind == "opinion_alert"]
                assert message.title == "舆情预警：gjj-tq" and "15 条帖子" in message.body
                [posted] = site.posted
                assert posted["alerts"][0]["id"] == alert.id and len(posted["alerts"][0]["post_ids"]) == 15
                brief = weekly_brief(db, week_start=burst_hour.astimezone(LOCAL_TZ).date())
                assert [a["key"] for a in brief["alerts"]] == ["gjj-tq"]
                assert "gjj-tq" in brief["alerts"][0]["message"]
        finally:
            engine.dispose()
