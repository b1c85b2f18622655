"""Query pieces that several capabilities' back-office lists share."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

from govhall.errors import NotFound

Row = TypeVar("Row")


def contains_any(
    query: str, *columns: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]
) -> ColumnElement[bool]:
    """Rows where any of ``columns`` contains ``query`` as typed: ``%`` and ``_`` match themselves,
    not any text (a search box is no pattern language), on SQLite as on PostgreSQL."""
    return or_(*(column.contains(query, autoescape=True) for column in columns))


def in_period(
    column: InstrumentedAttribute[datetime], since: datetime | None, until: datetime | None
) -> list[ColumnElement[bool]]:
    """The conditions for ``column`` in ``[since, until)``, an end left open where it is None, to
    pass to ``where(*…)``: the one reading of a period that the hall's lists, charts and exports
    share (a period ends where the next begins, so adjacent periods never count a row twice)."""
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def one_or_not_found(db: Session, query: Select[Row], what: str, key: str) -> Row:
    """The row ``query`` selects (by a unique name or number), else ``NotFound(what, key)``: one
    404 with one Chinese message for every "no such 定时计划 / 舆情来源 / 账号" in the hall."""
    row = db.scalar(query)
    if row is None:
        raise NotFound(what, key)
    return row
