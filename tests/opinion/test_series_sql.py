"""The dashboard's counts in SQL (``time_series``, ``source_names``) equal a plain count in Python
over the same posts, on SQLite and PostgreSQL, with hour, day and week boundaries in Beijing time."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import opinion
from govhall.localtime import LOCAL_TZ, day_start
from govhall.opinion import rollup
from govhall.opinion.models import OpinionPost
from govhall.opinion.queries import source_names
from govhall.stats.buckets import bucket_start
from tests.opinion.samples import EDGE, EDGE_POSTS


def _floor(moment: datetime, bucket: str) -> datetime:
    """The bucket's first Beijing instant, written out plainly (no shared code with the SQL)."""
    local = moment.astimezone(LOCAL_TZ)
    if bucket == "hour":
        return datetime(local.year, local.month, local.day, local.hour, tzinfo=LOCAL_TZ)
    day = datetime(local.year, local.month, local.day, tzinfo=LOCAL_TZ)
    return day - timedelta(days=local.weekday()) if bucket == "week" else day


def _python_counts(
    db: Session, bucket: str, by: str, since: datetime | None = None, until: datetime | None = None
) -> dict[tuple[datetime, str], tuple[int, int]]:
    counts: Counter[tuple[datetime, str]] = Counter()
    negatives: Counter[tuple[datetime, str]] = Counter()
    for post in db.scalars(select(OpinionPost)):
        if post.duplicate_of is not None or post.is_spam:
            continue
        if (since and post.posted_at < since) or (until and post.posted_at >= until):
            continue
        key = {"total": "全部", "source": post.source, "topic": post.topic_id}[by]
        if key is None:
            continue
        cell = (_floor(post.posted_at, bucket), str(key))
        counts[cell] += 1
        negatives[cell] += post.sentiment == "negative"
    return {cell: (n, negatives[cell]) for cell, n in counts.items()}


def _sql_counts(db: Session, bucket: str, by: str, **period: datetime) -> dict[tuple[datetime, str], tuple[int, int]]:
    points = opinion.time_series(db, bucket=bucket, by=by, fill=False, **period)
    return {(p.bucket, p.key): (p.count, p.negative) for p in points}


@pytest.fixture
def posts(db: Session, models_dir: Path, hotspot_rows: list[dict[str, str]], tmp_path: Path) -> Session:
    """300 real citizen messages with their own times, labelled by the real sentiment model and
    clustered into topics, spread over three sources, a few marked spam; and the edge posts."""
    rows = [{"id": r["id"], "time": r["time"], "text": r["title"] + r["content"]} for r in hotspot_rows]
    rows += [{"id": f"edge{i}", "time": t, "text": body, "source": EDGE} for i, (t, body) in enumerate(EDGE_POSTS)]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    analyzer = opinion.Analyzer.load(db, opinion.load_sentiment(models_dir))
    opinion.ingest_file(db, path, analyzer, source="12345热线")
    opinion.discover_topics(db, k=4)
    for remainder, source in ((1, "微博"), (2, "政务网站留言")):
        rollup.update_posts(db, (OpinionPost.id % 3 == remainder) & (OpinionPost.source != EDGE), {"source": source})
    rollup.update_posts(db, (OpinionPost.id % 17 == 0) & (OpinionPost.source != EDGE), {"is_spam": True})
    db.commit()
    return db


def test_sql_buckets_count_what_python_counts(posts: Session) -> None:
    db = posts
    assert db.scalar(select(OpinionPost.id).where(OpinionPost.sentiment == "negative").limit(1)) is not None
    for bucket in ("hour", "day", "week"):
        for by in ("total", "source", "topic"):
            expected = _python_counts(db, bucket, by)
            assert expected and _sql_counts(db, bucket, by) == expected, (bucket, by)
    since, until = day_start(date(2019, 3, 1)), day_start(date(2019, 4, 1))
    expected = _python_counts(db, "day", "source", since, until)
    assert expected and _sql_counts(db, "day", "source", since=since, until=until) == expected


def test_day_and_week_boundaries_are_beijing_time(posts: Session) -> None:
    db = posts

    def edge(bucket: str) -> dict[str, int]:
        points = opinion.time_series(db, bucket=bucket, by="source", fill=False)
        return {p.bucket.strftime("%Y-%m-%d %H:%M"): p.count for p in points if p.key == EDGE}

    # 07:59:59 Beijing is 23:59:59 UTC of the day before: it still counts on Monday
    assert edge("day") == {"2019-03-03 00:00": 1, "2019-03-04 00:00": 3}
    assert edge("week") == {"2019-02-25 00:00": 1, "2019-03-04 00:00": 3}
    assert edge("hour") == {"2019-03-03 23:00": 1, "2019-03-04 00:00": 1, "2019-03-04 07:00": 1, "2019-03-04 08:00": 1}
    assert all(p.bucket.utcoffset() == timedelta(hours=8) for p in opinion.time_series(db, bucket="week"))


def test_filled_series_has_every_bucket_in_order(posts: Session) -> None:
    for bucket, step in (("day", timedelta(days=1)), ("week", timedelta(days=7))):
        points = opinion.time_series(posts, bucket=bucket)
        assert all(b.bucket - a.bucket == step for a, b in pairwise(points))
        counted = _python_counts(posts, bucket, "total")
        assert sum(p.count for p in points) == sum(n for n, _ in counted.values())
        assert {p.bucket for p in points if p.count} == {b for b, _ in counted}


def test_source_names_are_the_distinct_sources(posts: Session) -> None:
    expected = sorted({s for s in posts.scalars(select(OpinionPost.source))})
    assert source_names(posts) == expected == sorted([EDGE, "12345热线", "微博", "政务网站留言"])


def test_bucket_labels_read_back_as_beijing_instants() -> None:
    assert bucket_start("2019-03") == datetime(2019, 3, 1, tzinfo=LOCAL_TZ)
    assert bucket_start("2019-03-04") == datetime(2019, 3, 4, tzinfo=LOCAL_TZ)
    assert bucket_start("2019-03-04 07:00") == datetime(2019, 3, 4, 7, tzinfo=LOCAL_TZ)
