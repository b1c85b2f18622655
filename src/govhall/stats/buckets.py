"""Time buckets in Beijing time as SQL: the one grouping expression every chart uses, per dialect.

Charts count rows per hour, day, week or month of a UTC timestamp column, in Beijing time. Counting
in the database (``GROUP BY`` the bucket) instead of streaming rows into Python keeps a year of
millions of rows to one pass inside the database and one small result. China keeps one offset all
year (no daylight saving), so the fixed zone name on PostgreSQL and ``+8 hours`` on SQLite (which
stores UTC timestamps as ``YYYY-MM-DD HH:MM:SS…`` text) give the same bucket boundaries.

The grouping key (:func:`local_bucket`) is what is cheapest to compute per row: ``date_trunc`` of
the local time on PostgreSQL (a timestamp: formatting every row as text would cost a third more),
text from SQLite's date functions. :func:`bucket_label` turns a grouped key into the text label the
pages show and link with (``YYYY-MM-DD HH:00``, ``YYYY-MM-DD``, the week's Monday, ``YYYY-MM``);
:func:`bucket_start` turns a label back into the bucket's first instant.

The constant parts (unit, zone, format) are SQL literals, not bound parameters: PostgreSQL matches a
selected expression to its ``GROUP BY`` expression only when both are written identically, and two
bound parameters with the same value are two different ``$n``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column

from govhall.localtime import LOCAL_TZ

__all__ = ["BUCKET_GRAINS", "bucket_label", "bucket_start", "local_bucket", "local_date"]

BUCKET_GRAINS = ("hour", "day", "week", "month")
_PG_FORMAT = {"hour": "YYYY-MM-DD HH24:00", "day": "YYYY-MM-DD", "week": "YYYY-MM-DD", "month": "YYYY-MM"}


def _literal(value: str) -> ColumnElement[str]:
    """A constant of this module as an SQL string literal (never user input)."""
    return literal_column(f"'{value}'")


_ZONE = _literal(str(LOCAL_TZ.tzname(None)))
_SQLITE_SHIFT = _literal("+8 hours")


def local_bucket(dialect: str, column: Any, grain: str) -> ColumnElement[Any]:
    """The Beijing ``grain`` (hour, day, week from Monday, month) of UTC timestamp ``column``, to group by.

    ``dialect`` is the engine's dialect name (``db.get_bind().dialect.name``)."""
    if grain not in BUCKET_GRAINS:
        raise ValueError(f"unknown bucket grain {grain!r}")
    if dialect == "postgresql":
        return func.date_trunc(_literal(grain), func.timezone(_ZONE, column))
    if grain == "hour":
        return func.strftime(_literal("%Y-%m-%d %H:00"), column, _SQLITE_SHIFT)
    if grain == "week":
        return func.date(column, _SQLITE_SHIFT, _literal("weekday 0"), _literal("-6 days"))
    if grain == "month":
        return func.strftime(_literal("%Y-%m"), column, _SQLITE_SHIFT)
    return func.date(column, _SQLITE_SHIFT)


def local_date(dialect: str, column: Any) -> ColumnElement[Any]:
    """The Beijing calendar day of UTC timestamp ``column``, to compare with a date column (a
    ``date`` on PostgreSQL, ``YYYY-MM-DD`` text on SQLite, which stores dates as that text)."""
    if dialect == "postgresql":
        return func.date(func.timezone(_ZONE, column))
    return func.date(column, _SQLITE_SHIFT)


def bucket_label(dialect: str, bucket: ColumnElement[Any], grain: str) -> ColumnElement[str]:
    """``bucket`` (a :func:`local_bucket`) as its text label; select this and group by ``bucket``."""
    if dialect == "postgresql":
        return func.to_char(bucket, _literal(_PG_FORMAT[grain]))
    return bucket


def bucket_start(label: str) -> datetime:
    """The first instant (aware, Beijing time) of the bucket labelled ``label``."""
    if len(label) == 7:  # YYYY-MM
        return datetime.combine(date.fromisoformat(f"{label}-01"), time(), LOCAL_TZ)
    if len(label) == 10:  # YYYY-MM-DD
        return datetime.combine(date.fromisoformat(label), time(), LOCAL_TZ)
    return datetime.fromisoformat(label).replace(tzinfo=LOCAL_TZ)
