"""insert_rows stores exactly what SQLAlchemy's own insert would, defaults included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from govhall.db import transaction
from govhall.db.bulk import insert_rows, reserve_ids
from govhall.opinion.models import OpinionPost

TABLE = OpinionPost.__table__


def _row(external_id: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "source": "weibo",
        "external_id": external_id,
        "posted_at": datetime(2024, 5, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=8))),
        "text": "办事大厅排队太久",
        "author": None,
        "content_hash": "ab" * 20,
        "simhash": -(2**62) + 5,
        "band0": 1,
        "band1": 2,
        "band2": 3,
        "band3": 65535,
        "duplicate_of": None,
        "is_spam": True,
        "sentiment": "negative",
        "sentiment_score": 0.875,
    }
    row.update(extra)
    return row


def test_same_stored_values_as_core_insert(db: Session) -> None:
    with transaction(db):
        db.connection().execute(insert(TABLE), [_row("core")])
        insert_rows(db.connection(), OpinionPost, [_row("bulk"), _row("bulk-2", author="张**", duplicate_of=None)])
    raw = (
        db.connection()
        .exec_driver_sql(
            "SELECT external_id, posted_at, simhash, is_spam, sentiment_score, author, imported_at "
            "FROM opinion_posts ORDER BY id"
        )
        .all()
    )
    core, bulk, second = raw
    assert core[1:6] == bulk[1:6]  # the very bytes SQLAlchemy would have stored (time zone converted)
    assert second[5] == "张**"
    assert bulk[6] is not None  # the Python-side default (imported_at) was applied
    posts = db.scalars(select(OpinionPost).order_by(OpinionPost.id)).all()
    assert posts[1].posted_at == datetime(2024, 5, 1, 1, 30, 15, 123456, tzinfo=UTC)
    assert posts[1].imported_at.tzinfo is not None
    assert [p.is_spam for p in posts] == [True, True, True]


def test_empty_batch_is_a_no_op(db: Session) -> None:
    insert_rows(db.connection(), OpinionPost, [])
    assert db.scalars(select(OpinionPost)).all() == []


def test_naive_time_is_refused_like_the_orm(db: Session) -> None:
    with pytest.raises(Exception, match="naive datetime"), transaction(db):
        insert_rows(db.connection(), OpinionPost, [_row("naive", posted_at=datetime(2024, 5, 1))])
    assert db.scalars(select(OpinionPost)).all() == []


def test_reserved_ids_are_new_and_do_not_overlap(db: Session) -> None:
    with transaction(db):
        db.connection().execute(insert(TABLE), [_row("orm")])  # an id handed out the ordinary way
        first = reserve_ids(db, OpinionPost, 3)
        insert_rows(db.connection(), OpinionPost, [{**_row(f"r{i}"), "id": i} for i in first])
        second = reserve_ids(db, OpinionPost, 2)
    existing = set(db.scalars(select(OpinionPost.id)))
    assert len(first) == 3 and len(second) == 2 and len(set(first) | set(second)) == 5
    assert min(first) > min(existing - set(first)) and not set(second) & existing
