"""Bulk inserts: ids known before the insert, and rows written at the driver's speed on SQLite.

SQLAlchemy's ``executemany`` builds and type-converts one parameter dictionary per row; on an
opinion import of a million posts that bookkeeping cost more than SQLite's own insert. Here the
statement is compiled once per column set and each column's bind processor (the same conversion
SQLAlchemy would apply, ``UTCDateTime`` included) runs over plain tuples. PostgreSQL keeps
SQLAlchemy's "insertmanyvalues" path, which already sends one multi-row ``INSERT`` per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from govhall.db.base import Base

__all__ = ["insert_rows", "reserve_ids"]

Processor = Callable[[Any], Any] | None


def reserve_ids(db: Session, model: type[Base], count: int) -> list[int]:
    """``count`` new ids for ``model``'s integer primary key ``id``, known before the insert.

    Asking the database for each new id (``INSERT … RETURNING`` row by row) was a quarter of an
    opinion import's time. PostgreSQL hands out a block from the table's sequence (safe with
    concurrent writers); SQLite continues after the largest id, which is safe because every
    transaction there is ``BEGIN IMMEDIATE`` (govhall.db.engine): nobody else writes until it commits.
    """
    table = cast(Table, model.__table__)
    if db.get_bind().dialect.name == "postgresql":
        sequence = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")
        return [int(value) for value in db.scalars(sequence, {"table": table.name, "n": count})]
    top = db.scalar(select(func.max(table.c.id))) or 0
    return list(range(top + 1, top + 1 + count))


def insert_rows(connection: Connection, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dictionaries with the same keys, column names) into ``model``'s table."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    dialect = connection.dialect
    if dialect.paramstyle != "qmark":
        connection.execute(insert(table), list(rows))
        return
    given = tuple(rows[0])
    defaults = _defaults(table, given)
    sql, order = _compiled(table, given + tuple(defaults), dialect)
    fixed = {name: _convert(defaults[name], processor) for name, processor in order if name in defaults}
    values = [
        tuple(fixed[name] if name in fixed else _convert(row[name], processor) for name, processor in order)
        for row in rows
    ]
    connection.exec_driver_sql(sql, values)


def _convert(value: Any, processor: Processor) -> Any:
    return value if processor is None or value is None else processor(value)


def _defaults(table: Table, given: tuple[str, ...]) -> dict[str, Any]:
    """Python-side defaults of the columns ``given`` leaves out, evaluated once for the batch."""
    values: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.key in given or default is None:
            continue
        if default.is_scalar:
            values[column.key] = default.arg  # type: ignore[attr-defined]
        elif default.is_callable:
            values[column.key] = default.arg(None)  # type: ignore[attr-defined]
        else:
            raise ValueError(f"column {column.key} has a default insert_rows cannot evaluate")
    return values


@lru_cache(maxsize=64)
def _compiled(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, list[tuple[str, Processor]]]:
    """The positional ``INSERT`` for ``columns`` and, in its parameter order, each column and its processor."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    order = list(compiled.positiontup or [])
    if sorted(order) != sorted(columns):
        raise ValueError(f"unexpected parameters {order} for columns {columns}")
    return str(compiled), [(name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in order]
