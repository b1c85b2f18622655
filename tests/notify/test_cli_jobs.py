"""``govhall jobs --add cases.deadline_warnings`` queues the daily warning pass; ``govhall worker --once`` runs it
and the outbound delivery (both kinds are registered in the worker)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from govhall.cli.main import app


def test_deadline_warnings_are_queued_and_run_by_the_worker(tmp_path: Path, sqlite_url: str) -> None:
    env = {"GOVHALL_DATA_DIR": str(tmp_path / "data"), "GOVHALL_DATABASE_URL": sqlite_url}
    runner = CliRunner()
    added = runner.invoke(app, ["jobs", "--add", "cases.deadline_warnings", "--json"], env=env)
    assert added.exit_code == 0, added.output
    assert "cases.deadline_warnings" in added.output
    unknown = runner.invoke(app, ["jobs", "--add", "no.such.kind"], env=env)
    assert unknown.exit_code == 2 and "未知的任务类型" in unknown.output
    ran = runner.invoke(app, ["worker", "--once"], env=env)
    assert ran.exit_code == 0, ran.output
    done = runner.invoke(app, ["jobs", "--json"], env=env)
    assert '"done"' in done.output and "cases.deadline_warnings" in done.output
