"""Background jobs of every kind (policy-library vectors, opinion imports and analyses), for admins:
what is queued or running, with progress and an estimated time left."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from govhall import jobs
from govhall.accounts import Role
from govhall.api.deps import SessionDep, require_role
from govhall.api.responses import JobPublic, JobSummary

router = APIRouter(prefix="/api/jobs", tags=["后台任务"], dependencies=[require_role(Role.ADMIN)])  # type: ignore[list-item]


@router.get("", response_model=JobSummary)
def list_jobs(db: SessionDep, recent: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """``{"counts", "jobs"}``: counts by status, and the most recent jobs with progress, total and eta_seconds."""
    return jobs.job_summary(db, recent=recent)


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: Annotated[int, Path(ge=1, le=2**62)], db: SessionDep) -> dict[str, Any]:
    """One job with its progress, total, eta_seconds, result or error."""
    return jobs.job_dict(jobs.get_job(db, job_id))
