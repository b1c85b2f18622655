"""Accept, keep and hand out uploaded materials.

A file is checked before anything is written: not empty, not over the size limit, a plain file name
(no folder part), and a type recognised *by its content* (PDF, JPEG, PNG) — the name and the
browser's declared type are not trusted. Bytes are kept once per content hash, encrypted, in the
file store (the data folder, or an S3-compatible bucket by setting: ``storage``); rows hold who
uploaded what and the key. Only the uploader, the handling department (once a case has
taken the file) and administrators may read a file, and every read is audited. Anyone else gets
``NotFound``, so a file's existence is not revealed.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import filetype  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall import audit
from govhall.accounts.models import Role, User
from govhall.config import Settings
from govhall.db.engine import transaction
from govhall.errors import FileRejected, NotFound
from govhall.files.models import StoredFile
from govhall.files.storage import BlobStore, StorageUnavailable, make_blob_store

log = logging.getLogger("govhall.files")

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
MAX_NAME = 200


@dataclass(frozen=True)
class FileStore:
    """Where bytes go (a :class:`BlobStore`: the data folder or an S3 bucket) and how large one file may be."""

    blobs: BlobStore
    max_bytes: int
    # files uploaded but not (yet) part of any case, per user: enough for the largest application
    # and its retries, small enough that one account cannot fill the disk
    max_pending: int = 60

    @classmethod
    def from_settings(cls, settings: Settings) -> FileStore:
        """The store ``GOVHALL_FILE_STORE`` names, with the upload limits of ``settings``."""
        return cls(make_blob_store(settings), settings.max_upload_bytes, settings.max_pending_uploads)

    def write(self, sha256: str, data: bytes, key: bytes) -> None:
        """Encrypt with ``key`` (the hash as associated data) and hand the sealed bytes to the store."""
        nonce = secrets.token_bytes(12)
        self.blobs.put(sha256, nonce + AESGCM(key).encrypt(nonce, data, sha256.encode("ascii")))

    def read(self, sha256: str, key: bytes) -> bytes:
        sealed = self.blobs.get(sha256)
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], sha256.encode("ascii"))


def _clean_name(filename: str) -> str:
    name = unicodedata.normalize("NFC", filename or "").strip()
    if not name:
        raise FileRejected.of("file_name_invalid")
    if (
        any(ch in name for ch in "/\\\x00")
        or name in {".", ".."}
        or any(unicodedata.category(ch) == "Cc" for ch in name)
    ):
        raise FileRejected.of("file_name_invalid", "path")
    if len(name) > MAX_NAME:
        raise FileRejected.of("file_name_invalid", "too_long", limit=MAX_NAME)
    return name


def check_upload(filename: str, data: bytes, max_bytes: int) -> tuple[str, str]:
    """The cleaned name and the detected content type, or ``FileRejected`` (checked in this order)."""
    name = _clean_name(filename)
    if not data:
        raise FileRejected.of("file_empty", name=name)
    if len(data) > max_bytes:
        raise FileRejected.of("file_too_large", name=name, limit_kb=max_bytes // 1024)
    kind = filetype.guess(data)
    mime = kind.mime if kind is not None else ""
    if mime not in ALLOWED_TYPES:
        raise FileRejected.of("file_type_not_allowed", name=name)
    return name, str(mime)


def upload(db: Session, store: FileStore, owner: User, filename: str, data: bytes) -> StoredFile:
    """Check and keep one file for ``owner``; not attached to any case yet."""
    return upload_all(db, store, owner, [(filename, data)])[0]


def upload_all(db: Session, store: FileStore, owner: User, uploads: Sequence[tuple[str, bytes]]) -> list[StoredFile]:
    """Check and keep several files for ``owner`` as one: every blob is stored before any row is
    written, and the rows commit together, so a refused file or a store that fails midway leaves no
    row behind (nor a blob this call wrote and no row needs)."""
    checked = []
    for filename, data in uploads:
        name, mime = check_upload(filename, data, store.max_bytes)
        checked.append((name, mime, data, hashlib.sha256(data).hexdigest()))
    pending = select(func.count()).where(StoredFile.owner_id == owner.id, StoredFile.case_id.is_(None))
    if (db.scalar(pending) or 0) + len(checked) > store.max_pending:
        raise FileRejected.of("too_many_pending_files", limit=store.max_pending)
    keys: dict[str, str] = {}
    written: set[str] = set()
    try:
        for _name, _mime, data, digest in checked:
            if digest not in keys:
                keys[digest], fresh = _keep_blob(db, store, digest, data)
                if fresh:
                    written.add(digest)
    except StorageUnavailable:
        _drop_unused_bytes(db, store, written)
        raise
    rows = []
    with transaction(db):
        for name, mime, data, digest in checked:
            row = StoredFile(
                public_id=secrets.token_urlsafe(24),
                owner_id=owner.id,
                filename=name,
                content_type=mime,
                size=len(data),
                sha256=digest,
                data_key=keys[digest],
            )
            db.add(row)
            db.flush()
            audit.record(
                db,
                actor=owner,
                action="file.upload",
                target=f"file:{row.public_id}",
                details={"size": row.size, "type": mime, "sha256": digest},
            )
            rows.append(row)
    return rows


def _keep_blob(db: Session, store: FileStore, digest: str, data: bytes) -> tuple[str, bool]:
    """The data key of the blob of ``digest``, storing it first when the store lacks it; and
    whether this call wrote it. One blob per content: the same bytes again reuse the blob and its
    key, and a blob lost from the store is written again under the key its rows already hold."""
    known = db.scalar(select(StoredFile.data_key).where(StoredFile.sha256 == digest).limit(1))
    if known and store.blobs.exists(digest):
        return known, False
    key_text = known or base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")
    store.write(digest, data, base64.b64decode(key_text))
    return key_text, not known


def _may_read(user: User, row: StoredFile) -> bool:
    if row.owner_id == user.id:
        return True
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.CLERK and row.department is not None and row.department == user.department


def get_file(db: Session, user: User, public_id: str) -> StoredFile:
    """The file row if ``user`` may read it, else ``NotFound`` (no difference between 'absent' and 'not yours')."""
    row = db.scalar(select(StoredFile).where(StoredFile.public_id == public_id))
    if row is None or not _may_read(user, row):
        raise NotFound("材料文件", public_id[:12])
    return row


def read_file(db: Session, store: FileStore, user: User, public_id: str) -> tuple[StoredFile, bytes]:
    """The file and its bytes for ``user``; the read is audited in its own transaction."""
    row = get_file(db, user, public_id)
    data = store.read(row.sha256, base64.b64decode(row.data_key))
    with transaction(db):
        audit.record(db, actor=user, action="file.download", target=f"file:{row.public_id}")
    return row, data


def unattached_files(db: Session, owner: User, public_ids: list[str]) -> dict[str, StoredFile]:
    """The owner's files by id that no case has taken yet; any other id is ``NotFound``."""
    rows = {
        r.public_id: r
        for r in db.scalars(
            select(StoredFile).where(StoredFile.public_id.in_(public_ids), StoredFile.owner_id == owner.id)
        )
    }
    for public_id in public_ids:
        row = rows.get(public_id)
        if row is None or row.case_id is not None:
            raise NotFound("材料文件", public_id[:12])
    return rows


