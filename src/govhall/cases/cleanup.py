"""The ``files.cleanup`` job: uploads never attached to a submitted case are deleted once they are
older than ``upload_retention_hours`` (24 h by default), so abandoned applications do not keep
people's documents. Registered here rather than in ``files`` because ``files`` sits below ``jobs``
in the import arrows; ``govhall worker`` (or a scheduler that enqueues it) runs it like any job.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from govhall import files, jobs
from govhall.db import utcnow

CLEANUP_JOB = "files.cleanup"


def _run(run: jobs.JobRun) -> dict[str, Any]:
    settings = run.context.settings
    if settings is None:  # a context built without settings has no data folder to clean
        return {"deleted": 0}
    store = files.FileStore.from_settings(settings)
    before = utcnow() - timedelta(hours=settings.upload_retention_hours)
    return {"deleted": files.purge_unattached(run.db, store, before), "before": before.isoformat(timespec="seconds")}


jobs.register(CLEANUP_JOB, _run)
