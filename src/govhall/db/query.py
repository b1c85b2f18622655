"""Query pieces that several capabilities' back-office lists share."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_
from sqlalchemy.orm import InstrumentedAttribute


def contains_any(
    query: str, *columns: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]
) -> ColumnElement[bool]:
    """Rows where any of ``columns`` contains ``query`` as typed: ``%`` and ``_`` match themselves,
    not any text (a search box is no pattern language), on SQLite as on PostgreSQL."""
    return or_(*(column.contains(query, autoescape=True) for column in columns))
