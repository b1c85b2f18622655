"""Opinion dashboard latency (p50/p99) over a year of posts: the daily roll-up against counting the
posts (and the older Python bucketing), on partitioned PostgreSQL and on SQLite.

Posts are generated inside the database: on PostgreSQL one ``INSERT … SELECT FROM generate_series``
per million (indexes dropped during the load and built afterwards, the de-duplication trigger off
and ``opinion_post_keys`` filled in one statement, then ``VACUUM ANALYZE``); on SQLite
``executemany`` in chunks from the same distributions. The spread: posts over the 365 days before
today (Beijing), more of them in recent months and in office hours; five sources, three sentiments,
50 topics and 20 departments with skewed shares; 4 % near-duplicates and 1 % spam (which the
dashboard leaves out); texts drawn from the real teddycup citizen messages (first 120 characters).

The generated posts bypass the import, so the daily roll-up (``opinion_daily``, migration 0015) is
then built from them with ``rollup.rebuild`` (what the migration's back-fill does), timed as
``rollup_s``. Each layout is timed for the dashboard page's queries
(``govhall.web.opinion_routes.dashboard``) over three whole-day periods, the last 30 days
(``30d``), 90 days (``90d``, the page's default) and 12 months (``12m``), ``--repeat`` times each
after one warm-up (``--direct-repeat`` for the counts over the posts), as p50/p99 in milliseconds:

* ``series``: posts and negative share per Beijing day (``opinion.time_series``: whole days from
  the roll-up); ``series_direct``, the same counted over the posts in SQL (the query before the
  roll-up); ``series_python`` (``--python-repeat`` > 0), the older code that streamed the posts
  into Python and bucketed them there;
* ``series_week`` / ``series_week_direct``: the same per week (12 m only);
* ``topics`` / ``topics_direct``: the topic table with negative shares (``topics_overview``), from
  the roll-up / counted over the posts;
* ``alerts``: the alert list (``queries.alerts``);
* ``sources``: the source filter's list, walked along the roll-up's ``source`` index
  (``source_names``); ``sources_posts``, the same walk over the posts' ``(source, external_id)``
  index (the query before the roll-up; on PostgreSQL it probes every monthly partition);
  ``sources_distinct`` (with ``--python-repeat``), the ``SELECT DISTINCT`` of the page before that;
* ``view``: the page's total (series + topics + alerts + sources) and ``view_direct`` the same with
  the counts over the posts.

``same_counts`` checks, per period, that the roll-up's series (by day and by week, total and per
source), topic counts and source list equal the counts over the posts.

``--explain`` prints, per query and layout, the plan's scan nodes (PostgreSQL: partitions read and
whether the scans are index-only; SQLite: ``EXPLAIN QUERY PLAN``).

``--import-cost N`` imports ``N`` generated posts (spread over the year and five sources, so a chunk
of 1,000 touches about a thousand roll-up cells: the worst case) through ``opinion.ingest_rows`` on
SQLite and PostgreSQL and reports the share of the import's time spent in ``rollup.add_rows``.

Run (throwaway PostgreSQL 15 cluster under /tmp, deleted afterwards):
``.venv/bin/python benchmarks/bench_opinion_dashboard.py --pg 1000000 10000000 --sqlite 1000000``
and ``.venv/bin/python benchmarks/bench_opinion_dashboard.py --import-cost 20000``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import pgcluster  # noqa: E402

from govhall import opinion  # noqa: E402
from govhall.db import make_engine, make_session_factory, upgrade  # noqa: E402
from govhall.localtime import LOCAL_TZ, day_start  # noqa: E402
from govhall.opinion import rollup  # noqa: E402
from govhall.opinion.queries import (  # noqa: E402
    PostFilter,
    _topic_counts,
    alerts,
    source_names,
    topic_counts,
    topics_overview,
)
from govhall.opinion.series import ALL, Point, _direct_counts, _filtered, _floor, _step  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OpinionPostT = opinion.OpinionPost
CHUNK = 1_000_000
# (value, share): one table drives both the SQL generator and the Python one
SOURCES = [("12345热线", 0.40), ("政务网站留言", 0.20), ("微博", 0.18), ("政务App评价", 0.14), ("抖音", 0.08)]
SENTIMENTS = [("negative", 0.32), ("neutral", 0.43), ("positive", 0.25)]
REGIONS = [f"{name}区" for name in ("东城", "西城", "朝阳", "海淀", "丰台", "石景山", "通州", "顺义", "昌平", "大兴")]
TOPICS, DEPARTMENTS, DAYS = 50, 20, 365
DUPLICATES, SPAM, NO_TOPIC, OFFICE_HOURS = 0.04, 0.01, 0.05, 0.85
RECENCY = 1.3  # days back = 365 · u^1.3: more posts in recent months
ALERTS = 2_000


def _texts() -> list[str]:
    path = DATA / "gov_messages_teddycup" / "messages_labeled_full_segmented.tsv"
    lines = path.open(encoding="utf-8").read().splitlines()[1:]
    return [t[:120] for t in ("".join(line.split("\t")[0].split()) for line in lines) if t]


def _pick(shares: list[tuple[str, float]], u: float) -> str:
    total = 0.0
    for value, share in shares:
        total += share
        if u < total:
            return value
    return shares[-1][0]


def _sql_pick(shares: list[tuple[str, float]], u: str) -> str:
    """The SQL ``CASE`` that :func:`_pick` computes in Python."""
    total, arms = 0.0, []
    for value, share in shares[:-1]:
        total += share
        arms.append(f"WHEN {u} < {total:.4f} THEN '{value}'")
    return f"CASE {' '.join(arms)} ELSE '{shares[-1][0]}' END"


# ---------------------------------------------------------------- PostgreSQL: generate_series


def _pg_insert(first: int, last: int, today: datetime, texts: int) -> str:
    """One ``INSERT … SELECT`` of posts ``first..last`` (u1..u10: independent uniforms per post)."""
    midnight = today.isoformat()
    return f"""
