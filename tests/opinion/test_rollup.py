"""The daily roll-up (``opinion_daily``) equals a plain count over the posts after every kind of write
(import, topic assignment, re-score, relabelling, purge, re-import), on SQLite and PostgreSQL; the
dashboard reads the same numbers from it as from the posts, with Beijing day boundaries; the
``govhall opinion rollup / purge`` commands refuse bad input with exit 2."""

from __future__ import annotations

import ast
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall import opinion
from govhall.db import make_engine, make_session_factory, transaction
from govhall.localtime import LOCAL_TZ, day_start
from govhall.opinion import rollup, series
from govhall.opinion.maintenance import purge_before, rescore
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionDaily, OpinionPost
from govhall.opinion.queries import PostFilter, _topic_counts, source_names, topic_counts
from tests.opinion.samples import EDGE, EDGE_POSTS, opinion_cli

Cells = dict[tuple[date, str, int], tuple[int, int, int]]


def _plain(db: Session) -> Cells:
    """The roll-up written out in Python over every post (no code shared with govhall.opinion.rollup)."""
    cells: dict[tuple[date, str, int], list[int]] = {}
    for post in db.scalars(select(OpinionPost)):
        key = (post.posted_at.astimezone(LOCAL_TZ).date(), post.source, post.topic_id or 0)
        cell = cells.setdefault(key, [0, 0, 0])
        counted = post.duplicate_of is None and not post.is_spam
        cell[0] += 1
        cell[1] += counted
        cell[2] += counted and post.sentiment == "negative"
    return {key: (a, b, c) for key, (a, b, c) in cells.items()}


def _stored(db: Session) -> Cells:
    return {
        (row.day, row.source, row.topic_id): (row.posts, row.counted, row.negative)
        for row in db.scalars(select(OpinionDaily))
    }


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def posts_file(tmp_path: Path, hotspot_rows: list[dict[str, str]]) -> Path:
    """300 real citizen messages with their own times, ten of them posted again, and the edge posts."""
    rows = [{"id": r["id"], "time": r["time"], "text": r["title"] + r["content"]} for r in hotspot_rows]
    rows += [{**row, "id": f"copy-{row['id']}"} for row in rows[:40:4]]  # reposts: counted as copies
    rows += [{"id": f"edge{i}", "time": t, "text": body, "source": EDGE} for i, (t, body) in enumerate(EDGE_POSTS)]
    return _write(tmp_path / "posts.jsonl", rows)


@pytest.fixture
def posts(db: Session, models_dir: Path, posts_file: Path) -> Session:
    """The posts imported, labelled by the real sentiment model, clustered, spread over sources."""
    opinion.ingest_file(db, posts_file, opinion.Analyzer.load(db, opinion.load_sentiment(models_dir)), source="热线")
    opinion.discover_topics(db, k=4)
    with transaction(db):
        rollup.update_posts(db, (OpinionPost.id % 3 == 1) & (OpinionPost.source != EDGE), {"source": "微博"})
        rollup.update_posts(db, (OpinionPost.id % 11 == 0) & (OpinionPost.source != EDGE), {"is_spam": True})
    return db


