"""Material files survive a data-key rotation and a prune: their keys live in an encrypted column."""

from __future__ import annotations

from pathlib import Path

from govhall.db import Base
from govhall.db.crypto import keys_in_use, prune_data_keys, rotate_data_key
from govhall.web import create_app
from tests.conftest import ApiClient, make_settings
from tests.files.samples import PDF


def test_download_after_key_rotation_and_prune(tmp_path: Path, sqlite_url: str) -> None:
    hall = ApiClient(create_app(make_settings(tmp_path, sqlite_url)))
    citizen = hall.user()
    file_id = hall.http.post("/api/files", files={"file": ("a.pdf", PDF, "application/pdf")}, headers=citizen).json()[
        "id"
    ]
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        before = keys_in_use(db, Base.metadata)
        rotate_data_key(db, Base.metadata)
        prune_data_keys(db, Base.metadata)
        assert keys_in_use(db, Base.metadata).isdisjoint(before)
    assert hall.http.get(f"/api/files/{file_id}/content", headers=citizen).content == PDF