def attach(row: StoredFile, *, case_id: int, department: str, material: str, round: int) -> None:
    """Give the file to a case (inside the caller's transaction): from now on its department may read it."""
    row.case_id = case_id
    row.department = department
    row.material = material
    row.round = round


def case_files(db: Session, case_id: int) -> list[StoredFile]:
    return list(db.scalars(select(StoredFile).where(StoredFile.case_id == case_id).order_by(StoredFile.id)))


def discard(db: Session, store: FileStore, owner: User, public_ids: list[str]) -> None:
    """Delete the owner's unattached files (a refused form's uploads); bytes go when no row needs them."""
    if not public_ids:
        return
    rows = unattached_files(db, owner, public_ids)
    with transaction(db):
        for row in rows.values():
            db.delete(row)
            audit.record(db, actor=owner, action="file.discard", target=f"file:{row.public_id}")
    _drop_unused_bytes(db, store, {row.sha256 for row in rows.values()})


def _drop_unused_bytes(db: Session, store: FileStore, digests: set[str]) -> None:
    """Remove the stored bytes of each hash no row refers to any more (one blob serves every row
    with the same content, so a blob goes only with its last row). The rows are already gone, so a
    store that is down only leaves unreadable ciphertext behind (its key went with the rows): logged,
    not raised, and overwritten should the same content come again."""
    for digest in digests:
        if db.scalar(select(StoredFile.id).where(StoredFile.sha256 == digest).limit(1)) is None:
            try:
                store.blobs.delete(digest)
            except StorageUnavailable:
                log.warning("bytes of %s stay in the file store: it is unavailable", digest[:12])


def purge_unattached(db: Session, store: FileStore, before: datetime, *, batch: int = 500) -> int:
    """Delete files uploaded before ``before`` that never became part of a case (an application
    abandoned after its uploads), rows and bytes; audited per file as ``file.expire``. Returns how
    many went. Safe to run again: each pass only sees what is still there."""
    removed = 0
    while True:
        query = (
            select(StoredFile)
            .where(StoredFile.case_id.is_(None), StoredFile.created_at < before)
            .order_by(StoredFile.id)
            .limit(batch)
        )
        with transaction(db):
            rows = list(db.scalars(query))
            for row in rows:
                db.delete(row)
                audit.record(db, actor=None, action="file.expire", target=f"file:{row.public_id}")
        _drop_unused_bytes(db, store, {row.sha256 for row in rows})
        removed += len(rows)
        if len(rows) < batch:
            return removed
