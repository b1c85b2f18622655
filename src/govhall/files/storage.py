"""Where the (already encrypted) bytes of a material live: the data folder or an S3-compatible store.

A :class:`BlobStore` keeps one blob per content hash and knows nothing of rows, owners or keys: the
service encrypts before ``put`` and decrypts after ``get``, so an object store only ever holds
ciphertext whose key sits in the database. Stores are named backends in
:data:`govhall.registry.FILE_STORES`, picked by ``GOVHALL_FILE_STORE``. Each factory checks its
settings (an ``s3`` store without an endpoint or bucket, or without the ``minio`` package, is a
``ValueError`` that stops start-up with exit 2) and opens no connection, so the settings check can
call it.

An outage of the object store is :class:`StorageUnavailable` (HTTP 503 in the one error shape, with a
Chinese message), never a traceback; the service writes bytes before any row, so a failed ``put``
leaves no half-written upload behind.
"""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from govhall.config import Settings
from govhall.errors import GovhallError, message_for
from govhall.registry import FILE_STORES

if TYPE_CHECKING:
    from minio import Minio

log = logging.getLogger("govhall.files")

# a citizen's upload waits on these, so a store that is down fails within seconds rather than after
# minio's default five retries of five-minute timeouts: a refused or lost connection is tried three
# times (5 s each at most), a server that accepts but does not answer is not asked again; 20 s still
# carries the largest material (GOVHALL_MAX_UPLOAD_BYTES) over any working link
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
RETRIES = 2
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
"""S3's rule for bucket names (checked when the settings load, not at a citizen's first upload)."""


class StorageUnavailable(GovhallError):
    """The file store cannot be reached or refused the operation: an outage of the installation."""

    status = 503

    def __init__(self) -> None:
        super().__init__("file_store_unavailable", message_for("file_store_unavailable"))


class BlobMissing(GovhallError):
    """A row refers to bytes the store no longer has (a restored database with an older store)."""

    status = 503

    def __init__(self) -> None:
        super().__init__("file_content_missing", message_for("file_content_missing"))


class BlobStore(Protocol):
    """Bytes by SHA-256 hex digest. ``put`` replaces, ``delete`` of an absent blob is no error."""

    def put(self, digest: str, data: bytes) -> None: ...

    def get(self, digest: str) -> bytes:
        """The blob's bytes; :class:`BlobMissing` when there is none."""
        ...

    def exists(self, digest: str) -> bool: ...

    def delete(self, digest: str) -> None: ...


def blob_name(digest: str) -> str:
    """``ab/cd/abcd…``: two levels of fan-out keep any one folder (or listing page) small."""
    return f"{digest[:2]}/{digest[2:4]}/{digest}"


class LocalBlobStore:
    """Blobs as files under the data folder (the default): 0600 files in 0700 folders."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, digest: str) -> Path:
        return self.root / blob_name(digest)

    def put(self, digest: str, data: bytes) -> None:
        """Write atomically (temp file + rename), so a reader never sees half a blob."""
        target = self.path_for(digest)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = target.with_name(f".{digest}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)

    def get(self, digest: str) -> bytes:
        try:
            return self.path_for(digest).read_bytes()
        except FileNotFoundError:
            raise BlobMissing() from None

    def exists(self, digest: str) -> bool:
        return self.path_for(digest).exists()

    def delete(self, digest: str) -> None:
        self.path_for(digest).unlink(missing_ok=True)


class S3BlobStore:
    """Blobs as objects ``<prefix>ab/cd/abcd…`` in one bucket of an S3-compatible server (MinIO,
    Ceph, OSS/COS S3 endpoints). The bucket must exist; the client holds the secret, this object
    does not, so neither its repr nor a log line can show it."""

    def __init__(self, client: Minio, bucket: str, prefix: str, endpoint: str) -> None:
        self._client = client
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint = endpoint

    def __repr__(self) -> str:
        return f"S3BlobStore({self.endpoint}/{self.bucket}/{self.prefix})"

    def object_name(self, digest: str) -> str:
        return self.prefix + blob_name(digest)

    def _failed(self, operation: str, exc: Exception) -> StorageUnavailable:
        # the endpoint, bucket and error text; never credentials (the client keeps those)
        log.warning("file store s3 %s failed at %r: %s: %s", operation, self, type(exc).__name__, exc)
        if operation == "put":
            return StorageUnavailable.of("file_store_unavailable", "not_saved")
        return StorageUnavailable()

    def put(self, digest: str, data: bytes) -> None:
        try:
            self._client.put_object(self.bucket, self.object_name(digest), io.BytesIO(data), len(data))
        except _outages() as exc:
            raise self._failed("put", exc) from None

    def get(self, digest: str) -> bytes:
        from minio.error import S3Error

        try:
            response = self._client.get_object(self.bucket, self.object_name(digest))
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()
        except S3Error as exc:
            if exc.code == "NoSuchKey":
                raise BlobMissing() from None
            raise self._failed("get", exc) from None
        except _outages() as exc:
            raise self._failed("get", exc) from None

    def exists(self, digest: str) -> bool:
        from minio.error import S3Error

        try:
            self._client.stat_object(self.bucket, self.object_name(digest))
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NotFound"):
                return False
            raise self._failed("stat", exc) from None
        except _outages() as exc:
            raise self._failed("stat", exc) from None
        return True

    def delete(self, digest: str) -> None:
        try:
            self._client.remove_object(self.bucket, self.object_name(digest))
        except _outages() as exc:
            raise self._failed("delete", exc) from None


def _outages() -> tuple[type[Exception], ...]:
    """What a store that is down, unreachable or refusing raises through minio and urllib3."""
    import urllib3
    from minio.error import MinioException

    return (MinioException, urllib3.exceptions.HTTPError, OSError)


def s3_location(endpoint: str) -> tuple[str, bool]:
    """``host:port`` and whether to use TLS, from ``http(s)://host:port``; ``ValueError`` otherwise."""
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"设置 GOVHALL_S3_ENDPOINT“{endpoint}”应为 http(s)://主机:端口 (expected http(s)://host:port)")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(
            f"设置 GOVHALL_S3_ENDPOINT“{endpoint}”只能写 http(s)://主机:端口，不含路径、参数或账号"
            " (only scheme, host and port; the bucket goes in GOVHALL_S3_BUCKET)"
        )
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"设置 GOVHALL_S3_ENDPOINT“{endpoint}”的端口无效 (invalid port)") from None
    host = parts.netloc if port is not None else parts.hostname
    return host, parts.scheme == "https"


