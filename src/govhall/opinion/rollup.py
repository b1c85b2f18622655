"""The daily roll-up of the posts (``opinion_daily``): kept exact by every write, read by the dashboard.

Why: a year's dashboard at ten million posts counted every post of the year (13.8 s on PostgreSQL).
The charts only ever count originals that are not spam per Beijing day, source, topic and
"negative or not", so those counts are kept per day in :class:`OpinionDaily` (a few rows per day
and source) and the dashboard reads whole days from it and only a partial first or last day from
the posts (:func:`split_period`).

Exact, not eventually right: every write to ``opinion_posts`` goes through this module in the same
transaction as the write itself. An import adds its batch's counts (aggregated in Python, one
upsert per cell: ``count = count + excluded.count``, SQLite ≥ 3.24 and PostgreSQL alike); an update
of existing posts (:func:`update_posts`, :func:`tracking`) subtracts their cells before and adds
them after; a delete (:func:`delete_posts`) subtracts them first. Cells are written in key order so
that two importers upserting the same cells lock them in the same order (no deadlock on PostgreSQL).
:func:`rebuild` recounts everything from the posts (``govhall opinion rollup --rebuild``) and
:func:`drift` compares the two without writing (``--check``). ``tests/opinion/test_rollup.py``
checks that no other module writes to the posts table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import (
    Date,
    Table,
    case,
    column,
    delete,
    func,
    insert,
    literal,
    select,
    table,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from govhall.localtime import LOCAL_TZ
from govhall.opinion.models import OpinionAlertPost, OpinionDaily, OpinionPost
from govhall.stats.buckets import local_bucket

__all__ = [
    "NO_TOPIC",
    "Cells",
    "Period",
    "add_rows",
    "delete_posts",
    "drift",
    "read_days",
    "read_topics",
    "rebuild",
    "set_each",
    "source_names",
    "split_period",
    "tracking",
    "update_posts",
]

NO_TOPIC = 0
"""``topic_id`` of the cell of posts without a topic."""
Key = tuple[date, str, int]
Cells = dict[Key, list[int]]
"""Cell → ``[posts, counted, negative]`` (a difference when it is a change)."""
TABLE = cast(Table, OpinionDaily.__table__)
COUNTS = ("posts", "counted", "negative")
ID_CHUNK = 5_000  # ids per IN (…) list: under SQLite's 32,766 variables, short plans on PostgreSQL
UPSERT_CHUNK = 1_000
_POST_KEYS = table(
    "opinion_post_keys", column("source"), column("external_id"), column("post_id")
)  # PostgreSQL (migration 0013)
# SQLite (migration 0013): a contentless FTS5 index, whose rows are deleted with its 'delete' command
_FTS = table("opinion_posts_fts", column("opinion_posts_fts"), column("rowid"), column("text"))


def batched(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``items`` in slices of ``size`` (itertools.batched is Python 3.12)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _add(cells: Cells, key: Key, posts: int, counted: int, negative: int) -> None:
    cell = cells.setdefault(key, [0, 0, 0])
    cell[0] += posts
    cell[1] += counted
    cell[2] += negative


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def add_rows(db: Session, rows: Iterable[Mapping[str, Any]]) -> None:
    """Count newly inserted posts (dicts with the post columns, as the import inserts them)."""
    cells: Cells = {}
    for row in rows:
        counted = row["duplicate_of"] is None and not row["is_spam"]
        key = (_local_day(row["posted_at"]), str(row["source"]), int(row["topic_id"] or NO_TOPIC))
        _add(cells, key, 1, int(counted), int(counted and row["sentiment"] == "negative"))
    _apply(db, cells)


def _apply(db: Session, cells: Cells) -> None:
    """Add ``cells`` to the table (upsert in key order); drop cells whose posts reach zero."""
    rows = [
        {"day": key[0], "source": key[1], "topic_id": key[2], "posts": v[0], "counted": v[1], "negative": v[2]}
        for key, v in sorted(cells.items())
        if any(v)
    ]
    if not rows:
        return
    dialect = db.get_bind().dialect.name
    stmt = postgresql.insert(TABLE) if dialect == "postgresql" else sqlite.insert(TABLE)
    stmt = stmt.on_conflict_do_update(
        index_elements=[TABLE.c.day, TABLE.c.source, TABLE.c.topic_id],
        set_={name: TABLE.c[name] + getattr(stmt.excluded, name) for name in COUNTS},
    )
    for chunk in batched(rows, UPSERT_CHUNK):
        db.execute(stmt, list(chunk))
    shrunk = sorted({key[0] for key, v in cells.items() if v[0] < 0})
    if shrunk:
        db.execute(delete(TABLE).where(TABLE.c.posts <= 0, TABLE.c.day.between(shrunk[0], shrunk[-1])))


# --- counting posts in SQL ----------------------------------------------------------------------


def _day_column(db: Session) -> Any:
    """The Beijing day of ``posted_at`` as the database computes it (the charts' own bucket)."""
    dialect = db.get_bind().dialect.name
    day = local_bucket(dialect, OpinionPost.posted_at, "day")
    return sql_cast(day, Date) if dialect == "postgresql" else day


def _cells_select(db: Session, where: Any) -> Any:
    """``SELECT day, source, topic, posts, counted, negative … GROUP BY`` over the posts matching ``where``."""
    kept = (OpinionPost.duplicate_of.is_(None)) & (OpinionPost.is_spam.is_(False))
    day = _day_column(db)
    topic = func.coalesce(OpinionPost.topic_id, NO_TOPIC)
    query = select(
        day,
        OpinionPost.source,
        topic,
        func.count(),
        func.sum(case((kept, 1), else_=0)),
        func.sum(case((kept & (OpinionPost.sentiment == "negative"), 1), else_=0)),
    )
    return query.where(where).group_by(day, OpinionPost.source, topic)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _count(db: Session, where: Any, sign: int, cells: Cells) -> None:
    for day, source, topic, posts, counted, negative in db.execute(_cells_select(db, where)):
        _add(cells, (_as_date(day), str(source), int(topic)), sign * posts, sign * counted, sign * negative)


def _in_chunks(ids: Sequence[int]) -> Iterator[Any]:
    for chunk in batched(ids, ID_CHUNK):
        yield OpinionPost.id.in_(chunk)


@contextmanager
def tracking(db: Session, ids: Sequence[int]) -> Iterator[None]:
    """Keep the roll-up exact across a change to the posts ``ids`` made inside the ``with`` block.

    Their cells are counted before and after and the difference applied, so any change of day,
    source, topic, sentiment, duplicate or spam mark (or a delete) is accounted for."""
    cells: Cells = {}
    for where in _in_chunks(ids):
        _count(db, where, -1, cells)
    yield
    db.flush()
    for where in _in_chunks(ids):
        _count(db, where, 1, cells)
    _apply(db, cells)


def update_posts(db: Session, where: Any, values: Mapping[str, Any]) -> int:
    """``UPDATE opinion_posts SET values WHERE where``, roll-up included; how many posts changed.

    The matching ids are read first: the condition may no longer match once the values are set."""
    ids = list(db.scalars(select(OpinionPost.id).where(where)))
    keys = {name: values[name] for name in ("source", "external_id") if name in values}
    rekey = bool(keys) and db.get_bind().dialect.name == "postgresql"
    for chunk in batched(ids, ID_CHUNK):
        with tracking(db, chunk):
            db.execute(update(OpinionPost).where(OpinionPost.id.in_(chunk)).values(dict(values)))
            if rekey:  # PostgreSQL's de-duplication keys follow (migration 0013 fills them on insert only)
                db.execute(update(_POST_KEYS).where(_POST_KEYS.c.post_id.in_(chunk)).values(keys))
    return len(ids)


def set_each(db: Session, values: Sequence[Mapping[str, Any]]) -> None:
    """Per-post values (dicts with ``id`` and the columns to set), roll-up included."""
    for chunk in batched(values, ID_CHUNK):
        with tracking(db, [int(v["id"]) for v in chunk]):
            db.execute(update(OpinionPost), list(chunk))


def delete_posts(db: Session, where: Any) -> int:
    """Delete the posts matching ``where`` with what hangs on them; how many were deleted.

    Their cells are subtracted first (one grouped count). The alert links go too (PostgreSQL's
    partitioned table cannot carry their foreign key), the de-duplication keys on PostgreSQL (so the
    same post can be imported again) and the full-text entries on SQLite (ids are reused after the
    newest posts are deleted, and a stale entry would match the new post's search)."""
    cells: Cells = {}
    _count(db, where, -1, cells)
    if not cells:
        return 0
    doomed = select(OpinionPost.id).where(where)
    db.execute(delete(OpinionAlertPost).where(OpinionAlertPost.post_id.in_(doomed)))
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        keys = select(OpinionPost.source, OpinionPost.external_id).where(where)
        db.execute(delete(_POST_KEYS).where(tuple_(_POST_KEYS.c.source, _POST_KEYS.c.external_id).in_(keys)))
    elif db.scalar(text("SELECT 1 FROM sqlite_master WHERE name = 'opinion_posts_fts'")):
        indexed = select(func.max(_FTS.c.rowid)).scalar_subquery()
        drop = select(literal("delete"), OpinionPost.id, OpinionPost.text).where(where, OpinionPost.id <= indexed)
        db.execute(insert(_FTS).from_select(["opinion_posts_fts", "rowid", "text"], drop))
    deleted = sum(-v[0] for v in cells.values())
    db.execute(delete(OpinionPost).where(where))
    _apply(db, cells)
    return deleted


def rebuild(db: Session) -> int:
    """Recount the whole roll-up from the posts (one grouped pass); the number of cells written."""
    db.execute(delete(TABLE))
    counted = _cells_select(db, true())
    db.execute(insert(TABLE).from_select(["day", "source", "topic_id", *COUNTS], counted))
    return int(db.scalar(select(func.count()).select_from(TABLE)) or 0)


def drift(db: Session) -> dict[Key, tuple[list[int], list[int]]]:
    """Cells where the roll-up differs from a fresh count of the posts: cell → (stored, counted)."""
    fresh: Cells = {}
    _count(db, true(), 1, fresh)
    stored: Cells = {}
    columns = [TABLE.c[name] for name in ("day", "source", "topic_id", *COUNTS)]
    for day, source, topic, *values in db.execute(select(*columns)):
        stored[(_as_date(day), str(source), int(topic))] = [int(v) for v in values]
    return {
        key: (stored.get(key, [0, 0, 0]), fresh.get(key, [0, 0, 0]))
        for key in stored.keys() | fresh.keys()
        if stored.get(key, [0, 0, 0]) != fresh.get(key, [0, 0, 0])
    }


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A ``[since, until)`` window cut into whole Beijing days (from the roll-up) and the rest.

    ``first``/``end``: the whole days ``first <= day < end`` (``None``: unbounded); ``rest``: the
    partial first and last day as ``[since, until)`` instants, counted from the posts."""

    first: date | None
    end: date | None
    rest: tuple[tuple[datetime | None, datetime | None], ...]

    @property
    def has_days(self) -> bool:
        return self.first is None or self.end is None or self.first < self.end


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL_TZ)


def split_period(since: datetime | None, until: datetime | None) -> Period:
    """Cut ``[since, until)`` at Beijing midnights."""
    first = end = None
    if since is not None:
        local = since.astimezone(LOCAL_TZ)
        first = local.date() if _midnight(local.date()) == local else local.date() + timedelta(days=1)
    if until is not None:
        end = until.astimezone(LOCAL_TZ).date()
    if first is not None and end is not None and first >= end:
        return Period(first, first, ((since, until),))
    rest: list[tuple[datetime | None, datetime | None]] = []
    if since is not None and first is not None and _midnight(first) != since:
        rest.append((since, _midnight(first)))
    if until is not None and end is not None and _midnight(end) != until:
        rest.append((_midnight(end), until))
    return Period(first, end, tuple(rest))


def _within(query: Any, period: Period, source: str | None) -> Any:
    if period.first is not None:
        query = query.where(TABLE.c.day >= period.first)
    if period.end is not None:
        query = query.where(TABLE.c.day < period.end)
    if source is not None:
        query = query.where(TABLE.c.source == source)
    return query


def read_days(db: Session, period: Period, by: str) -> dict[tuple[date, str | None], list[int]]:
    """``(day, key) → [count, negative]`` over the period's whole days; ``by``: total (key None),
    source or topic. Only cells with posts, as a ``GROUP BY`` over the posts gives them; posts
    without a topic are left out of ``topic``."""
    if not period.has_days:
        return {}
    column = {"total": None, "source": TABLE.c.source, "topic": TABLE.c.topic_id}[by]
    counts = (func.sum(TABLE.c.counted), func.sum(TABLE.c.negative))
    query: Any
    if column is None:
        query = select(TABLE.c.day, *counts).group_by(TABLE.c.day)
    else:
        query = select(TABLE.c.day, column, *counts).group_by(TABLE.c.day, column)
        if by == "topic":
            query = query.where(column != NO_TOPIC)
    result: dict[tuple[date, str | None], list[int]] = {}
    for day, *keys, count, negative in db.execute(_within(query, period, None)):
        if count:
            result[(_as_date(day), str(keys[0]) if keys else None)] = [int(count), int(negative)]
    return result


def read_topics(db: Session, period: Period, source: str | None) -> dict[int, list[int]]:
    """``topic id → [count, negative]`` over the period's whole days (of one source, if given)."""
    if not period.has_days:
        return {}
    query = (
        select(TABLE.c.topic_id, func.sum(TABLE.c.counted), func.sum(TABLE.c.negative))
        .where(TABLE.c.topic_id != NO_TOPIC)
        .group_by(TABLE.c.topic_id)
    )
    return {int(t): [int(c), int(n)] for t, c, n in db.execute(_within(query, period, source)) if c}


_SOURCES = text(
    "WITH RECURSIVE s(source) AS (SELECT min(source) FROM opinion_daily UNION ALL"
    " SELECT (SELECT min(d.source) FROM opinion_daily d WHERE d.source > s.source) FROM s WHERE s.source IS NOT NULL)"
    " SELECT source FROM s WHERE source IS NOT NULL"
)


def source_names(db: Session) -> list[str]:
    """Every source that has posts, in order: a walk along the roll-up's ``source`` index (a cell
    exists only while it has posts), a few probes of a small unpartitioned table."""
    return [str(name) for name in db.scalars(_SOURCES)]