def test_rollup_follows_every_write(db: Session, models_dir: Path, posts_file: Path) -> None:
    # imported without sentiment (as `ingest --no-sentiment` does), copies and spam included
    report = opinion.ingest_file(db, posts_file, opinion.Analyzer.load(db, None), source="热线")
    assert report.imported > 250 and report.exact_duplicates + report.near_duplicates > 0
    assert _stored(db) == _plain(db) and rollup.drift(db) == {}
    opinion.discover_topics(db, k=4)
    assert any(topic for _, _, topic in _stored(db)) and _stored(db) == _plain(db)

    done = rescore(db, opinion.load_sentiment(models_dir))
    negatives = sum(c for _, _, c in _stored(db).values())
    assert done.posts == done.changed == db.scalar(select(func.count()).where(OpinionPost.is_spam.is_(False)))
    assert negatives > 0 and _stored(db) == _plain(db)
    assert rescore(db, opinion.load_sentiment(models_dir)).changed == 0

    with transaction(db):
        moved = rollup.update_posts(db, OpinionPost.id % 3 == 1, {"source": "微博"})
        rollup.update_posts(db, OpinionPost.id % 11 == 0, {"is_spam": True})
        rollup.update_posts(db, OpinionPost.id % 13 == 0, {"topic_id": None, "sentiment": "negative"})
    assert moved > 50 and _stored(db) == _plain(db)

    # retention: posts before a Beijing midnight go, with their alert links; the rest stays counted
    cutoff = day_start(date(2019, 3, 4))
    early = list(db.scalars(select(OpinionPost.id).where(OpinionPost.posted_at < cutoff)))
    late = db.scalar(select(OpinionPost.id).where(OpinionPost.posted_at >= cutoff).limit(1))
    with transaction(db):
        alert = OpinionAlert(scope="total:day", key="全部", bucket_start=cutoff, count=2, baseline=0, score=9)
        series.store_alert(db, alert, select(OpinionPost.id).where(OpinionPost.id.in_([early[0], late])))
    assert purge_before(db, cutoff) == len(early) > 0
    assert db.scalar(select(func.min(OpinionPost.posted_at))) >= cutoff
    assert db.scalars(select(OpinionAlertPost.post_id)).all() == [late]
    assert min(day for day, _, _ in _stored(db)) == date(2019, 3, 4) and _stored(db) == _plain(db)

    # the purged posts can be imported again (PostgreSQL's de-duplication keys went with them)
    present = {tuple(row) for row in db.execute(select(OpinionPost.source, OpinionPost.external_id))}
    rows = [json.loads(line) for line in posts_file.read_text(encoding="utf-8").splitlines()]
    missing = [r for r in rows if (r.get("source", "热线"), r["id"]) not in present]
    again = opinion.ingest_file(db, posts_file, opinion.Analyzer.load(db, None), source="热线")
    assert again.imported == len(missing) > 0 and _stored(db) == _plain(db)
    assert db.scalar(select(func.count()).where(OpinionPost.posted_at < cutoff)) > 0

    before = _stored(db)
    with transaction(db):
        db.execute(OpinionDaily.__table__.delete())
    assert rollup.drift(db)
    with transaction(db):
        assert rollup.rebuild(db) == len(before)
    assert _stored(db) == before and rollup.drift(db) == {}


def test_day_boundaries_are_beijing_midnights(posts: Session) -> None:
    counted: dict[date, int] = {}
    for (day, source, _), cell in _stored(posts).items():
        if source == EDGE:
            counted[day] = counted.get(day, 0) + cell[0]
    # 2019-03-04 07:59:59 Beijing is 2019-03-03 23:59:59 UTC: it counts on the 4th
    assert counted == {date(2019, 3, 3): 1, date(2019, 3, 4): 3}

    half = datetime(2019, 3, 4, 7, 59, 59, tzinfo=LOCAL_TZ)
    period = rollup.split_period(half, datetime(2019, 3, 9, 8, tzinfo=LOCAL_TZ))
    assert (period.first, period.end) == (date(2019, 3, 5), date(2019, 3, 9))
    assert period.rest == (
        (half, day_start(date(2019, 3, 5))),
        (day_start(date(2019, 3, 9)), datetime(2019, 3, 9, 8, tzinfo=LOCAL_TZ)),
    )
    whole = rollup.split_period(day_start(date(2019, 3, 4)), day_start(date(2019, 3, 6)).astimezone(UTC))
    assert (whole.first, whole.end, whole.rest) == (date(2019, 3, 4), date(2019, 3, 6), ())
    inside = rollup.split_period(half, half + timedelta(hours=2))
    assert not inside.has_days and inside.rest == ((half, half + timedelta(hours=2)),)


PERIODS: list[tuple[datetime | None, datetime | None]] = [
    (None, None),
    (day_start(date(2019, 1, 1)), day_start(date(2019, 4, 1))),  # whole days: the pages' periods
    (datetime(2019, 3, 3, 23, 59, 59, tzinfo=LOCAL_TZ), datetime(2019, 3, 4, 8, tzinfo=LOCAL_TZ)),
    (datetime(2019, 1, 15, 13, 30, tzinfo=LOCAL_TZ), None),
    (None, datetime(2019, 2, 20, 7, 59, 59, tzinfo=LOCAL_TZ)),
    (datetime(2019, 3, 4, 7, tzinfo=UTC), datetime(2019, 3, 4, 9, tzinfo=UTC)),  # within one Beijing day
]