INSERT INTO opinion_posts (id, source, external_id, posted_at, text, author, region, url, item_code, policy,
    content_hash, simhash, band0, band1, band2, band3, duplicate_of, is_spam, sentiment, sentiment_score,
    topic_id, department, imported_at)
SELECT g.i, {_sql_pick(SOURCES, "g.u2")}, 'b' || g.i,
    TIMESTAMPTZ '{midnight}' - make_interval(days => 1 + floor({DAYS - 1} * power(g.u1, {RECENCY}))::int)
        + make_interval(secs => CASE WHEN g.u3 < {OFFICE_HOURS} THEN 28800 + g.u4 * 50400 ELSE g.u4 * 86400 END),
    t.text, NULL, (ARRAY{REGIONS!r})[1 + floor(g.u5 * {len(REGIONS)})::int], NULL, NULL, NULL,
    md5(g.i::text), g.i, g.i & 65535, (g.i >> 16) & 65535, 0, 0,
    CASE WHEN g.u6 < {DUPLICATES} AND g.i > 1 THEN g.i - 1 END, g.u7 < {SPAM},
    {_sql_pick(SENTIMENTS, "g.u8")}, 0.5 + g.u8 / 2,
    CASE WHEN g.u6 >= 1 - {NO_TOPIC} THEN NULL ELSE 1 + floor({TOPICS} * g.u9 * g.u9)::int END,
    '部门' || lpad(floor({DEPARTMENTS} * power(g.u10, 1.5))::int::text, 2, '0'),
    TIMESTAMPTZ '{midnight}'
FROM (SELECT i, random() u1, random() u2, random() u3, random() u4, random() u5, random() u6, random() u7,
        random() u8, random() u9, random() u10 FROM generate_series({first}, {last}) i) g
