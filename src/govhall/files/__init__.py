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
)

__all__ = [
    "ALLOWED_TYPES",
    "FileStore",
    "StoredFile",
    "attach",
    "case_files",
    "check_upload",
    "discard",
    "get_file",
    "purge_unattached",
    "read_file",
    "unattached_files",
    "upload",
]