def test_dashboard_counts_equal_counting_the_posts(posts: Session) -> None:
    db = posts
    assert db.scalar(select(func.count()).where(OpinionPost.sentiment == "negative")) > 0
    for since, until in PERIODS:
        for bucket in ("day", "week"):
            for by in ("total", "source", "topic"):
                direct = series._direct_counts(db, bucket, by, since, until, None)
                rolled = series.time_series(db, bucket=bucket, by=by, since=since, until=until, fill=False)
                assert {(p.bucket, p.key): [p.count, p.negative] for p in rolled} == direct, (since, until, by)
        for source in (None, "微博", EDGE):
            f = PostFilter(source=source, since=since, until=until)
            assert topic_counts(db, f) == _topic_counts(db, f), (since, until, source)
    assert series.time_series(db, by="topic")  # filled series still build on the roll-up's cells
    assert source_names(db) == sorted(set(db.scalars(select(OpinionPost.source)))) == sorted([EDGE, "微博", "热线"])


def test_only_the_rollup_module_writes_posts() -> None:
    """Every UPDATE or DELETE of posts goes through govhall.opinion.rollup (which keeps the daily
    counts exact) and the import's INSERT is followed by ``rollup.add_rows``."""
    root = Path(opinion.__file__).resolve().parents[1]
    writers: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
                name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                args = [ast.unparse(a) for a in node.args]
                if name in ("update", "delete", "insert", "insert_rows") and any("OpinionPost" in a for a in args):
                    writers.setdefault(str(path.relative_to(root)), set()).add(name)
    assert writers == {"opinion/rollup.py": {"update", "delete"}, "opinion/ingest.py": {"insert_rows"}}
    assert "rollup.add_rows(db, rows)" in (root / "opinion" / "ingest.py").read_text(encoding="utf-8")


def test_rollup_and_purge_commands(tmp_path: Path, models_dir: Path, posts_file: Path) -> None:
    neither = opinion_cli(tmp_path, models_dir, "opinion", "rollup")
    assert neither.returncode == 2 and "--rebuild" in neither.stderr and "其中之一" in neither.stderr
    both = opinion_cli(tmp_path, models_dir, "opinion", "rollup", "--rebuild", "--check")
    assert both.returncode == 2 and "其中之一" in both.stderr
    bad_day = opinion_cli(tmp_path, models_dir, "opinion", "purge", "--before", "2019-02-30")
    assert bad_day.returncode == 2 and "不是有效日期" in bad_day.stderr and "Traceback" not in bad_day.stderr

    assert opinion_cli(tmp_path, models_dir, "db", "upgrade").returncode == 0
    assert opinion_cli(tmp_path, models_dir, "opinion", "ingest", str(posts_file), "--no-sentiment").returncode == 0
    rescored = opinion_cli(tmp_path, models_dir, "opinion", "rescore", "--since", "2019-01-01", "--json")
    assert rescored.returncode == 0 and json.loads(rescored.stdout)["posts"] > 0, rescored.stderr
    purged = opinion_cli(tmp_path, models_dir, "opinion", "purge", "--before", "2019-03-04", "--json")
    assert purged.returncode == 0 and json.loads(purged.stdout)["deleted"] > 0, purged.stderr
    check = opinion_cli(tmp_path, models_dir, "opinion", "rollup", "--check", "--json")
    assert check.returncode == 0 and json.loads(check.stdout) == {"differences": 0} and "一致" in check.stderr
    rebuilt = opinion_cli(tmp_path, models_dir, "opinion", "rollup", "--rebuild", "--json")
    assert rebuilt.returncode == 0 and json.loads(rebuilt.stdout)["cells"] > 0


def test_parallel_imports_keep_the_rollup_exact(db_url: str, models_dir: Path, posts_file: Path) -> None:
    """Two processes upserting the same day cells chunk by chunk (PostgreSQL: row locks taken in key
    order, so neither deadlocks) leave the roll-up equal to the posts."""
    report = opinion.ingest_parallel(db_url, posts_file, workers=2, models_dir=models_dir, chunk=20, source="热线")
    assert report.imported > 250
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as db:
            assert rollup.drift(db) == {} and sum(cell[0] for cell in _stored(db).values()) == report.imported
    finally:
        engine.dispose()