@lru_cache(maxsize=8)
def _client(host: str, secure: bool, access_key: str, secret_key: str, region: str) -> Minio:
    """One client (and connection pool) per store configuration, shared by every request."""
    try:
        import certifi
        import urllib3
        from minio import Minio
    except ImportError:
        raise ValueError(
            "GOVHALL_FILE_STORE=s3 需要 minio 软件包，请安装 govhall 的 s3 附加依赖或 pip install minio"
            " (the s3 file store needs the minio package: install the s3 extra of govhall, or pip install minio)"
        ) from None
    http = urllib3.PoolManager(
        timeout=urllib3.util.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT),
        maxsize=10,
        cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        retries=urllib3.Retry(
            total=RETRIES, read=0, backoff_factor=0.1, status_forcelist=[500, 502, 503, 504], raise_on_status=False
        ),
    )
    return Minio(
        host,
        access_key=access_key or None,
        secret_key=secret_key or None,
        secure=secure,
        region=region or None,
        http_client=http,
    )


@FILE_STORES.register("local")
def local_store(settings: Settings) -> BlobStore:
    """Today's behaviour: files under ``DATA_DIR/files``."""
    return LocalBlobStore(settings.resolved_files_dir)


@FILE_STORES.register("s3")
def s3_store(settings: Settings) -> BlobStore:
    """An S3-compatible bucket; checks the settings and builds the client without connecting."""
    missing = [
        name for name, value in (("ENDPOINT", settings.s3_endpoint), ("BUCKET", settings.s3_bucket)) if not value
    ]
    if missing:
        names = "、".join(f"GOVHALL_S3_{name}" for name in missing)
        raise ValueError(f"GOVHALL_FILE_STORE=s3 时必须设置 {names} (the s3 file store needs {names})")
    if not BUCKET_NAME.fullmatch(settings.s3_bucket):
        raise ValueError(
            f"设置 GOVHALL_S3_BUCKET“{settings.s3_bucket}”不是有效的存储桶名称（3–63 个小写字母、数字、点或连字符）"
            " (not a valid bucket name)"
        )
    host, secure = s3_location(settings.s3_endpoint)
    secret = settings.s3_secret_key.get_secret_value()
    client = _client(host, secure, settings.s3_access_key, secret, settings.s3_region)
    prefix = settings.s3_prefix.strip().strip("/")
    return S3BlobStore(client, settings.s3_bucket, f"{prefix}/" if prefix else "", settings.s3_endpoint.rstrip("/"))


def make_blob_store(settings: Settings) -> BlobStore:
    """The store ``GOVHALL_FILE_STORE`` names."""
    factory: Any = FILE_STORES.get(settings.file_store)
    store: BlobStore = factory(settings)
    return store
