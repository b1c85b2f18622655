"""Ingest on SQLite and PostgreSQL: idempotent, masked, de-duplicated, labelled, bad rows reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from govhall import opinion
from govhall.db import make_engine, make_session_factory
from govhall.errors import BadInput
from govhall.opinion import OpinionPost
from govhall.text import mask


def _analyzer(db: Session, models_dir: Path | None) -> opinion.Analyzer:
    return opinion.Analyzer.load(db, opinion.load_sentiment(models_dir) if models_dir else None)


def test_real_posts_import_once_with_labels_and_departments(db: Session, models_dir: Path, hotspot_file: Path) -> None:
    first = opinion.ingest_file(db, hotspot_file, _analyzer(db, models_dir), chunk=128)
    assert first.rows == 300 and first.bad == 0
    assert first.imported == 300 - first.already_present
    assert sum(first.sentiment.values()) == first.imported - first.spam
    assert {"negative", "positive"} >= set(first.sentiment)
    assert first.departments, "catalogue keywords route some posts to departments"
    assert "dislikes" in first.ignored_columns and "likes" in first.ignored_columns
    again = opinion.ingest_file(db, hotspot_file, _analyzer(db, models_dir))
    assert again.imported == 0 and again.already_present == 300
    assert db.scalar(select(func.count()).select_from(OpinionPost)) == first.imported


def test_stored_text_and_author_are_masked_and_reposts_flagged(db: Session, tmp_path: Path) -> None:
    original = "我叫王建国，电话13912345678，小区门口的垃圾三天没人清运了，臭气熏天，请城管尽快处理。"
    rows = [
        {"id": "1", "time": "2024-05-01 08:00", "text": original, "author": "王建国"},
        {"id": "2", "time": "2024-05-01 09:00", "text": original},
        {"id": "3", "time": "2024-05-01 10:00", "text": "转发 " + original.replace("。", "！！")},
        {"id": "4", "time": "2024-05-01 11:00", "text": "加微信领优惠券，私聊"},
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    report = opinion.ingest_file(db, path, _analyzer(db, None), source="weibo")
    assert report.imported == 4 and report.pii_posts == 3
    assert report.exact_duplicates == 1 and report.near_duplicates == 1 and report.spam == 1
    stored = {p.external_id: p for p in db.scalars(select(OpinionPost))}
    assert "13912345678" not in stored["1"].text and "王建国" not in stored["1"].text
    assert stored["1"].author == "王*国"
    assert stored["2"].duplicate_of == stored["1"].id and stored["3"].duplicate_of == stored["1"].id
    assert stored["4"].is_spam


def test_a_chunk_is_masked_as_mask_would_and_bodies_are_kept(db: Session, tmp_path: Path) -> None:
    """The flagged posts of a chunk are masked in one batch: each stored text is what ``mask``
    gives for it alone, and a post naming only offices and services is stored unchanged."""
    texts = [
        "邻居刘德华天天在楼道里堆杂物，物业不管。",
        "请联系公安局户籍窗口，失业金可以领多久？",
        "我叫陈有才，家住建设路12号，手机13912345678，路灯坏了一个月。",
        "社区服务中心的工作人员态度很好，点赞。",
        "网格员欧阳娜娜说下周来修。",
    ]
    rows = [{"id": str(i), "time": "2024-05-01 08:00", "text": text} for i, text in enumerate(texts)]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    report = opinion.ingest_file(db, path, _analyzer(db, None), chunk=50)
    assert report.imported == 5 and report.pii_posts == 3
    stored = {p.external_id: p.text for p in db.scalars(select(OpinionPost))}
    assert stored == {str(i): mask(text) for i, text in enumerate(texts)}
    assert stored["1"] == texts[1] and stored["3"] == texts[3]
    assert "刘德华" not in stored["0"] and "陈有才" not in stored["2"] and "欧阳娜娜" not in stored["4"]


def test_bad_rows_are_reported_by_line_and_good_rows_kept(db: Session, tmp_path: Path) -> None:
    long_text = "很长" * 300_000
    lines = [
        "id,time,text,region",
        "a,2024-05-01 08:00,窗口办事效率很高，点赞,A1区",
        "b,,缺少时间的帖子,A1区",
        "c,2999-01-01,未来时间的帖子,A1区",
        "d,2024-05-01 09:00,多了一列,A1区,多余",
        "e,2024-05-01 10:00,少了一列",
        f"f,2024-05-01 11:00,{long_text},A2区",
        "g,2024-05-01 12:00,,A2区",
        "h,2024-05-02 08:00,社保卡补办要跑几次？,A2区",
    ]
    path = tmp_path / "posts.csv"
    data = "\n".join(lines).encode("utf-8") + b"\ni,2024-05-02 09:00," + "坏编码".encode("gbk") + b",A3\n"
    path.write_bytes(data)
    report = opinion.ingest_file(db, path, _analyzer(db, None))
    assert report.imported == 2 and report.bad == 7
    reasons = {row["line"]: row["reason"] for row in report.bad_rows}
    assert "缺少时间" in reasons[3] and "未来" in reasons[4] and "列数" in reasons[5] and "列数" in reasons[6]
    assert "KB" in reasons[7] and "为空" in reasons[8] and "UTF-8" in reasons[10]
    assert report.empty == 1 and report.garbled == 1 and report.too_long == 1


def test_a_file_without_the_required_columns_is_refused(db: Session, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,body_text\n1,内容\n", encoding="utf-8")
    with pytest.raises(BadInput, match="缺少必需的列"):
        opinion.ingest_file(db, path, _analyzer(db, None))


def test_duplicate_lookup_indexes_cover_originals_only(db: Session) -> None:
    # copies are never looked up, so they must not cost index updates (migration 0006)
    engine = db.get_bind()
    if engine.dialect.name == "postgresql":
        rows = db.execute(sql_text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'opinion_posts'"))
    else:
        rows = db.execute(sql_text("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'opinion_posts'"))
    definitions = {name: (sql or "") for name, sql in rows}
    for column in ("content_hash", "band0", "band1", "band2", "band3"):
        assert "duplicate_of IS NULL" in definitions[f"ix_opinion_posts_{column}"], definitions


def test_import_lookups_use_indexes_not_scans(sqlite_url: str, tmp_path: Path) -> None:
    """Every query of a chunk is an index search, so the import rate does not fall as the table grows.

    A row-value ``(source, external_id) IN (VALUES …)`` once made SQLite scan the whole unique index
    per chunk: a million-post import slowed from 7,000 to 2,000 posts/s by its end.
    """
    rows = [
        {
            "id": str(i),
            "source": "weibo" if i % 2 else "hotline",
            "time": "2024-05-01 08:00",
            "text": f"第{i}条：路灯坏了",
        }
        for i in range(50)
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    engine = make_engine(sqlite_url)
    statements: list[tuple[str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _collect(_conn, _cursor, statement, parameters, _context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "opinion_posts" in statement and not executemany:
            statements.append((statement, parameters))

    with make_session_factory(engine)() as db:
        opinion.ingest_file(db, path, _analyzer(db, None), chunk=20)
        assert statements
        for statement, parameters in statements:
            plan = db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()  # type: ignore[arg-type]
            details = " | ".join(str(row[-1]) for row in plan)
            assert "SCAN opinion_posts" not in details, f"{details}\n{statement}"
    engine.dispose()


def test_times_out_of_range_are_bad_rows_not_a_crash(db: Session, tmp_path: Path) -> None:
    lines = [
        '{"id": "ok", "time": 1714521600, "text": "公积金提取到账很快"}',
        '{"id": "huge", "time": 9.223372036854776e+18, "text": "时间戳溢出"}',
        '{"id": "large", "time": 6.77680361916768e+16, "text": "时间戳过大"}',
        '{"id": "nan", "time": NaN, "text": "时间戳不是数"}',
        '{"id": "inf", "time": -Infinity, "text": "时间戳无穷"}',
        '{"id": "year1", "time": "0001-01-01T00:00:00", "text": "公元一年"}',
        '{"id": "year9999", "time": "9999-12-31T23:59:59-08:00", "text": "九九九九年"}',
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = opinion.ingest_file(db, path, _analyzer(db, None))
    assert report.imported == 1 and report.bad == 6
    assert all("超出可表示的范围" in row["reason"] for row in report.bad_rows), report.bad_rows
    assert [row["line"] for row in report.bad_rows] == [2, 3, 4, 5, 6, 7]
