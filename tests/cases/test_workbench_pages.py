"""The clerk workbench (SQLite, real app): pending by default, masked applicant, working days left with
near-deadline highlighting, filters and sorting, timelines with display names."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from govhall.accounts import Role
from govhall.cases import Case, local_date
from govhall.db import transaction, utcnow
from govhall.web import create_app
from tests.conftest import PASSWORD, ApiClient, make_settings
from tests.files.samples import apply


def _browser(client: ApiClient, username: str) -> TestClient:
    http = TestClient(client.http.app, raise_server_exceptions=False)
    assert (
        http.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False).status_code
        == 303
    )
    return http


def test_queue_shows_pending_masked_applicants_and_days_left(tmp_path: Path, sqlite_url: str) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, sqlite_url)))
    citizen = client.user()
    factory = client.http.app.state.session_factory  # type: ignore[attr-defined]
    codes = ("dibao", "elderly-allowance", "dibao")
    numbers = [apply(client.http, citizen, code, seed=6 + n).json()["number"] for n, code in enumerate(codes)]
    clerk_headers = client.user(Role.CLERK, "民政局")
    clerk = _browser(client, f"clerk{client._n}")
    for action in ("accept", "approve", "complete"):
        client.http.post(f"/api/cases/{numbers[2]}/actions", json={"action": action}, headers=clerk_headers)
    with factory() as db, transaction(db):
        near = db.scalars(select(Case).where(Case.number == numbers[0])).one()
        near.deadline = local_date(utcnow())

    page = clerk.get("/clerk/queue").text
    assert numbers[0] in page and numbers[1] in page and numbers[2] not in page, "finished cases are not 待办"
    assert "用户1" not in page and '<td data-label="申请人">用*1</td>' in page, "applicant masked"
    assert 'class="near"' in page or 'class="overdue"' in page
    assert "个工作日" in page
    everything = clerk.get("/clerk/queue?state=").text
    assert numbers[2] in everything
    only_elderly = clerk.get("/clerk/queue?item=elderly-allowance").text
    assert numbers[1] in only_elderly and numbers[0] not in only_elderly
    newest_first = clerk.get("/clerk/queue?sort=-submitted").text
    assert newest_first.index(numbers[1]) < newest_first.index(numbers[0])
    bad = clerk.get("/clerk/queue?sort=evil")
    assert bad.status_code == 400 and "未知的排序方式" in bad.text

    timeline = clerk.get(f"/cases/{numbers[2]}").text
    events = timeline[timeline.index('class="events"') :]
    assert "申请人" in events and f"用户{client._n}" in events, "display names, not login names"
    assert f"clerk{client._n}" not in events
