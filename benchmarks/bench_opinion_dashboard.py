"""Dashboard query latency (p50) over a year of posts: PostgreSQL partitioned vs unpartitioned, and SQLite.

Loads ``N`` synthetic posts spread over the 12 months before now (real citizen-message texts from
../shared/data, sources, sentiments, topics and departments drawn at random with a fixed seed) into

* PostgreSQL at the head schema (migration 0013: ``opinion_posts`` partitioned by month),
* PostgreSQL at schema 0012 (the same table, unpartitioned), in the same cluster and run,
* SQLite at the head schema (``--sqlite N``; the table as it always was),

bulk-loaded with ``COPY`` on PostgreSQL (``executemany`` in one transaction on SQLite), ``ANALYZE``d,
then times the queries the analyst pages run, each ``--repeat`` times, and prints the median (ms):

* ``trend_30d``: the dashboard's daily volume and negative share for the last 30 days (``time_series``)
* ``topics_30d``: the topic table for the last 30 days (``topics_overview``)
* ``negative_page_30d``: the post search's first page of negative posts of the last 30 days, with its count
* ``search_30d``: a full-text search (two terms) in the last 30 days, first page and count
* ``department_week``: one department's posts of the last week, first page and count

Run: ``.venv/bin/python benchmarks/bench_opinion_dashboard.py --sizes 1000000 3000000 --sqlite 1000000``.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import pgcluster  # noqa: E402

from govhall import opinion  # noqa: E402
from govhall.db import make_engine, make_session_factory, upgrade  # noqa: E402
from govhall.opinion.queries import PostFilter, search_posts, sync_search_index  # noqa: E402
from govhall.opinion.topics import topic_tokens  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
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
SOURCES = ["12345热线", "微博", "政务网站留言", "政务App评价", "抖音"]
SENTIMENTS = ["negative"] * 3 + ["neutral"] * 4 + ["positive"] * 3
DEPARTMENTS = [f"部门{i:02d}" for i in range(20)]
TOPICS = 50


def _texts() -> list[str]:
    path = DATA / "gov_messages_teddycup" / "messages_labeled_full_segmented.tsv"
    lines = path.open(encoding="utf-8").read().splitlines()[1:]
    return [t[:120] for t in ("".join(line.split("\t")[0].split()) for line in lines) if t]


def _rows(n: int, now: datetime, texts: list[str], seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """``n`` posts over the year before ``now`` (ids 1..n), as tuples in ``COLUMNS`` order."""
    rng = random.Random(seed)
    year = 365 * 86400
    for i in range(1, n + 1):
        posted = now - timedelta(seconds=rng.randrange(year))
        text = texts[rng.randrange(len(texts))]
        yield (
            i,
            SOURCES[rng.randrange(len(SOURCES))],
            f"b{i}",
            posted,
            text,
            None,
            None,
            None,
            None,
            None,
            f"{i:040x}",
            i,
            i & 0xFFFF,
            (i >> 16) & 0xFFFF,
            (i >> 32) & 0xFFFF,
            0,
            None,
            False,
            SENTIMENTS[rng.randrange(len(SENTIMENTS))],
            0.9,
            1 + rng.randrange(TOPICS),
            DEPARTMENTS[rng.randrange(len(DEPARTMENTS))],
            now,
        )


def _topics(url: str) -> None:
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        for t in range(1, TOPICS + 1):
            db.add(opinion.OpinionTopic(id=t, label=f"话题{t}", keywords={f"词{t}": 1.0}, representatives={}, size=0))
        db.commit()
    engine.dispose()


def load_postgres(url: str, n: int, now: datetime, texts: list[str]) -> float:
    """COPY ``n`` posts into ``url``'s opinion_posts; seconds taken (ANALYZE included)."""
    import psycopg

    _topics(url)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    started = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        with conn.cursor() as cur:
            with cur.copy(f"COPY opinion_posts ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in _rows(n, now, texts):
                    copy.write_row(row)
            cur.execute("SELECT setval('opinion_posts_id_seq', %s)", (n,))
        conn.commit()
        conn.autocommit = True
        conn.execute("ANALYZE opinion_posts")
        conn.execute("ANALYZE opinion_topics")
    return time.perf_counter() - started


def load_sqlite(url: str, n: int, now: datetime, texts: list[str]) -> float:
    import sqlite3

    _topics(url)
    started = time.perf_counter()
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    marks = ", ".join("?" * len(COLUMNS))
    sql = f"INSERT INTO opinion_posts ({', '.join(COLUMNS)}) VALUES ({marks})"

    def convert(row: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in row)

    batch: list[tuple[Any, ...]] = []
    for row in _rows(n, now, texts):
        batch.append(convert(row))
        if len(batch) == 50_000:
            conn.executemany(sql, batch)
            batch.clear()
    conn.executemany(sql, batch)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started


def catch_up_search_index(url: str) -> float:
    """Seconds to bring the lazily filled FTS5 index up to date (searches then measure the steady state)."""
    engine = make_engine(url)
    started = time.perf_counter()
    with make_session_factory(engine)() as db:
        while sync_search_index(db, 200_000) < _top_id(db):
            pass
    engine.dispose()
    return round(time.perf_counter() - started, 1)


def _top_id(db: Any) -> int:
    return int(db.scalar(select(func.max(opinion.OpinionPost.id))) or 0)


def queries(now: datetime, term: str) -> dict[str, Callable[[Any], object]]:
    month = now - timedelta(days=30)
    week = now - timedelta(days=7)
    return {
        "trend_30d": lambda db: opinion.time_series(db, by="total", since=month, until=now),
        "topics_30d": lambda db: opinion.topics_overview(db, PostFilter(since=month, until=now)),
        "negative_page_30d": lambda db: search_posts(db, PostFilter(sentiment="negative", since=month, until=now)),
        "search_30d": lambda db: search_posts(db, PostFilter(q=term, since=month, until=now)),
        "department_week": lambda db: search_posts(db, PostFilter(department="部门07", since=week, until=now)),
    }


def measure(url: str, now: datetime, term: str, repeat: int) -> dict[str, float]:
    engine = make_engine(url)
    result: dict[str, float] = {}
    try:
        for name, run in queries(now, term).items():
            times = []
            for _ in range(repeat + 1):  # the first run warms the cache and is not counted
                with make_session_factory(engine)() as db:
                    started = time.perf_counter()
                    run(db)
                    times.append((time.perf_counter() - started) * 1000)
            result[name] = round(statistics.median(times[1:]), 1)
    finally:
        engine.dispose()
    return result


def _term(texts: list[str]) -> str:
    """Two frequent content words: a search an analyst would type."""
    counts: dict[str, int] = {}
    for text in texts[:2000]:
        for word in set(topic_tokens(text)):
            counts[word] = counts.get(word, 0) + 1
    top = sorted(counts, key=lambda w: -counts[w])
    return f"{top[0]} {top[3]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000], help="PostgreSQL table sizes")
    parser.add_argument("--sqlite", type=int, default=0, help="SQLite table size (0: skip)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is absent: benchmarks need ../shared/data beside the checkout")
    texts = _texts()
    term = _term(texts)
    now = datetime.now(UTC).replace(microsecond=0)
    print(json.dumps({"search_term": term, "texts": len(texts)}, ensure_ascii=False), flush=True)
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            upgrade(url)
            seconds = load_sqlite(url, args.sqlite, now, texts)
            indexed = catch_up_search_index(url)
            report = {"backend": "sqlite", "posts": args.sqlite, "load_s": round(seconds, 1), "fts_index_s": indexed}
            print(json.dumps({**report, **measure(url, now, term, args.repeat)}, ensure_ascii=False), flush=True)
    if args.sizes:
        if not pgcluster.available():
            raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
        with pgcluster.running_cluster() as cluster:
            for n in args.sizes:
                for layout, revision in (("partitioned", "head"), ("unpartitioned", "0012")):
                    url = cluster.create_database()
                    upgrade(url, revision)
                    seconds = load_postgres(url, n, now, texts)
                    report = {"backend": "postgresql", "layout": layout, "posts": n, "load_s": round(seconds, 1)}
                    print(
                        json.dumps({**report, **measure(url, now, term, args.repeat)}, ensure_ascii=False), flush=True
                    )
                    _drop(cluster, url)


def _drop(cluster: pgcluster.Cluster, url: str) -> None:
    """Free the disk before the next size (a 10 M posts table with its indexes takes gigabytes)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE "{name}"')


if __name__ == "__main__":
    main()
