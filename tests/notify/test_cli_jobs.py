"""``govhall jobs --add cases.deadline_warnings`` queues the daily warning pass; ``govhall worker --once`` runs it
(both hall job kinds are registered in the worker). Run as a user does: a subprocess."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import govhall


def test_deadline_warnings_are_queued_and_run_by_the_worker(tmp_path: Path, sqlite_url: str) -> None:
    assert sqlite_url.endswith("/govhall.db")  # the prepared database the subprocess opens
    added = govhall(tmp_path, "jobs", "--add", "cases.deadline_warnings", "--json", db="govhall.db")
    assert added.returncode == 0, added.stderr
    assert "cases.deadline_warnings" in added.stdout
    unknown = govhall(tmp_path, "jobs", "--add", "no.such.kind", db="govhall.db")
    assert unknown.returncode == 2 and "未知的任务类型" in unknown.stderr
    ran = govhall(tmp_path, "worker", "--once", db="govhall.db")
    assert ran.returncode == 0, ran.stderr
    done = govhall(tmp_path, "jobs", "--json", db="govhall.db")
    assert '"done"' in done.stdout and "cases.deadline_warnings" in done.stdout
