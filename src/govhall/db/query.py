"""Query pieces that several capabilities' back-office lists share."""

from __future__ import annotations

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


def one_or_not_found(db: Session, query: Select[Row], what: str, key: str) -> Row:
    """The row ``query`` selects (by a unique name or number), else ``NotFound(what, key)``: one
    404 with one Chinese message for every "no such 定时计划 / 舆情来源 / 账号" in the hall."""
    row = db.scalar(query)
    if row is None:
        raise NotFound(what, key)
    return row
