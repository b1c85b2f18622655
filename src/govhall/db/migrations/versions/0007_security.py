"""security: login throttle, forced password change, keyed audit chain, personal data encrypted

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Existing rows are encrypted with the current key of the key file (``GOVHALL_KEY_FILE``, by default
``<data folder>/keys.json``, created 0600 here if absent). An existing audit chain is kept as a
legacy (plain SHA-256) segment and sealed by one keyed entry, ``audit.keyed``, whose HMAC covers the
legacy tip: rewriting history before the seal breaks it, and nothing is rewritten to get there.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from govhall.db.base import UTCDateTime, utcnow
from govhall.db.crypto import EncryptedJSON, EncryptedString, key_id_of, keyring
from govhall.db.migrations._schema import BOOLEAN, INTEGER, STRING_32, STRING_200, TIMESTAMP, create_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_JSON_COLUMNS = {"cases": ("data",), "assistant_sessions": ("fields", "pending", "turns", "handled")}
_USER_COLUMNS = {"phone": 32, "id_number": 18}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _retype_user_column(name: str, length: int) -> None:
    """VARCHAR(n) → VARCHAR(length), keeping the values. SQLite has no ALTER COLUMN, and a batch
    rebuild of ``users`` would fire the ON DELETE actions of the tables referring to it."""
    if _sqlite():
        op.execute(f"ALTER TABLE users ADD COLUMN {name}__new VARCHAR({length})")
        op.execute(f"UPDATE users SET {name}__new = {name}")
        op.execute(f"ALTER TABLE users DROP COLUMN {name}")
        op.execute(f"ALTER TABLE users RENAME COLUMN {name}__new TO {name}")
    else:
        op.alter_column("users", name, type_=sa.String(length), existing_nullable=True)


def _drop_column(table: str, name: str) -> None:
    if _sqlite():
        op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
    else:
        op.drop_column(table, name)


def _recode(table: str, columns: tuple[str, ...], read: Any, write: Any, *, encrypt: bool) -> None:
    """Encrypt (or decrypt) every row with a value of ``columns`` not yet in the wanted form.

    ``read`` is the encrypted type (it passes plain values through), so a row that is half done
    is never encrypted twice.
    """
    bind = op.get_bind()
    raw = sa.table(table, sa.column("id", sa.Integer), *(sa.column(c, sa.Text) for c in columns))
    typed_read = sa.table(table, sa.column("id", sa.Integer), *(sa.column(c, read) for c in columns))
    typed_write = sa.table(table, sa.column("id", sa.Integer), *(sa.column(c, write) for c in columns))
    text_cols = [sa.cast(raw.c[c], sa.Text).label(c) for c in columns]
    pending = [row.id for row in bind.execute(sa.select(raw.c.id, *text_cols)) if _wants(row, columns, encrypt)]
    for row_id in pending:
        row = bind.execute(sa.select(typed_read).where(typed_read.c.id == row_id)).one()
        values = {c: getattr(row, c) for c in columns}
        bind.execute(sa.update(typed_write).where(typed_write.c.id == row_id).values(**values))


def _wants(row: Any, columns: tuple[str, ...], encrypt: bool) -> bool:
    for column in columns:
        value = getattr(row, column)
        if value is None:
            continue
        if (key_id_of(value) is None) == encrypt:
            return True
    return False


def _chain_hash(prev_hash: str, fields: dict[str, Any], key_id: str) -> str:
    """``govhall.audit.chain_hash`` as of this revision (a migration is a snapshot: it must not
    change when the application code does)."""
    text = json.dumps({**fields, "key_id": key_id}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return keyring().audit_mac(key_id, (prev_hash + text).encode("utf-8"))


def _seal_audit_chain() -> None:
    bind = op.get_bind()
    head = bind.execute(sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    if head is None or head.seq == 0:
        return
    seq, at, key_id = head.seq + 1, utcnow(), keyring().audit_current
    fields: dict[str, Any] = {
        "seq": seq,
        "at": at.isoformat(),
        "actor_id": None,
        "actor_name": "system",
        "action": "audit.keyed",
        "target": "audit",
        "reason": "",
        "details": {"legacy_entries": head.seq},
    }
    digest = _chain_hash(head.hash, fields, key_id)
    log = sa.table(
        "audit_log",
        *(sa.column(c) for c in ("seq", "actor_id", "actor_name", "action", "target", "reason")),
        sa.column("at", UTCDateTime()),
        sa.column("details", sa.JSON),
        sa.column("prev_hash"),
        sa.column("hash"),
        sa.column("key_id"),
    )
    values = {**fields, "at": at, "prev_hash": head.hash, "hash": digest, "key_id": key_id}
    bind.execute(sa.insert(log).values(**values))
    bind.execute(sa.text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"), {"seq": seq, "hash": digest})


def upgrade() -> None:
    create_table(
        "login_throttle",
        sa.Column("key", STRING_200, nullable=False),
        sa.Column("failures", INTEGER, nullable=False),
        sa.Column("window_start", TIMESTAMP, nullable=False),
        sa.Column("blocked_until", TIMESTAMP, nullable=True),
        primary_key=("key",),
    )
    op.add_column("users", sa.Column("must_change_password", BOOLEAN, nullable=False, server_default=sa.false()))
    op.add_column("audit_log", sa.Column("key_id", STRING_32, nullable=False, server_default=""))
    for name in _USER_COLUMNS:
        _retype_user_column(name, 255)
    _recode("users", tuple(_USER_COLUMNS), EncryptedString(), EncryptedString(), encrypt=True)
    for table, columns in _JSON_COLUMNS.items():
        _recode(table, columns, EncryptedJSON(), EncryptedJSON(), encrypt=True)
    _seal_audit_chain()


def downgrade() -> None:
    for table, columns in _JSON_COLUMNS.items():
        _recode(table, columns, EncryptedJSON(), sa.JSON(), encrypt=False)
    _recode("users", tuple(_USER_COLUMNS), EncryptedString(), sa.String(255), encrypt=False)
    for name, length in _USER_COLUMNS.items():
        _retype_user_column(name, length)
    _drop_column("audit_log", "key_id")
    _drop_column("users", "must_change_password")
    op.drop_table("login_throttle")