JOIN bench_texts t ON t.n = g.i % {texts}
"""


def load_postgres(url: str, n: int, today: datetime, texts: list[str], text_index: bool) -> dict[str, float]:
    """Generate ``n`` posts in ``url``'s opinion_posts; seconds for the inserts and for indexing."""
    import psycopg

    _topics_and_alerts(url, today)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET session_replication_role = replica")  # the dedup trigger: filled below in one go
        conn.execute("SELECT setseed(0.42)")
        conn.execute("CREATE TEMP TABLE bench_texts (n int PRIMARY KEY, text text)")
        with conn.cursor().copy("COPY bench_texts (n, text) FROM STDIN") as copy:
            for i, body in enumerate(texts):
                copy.write_row((i, body))
        indexes = conn.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = 'opinion_posts'::regclass"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        for first in range(1, n + 1, CHUNK):
            conn.execute(_pg_insert(first, min(first + CHUNK - 1, n), today, len(texts)))
        conn.execute("SELECT setval('opinion_posts_id_seq', %s)", (n,))
        keys = conn.execute("SELECT to_regclass('opinion_post_keys') IS NOT NULL").fetchone()
        if keys and keys[0]:
            conn.execute("INSERT INTO opinion_post_keys SELECT source, external_id, id FROM opinion_posts")
        inserted = time.perf_counter()
        for _name, definition in indexes:
            if text_index or "gin_trgm_ops" not in definition:
                conn.execute(definition.replace(" ON ONLY ", " ON "))
        conn.execute("VACUUM ANALYZE opinion_posts")
        conn.execute("ANALYZE opinion_topics")
        conn.execute("ANALYZE opinion_alerts")
        done = time.perf_counter()
    return {"insert_s": round(inserted - started, 1), "index_vacuum_s": round(done - inserted, 1)}


# ---------------------------------------------------------------- SQLite: executemany in chunks

COLUMNS = [
    "id",
    "source",
    "external_id",
    "posted_at",
    "text",
    "author",
    "region",
    "url",
    "item_code",
    "policy",
    "content_hash",
    "simhash",
    "band0",
    "band1",
    "band2",
    "band3",
    "duplicate_of",
    "is_spam",
    "sentiment",
    "sentiment_score",
    "topic_id",
    "department",
    "imported_at",
]


def _rows(n: int, today: datetime, texts: list[str], seed: int = 42) -> Iterator[tuple[Any, ...]]:
    """The same distributions as :func:`_pg_insert`, as tuples in ``COLUMNS`` order (UTC text times)."""
    rng = random.Random(seed)
    stamp = today.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    for i in range(1, n + 1):
        u = [rng.random() for _ in range(11)]  # u[1]..u[10] as in the SQL
        seconds = 28800 + u[4] * 50400 if u[3] < OFFICE_HOURS else u[4] * 86400
        posted = today - timedelta(days=1 + int((DAYS - 1) * u[1] ** RECENCY)) + timedelta(seconds=seconds)
        yield (
            i,
            _pick(SOURCES, u[2]),
            f"b{i}",
            posted.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
            texts[i % len(texts)],
            None,
            REGIONS[int(u[5] * len(REGIONS))],
            None,
            None,
            None,
            f"{i:032x}",
            i,
            i & 0xFFFF,
            (i >> 16) & 0xFFFF,
            0,
            0,
            i - 1 if u[6] < DUPLICATES and i > 1 else None,
            u[7] < SPAM,
            _pick(SENTIMENTS, u[8]),
            0.5 + u[8] / 2,
            None if u[6] >= 1 - NO_TOPIC else 1 + int(TOPICS * u[9] * u[9]),
            f"部门{int(DEPARTMENTS * u[10] ** 1.5):02d}",
            stamp,
        )


def load_sqlite(url: str, n: int, today: datetime, texts: list[str]) -> dict[str, float]:
    import sqlite3

    _topics_and_alerts(url, today)
    started = time.perf_counter()
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    sql = f"INSERT INTO opinion_posts ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    rows = _rows(n, today, texts)
    while batch := [row for _, row in zip(range(50_000), rows, strict=False)]:
        conn.executemany(sql, batch)
    conn.commit()
    inserted = time.perf_counter()
    conn.execute("ANALYZE")
    conn.close()
    return {"insert_s": round(inserted - started, 1), "analyze_s": round(time.perf_counter() - inserted, 1)}


