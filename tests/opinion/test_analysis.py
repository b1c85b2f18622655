"""Topics, spikes with alerts and a webhook, the policy-impact report and the job queue."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import opinion
from govhall.db import make_engine, make_session_factory, transaction, utcnow
from govhall.learn import ModelRegistry
from govhall.opinion import OpinionAlertPost, OpinionPost
from tests.opinion.samples import department_model
from tests.support.servers import Recorder

PLACES = [f"{city}{district}" for city in "甲乙丙丁" for district in ("东城区", "西湖区", "南山区", "北林区", "中原区")]
COMPLAINTS = [
    "小区楼下烧烤店油烟太大，晚上噪音扰民，投诉多次没人管",
    "公积金提取要跑好几趟，住房公积金中心窗口排队太久",
    "孩子上学入学报名系统一直打不开，学位申请材料太多",
    "医保报销比例太低，住院费用报销流程复杂",
]


def _posts(start: datetime, days: int, per_day: int, burst_day: int | None = None) -> list[opinion.PostIn]:
    result = []
    for day in range(days):
        n = per_day * 8 if day == burst_day else per_day
        for i in range(n):
            topic = COMPLAINTS[i % len(COMPLAINTS)] if day != burst_day else COMPLAINTS[0]
            text = f"{topic}，第{day}天第{i}条，编号{day * 1000 + i}，情况{'十分' * (i % 3)}严重"
            result.append(opinion.PostIn(source="t", time=start + timedelta(days=day, hours=i % 10), text=text))
    return result


def test_topics_keep_their_identity_and_point_to_departments(
    db: Session, models_dir: Path, hotspot_file: Path, tmp_path: Path
) -> None:
    analyzer = opinion.Analyzer.load(db, opinion.load_sentiment(models_dir))
    opinion.ingest_file(db, hotspot_file, analyzer)
    first = opinion.discover_topics(db, k=5)
    assert len(first.topics) == 5 and first.posts > 200
    assert all(t.keywords and t.representatives for t in first.topics)
    # no built-in item covers these messages (物业, 噪音, 道路 …); the 12345 intake passes complaints on
    assert not any(t.department == "12345政务服务便民热线" for t in first.topics)
    with_model = tmp_path / "models"
    shutil.copytree(models_dir, with_model)
    department_model().save(with_model / "dept")
    ModelRegistry(with_model).activate("ticket_department", "dept")
    routed = opinion.discover_topics(db, k=5, models_dir=with_model)
    assert any(t.department for t in routed.topics)  # the hotline's department model places them
    second = opinion.discover_topics(db, k=5, seed=7)
    assert {t.id for t in second.topics if t.matched} <= {t.id for t in first.topics}
    assert sum(t.matched for t in second.topics) >= 3
    overview = opinion.topics_overview(db)
    assert sum(t["posts"] for t in overview) >= first.posts * 0.9


def test_topic_clustering_handles_inputs_smaller_than_k_or_the_svd() -> None:
    from govhall.opinion.topics import cluster_texts

    for texts, k in [(["公积金"], 3), (["公积金", "公积金"], 2), (["公积金提取", "社保转移", "公积金贷款"], 8)]:
        labels, similarity = cluster_texts(texts, k)
        assert len(labels) == len(texts) and similarity.shape[0] == len(texts)
        assert labels.max() < similarity.shape[1]
    labels, _ = cluster_texts(["住房公积金提取办理"] * 5 + ["医保报销"] * 3, 4)
    assert len(set(labels[:5])) == 1 and labels[0] != labels[5]


def test_spike_raises_one_alert_with_its_posts_and_calls_the_webhook(db: Session) -> None:
    hook = Recorder(status=204)
    try:
        start = datetime(2024, 3, 1, tzinfo=UTC)
        opinion.ingest_rows(db, _posts(start, 20, 6, burst_day=15), opinion.Analyzer.load(db, None))
        alerts = opinion.scan_alerts(db, by="total", webhook_url=hook.url)
    finally:
        hook.close()
    received = hook.bodies
    # near-identical burst posts partly fold into near-duplicates, which series do not count
    assert len(alerts) == 1 and 40 <= alerts[0]["count"] <= 48 and alerts[0]["delivered"]
    assert alerts[0]["bucket_start"].startswith("2024-03-16")
    assert received and received[0]["alerts"][0]["id"] == alerts[0]["id"]
    linked = db.scalars(select(OpinionAlertPost.post_id).where(OpinionAlertPost.alert_id == alerts[0]["id"])).all()
    assert len(linked) == alerts[0]["count"]
    assert opinion.scan_alerts(db, by="total") == []
    drill = opinion.alert_posts(db, alerts[0]["id"])
    assert len(drill["posts"]) == alerts[0]["count"]


def test_policy_impact_report_compares_before_and_after(db: Session, models_dir: Path, tmp_path: Path) -> None:
    start = datetime(2024, 3, 1, tzinfo=UTC)
    posts = [
        opinion.PostIn(
            source="t",
            id=f"{d}-{h}",
            time=start + timedelta(days=d, hours=h),
            text=f"{PLACES[d]}居民反映：{text}。{PLACES[19 - d]}也有人这么说，编号{d * 37 + h}",
            policy="公积金新政",
        )
        for d in range(20)
        for h, text in enumerate(
            ["公积金提取流程太复杂，效率太低，让人失望", "公积金新政好，办理很快，非常满意"]
            if d < 10
            else ["公积金新政后贷款额度下降，太差了，让人失望", "公积金贷款额度降低，糟糕透了", "公积金新政不错"]
        )
    ]
    opinion.ingest_rows(db, posts, opinion.Analyzer.load(db, opinion.load_sentiment(models_dir)))
    report = opinion.impact_report(db, "公积金新政", start + timedelta(days=10), start + timedelta(days=20))
    originals = select(OpinionPost.posted_at).where(OpinionPost.duplicate_of.is_(None))
    times = [t for t in db.scalars(originals)]
    cut = start + timedelta(days=10)
    assert report["before"]["volume"] == sum(t < cut for t in times) >= 12
    assert report["after"]["volume"] == sum(t >= cut for t in times) >= 20
    concerns = {c["word"] for c in report["concerns"]}
    assert report["after"]["negative_posts"] and "下降" in concerns and "非常满意" not in concerns
    assert len(report["daily"]) == 20
    pdf = opinion.write_pdf(report, tmp_path / "report.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_each_job_is_claimed_by_exactly_one_worker(
    db: Session, db_url: str, models_dir: Path, hotspot_file: Path
) -> None:
    first = opinion.enqueue(db, "ingest", {"path": str(hotspot_file)})
    second = opinion.enqueue(db, "analyze", {"k": 4})
    engine = make_engine(db_url)
    try:
        other = make_session_factory(engine)()
        got_a = opinion.claim(db, "a")
        got_b = opinion.claim(other, "b")
        assert got_a is not None and got_b is not None and {got_a.id, got_b.id} == {first.id, second.id}
        assert opinion.claim(other, "c") is None
        other.close()
        context = opinion.JobContext(models_dir)
        assert got_a.id == first.id
        done = opinion.run_job(db, got_a, context)
        assert done.status == "done" and done.result and done.result["imported"] > 0 and done.progress == 300
        with make_session_factory(engine)() as fresh:
            job = fresh.get(opinion.OpinionJob, second.id)
            assert job is not None
            assert opinion.run_job(fresh, job, context).status == "done"
    finally:
        engine.dispose()
    broken = opinion.enqueue(db, "ingest", {"path": str(hotspot_file)})
    hotspot_file.unlink()
    assert opinion.work(make_session_factory(make_engine(db_url)), opinion.JobContext(models_dir), once=True) == 1
    db.expire_all()
    assert opinion.get_job(db, broken.id).status == "failed"
    assert db.scalar(select(OpinionPost.id).limit(1)) is not None


def test_a_job_whose_worker_stopped_reporting_is_taken_over(db: Session, hotspot_file: Path) -> None:
    job = opinion.enqueue(db, "ingest", {"path": str(hotspot_file)})
    assert opinion.claim(db, "crashed") is not None
    assert opinion.claim(db, "healthy") is None  # still within its lease
    with transaction(db):
        job.heartbeat_at = utcnow() - timedelta(hours=1)
    again = opinion.claim(db, "healthy")
    assert again is not None and again.id == job.id and again.worker == "healthy"


def test_the_analyze_job_catches_the_search_index_up(sqlite_url: str) -> None:
    """Imports skip the full-text index for speed; the analyze job after them fills it, so that a
    search afterwards has no backlog to write."""
    from sqlalchemy import func, text

    from govhall.opinion.queries import FTS_TABLE, catch_up_search_index

    engine = make_engine(sqlite_url)
    try:
        with make_session_factory(engine)() as db:
            opinion.ingest_rows(db, _posts(datetime(2026, 3, 1, tzinfo=UTC), 20, 150), opinion.Analyzer.load(db, None))
            posts = int(db.scalar(select(func.count()).select_from(OpinionPost)) or 0)
            assert posts > 2_000  # more than one search's bounded step
            top = catch_up_search_index(db)
            assert top == db.scalar(select(func.max(OpinionPost.id)))
            assert db.scalar(text(f"SELECT count(*) FROM {FTS_TABLE}")) == posts
    finally:
        engine.dispose()
