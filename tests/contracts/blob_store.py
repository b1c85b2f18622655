"""``BlobStoreContract``: what every material-file store (``govhall.registry.FILE_STORES``) promises.

A backend's test subclasses it and provides ``store`` (a store of that kind, empty) and may extend
:meth:`BlobStoreContract.check_kept` with where its bytes land. The promises are the ones
:mod:`govhall.files.service` relies on, so the service cannot tell the stores apart: put / get /
exists / delete by content hash, a second put replaces, deleting what is gone is no error, and a
blob that is not there is :class:`~govhall.files.BlobMissing`.
"""

from __future__ import annotations

import pytest

from govhall.files import BlobMissing
from govhall.files.storage import BlobStore

DIGEST = "ab" * 32


class BlobStoreContract:
    @pytest.fixture
    def store(self) -> BlobStore:
        raise NotImplementedError

    def check_kept(self, store: BlobStore, digest: str, data: bytes) -> None:
        """Where a backend keeps ``data`` (its own layout, permissions, secrets hidden); nothing by default."""

    def test_put_get_exists_by_content_hash(self, store: BlobStore) -> None:
        assert not store.exists(DIGEST)
        store.put(DIGEST, b"sealed bytes")
        assert store.exists(DIGEST) and store.get(DIGEST) == b"sealed bytes"
        self.check_kept(store, DIGEST, b"sealed bytes")

    def test_a_second_put_replaces(self, store: BlobStore) -> None:
        store.put(DIGEST, b"first")
        store.put(DIGEST, b"again")
        assert store.get(DIGEST) == b"again"

    def test_delete_twice_and_a_missing_blob_is_blob_missing(self, store: BlobStore) -> None:
        store.put(DIGEST, b"sealed bytes")
        store.delete(DIGEST)
        store.delete(DIGEST)  # deleting what is gone is no error
        assert not store.exists(DIGEST)
        with pytest.raises(BlobMissing):
            store.get(DIGEST)
