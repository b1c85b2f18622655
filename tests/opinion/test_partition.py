"""Monthly partitions of the posts table on PostgreSQL (migration 0013), de-duplication kept, SQLite untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from govhall import opinion
from govhall.db import downgrade, make_engine, make_session_factory, upgrade
from govhall.opinion.models import ensure_post_partitions
from tests.conftest import _url_for
from tests.support import pgcluster

ROWS = [
    {"id": f"m{i}", "time": f"2025-{1 + i % 3:02d}-{1 + i % 27:02d} 10:00", "text": f"{t}，第{i}次反映，工单{i * 7919}"}
    for i, t in enumerate(["社保卡补办太慢", "小区油烟扰民没人管", "入学报名系统打不开", "医保报销流程复杂"] * 6)
]


@pytest.fixture
def pg_url(pg: pgcluster.Cluster | None, tmp_path: Path) -> str:
    url = _url_for("postgresql", tmp_path, pg)  # skips, with the reason, where PostgreSQL is absent
    upgrade(url)
    return url


def _ingest(url: str, folder: Path) -> opinion.ImportReport:
    path = folder / "posts.jsonl"
    path.write_text("".join(f'{{"id": "{r["id"]}", "time": "{r["time"]}", "text": "{r["text"]}"}}\n' for r in ROWS))
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as db:
            return opinion.ingest_file(db, path, opinion.Analyzer(None, None, None), source="hotline")
    finally:
        engine.dispose()


def test_posts_are_partitioned_by_month_and_import_stays_idempotent(pg_url: str, tmp_path: Path) -> None:
    first = _ingest(pg_url, tmp_path)
    assert first.imported + first.near_duplicates + first.exact_duplicates == len(ROWS) and first.imported > 0
    again = _ingest(pg_url, tmp_path)
    assert again.imported == 0 and again.already_present == first.imported

    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(
                text("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'opinion_posts'::regclass")
            )
            placed = dict(
                conn.execute(text("SELECT tableoid::regclass::text, count(*) FROM opinion_posts GROUP BY 1")).all()
            )
            assert set(placed) == {"opinion_posts_202501", "opinion_posts_202502", "opinion_posts_202503"}
            assert sum(placed.values()) == first.imported
            plan = "\n".join(
                conn.scalars(
                    text("EXPLAIN SELECT count(*) FROM opinion_posts WHERE posted_at >= :a AND posted_at < :b"),
                    {"a": datetime(2025, 2, 1, tzinfo=UTC), "b": datetime(2025, 2, 20, tzinfo=UTC)},
                )
            )
            assert "opinion_posts_202502" in plan and "opinion_posts_202503" not in plan  # partitions pruned
            assert inspect(conn).get_pk_constraint("opinion_posts")["constrained_columns"] == ["id", "posted_at"]

        with make_session_factory(engine)() as db:
            copy = db.execute(text("SELECT * FROM opinion_posts ORDER BY id LIMIT 1")).mappings().one()
            moved = {**copy, "id": 10_000, "posted_at": copy["posted_at"] + timedelta(days=200)}
            with pytest.raises(IntegrityError):  # the same source and id in another month is still a duplicate
                db.execute(
                    text(
                        f"INSERT INTO opinion_posts ({', '.join(moved)}) VALUES ({', '.join(':' + k for k in moved)})"
                    ),
                    moved,
                )
            db.rollback()
            created = ensure_post_partitions(db, months_ahead=30)
            assert len(created) >= 5 and ensure_post_partitions(db, months_ahead=30) == []
    finally:
        engine.dispose()

    downgrade(pg_url, "0012")  # back to one table with the unique constraint, rows kept
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM opinion_posts")) == first.imported
            assert not conn.scalar(text("SELECT count(*) FROM pg_partitioned_table"))
    finally:
        engine.dispose()
    upgrade(pg_url)
    assert _ingest(pg_url, tmp_path).imported == 0


def test_sqlite_keeps_its_table_and_gains_only_the_search_index(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert "opinion_posts" in tables and "opinion_post_keys" not in tables and "opinion_posts_fts" in tables
        assert inspect(engine).get_pk_constraint("opinion_posts")["constrained_columns"] == ["id"]
        with make_session_factory(engine)() as db:
            assert ensure_post_partitions(db) == []
    finally:
        engine.dispose()


def test_install_keeps_two_years_of_partitions_ahead(pg_url: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``govhall db upgrade`` (and start-up) re-creates a missing future month, so posts never pile up
    in the default partition of a long-running installation."""
    from datetime import date

    from govhall import setup
    from govhall.localtime import local_today
    from tests.conftest import make_settings

    upgrade(pg_url)
    today = local_today()  # the month the install counts from is Beijing's
    later = date(today.year + (today.month + 11) // 12, (today.month + 11) % 12 + 1, 1)
    name = f"opinion_posts_{later:%Y%m}"
    engine = make_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE {name}"))
    finally:
        engine.dispose()
    monkeypatch.setattr(setup, "ensure_default_models", lambda models_dir: [])
    setup.prepare(make_settings(tmp_path, pg_url))
    engine = make_engine(pg_url)
    try:
        assert inspect(engine).has_table(name)
    finally:
        engine.dispose()
