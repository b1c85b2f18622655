"""Monitoring over HTTP stays within an analyst's remit: schedules of opinion kinds only, params
checked by the kind when the schedule is added, a ``path`` inside the import folder, feed URLs off
the server's own network, and a search's last day that cannot overflow. Real HTTP over the real app."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

import govhall.cases.reminders  # registers cases.deadline_warnings, an administrator's schedule
import govhall.opinion.alerting  # registers the opinion.* kinds
from govhall.accounts import Role
from govhall.api.app import create_app
from govhall.jobs import schedule
from tests.conftest import ApiClient, make_settings

assert govhall.cases.reminders and govhall.opinion.alerting


@pytest.fixture
def web(tmp_path: Path, sqlite_url: str) -> tuple[ApiClient, FastAPI]:
    settings = make_settings(tmp_path, sqlite_url, import_dir=tmp_path / "import", collector_allow_private=False)
    app = create_app(settings)
    (tmp_path / "import").mkdir()
    return ApiClient(app), app


def _post(client: ApiClient, headers: dict[str, str], **body: object) -> tuple[int, dict[str, object]]:
    response = client.http.post("/api/schedules", json=body, headers=headers)
    return response.status_code, response.json()


def test_an_analyst_cannot_schedule_the_import_of_any_server_file(
    web: tuple[ApiClient, FastAPI], tmp_path: Path
) -> None:
    client, _ = web
    analyst, admin = client.user(Role.ANALYST), client.user(Role.ADMIN)
    secret = tmp_path / "secret.csv"
    secret.write_text("id,time,text\n1,2026-12-01 10:00,不该被导入\n", encoding="utf-8")
    for who in (analyst, admin):
        status, body = _post(client, who, name="偷读", kind="ingest", cron="* * * * *", params={"path": str(secret)})
        assert status == 400 and body["error"]["code"] == "path_not_allowed", body  # type: ignore[index]
    (tmp_path / "import" / "daily.csv").write_text(secret.read_text(encoding="utf-8"), encoding="utf-8")
    status, body = _post(client, analyst, name="每日", kind="ingest", cron="0 6 * * *", params={"path": "daily.csv"})
    assert status == 201, body
    assert body["params"]["path"] == str((tmp_path / "import" / "daily.csv").resolve())  # type: ignore[index]
    status, body = _post(client, analyst, name="缺文件", kind="ingest", cron="0 6 * * *", params={"path": "no.csv"})
    assert status == 400 and body["error"]["code"] == "file_not_found"  # type: ignore[index]


def test_params_are_checked_by_the_job_kind_when_a_schedule_is_added(web: tuple[ApiClient, FastAPI]) -> None:
    client, _ = web
    analyst = client.user(Role.ANALYST)
    for params in ({"k": "many"}, {"k": 1000}, {"by": "moon"}):
        status, body = _post(client, analyst, name="分析", kind="analyze", cron="0 * * * *", params=params)
        assert status == 400 and body["error"]["code"] == "bad_params", body  # type: ignore[index]
    status, body = _post(client, analyst, name="采集", kind="opinion.collect", cron="0 * * * *", params={"source": 7})
    assert status == 400 and body["error"]["code"] == "bad_params"  # type: ignore[index]
    status, _ = _post(client, analyst, name="分析", kind="analyze", cron="0 * * * *", params={"k": 6, "by": "total"})
    assert status == 201


def test_only_an_administrator_manages_schedules_outside_opinion(web: tuple[ApiClient, FastAPI]) -> None:
    client, app = web
    analyst, admin = client.user(Role.ANALYST), client.user(Role.ADMIN)
    with app.state.session_factory() as db:
        schedule.add_schedule(db, "deadline-warnings", "cases.deadline_warnings", "0 8 * * *")
    status, body = _post(client, analyst, name="清理", kind="cases.deadline_warnings", cron="* * * * *")
    assert status == 403 and "管理员" in body["error"]["message"]  # type: ignore[index]
    for action in ("disable", "enable"):
        refused = client.http.post(f"/api/schedules/deadline-warnings/{action}", headers=analyst)
        assert refused.status_code == 403
    off = client.http.post("/api/schedules/deadline-warnings/disable", headers=admin)
    assert off.status_code == 200 and off.json()["enabled"] is False
    status, _ = _post(client, admin, name="临期", kind="cases.deadline_warnings", cron="0 9 * * *")
    assert status == 201
    status, _ = _post(client, analyst, name="扫描", kind="opinion.scan", cron="*/5 * * * *")
    assert status == 201
    assert client.http.post("/api/schedules/扫描/disable", headers=analyst).status_code == 200


def test_a_feed_on_the_servers_own_network_is_refused_over_http(web: tuple[ApiClient, FastAPI]) -> None:
    client, _ = web
    analyst = client.user(Role.ANALYST)
    for url in ("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:5432/", "http://[::1]/feed"):
        response = client.http.post(
            "/api/opinion/sources", json={"name": "内网", "kind": "rss", "location": url}, headers=analyst
        )
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "source_address_not_allowed"
    secret = client.http.post(
        "/api/opinion/sources",
        json={
            "name": "密钥",
            "kind": "json_api",
            "location": "http://93.184.215.14/api",
            "credential_setting": "GOVHALL_SECRET_KEY",
        },
        headers=analyst,
    )
    assert secret.status_code == 400 and secret.json()["error"]["code"] == "bad_credential_setting"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_search_to_the_last_representable_day_is_bad_input(web: tuple[ApiClient, FastAPI], day: str) -> None:
    client, _ = web
    analyst = client.user(Role.ANALYST)
    response = client.http.get("/api/opinion/posts/search", params={"until": day}, headers=analyst)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "bad_date"
    fine = client.http.get("/api/opinion/posts/search", params={"until": "2026-12-06"}, headers=analyst)
    assert fine.status_code == 200
