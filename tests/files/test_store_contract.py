"""Both material-file stores keep :class:`tests.contracts.blob_store.BlobStoreContract`: the data
folder, and an S3-compatible bucket (a real local server, see ``tests/files/s3.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.config import Settings
from govhall.files import S3BlobStore, make_blob_store
from govhall.files.storage import BlobStore
from tests.contracts.blob_store import BlobStoreContract
from tests.files.s3 import SECRET_KEY, S3Server


class TestLocalStore(BlobStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> BlobStore:
        self.root = tmp_path / "data"
        return make_blob_store(Settings(data_dir=self.root))

    def check_kept(self, store: BlobStore, digest: str, data: bytes) -> None:
        path = self.root / "files" / digest[:2] / digest[2:4] / digest
        assert path.read_bytes() == data and path.stat().st_mode & 0o777 == 0o600


class TestS3Store(BlobStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path, s3_server: S3Server) -> BlobStore:
        self.server = s3_server
        return make_blob_store(Settings(data_dir=tmp_path / "data", **s3_server.settings(s3_server.bucket(), "p")))

    def check_kept(self, store: BlobStore, digest: str, data: bytes) -> None:
        assert isinstance(store, S3BlobStore) and list(self.server.objects(store.bucket)) == [f"p/ab/ab/{digest}"]
        assert SECRET_KEY not in repr(store)
