"""Encryption of personal data at rest, and the audit chain's HMAC key.

Keys never live in the database: they are in one JSON key file (``GOVHALL_KEY_FILE``, by default
``<data folder>/keys.json``), created with mode 0600 on first use. It holds

* ``data``: AES-256-GCM keys by id, and ``current``, the one new values are encrypted with. Older
  keys stay readable until ``govhall keys rotate`` has re-encrypted every row and dropped them.
* ``audit``: HMAC-SHA256 keys by id for the audit hash chain, and ``audit_current``.

The keyring is process-wide because SQLAlchemy type decorators only see the value and the dialect;
:func:`use_key_file` loads a file into it (keys from several files are all kept readable, which is
what a test process running many installations needs; a server loads exactly one). Without an
explicit call the key file of :func:`govhall.config.get_settings` is loaded on first use.

A ciphertext is the text ``gh1:<key id>:<base64url(nonce ‖ AES-GCM(ciphertext ‖ tag))>``; anything
else read from an encrypted column is passed through as legacy plain text (rows written before
migration 0007 encrypted them).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import JSON, Column, MetaData, String, Table, Text, TypeDecorator, cast, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from govhall.errors import GovhallError, message_for

PREFIX = "gh1:"
TOKEN = re.compile(r"^gh1:([0-9a-f]{1,32}):")


class KeyUnavailable(GovhallError):
    """A stored value or audit entry names a key that the key file does not hold."""

    status = 503

    def __init__(self, key_id: str) -> None:
        super().__init__("key_unavailable", message_for("key_unavailable", key_id=key_id))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _new_id() -> str:
    return secrets.token_hex(4)


@dataclass
class KeyFile:
    """The parsed key file; ``save`` writes it atomically with mode 0600."""

    path: Path
    data: dict[str, bytes] = field(default_factory=dict)
    current: str = ""
    audit: dict[str, bytes] = field(default_factory=dict)
    audit_current: str = ""

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Read ``path``, creating it (with fresh keys) on first use."""
        if not path.exists():
            fresh = cls(path)
            fresh.add_data_key()
            fresh.audit_current = _new_id()
            fresh.audit[fresh.audit_current] = secrets.token_bytes(32)
            fresh.save(exclusive=True)
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            path,
            {k: _unb64(v) for k, v in raw["data"].items()},
            raw["current"],
            {k: _unb64(v) for k, v in raw["audit"].items()},
            raw["audit_current"],
        )

    def add_data_key(self) -> str:
        """A new AES-256 key, made current; returns its id."""
        key_id = _new_id()
        self.data[key_id] = AESGCM.generate_key(bit_length=256)
        self.current = key_id
        return key_id

    def save(self, *, exclusive: bool = False) -> None:
        """Write to a private temporary file, then move it into place.

        ``exclusive``: only if no file exists yet, so that workers starting together agree on one
        set of keys (the loser of the race reads the winner's file).
        """
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        body = json.dumps(
            {
                "data": {k: _b64(v) for k, v in self.data.items()},
                "current": self.current,
                "audit": {k: _b64(v) for k, v in self.audit.items()},
                "audit_current": self.audit_current,
            },
            indent=1,
        )
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            if exclusive:
                with contextlib.suppress(FileExistsError):
                    os.link(tmp, self.path)
            else:
                os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)


