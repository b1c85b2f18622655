"""``GET /api/jobs``: admins see every kind of background job with progress, total and ETA."""

from __future__ import annotations

from datetime import timedelta

from govhall import jobs, policies
from govhall.accounts import Role
from govhall.db import transaction, utcnow
from tests.conftest import ApiClient


def test_admins_see_progress_and_eta_others_do_not(client: ApiClient) -> None:
    factory = client.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        job = jobs.enqueue(db, policies.VECTOR_JOB, {"embedder": "hash"})
        with transaction(db):
            job.status, job.worker, job.progress, job.total = "running", "elsewhere:1", 250, 1000
            job.started_at = job.heartbeat_at = utcnow() - timedelta(seconds=10)
        job_id = job.id

    admin = client.user(Role.ADMIN)
    listing = client.http.get("/api/jobs", headers=admin)
    assert listing.status_code == 200
    (shown,) = [j for j in listing.json()["jobs"] if j["id"] == job_id]
    assert shown["kind"] == "policy_vectors" and shown["progress"] == 250 and shown["total"] == 1000
    assert 20 <= shown["eta_seconds"] <= 40  # 250 in ~10 s: ~30 s for the remaining 750
    assert listing.json()["counts"]["running"] >= 1
    assert client.http.get(f"/api/jobs/{job_id}", headers=admin).json()["id"] == job_id
    missing = client.http.get("/api/jobs/999999", headers=admin)
    assert missing.status_code == 404 and missing.json()["error"]["message"]

    for role in (Role.CITIZEN, Role.CLERK):
        assert client.http.get("/api/jobs", headers=client.user(role, "民政局")).status_code == 403
    assert client.http.get("/api/jobs").status_code == 401
