"""Material files in an S3-compatible store (``GOVHALL_FILE_STORE=s3``) against a real local S3
server (moto's), through the real app over HTTP: the same checks, access rules, audit, dedup and
cleanup as the data folder; an outage is a clear 503 and leaves no half-written upload."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from govhall import jobs
from govhall.accounts import Role
from govhall.cases import CLEANUP_JOB, Case
from govhall.config import Settings
from govhall.db import transaction, utcnow
from govhall.files import StoredFile
from govhall.web import create_app
from tests.conftest import ApiClient, make_settings
from tests.files.s3 import SECRET_KEY, S3Server
from tests.files.samples import EXE, PDF, PNG, hall_login, page_form

PREFIX = "materials/"


PAGE_ITEM = "unemployment-benefit"


def _hall(tmp_path: Path, url: str, server: S3Server, bucket: str, **overrides: Any) -> ApiClient:
    return ApiClient(create_app(make_settings(tmp_path, url, **server.settings(bucket, PREFIX), **overrides)))


def _upload(hall: ApiClient, who: dict[str, str], data: bytes, name: str = "材料.pdf") -> Any:
    return hall.http.post("/api/files", files={"file": (name, data, "application/pdf")}, headers=who)


def _rows(hall: ApiClient) -> int:
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        return db.scalar(select(func.count()).select_from(StoredFile)) or 0


def _audit(hall: ApiClient, file_id: str) -> list[str]:
    log = hall.http.get("/api/audit", params={"target": f"file:{file_id}"}, headers=hall.user(Role.ADMIN))
    assert log.status_code == 200, log.text
    return [entry["action"] for entry in log.json()]


def _assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "file_store_unavailable"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), "message in Chinese"
    assert "Traceback" not in response.text


def test_upload_and_download_through_the_bucket(
    tmp_path: Path, db_url: str, s3_server: S3Server, caplog: pytest.LogCaptureFixture
) -> None:
    bucket = s3_server.bucket()
    hall = _hall(tmp_path, db_url, s3_server, bucket)
    owner, stranger = hall.user(), hall.user()
    body = PDF + b"% s3 round trip\n"
    uploaded = _upload(hall, owner, body)
    assert uploaded.status_code == 201, uploaded.text
    file_id = uploaded.json()["id"]

    objects = s3_server.objects(bucket)
    assert len(objects) == 1
    [(name, sealed)] = objects.items()
    assert name.startswith(PREFIX) and len(name.rsplit("/", 1)[1]) == 64, "named by the content hash"
    assert body not in sealed and len(sealed) == len(body) + 28, "the bucket holds AES-GCM ciphertext only"
    assert not (tmp_path / "data" / "files").exists(), "nothing goes to the data folder"

    content = hall.http.get(f"/api/files/{file_id}/content", headers=owner)
    assert content.status_code == 200 and content.content == body
    assert content.headers["content-type"] == "application/pdf"
    assert hall.http.get(f"/api/files/{file_id}/content", headers=stranger).status_code == 404
    assert _audit(hall, file_id).count("file.download") == 1, "the owner's read is audited, a refusal reads nothing"
    assert SECRET_KEY not in caplog.text


def test_the_same_content_is_one_object(tmp_path: Path, sqlite_url: str, s3_server: S3Server) -> None:
    bucket = s3_server.bucket()
    hall = _hall(tmp_path, sqlite_url, s3_server, bucket)
    first, second = hall.user(), hall.user()
    ids = [_upload(hall, who, PNG, "照片.png").json()["id"] for who in (first, first, second)]
    assert len(set(ids)) == 3 and _rows(hall) == 3
    assert len(s3_server.objects(bucket)) == 1
    for who, file_id in zip((first, first, second), ids, strict=True):
        assert hall.http.get(f"/api/files/{file_id}/content", headers=who).content == PNG


def test_a_lost_object_is_a_503_and_the_same_upload_restores_it(
    tmp_path: Path, sqlite_url: str, s3_server: S3Server
) -> None:
    """An object removed behind the hall's back (a bucket restored from an older backup) is said as
    such; the next upload of the same bytes writes it again under the key the old rows hold."""
    bucket = s3_server.bucket()
    hall = _hall(tmp_path, sqlite_url, s3_server, bucket)
    citizen = hall.user()
    first = _upload(hall, citizen, PDF).json()["id"]
    [name] = s3_server.objects(bucket)
    s3_server.client().remove_object(bucket, name)
    lost = hall.http.get(f"/api/files/{first}/content", headers=citizen)
    assert lost.status_code == 503 and lost.json()["error"]["code"] == "file_content_missing"
    second = _upload(hall, citizen, PDF).json()["id"]
    assert list(s3_server.objects(bucket)) == [name]
    for file_id in (first, second):
        assert hall.http.get(f"/api/files/{file_id}/content", headers=citizen).content == PDF


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("申请书.pdf", EXE, 415, "file_type_not_allowed"),
        ("空文件.pdf", b"", 400, "file_empty"),
        ("大文件.pdf", PDF + b"0" * 4096, 413, "file_too_large"),
        ("../a.pdf", PDF, 400, "file_name_invalid"),
    ],
)
def test_refused_files_reach_no_bucket(
    tmp_path: Path, sqlite_url: str, s3_server: S3Server, name: str, data: bytes, status: int, code: str
) -> None:
    bucket = s3_server.bucket()
    hall = _hall(tmp_path, sqlite_url, s3_server, bucket, max_upload_bytes=4096)
    response = _upload(hall, hall.user(), data, name)
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert _rows(hall) == 0 and s3_server.objects(bucket) == {}


def test_cleanup_deletes_the_object(tmp_path: Path, sqlite_url: str, s3_server: S3Server) -> None:
    bucket = s3_server.bucket()
    hall = _hall(tmp_path, sqlite_url, s3_server, bucket)
    citizen = hall.user()
    abandoned = _upload(hall, citizen, PDF + b"% abandoned\n").json()["id"]
    recent = _upload(hall, citizen, PDF + b"% recent\n").json()["id"]
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db, transaction(db):
        old = utcnow() - timedelta(hours=25)
        db.execute(update(StoredFile).where(StoredFile.public_id == abandoned).values(created_at=old))
    assert len(s3_server.objects(bucket)) == 2

    settings: Settings = hall.http.app.state.settings  # type: ignore[attr-defined]
    with factory() as db:
        job_id = jobs.enqueue(db, CLEANUP_JOB, {}).id
    assert jobs.work(factory, jobs.JobContext.from_settings(settings), once=True) >= 1
    with factory() as db:
        job = jobs.get_job(db, job_id)
        assert job.status == "done" and (job.result or {})["deleted"] == 1, job.error
    assert len(s3_server.objects(bucket)) == 1
    assert hall.http.get(f"/api/files/{recent}/content", headers=citizen).content == PDF + b"% recent\n"
    assert "file.expire" in _audit(hall, abandoned)


def test_a_store_that_is_down_is_a_503_and_stores_nothing(
    tmp_path: Path, sqlite_url: str, s3_down: S3Server, caplog: pytest.LogCaptureFixture
) -> None:
    bucket = s3_down.bucket()
    hall = _hall(tmp_path, sqlite_url, s3_down, bucket)
    citizen = hall.user()
    kept = _upload(hall, citizen, PDF).json()["id"]
    s3_down.stop()

    with caplog.at_level(logging.WARNING, logger="govhall.files"):
        _assert_unavailable(_upload(hall, citizen, PNG, "照片.png"))
        _assert_unavailable(hall.http.get(f"/api/files/{kept}/content", headers=citizen))
    assert _rows(hall) == 1, "the failed upload left no row"
    assert "file store s3" in caplog.text and s3_down.endpoint in caplog.text
    assert SECRET_KEY not in caplog.text, "the secret is never logged"
    assert _audit(hall, kept).count("file.download") == 0, "an unread file is not recorded as read"


def test_an_application_page_with_files_while_the_store_is_down(
    tmp_path: Path, sqlite_url: str, s3_down: S3Server
) -> None:
    bucket = s3_down.bucket()
    hall = _hall(tmp_path, sqlite_url, s3_down, bucket)
    citizen, token = hall_login(hall)
    materials = hall.http.get(f"/api/catalog/items/{PAGE_ITEM}").json()["materials"]
    required = [i for i, m in enumerate(materials) if m["required"]]
    files = {
        f"m{required[0]}": ("身份证.pdf", PDF, "application/pdf"),
        f"m{required[1]}": ("银行卡.png", PNG, "image/png"),
    }
    s3_down.stop()
    page = citizen.post(
        f"/items/{PAGE_ITEM}/apply",
        data={**page_form(citizen, PAGE_ITEM), "csrf": token},
        files=files,
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert page.status_code == 503 and "材料存储服务暂时不可用" in page.text and "Traceback" not in page.text
    assert _rows(hall) == 0, "neither file nor case was kept"
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(Case)) == 0