class Keyring:
    """Every key this process may use; encrypts with the current data key of the last loaded file."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[str, AESGCM] = {}
        self._audit: dict[str, bytes] = {}
        self.current = ""
        self.audit_current = ""
        self.path: Path | None = None
        self._stamp = 0
        self._checked = 0.0

    def load(self, path: Path) -> None:
        keys = KeyFile.load(path)
        with self._lock:
            self._data.update({k: AESGCM(v) for k, v in keys.data.items()})
            self._audit.update(keys.audit)
            self.current = keys.current
            self.audit_current = keys.audit_current
            self.path = path
            self._stamp = path.stat().st_mtime_ns
            self._checked = time.monotonic()

    def _follow_rotation(self) -> None:
        """Reload when ``govhall keys rotate`` changed the file (checked at most every 2 s), so
        that running workers encrypt with the new key before old keys are pruned."""
        if self.path is None or time.monotonic() - self._checked < 2:
            return
        self._checked = time.monotonic()
        try:
            changed = self.path.stat().st_mtime_ns != self._stamp
        except FileNotFoundError:
            return
        if changed:
            self.load(self.path)

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._data.get(key_id)
        if cipher is None and self.path is not None:
            self.load(self.path)  # rotated by another process since we loaded
            cipher = self._data.get(key_id)
        if cipher is None:
            raise KeyUnavailable(key_id)
        return cipher

    def encrypt(self, plain: str) -> str:
        self._follow_rotation()
        nonce = secrets.token_bytes(12)
        sealed = self._cipher(self.current).encrypt(nonce, plain.encode("utf-8"), None)
        return f"{PREFIX}{self.current}:{_b64(nonce + sealed)}"

    def decrypt(self, token: str) -> str:
        match = TOKEN.match(token)
        if match is None:
            return token  # legacy plain text
        raw = _unb64(token[match.end() :])
        try:
            return self._cipher(match.group(1)).decrypt(raw[:12], raw[12:], None).decode("utf-8")
        except InvalidTag:
            raise KeyUnavailable(match.group(1)) from None

    def audit_mac(self, key_id: str, message: bytes) -> str:
        key = self._audit.get(key_id)
        if key is None and self.path is not None:
            self.load(self.path)
            key = self._audit.get(key_id)
        if key is None:
            raise KeyUnavailable(key_id)
        mac = hmac.HMAC(key, hashes.SHA256())
        mac.update(message)
        return mac.finalize().hex()


_KEYRING = Keyring()


def use_key_file(path: Path) -> Keyring:
    """Load ``path`` (created 0600 when absent) into the process keyring and make its keys current."""
    _KEYRING.load(path)
    return _KEYRING


def keyring() -> Keyring:
    """The process keyring, loading the configured key file on first use."""
    if _KEYRING.path is None:
        from govhall.config import get_settings

        _KEYRING.load(get_settings().resolved_key_file)
    return _KEYRING


def key_id_of(stored: Any) -> str | None:
    """The data key id of a raw stored value (text or a JSON string), ``None`` for plain text."""
    if isinstance(stored, str):
        text = stored[1:] if stored.startswith('"') else stored
        match = TOKEN.match(text)
        return match.group(1) if match else None
    return None


class EncryptedString(TypeDecorator[str]):
    """A short personal string (ID number, phone) stored AES-GCM encrypted; equality queries can't work."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else keyring().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else keyring().decrypt(value)


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON document stored as one encrypted JSON string, so the column keeps its JSON type.

    Used for documents that are only ever loaded whole (form data, conversation state): nothing
    queries inside them, so encrypting the whole document hides every personal value, including
    free text a schema does not mark as personal.
    """

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return keyring().encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return json.loads(keyring().decrypt(value))
        return value


def encrypted_columns(metadata: MetaData) -> dict[Table, list[Column[Any]]]:
    """Every column of ``metadata`` stored encrypted, by table."""
    found: dict[Table, list[Column[Any]]] = {}
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, EncryptedString | EncryptedJSON)]
        if columns:
            found[table] = columns
    return found


@dataclass
class RotationReport:
    """What ``rotate_data_key`` / ``prune_data_keys`` did."""

    new_key: str = ""
    rows: int = 0
    removed: list[str] = field(default_factory=list)
    in_use: list[str] = field(default_factory=list)


def rotate_data_key(db: Session, metadata: MetaData, *, batch: int = 500) -> RotationReport:
    """Make a new data key current and re-encrypt every encrypted value with it.

    Old keys stay in the key file (still readable) until :func:`prune_data_keys`: workers that have
    not yet noticed the new key may still write with the old one for a moment.
    """
    ring = keyring()
    assert ring.path is not None
    keys = KeyFile.load(ring.path)
    report = RotationReport(new_key=keys.add_data_key())
    keys.save()
    ring.load(ring.path)
    for table, columns in encrypted_columns(metadata).items():
        (pk,) = table.primary_key.columns
        last: Any = None
        while True:
            query = select(pk, *columns).order_by(pk).limit(batch)
            if last is not None:
                query = query.where(pk > last)
            rows = db.execute(query).all()
            if not rows:
                break
            for row in rows:
                db.execute(
                    update(table).where(pk == row[0]).values({c.name: row[i + 1] for i, c in enumerate(columns)})
                )
            db.commit()
            report.rows += len(rows)
            last = rows[-1][0]
    return report


def keys_in_use(db: Session, metadata: MetaData) -> set[str]:
    """The data key ids that stored values still name."""
    used: set[str] = set()
    for columns in encrypted_columns(metadata).values():
        for column in columns:
            for (raw,) in db.execute(select(cast(column, Text).label("raw"))).yield_per(1000):
                key_id = key_id_of(raw)
                if key_id:
                    used.add(key_id)
    return used


def prune_data_keys(db: Session, metadata: MetaData) -> RotationReport:
    """Drop from the key file every data key that no stored value uses (never the current one)."""
    ring = keyring()
    assert ring.path is not None
    keys = KeyFile.load(ring.path)
    used = keys_in_use(db, metadata)
    report = RotationReport(new_key=keys.current, in_use=sorted(used))
    report.removed = sorted(k for k in keys.data if k != keys.current and k not in used)
    if report.removed:
        for key_id in report.removed:
            del keys.data[key_id]
        keys.save()
    return report