def _topics_and_alerts(url: str, today: datetime) -> None:
    """The topics the posts point to, and ``ALERTS`` alerts over the year (the dashboard lists them)."""
    engine = make_engine(url)
    rng = random.Random(7)  # alert hours: one in each 4-hour step back, so (scope, key, hour) stay unique
    with make_session_factory(engine)() as db:
        for t in range(1, TOPICS + 1):
            db.add(opinion.OpinionTopic(id=t, label=f"话题{t}", keywords={f"词{t}": 1.0}, representatives={}, size=0))
        for a in range(ALERTS):
            start = today - timedelta(hours=1 + 4 * a + rng.randrange(4))
            db.add(
                opinion.OpinionAlert(
                    scope="topic:hour", key=str(1 + a % TOPICS), bucket_start=start, count=20, baseline=3, score=5
                )
            )
        db.commit()
    engine.dispose()


# ---------------------------------------------------------------- the dashboard's queries


def python_series(db: Session, bucket: str, since: datetime, until: datetime) -> list[Point]:
    """The series as ``time_series`` computed it before counting moved into SQL: every post of the
    period streamed into Python and bucketed there (the alternative this benchmark compares with)."""
    query = _filtered(select(OpinionPostT.posted_at, OpinionPostT.sentiment), since, until, None)
    counts: dict[datetime, list[int]] = {}
    for posted_at, sentiment in db.execute(query.execution_options(yield_per=10_000)):
        cell = counts.setdefault(_floor(posted_at, bucket), [0, 0])
        cell[0] += 1
        cell[1] += sentiment == "negative"
    if counts:
        moment, last = min(counts), max(counts)
        while moment <= last:
            counts.setdefault(moment, [0, 0])
            moment += _step(bucket)
    return [Point(b, ALL, c[0], c[1]) for b, c in sorted(counts.items())]


def distinct_sources(db: Session) -> list[str]:
    """The source list as the page read it before the index walk."""
    return list(db.scalars(select(OpinionPostT.source).distinct().order_by(OpinionPostT.source)))


_POSTS_WALK = text(
    "WITH RECURSIVE s(source) AS (SELECT min(source) FROM opinion_posts UNION ALL"
    " SELECT (SELECT min(p.source) FROM opinion_posts p WHERE p.source > s.source) FROM s WHERE s.source IS NOT NULL)"
    " SELECT source FROM s WHERE source IS NOT NULL"
)


def posts_sources(db: Session) -> list[str]:
    """The source list as the page read it before the roll-up: the walk over the posts' index."""
    return [str(name) for name in db.scalars(_POSTS_WALK)]


def direct_series(db: Session, bucket: str, by: str, since: datetime, until: datetime) -> list[Point]:
    """``time_series`` as it was before the roll-up: one ``GROUP BY`` over the period's posts."""
    counts = _direct_counts(db, bucket, by, since, until, None)
    return [Point(b, k, c[0], c[1]) for (b, k), c in sorted(counts.items())]


def direct_topics(db: Session, since: datetime, until: datetime) -> list[Any]:
    """``topics_overview`` before the roll-up: the period's posts counted per topic, and the topics."""
    counts = _topic_counts(db, PostFilter(since=since, until=until))
    return [(t, counts.get(t.id)) for t in db.scalars(select(opinion.OpinionTopic))]


def queries(period: str, since: datetime, until: datetime) -> dict[str, Callable[[Session], object]]:
    chosen: dict[str, Callable[[Session], object]] = {
        "series": lambda db: opinion.time_series(db, by="total", since=since, until=until),
        "series_direct": lambda db: direct_series(db, "day", "total", since, until),
        "series_python": lambda db: python_series(db, "day", since, until),
        "topics": lambda db: topics_overview(db, PostFilter(since=since, until=until))[:20],
        "topics_direct": lambda db: direct_topics(db, since, until),
        "alerts": lambda db: alerts(db, limit=20, since=since, until=until),
        "sources": source_names,
        "sources_posts": posts_sources,
        "sources_distinct": distinct_sources,
    }
    if period == "12m":
        chosen["series_week"] = lambda db: opinion.time_series(db, bucket="week", by="total", since=since, until=until)
        chosen["series_week_direct"] = lambda db: direct_series(db, "week", "total", since, until)
    return chosen


