"""A job queue in the database the product already has (no new server), shared by every capability.

Capabilities register a handler per job kind (``opinion`` its imports and analyses, ``policies`` its
dense vectors); ``govhall worker``, the in-process worker of ``govhall serve`` and the API's
after-response runs all claim from the one ``jobs`` table.
"""

from govhall.jobs.background import start_background
from govhall.jobs.models import Job, Schedule
from govhall.jobs.queue import (
    LEASE,
    JobContext,
    JobRun,
    claim,
    enqueue,
    get_job,
    job_dict,
    job_summary,
    register,
    registered_kinds,
    run_job,
    work,
    worker_name,
)

__all__ = [
    "LEASE",
    "Job",
    "JobContext",
    "JobRun",
    "Schedule",
    "claim",
    "enqueue",
    "get_job",
    "job_dict",
    "job_summary",
    "register",
    "registered_kinds",
    "run_job",
    "start_background",
    "work",
    "worker_name",
]
