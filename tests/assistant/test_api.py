"""The assistant over real HTTP: sessions, messages, ownership, bad input, replays, clerk hand-offs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from govhall.accounts import Role
from govhall.web import create_app
from tests.assistant.conftest import assistant_settings
from tests.conftest import ApiClient


@pytest.fixture
def api(tmp_path: Path, sqlite_url: str, models_dir: Path) -> ApiClient:
    app: FastAPI = create_app(assistant_settings(tmp_path, sqlite_url, models_dir))
    return ApiClient(app)


def _open(api: ApiClient, headers: dict[str, str] | None = None) -> str:
    response = api.http.post("/api/assistant/sessions", headers=headers or {})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_message_returns_the_documented_shape(api: ApiClient) -> None:
    sid = _open(api)
    response = api.http.post(f"/api/assistant/sessions/{sid}/messages", json={"text": "我想办居住证"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"reply", "intent", "service", "form", "missing", "citations", "case"} <= set(body)
    assert body["service"]["code"] == "residence-permit" and "applicant_name" in body["missing"]


@pytest.mark.parametrize(
    ("text", "code"), [("", "empty_message"), ("   ", "empty_message"), ("长" * 10_000, "message_too_long")]
)
def test_bad_messages_are_4xx_with_a_reason(api: ApiClient, text: str, code: str) -> None:
    sid = _open(api)
    response = api.http.post(f"/api/assistant/sessions/{sid}/messages", json={"text": text})
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_someone_elses_session_is_not_found(api: ApiClient) -> None:
    owner, other = api.user(), api.user()
    sid = _open(api, owner)
    for headers in (other, {}):
        response = api.http.post(f"/api/assistant/sessions/{sid}/messages", json={"text": "你好"}, headers=headers)
        assert response.status_code == 404
    assert api.http.post("/api/assistant/sessions/nope/messages", json={"text": "你好"}).status_code == 404


def test_replayed_message_is_answered_once(api: ApiClient) -> None:
    sid = _open(api)
    url = f"/api/assistant/sessions/{sid}/messages"
    api.http.post(url, json={"text": "我想办居住证"})
    first = api.http.post(url, json={"text": "我叫王小明", "message_id": "m-2"}).json()
    again = api.http.post(url, json={"text": "我叫王小明", "message_id": "m-2"}).json()
    assert first == again
    log = api.http.post(url, json={"text": "转人工"}).json()
    assert log["handoff"]


def test_clerks_see_handoffs_masked_citizens_do_not(api: ApiClient) -> None:
    sid = _open(api)
    url = f"/api/assistant/sessions/{sid}/messages"
    api.http.post(url, json={"text": "我想办居住证"})
    api.http.post(url, json={"text": "我叫王小明，电话13912345678"})
    api.http.post(url, json={"text": "转人工"})
    clerk = api.user(Role.CLERK, department="公安局")
    listed = api.http.get("/api/assistant/handoffs", headers=clerk).json()["items"]
    assert [c["id"] for c in listed] == [sid]
    text = str(listed[0])
    assert "13912345678" not in text and "139****5678" in text and listed[0]["form"]["applicant_name"] == "王*明"
    assert api.http.get("/api/assistant/handoffs", headers=api.user()).status_code == 403
    assert api.http.get("/api/assistant/handoffs").status_code == 401


def test_page_renders_in_chinese(api: ApiClient) -> None:
    response = api.http.get("/assistant")
    assert response.status_code == 200 and "智能助手" in response.text and "/static/assistant.js" in response.text


def test_missing_models_are_a_clear_error(tmp_path: Path, sqlite_url: str) -> None:
    api = ApiClient(create_app(assistant_settings(tmp_path, sqlite_url, tmp_path / "no-models")))
    sid = _open(api)
    response = api.http.post(f"/api/assistant/sessions/{sid}/messages", json={"text": "你好"})
    assert response.status_code == 503 and "govhall models activate" in response.json()["error"]["message"]
    assert response.json()["error"]["code"] == "routing_model_missing"