VIEW = ("series", "topics", "alerts", "sources")
VIEW_DIRECT = ("series_direct", "topics_direct", "alerts", "sources_posts")
SLOW = ("series_python", "sources_distinct")
DIRECT = ("series_direct", "series_week_direct", "topics_direct", "sources_posts")
PERIODS = (("30d", 30), ("90d", 90), ("12m", DAYS))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure(engine: Engine, today: datetime, args: argparse.Namespace) -> dict[str, Any]:
    """p50/p99 (ms) per period and query; ``view`` sums the page's queries run by run."""
    factory = make_session_factory(engine)
    result: dict[str, Any] = {}
    for period, days in PERIODS:
        since, until = today - timedelta(days=days), today
        runs: dict[str, list[float]] = {}
        for name, run in queries(period, since, until).items():
            times = []
            count = args.python_repeat if name in SLOW else args.direct_repeat if name in DIRECT else args.repeat
            if count == 0:
                continue
            for _ in range(count + 1):  # the first run warms the cache and is not counted
                with factory() as db:
                    started = time.perf_counter()
                    run(db)
                    times.append((time.perf_counter() - started) * 1000)
            runs[name] = times[1:]
        runs["view"] = [sum(parts) for parts in zip(*(runs[n] for n in VIEW), strict=False)]
        runs["view_direct"] = [sum(parts) for parts in zip(*(runs[n] for n in VIEW_DIRECT), strict=False)]
        result[period] = {
            name: {"p50": round(statistics.median(t), 1), "p99": round(_percentile(t, 0.99), 1), "n": len(t)}
            for name, t in runs.items()
        }
    return result


def same_counts(engine: Engine, today: datetime) -> bool:
    """The roll-up's counts equal the counts over the posts, for every period, by day and week,
    total and per source, and the topic counts and source list (a check, not a timing)."""
    with make_session_factory(engine)() as db:
        for _, days in PERIODS:
            since = today - timedelta(days=days)
            for bucket in ("day", "week"):
                for by in ("total", "source"):
                    rolled = opinion.time_series(db, bucket=bucket, by=by, since=since, until=today, fill=False)
                    if rolled != direct_series(db, bucket, by, since, today):
                        return False
            f = PostFilter(since=since, until=today)
            if topic_counts(db, f) != _topic_counts(db, f):
                return False
        return source_names(db) == posts_sources(db)


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    captured: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield captured
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def _pg_nodes(plan: dict[str, Any], found: list[str]) -> None:
    node = plan["Node Type"]
    if "Scan" in node and "Relation Name" in plan:
        found.append(f"{node} {plan.get('Index Name', '')} on {plan['Relation Name']}".replace("  ", " "))
    for child in plan.get("Plans", []):
        _pg_nodes(child, found)


def explain(engine: Engine, today: datetime) -> dict[str, list[str]]:
    """The scans each dashboard query's statements plan (30-day period)."""
    since = today - timedelta(days=30)
    result: dict[str, list[str]] = {}
    for name, run in queries("30d", since, today).items():
        with _statements(engine) as captured, make_session_factory(engine)() as db:
            run(db)
        lines: list[str] = []
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            for statement, parameters in captured:
                cursor = raw.cursor()
                if engine.dialect.name == "postgresql":
                    cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
                    found: list[str] = []
                    _pg_nodes(cursor.fetchone()[0][0]["Plan"], found)
                    kinds: dict[str, int] = {}
                    for line in found:
                        kind = line.split(" on ")[0]
                        kinds[kind] = kinds.get(kind, 0) + 1
                    lines.append("; ".join(f"{k} ×{v}" for k, v in kinds.items()))
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                    lines.append("; ".join(str(row[-1]) for row in cursor.fetchall()))
        result[name] = lines
    return result


def run_layout(url: str, report: dict[str, Any], args: argparse.Namespace, today: datetime) -> None:
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        with make_session_factory(engine)() as db:
            report["rollup_cells"] = rollup.rebuild(db)
            db.commit()
        report["rollup_s"] = round(time.perf_counter() - started, 1)
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                conn.execute(text("ANALYZE opinion_daily"))
                conn.commit()
        print(json.dumps(report, ensure_ascii=False), flush=True)
        report["same_counts"] = same_counts(engine, today)
        with make_session_factory(engine)() as db:
            report["posts_30d"] = db.scalar(
                _filtered(select(func.count()).select_from(OpinionPostT), today - timedelta(days=30), today, None)
            )
        print(json.dumps({**report, **measure(engine, today, args)}, ensure_ascii=False), flush=True)
        if args.explain:
            print(json.dumps({**report, "explain": explain(engine, today)}, ensure_ascii=False), flush=True)
    finally:
        engine.dispose()


