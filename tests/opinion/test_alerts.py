"""Alerts reach the analysts who watch them: inbox and a real local webhook, one message per burst,
quiet hours respected, the posts behind every alert kept, and a daily digest."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import jobs
from govhall.accounts import Role
from govhall.db import make_engine, make_session_factory, transaction
from govhall.errors import BadInput, Conflict, NotFound
from govhall.localtime import LOCAL_TZ
from govhall.notify import list_notifications
from govhall.opinion import rollup
from govhall.opinion.alerting import AlertSettings, daily_digest, monitor, parse_quiet_hours, subscribe, unsubscribe
from govhall.opinion.brief import monday
from govhall.opinion.ingest import Analyzer, PostIn, ingest_rows
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionPost, OpinionTopic
from tests.conftest import UserFactory
from tests.support.servers import Recorder

CHARS = (
    "办证排队窗口材料审批公积金社保医保户籍驻车噪音路灯垃圾学校医院补贴退休养老就业住房税务营业执照预约系统网站电话热线"
)
_rng = random.Random(7)
NOW = datetime.now(UTC).replace(minute=30, second=0, microsecond=0) - timedelta(hours=1)


def _text() -> str:
    """A distinct text each time (no two are near-duplicates, so every post counts)."""
    return "".join(_rng.choice(CHARS) for _ in range(30))


def add_posts(db: Session, hour: datetime, n: int, *, negative: int = 0, **fields: object) -> list[int]:
    posts = [PostIn(source="测试", time=hour + timedelta(minutes=i % 50), text=_text(), **fields) for i in range(n)]  # type: ignore[arg-type]
    report = ingest_rows(db, posts, Analyzer(None, None, None))
    ids = report.post_ids
    with transaction(db):
        rollup.update_posts(db, OpinionPost.id.in_(ids), {"sentiment": "positive"})
        rollup.update_posts(db, OpinionPost.id.in_(ids[:negative]), {"sentiment": "negative"})
    return ids


def hours_ago(h: int) -> datetime:
    return NOW.replace(minute=0) - timedelta(hours=h)


def inbox(db: Session, user_id: int, kind: str = "opinion_alert") -> list[str]:
    return [n.title for n in list_notifications(db, user_id) if n.kind == kind]


def test_a_spike_on_a_watched_item_is_sent_once_per_burst(db: Session, make_user: UserFactory) -> None:
    watcher, other, everyone = make_user(Role.ANALYST), make_user(Role.ANALYST), make_user(Role.ANALYST)
    subscribe(db, watcher.id, "item", "gjj-tq", ["inbox", "webhook"])
    subscribe(db, other.id, "item", "hj-qy", ["inbox"])
    subscribe(db, everyone.id, "all", channels=["inbox"])
    for h in range(15, 8, -1):
        add_posts(db, hours_ago(h), 1, item_code="gjj-tq")
    burst = add_posts(db, hours_ago(8), 12, item_code="gjj-tq")
    with Recorder() as hook:
        cfg = AlertSettings(bucket="hour", burst_gap=timedelta(hours=2), webhook_url=hook.url)
        first = monitor(db, cfg, NOW)
        assert first["notified"] == 1 and first["webhook_posted"] == 1
        [alert] = db.scalars(select(OpinionAlert).where(OpinionAlert.scope == "item:hour")).all()
        assert set(db.scalars(select(OpinionAlertPost.post_id).where(OpinionAlertPost.alert_id == alert.id))) == set(
            burst
        )
        assert inbox(db, watcher.id) == ["舆情预警：gjj-tq"] and inbox(db, everyone.id) == ["舆情预警：gjj-tq"]
        assert inbox(db, other.id) == []
        [posted] = hook.bodies
        assert posted["alerts"][0]["key"] == "gjj-tq" and sorted(posted["alerts"][0]["post_ids"]) == sorted(burst)
        assert monitor(db, cfg, NOW)["alerts"] == 0  # the same period scanned again: nothing new
        # the burst goes on into the next hour: stored with its posts, not sent again
        add_posts(db, hours_ago(7), 12, item_code="gjj-tq")
        second = monitor(db, cfg, NOW)
        assert second["alerts"] == 1 and second["notified"] == 0 and len(hook.bodies) == 1
        # hours later a new burst is a new message
        add_posts(db, hours_ago(3), 12, item_code="gjj-tq")
        third = monitor(db, cfg, NOW)
        assert third["notified"] == 1 and len(hook.bodies) == 2
    assert len(inbox(db, watcher.id)) == 2


def test_quiet_hours_keep_pushes_back_until_they_end(db: Session, make_user: UserFactory) -> None:
    watcher = make_user(Role.ANALYST)
    subscribe(db, watcher.id, "policy", "公积金新政", ["inbox", "webhook"])
    for h in range(12, 4, -1):
        add_posts(db, hours_ago(h), 1, policy="公积金新政")
    add_posts(db, hours_ago(4), 10, policy="公积金新政")
    hour = NOW.astimezone(LOCAL_TZ).hour
    with Recorder() as hook:
        quiet = AlertSettings(webhook_url=hook.url, quiet=(hour, (hour + 1) % 24))
        assert monitor(db, quiet, NOW)["notified"] == 1
        [message] = list_notifications(db, watcher.id)
        assert message.delivery == "quiet" and hook.bodies == []  # in the inbox, not pushed
        later = monitor(db, AlertSettings(webhook_url=hook.url), NOW)
        assert later["notified"] == 0 and later["webhook_posted"] == 1 and len(hook.bodies) == 1


def test_negative_share_jumps_and_new_topics_reach_their_watchers(db: Session, make_user: UserFactory) -> None:
    item_watcher, topic_watcher = make_user(Role.ANALYST), make_user(Role.ANALYST)
    subscribe(db, item_watcher.id, "item", "yb-bx")
    subscribe(db, topic_watcher.id, "topic", "异地就医备案")
    for h in range(12, 4, -1):
        add_posts(db, hours_ago(h), 6, negative=1, item_code="yb-bx")
    angry = add_posts(db, hours_ago(4), 6, negative=5, item_code="yb-bx")
    with transaction(db):
        topic = OpinionTopic(label="异地就医备案", keywords={}, representatives={}, size=6)
        db.add(topic)
        old_topic = OpinionTopic(label="老话题", keywords={}, representatives={}, size=7)
        db.add(old_topic)
    topic_posts = add_posts(db, hours_ago(3), 6)
    old_posts = add_posts(db, hours_ago(80), 1) + add_posts(db, hours_ago(3), 6)
    with transaction(db):
        rollup.update_posts(db, OpinionPost.id.in_(topic_posts), {"topic_id": topic.id})
        rollup.update_posts(db, OpinionPost.id.in_(old_posts), {"topic_id": old_topic.id})
    result = monitor(db, AlertSettings(), NOW)
    scopes = {a.scope for a in db.scalars(select(OpinionAlert))}
    assert {"neg:item:hour", "new:topic"} <= scopes and "item:hour" not in scopes  # volume stayed flat
    new_topics = db.scalars(select(OpinionAlert.key).where(OpinionAlert.scope == "new:topic")).all()
    assert new_topics == [str(topic.id)]  # the topic with a post three days ago is not new
    neg = db.scalar(select(OpinionAlert).where(OpinionAlert.scope == "neg:item:hour"))
    assert neg is not None and neg.negative_share == pytest.approx(5 / 6, abs=1e-3)
    behind = set(db.scalars(select(OpinionAlertPost.post_id).where(OpinionAlertPost.alert_id == neg.id)))
    assert behind == set(angry[:5])  # the negative posts of that hour
    assert result["notified"] == 2
    assert inbox(db, item_watcher.id) == ["舆情预警：yb-bx"]
    assert inbox(db, topic_watcher.id) == ["舆情预警：异地就医备案"]
    [message] = list_notifications(db, item_watcher.id)
    assert "负面占比" in message.body


def test_the_daily_digest_is_one_message_and_one_webhook_post(db: Session, make_user: UserFactory) -> None:
    analyst, quiet_one = make_user(Role.ANALYST), make_user(Role.ANALYST)
    subscribe(db, analyst.id, "all", channels=["digest", "webhook"])
    subscribe(db, quiet_one.id, "all", channels=["inbox"])
    for item in ("a-1", "b-2"):
        for h in range(12, 4, -1):
            add_posts(db, hours_ago(h), 1, item_code=item)
        add_posts(db, hours_ago(4), 10, item_code=item)
    with Recorder() as hook:
        cfg = AlertSettings(webhook_url=hook.url)
        monitor(db, cfg, NOW)
        assert inbox(db, analyst.id) == []  # digest only: no message per alert
        posted_before = len(hook.bodies)
        digest = daily_digest(db, cfg)
        assert digest["users"] == 1 and digest["webhook_posted"]
        assert len(hook.bodies) == posted_before + 1
        assert hook.bodies[-1]["alerts"][0]["digest"]["count"] == 2
    [message] = inbox(db, analyst.id, "opinion_digest")
    assert "2 条预警" in message
    daily_digest(db, cfg)  # the same day again: still one message
    assert len(inbox(db, analyst.id, "opinion_digest")) == 1 and inbox(db, quiet_one.id, "opinion_digest") == []


def test_bad_subscriptions_and_settings_are_refused(db: Session, make_user: UserFactory) -> None:
    analyst, other = make_user(Role.ANALYST), make_user(Role.ANALYST)
    with pytest.raises(BadInput, match="关注对象类型"):
        subscribe(db, analyst.id, "weather", "x")
    with pytest.raises(BadInput, match="请填写"):
        subscribe(db, analyst.id, "item", " ")
    with pytest.raises(BadInput, match="通知渠道"):
        subscribe(db, analyst.id, "item", "x", ["pigeon"])
    row = subscribe(db, analyst.id, "item", "x")
    with pytest.raises(Conflict):
        subscribe(db, analyst.id, "item", "x")
    with pytest.raises(NotFound):
        unsubscribe(db, row.id, other.id)
    unsubscribe(db, row.id, analyst.id)
    assert parse_quiet_hours("22-7") == (22, 7) and parse_quiet_hours("") is None
    for bad in ("22", "25-3", "7-7", "晚上"):
        with pytest.raises(BadInput, match="免打扰"):
            parse_quiet_hours(bad)


def test_the_scheduled_kinds_run_on_the_queue(db: Session, db_url: str, tmp_path: Path) -> None:
    """What the default schedules queue (scan, topic refresh, digest, weekly brief) runs to done."""
    for h in range(12, 4, -1):
        add_posts(db, hours_ago(h), 3, item_code="q-1")
    queued = [
        jobs.enqueue(db, kind, {}) for kind in ("opinion.scan", "opinion.topics", "opinion.digest", "opinion.brief")
    ]
    engine = make_engine(db_url)
    try:
        ran = jobs.work(make_session_factory(engine), jobs.JobContext(tmp_path / "models"), once=True)
    finally:
        engine.dispose()
    assert ran >= 4
    db.expire_all()
    finished = {job.kind: jobs.get_job(db, job.id) for job in queued}
    assert {kind: job.status for kind, job in finished.items()} == dict.fromkeys(finished, "done"), {
        kind: job.error for kind, job in finished.items()
    }
    assert finished["opinion.topics"].result["topics"] >= 1
    brief = finished["opinion.brief"].result
    assert brief["week_start"] == monday().isoformat() and isinstance(brief["alerts"], list)
