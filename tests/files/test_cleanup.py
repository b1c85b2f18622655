"""The ``files.cleanup`` job over the real app and queue (SQLite file): uploads that never became
part of a submitted case are deleted after ``upload_retention_hours``, rows and bytes; attached files,
recent uploads and a blob still shared with an attached file stay."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select, update

from govhall import jobs
from govhall.accounts import Role
from govhall.cases import CLEANUP_JOB
from govhall.config import Settings
from govhall.db import transaction, utcnow
from govhall.files import StoredFile
from govhall.samples import make_person, sample_form_data
from tests.conftest import ApiClient
from tests.files.samples import PDF, PNG, required_materials

ITEM = "complaint-12345"  # one required material


def _upload(client: ApiClient, headers: dict[str, str], name: str, body: bytes) -> str:
    response = client.http.post("/api/files", files={"file": (name, body, "application/pdf")}, headers=headers)
    assert response.status_code == 201, response.text
    file_id: str = response.json()["id"]
    return file_id


def _run_cleanup(client: ApiClient, settings: Settings) -> dict[str, object]:
    factory = client.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        job_id = jobs.enqueue(db, CLEANUP_JOB, {}).id
    assert jobs.work(factory, jobs.JobContext.from_settings(settings), once=True) >= 1
    with factory() as db:
        job = jobs.get_job(db, job_id)
        assert job.status == "done", job.error
        result: dict[str, object] = dict(job.result or {})
    return result


def test_cleanup_deletes_only_old_unattached_uploads(client: ApiClient) -> None:
    citizen = client.user()
    settings: Settings = client.http.app.state.settings  # type: ignore[attr-defined]
    form = client.http.get(f"/api/catalog/items/{ITEM}").json()["form"]
    rng = random.Random(3)
    materials = required_materials(client.http, citizen, ITEM)
    attached = materials[0]["file_id"]
    case = {"item_code": ITEM, "data": sample_form_data(form, make_person(rng), rng), "materials": materials}
    assert client.http.post("/api/cases", json=case, headers=citizen).status_code == 201
    abandoned = _upload(client, citizen, "草稿.png", PNG)
    same_bytes = _upload(client, citizen, "副本.pdf", PDF + b"% material 0\n")  # the attached file's content
    recent = _upload(client, citizen, "刚传的.pdf", PDF)
    factory = client.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db, transaction(db):
        old = utcnow() - timedelta(hours=25)
        db.execute(update(StoredFile).where(StoredFile.public_id != recent).values(created_at=old))
        blob = db.scalar(select(StoredFile.sha256).where(StoredFile.public_id == abandoned))
    assert blob is not None
    blob_path = settings.resolved_files_dir / blob[:2] / blob[2:4] / blob
    assert blob_path.exists()

    kept_longer = settings.model_copy(update={"upload_retention_hours": 48})
    assert _run_cleanup(client, kept_longer)["deleted"] == 0, "25 hours is within a 48-hour retention"
    assert _run_cleanup(client, settings)["deleted"] == 2
    assert client.http.get(f"/api/files/{abandoned}", headers=citizen).status_code == 404
    assert client.http.get(f"/api/files/{same_bytes}", headers=citizen).status_code == 404
    assert not blob_path.exists(), "the abandoned file's bytes are gone"
    assert client.http.get(f"/api/files/{recent}", headers=citizen).status_code == 200
    content = client.http.get(f"/api/files/{attached}/content", headers=citizen)
    assert content.status_code == 200 and content.content == PDF + b"% material 0\n", "a shared blob stays"
    assert _run_cleanup(client, settings)["deleted"] == 0, "a second run finds nothing"
    log = client.http.get("/api/audit", params={"target": f"file:{abandoned}"}, headers=client.user(Role.ADMIN))
    assert log.status_code == 200 and "file.expire" in [e["action"] for e in log.json()]
