"""What the migrations repeat, written once: the column types they use and the tables they create
with constraint and index names spelled by govhall.db.base.NAMING (``pk_``, ``uq_``, ``fk_``, ``ix_``).

Migrations are history, and every past revision calls these helpers: what a helper builds must
never change (a new need gets a new helper). The names are spelled out here, not left to the
metadata's naming convention, so that a later change of convention cannot rename old constraints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from alembic import op

# One instance per type and length: a column type carries no state of its own column, and a name per
# type keeps a table's columns one per line, each read the same way.
BIG_INTEGER = sa.BigInteger()
BOOLEAN = sa.Boolean()
DATE = sa.Date()
FLOAT = sa.Float()
INTEGER = sa.Integer()
JSON = sa.JSON()
TEXT = sa.Text()
TIMESTAMP = sa.DateTime(timezone=True)
STRING_8 = sa.String(length=8)
STRING_16 = sa.String(length=16)
STRING_18 = sa.String(length=18)
STRING_24 = sa.String(length=24)
STRING_32 = sa.String(length=32)
STRING_40 = sa.String(length=40)
STRING_48 = sa.String(length=48)
STRING_64 = sa.String(length=64)
STRING_100 = sa.String(length=100)
STRING_120 = sa.String(length=120)
STRING_128 = sa.String(length=128)
STRING_200 = sa.String(length=200)
STRING_255 = sa.String(length=255)
STRING_300 = sa.String(length=300)
STRING_500 = sa.String(length=500)
STRING_512 = sa.String(length=512)


@dataclass(frozen=True)
class Reference:
    """A foreign key from one ``column`` to ``target`` (``"table.column"``)."""

    column: str
    target: str
    ondelete: str | None = None


def create_table(
    name: str,
    *columns: sa.Column[Any],
    primary_key: Sequence[str] = ("id",),
    unique: Sequence[str] = (),
    references: Sequence[Reference] = (),
    indexes: Sequence[str] = (),
) -> None:
    """Create ``name`` with its foreign keys, primary key and (at most one) unique constraint, in
    that order, then one plain index per column named in ``indexes``, in that order."""
    constraints: list[sa.Constraint] = [
        sa.ForeignKeyConstraint(
            [ref.column],
            [ref.target],
            name=op.f(f"fk_{name}_{ref.column}_{ref.target.split('.')[0]}"),
            ondelete=ref.ondelete,
        )
        for ref in references
    ]
    constraints.append(sa.PrimaryKeyConstraint(*primary_key, name=op.f(f"pk_{name}")))
    if unique:
        constraints.append(sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_{unique[0]}")))
    op.create_table(name, *columns, *constraints)
    for column in indexes:
        op.create_index(op.f(f"ix_{name}_{column}"), name, [column], unique=False)
