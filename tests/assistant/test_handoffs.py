"""The clerk console for hand-offs (转人工) over real HTTP: list, read masked, mark handled, audited."""

from __future__ import annotations

import re
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


def _flagged(api: ApiClient) -> str:
    """A conversation that filled two fields of 居住证 and then asked for a person."""
    sid = str(api.http.post("/api/assistant/sessions").json()["id"])
    url = f"/api/assistant/sessions/{sid}/messages"
    api.http.post(url, json={"text": "我想办居住证"})
    api.http.post(url, json={"text": "我叫王小明，电话13912345678"})
    assert api.http.post(url, json={"text": "转人工"}).json()["handoff"]
    return sid


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found
    return found.group(1)


def test_api_marks_a_handoff_handled_once_and_audits_it(api: ApiClient) -> None:
    sid = _flagged(api)
    clerk = api.user(Role.CLERK, department="公安局")
    response = api.http.post(
        f"/api/assistant/handoffs/{sid}/handled", json={"note": "已电话联系，号码13912345678"}, headers=clerk
    )
    assert response.status_code == 200, response.text
    assert response.json()["handoff"] is False
    assert api.http.get("/api/assistant/handoffs", headers=clerk).json()["items"] == []
    again = api.http.post(f"/api/assistant/handoffs/{sid}/handled", headers=clerk)
    assert again.status_code == 409 and again.json()["error"]["code"] == "handoff_not_pending"

    admin = api.user(Role.ADMIN)
    entries = api.http.get("/api/audit", params={"target": f"assistant:{sid}"}, headers=admin).json()
    rows = entries["items"] if isinstance(entries, dict) else entries
    mine = [e for e in rows if e["action"] == "assistant.handoff_handled"]
    assert len(mine) == 1 and mine[0]["target"] == f"assistant:{sid}"
    assert "13912345678" not in str(mine[0]) and mine[0]["details"]["handoff_reason"] == "requested"
    assert api.http.get("/api/audit/verify", headers=admin).json()["ok"]


def test_asking_again_flags_the_conversation_anew(api: ApiClient) -> None:
    sid = _flagged(api)
    clerk = api.user(Role.CLERK, department="公安局")
    assert api.http.post(f"/api/assistant/handoffs/{sid}/handled", headers=clerk).status_code == 200
    api.http.post(f"/api/assistant/sessions/{sid}/messages", json={"text": "还是要转人工"})
    listed = api.http.get("/api/assistant/handoffs", headers=clerk).json()["items"]
    assert [c["id"] for c in listed] == [sid]


def test_marking_handled_rejects_bad_requests(api: ApiClient) -> None:
    sid = _flagged(api)
    url = f"/api/assistant/handoffs/{sid}/handled"
    assert api.http.post(url).status_code == 401
    assert api.http.post(url, headers=api.user()).status_code == 403
    clerk = api.user(Role.CLERK, department="公安局")
    assert api.http.post("/api/assistant/handoffs/nope/handled", headers=clerk).status_code == 404
    too_long = api.http.post(url, json={"note": "长" * 501}, headers=clerk)
    assert too_long.status_code == 422
    assert api.http.post(url, json={"note": 5}, headers=clerk).status_code == 422
    assert api.http.post(url, json={"other": 1}, headers=clerk).status_code == 422
    # nothing above changed it
    assert [c["id"] for c in api.http.get("/api/assistant/handoffs", headers=clerk).json()["items"]] == [sid]


def test_console_page_shows_masked_transcript_and_form(api: ApiClient) -> None:
    sid = _flagged(api)
    clerk = api.user(Role.CLERK, department="公安局")
    queue = api.http.get("/clerk/queue", headers=clerk)
    assert 'href="/clerk/handoffs"' in queue.text
    page = api.http.get("/clerk/handoffs", headers=clerk)
    assert page.status_code == 200
    html = page.text
    assert f'id="handoff-{sid}"' in html and "居住证" in html and "群众要求转人工" in html
    assert "139****5678" in html and "13912345678" not in html and "王*明" in html and "王小明" not in html
    assert "联系电话" in html or "电话" in html
    assert api.http.get("/clerk/handoffs", headers=api.user()).status_code == 403
    assert api.http.get("/clerk/handoffs").status_code == 401


def test_console_button_marks_handled_with_csrf(api: ApiClient) -> None:
    sid = _flagged(api)
    clerk = api.user(Role.CLERK, department="公安局")
    csrf = _csrf(api.http.get("/clerk/handoffs", headers=clerk).text)
    forged = api.http.post(f"/clerk/handoffs/{sid}/handled", data={"csrf": "0" * 64}, headers=clerk)
    assert forged.status_code == 403
    done = api.http.post(
        f"/clerk/handoffs/{sid}/handled", data={"csrf": csrf, "note": "已处理"}, headers=clerk, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/clerk/handoffs?done={sid}"
    page = api.http.get(done.headers["location"], headers=clerk).text
    assert "已将会话" in page and f'id="handoff-{sid}"' not in page and "暂无需要人工处理的会话" in page
    twice = api.http.post(f"/clerk/handoffs/{sid}/handled", data={"csrf": csrf}, headers=clerk, follow_redirects=False)
    assert twice.status_code == 303 and "error=" in twice.headers["location"]