def import_cost(url: str, n: int) -> dict[str, Any]:
    """Import ``n`` posts and time the roll-up's share (``rollup.add_rows``) of it."""
    from govhall.opinion import ingest

    spent = [0.0]
    add_rows = rollup.add_rows

    def timed(db: Session, rows: Any) -> None:
        started = time.perf_counter()
        add_rows(db, rows)
        spent[0] += time.perf_counter() - started

    rng = random.Random(1)
    now = datetime.now(UTC)
    words = "市民反映小区停车难物业收费高公交线路少医保报销慢办证排队久"
    posts = [
        opinion.PostIn(
            source=_pick(SOURCES, rng.random()),
            id=f"p{i}",
            time=now - timedelta(days=rng.random() * DAYS),
            text="".join(rng.choice(words) for _ in range(40)),
        )
        for i in range(n)
    ]
    upgrade(url)
    engine = make_engine(url)
    ingest.rollup.add_rows = timed  # type: ignore[attr-defined]
    try:
        with make_session_factory(engine)() as db:
            started = time.perf_counter()
            opinion.ingest_rows(db, posts, opinion.Analyzer(None, None, None))
            total = time.perf_counter() - started
            exact = not rollup.drift(db)
    finally:
        ingest.rollup.add_rows = add_rows  # type: ignore[attr-defined]
        engine.dispose()
    return {
        "backend": engine.dialect.name,
        "posts": n,
        "posts_per_s": round(n / total),
        "rollup_s": round(spent[0], 2),
        "rollup_share": round(spent[0] / total, 3),
        "rollup_exact": exact,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", type=int, nargs="*", default=[], help="PostgreSQL table sizes (partitioned, head)")
    parser.add_argument("--sqlite", type=int, default=0, help="SQLite table size (0: skip)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--direct-repeat", type=int, default=5, help="runs of the counts over the posts")
    parser.add_argument("--python-repeat", type=int, default=0, help="runs of the old Python bucketing (0: skip)")
    parser.add_argument("--text-index", action="store_true", help="also build the trigram text index (slow)")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--pg-url", default="", help="an existing server's database instead of a throwaway cluster")
    parser.add_argument("--import-cost", type=int, default=0, help="posts to import timing the roll-up's share")
    args = parser.parse_args()
    if args.import_cost:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(import_cost(f"sqlite:///{folder}/cost.db", args.import_cost)), flush=True)
        with _cluster(args.pg_url) as create:
            print(json.dumps(import_cost(create(), args.import_cost)), flush=True)
        return
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is absent: benchmarks need ../shared/data beside the checkout")
    texts = _texts()
    today = day_start(datetime.now(LOCAL_TZ).date())
    print(json.dumps({"today": today.isoformat(), "texts": len(texts)}), flush=True)
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            upgrade(url)
            loaded = load_sqlite(url, args.sqlite, today, texts)
            run_layout(url, {"backend": "sqlite", "posts": args.sqlite, **loaded}, args, today)
    if not args.pg:
        return
    with _cluster(args.pg_url) as create:
        for n in args.pg:
            url = create()
            upgrade(url)
            loaded = load_postgres(url, n, today, texts, args.text_index)
            run_layout(url, {"backend": "postgresql", "layout": "partitioned", "posts": n, **loaded}, args, today)
            _drop(url)


@contextmanager
def _cluster(url: str) -> Iterator[Callable[[], str]]:
    """A function that creates a fresh database: on ``url``'s server, or on a throwaway cluster."""
    if url:
        base = url.rsplit("/", 1)[0]
        yield lambda: _create_on(base)
        return
    if not pgcluster.available():
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
    with pgcluster.running_cluster() as cluster:
        yield cluster.create_database


def _create_on(base: str) -> str:
    import uuid

    import psycopg

    name = "bench_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://") + "/postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _drop(url: str) -> None:
    """Free the disk before the next size (a 10 M posts table with its indexes takes gigabytes)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://") + "/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE "{name}"')


if __name__ == "__main__":
    main()
