"""Uploaded materials: content-type checks, storage by content hash, access by owner and department."""

from govhall.files.models import StoredFile
from govhall.files.service import (
    ALLOWED_TYPES,
    FileStore,
    attach,
    case_files,
    check_upload,
    discard,
    get_file,
    purge_unattached,
    read_file,
    unattached_files,
    upload,
    upload_all,
)
from govhall.files.storage import (
    BlobMissing,
    BlobStore,
    LocalBlobStore,
    S3BlobStore,
    StorageUnavailable,
    make_blob_store,
)

__all__ = [
    "ALLOWED_TYPES",
    "BlobMissing",
    "BlobStore",
    "FileStore",
    "LocalBlobStore",
    "S3BlobStore",
    "StorageUnavailable",
    "StoredFile",
    "attach",
    "case_files",
    "check_upload",
    "discard",
    "get_file",
    "make_blob_store",
    "purge_unattached",
    "read_file",
    "unattached_files",
    "upload",
    "upload_all",
]
