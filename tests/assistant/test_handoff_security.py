"""Hand-offs over real HTTP: staff answer as staff, never as the citizen (issue 20 finding 2), only
hand-offs of their own department (finding 11), and feedback on replies (issue "Assistant 2.0")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from govhall.accounts import Role
from govhall.web import create_app
from tests.assistant.conftest import Person, assistant_settings
from tests.conftest import ApiClient


@pytest.fixture
def api(tmp_path: Path, db_url: str, models_dir: Path) -> ApiClient:
    app: FastAPI = create_app(assistant_settings(tmp_path, db_url, models_dir))
    return ApiClient(app)


def _other_client(api: ApiClient) -> TestClient:
    """A second browser: same app, its own cookies."""
    return TestClient(api.http.app, raise_server_exceptions=False)


def _anonymous_handoff(api: ApiClient, person: Person) -> str:
    """An anonymous citizen (api.http's browser) fills part of 居住证 and asks for a person."""
    sid = str(api.http.post("/api/assistant/sessions").json()["id"])
    url = f"/api/assistant/sessions/{sid}/messages"
    assert api.http.post(url, json={"text": "我想办居住证"}).status_code == 200
    api.http.post(url, json={"text": f"我叫王小明，身份证号{person.id_number}，电话13912345678"})
    assert api.http.post(url, json={"text": "转人工"}).json()["handoff"]
    return sid


def test_a_clerk_cannot_post_as_the_citizen_nor_lock_them_out(api: ApiClient) -> None:
    person = Person()
    sid = _anonymous_handoff(api, person)
    clerk = api.user(Role.CLERK, department="公安局")
    listed = api.http.get("/api/assistant/handoffs", headers=clerk).json()["items"]
    assert [c["id"] for c in listed] == [sid]
    clerk_browser = _other_client(api)
    hijack = clerk_browser.post(f"/api/assistant/sessions/{sid}/messages", json={"text": "确认"}, headers=clerk)
    assert hijack.status_code == 404, hijack.text
    assert person.id_number not in hijack.text and "13912345678" not in hijack.text
    # the same with the citizen's own browser cookie: a clerk's login never posts as the citizen
    same_browser = api.http.post(f"/api/assistant/sessions/{sid}/messages", json={"text": "确认"}, headers=clerk)
    assert same_browser.status_code == 404
    # the citizen is not locked out
    again = api.http.post(
        f"/api/assistant/sessions/{sid}/messages", json={"text": "户籍地址是河南省郑州市金水区花园路12号"}
    )
    assert again.status_code == 200, again.text


def test_an_anonymous_conversation_belongs_to_the_browser_that_opened_it(api: ApiClient) -> None:
    opened = api.http.post("/api/assistant/sessions").json()
    stranger = _other_client(api)
    url = f"/api/assistant/sessions/{opened['id']}/messages"
    assert stranger.post(url, json={"text": "我想办居住证"}).status_code == 404
    assert stranger.get(url).status_code == 404
    # a client without cookies proves it opened the conversation with the key it was given
    assert stranger.post(url, json={"text": "我想办居住证"}, headers={"X-Chat-Key": opened["key"]}).status_code == 200
    assert api.http.post(url, json={"text": "我叫王小明"}).status_code == 200


def test_a_clerk_replies_in_the_conversation_and_the_citizen_sees_it(api: ApiClient) -> None:
    person = Person()
    sid = _anonymous_handoff(api, person)
    clerk = api.user(Role.CLERK, department="公安局")
    reply = api.http.post(
        f"/api/assistant/handoffs/{sid}/messages",
        json={"text": "您好，我是窗口工作人员，居住证可以网上办。"},
        headers=clerk,
    )
    assert reply.status_code == 201, reply.text
    log = api.http.get(f"/api/assistant/sessions/{sid}/messages").json()
    staff = [t for t in log["items"] if t["role"] == "staff"]
    assert len(staff) == 1 and "窗口工作人员" in staff[0]["text"] and staff[0]["by"]
    later = api.http.get(f"/api/assistant/sessions/{sid}/messages", params={"after": staff[0]["turn"] + 1}).json()
    assert later["items"] == []
    admin = api.user(Role.ADMIN)
    entries = api.http.get("/api/audit", params={"target": f"assistant:{sid}"}, headers=admin).json()
    rows = entries["items"] if isinstance(entries, dict) else entries
    assert [e["action"] for e in rows].count("assistant.staff_reply") == 1
    # what the clerk sees is masked
    listed = api.http.get("/api/assistant/handoffs", headers=clerk).json()["items"][0]
    assert person.id_number not in str(listed) and "13912345678" not in str(listed)


def test_clerks_see_and_act_on_handoffs_of_their_own_department_only(api: ApiClient) -> None:
    sid = _anonymous_handoff(api, Person())
    other = api.user(Role.CLERK, department="民政局")
    assert api.http.get("/api/assistant/handoffs", headers=other).json()["items"] == []
    answer = api.http.post(f"/api/assistant/handoffs/{sid}/messages", json={"text": "你好"}, headers=other)
    assert answer.status_code == 404
    assert api.http.post(f"/api/assistant/handoffs/{sid}/handled", headers=other).status_code == 404
    admin = api.user(Role.ADMIN)
    assert [c["id"] for c in api.http.get("/api/assistant/handoffs", headers=admin).json()["items"]] == [sid]


def test_a_complaint_handoff_goes_to_the_hotline_not_to_a_department_clerk(api: ApiClient) -> None:
    sid = str(api.http.post("/api/assistant/sessions").json()["id"])
    url = f"/api/assistant/sessions/{sid}/messages"
    api.http.post(url, json={"text": "我要投诉，小区门口的垃圾一个星期没人清理了"})
    assert api.http.post(url, json={"text": "转人工"}).json()["handoff"]
    for department in ("民政局", "公安局"):
        clerk = api.user(Role.CLERK, department=department)
        assert api.http.get("/api/assistant/handoffs", headers=clerk).json()["items"] == []
    hotline = api.user(Role.CLERK, department="12345政务服务便民热线")
    assert [c["id"] for c in api.http.get("/api/assistant/handoffs", headers=hotline).json()["items"]] == [sid]


def test_feedback_is_stored_with_the_reply(api: ApiClient) -> None:
    sid = str(api.http.post("/api/assistant/sessions").json()["id"])
    turn = api.http.post(f"/api/assistant/sessions/{sid}/messages", json={"text": "居住证要带什么材料？"}).json()
    assert isinstance(turn["turn"], int)
    url = f"/api/assistant/sessions/{sid}/feedback"
    down = api.http.post(url, json={"turn": turn["turn"], "rating": "down", "reason": "没说清楚，我电话13912345678"})
    assert down.status_code == 200, down.text
    log = api.http.get(f"/api/assistant/sessions/{sid}/messages").json()["items"]
    stored = log[turn["turn"]]["feedback"]
    assert stored["rating"] == "down" and "13912345678" not in stored["reason"]
    bad = [
        {"turn": turn["turn"], "rating": "meh"},
        {"turn": turn["turn"] - 1, "rating": "up"},
        {"turn": 999, "rating": "up"},
        {"turn": turn["turn"], "rating": "up", "reason": "长" * 201},
    ]
    for body in bad:
        response = api.http.post(url, json=body)
        assert 400 <= response.status_code < 500 and response.json()["error"]["message"], body
    assert _other_client(api).post(url, json={"turn": turn["turn"], "rating": "up"}).status_code == 404


def test_the_console_answers_in_the_conversation_with_csrf(api: ApiClient) -> None:
    sid = _anonymous_handoff(api, Person())
    clerk = api.user(Role.CLERK, department="公安局")
    clerk_browser = _other_client(api)
    page = clerk_browser.get("/clerk/handoffs", headers=clerk).text
    assert f'action="/clerk/handoffs/{sid}/reply"' in page
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found
    forged = clerk_browser.post(f"/clerk/handoffs/{sid}/reply", data={"csrf": "0" * 64, "text": "你好"}, headers=clerk)
    assert forged.status_code == 403
    sent = clerk_browser.post(
        f"/clerk/handoffs/{sid}/reply",
        data={"csrf": found.group(1), "text": "您好，材料清单已发给您"},
        headers=clerk,
        follow_redirects=False,
    )
    assert sent.status_code == 303 and "replied=" in sent.headers["location"]
    log = api.http.get(f"/api/assistant/sessions/{sid}/messages").json()["items"]
    assert log[-1]["role"] == "staff" and "材料清单" in log[-1]["text"]
    shown = clerk_browser.get("/clerk/handoffs", headers=clerk).text
    assert "工作人员（" in shown and "材料清单已发给您" in shown


@pytest.mark.parametrize("stream", ["false", "true"])
@pytest.mark.parametrize("text", ["\ud800", "居住证\ud83d要带什么", "\x00", "要带什么\x00材料"])
def test_surrogates_and_nul_bytes_are_never_a_server_error(api: ApiClient, text: str, stream: str) -> None:
    sid = str(api.http.post("/api/assistant/sessions").json()["id"])
    url = f"/api/assistant/sessions/{sid}/messages"
    body = json.dumps({"text": text})  # ASCII escapes: the lone surrogate reaches the server as sent
    response = api.http.post(url, params={"stream": stream}, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.json()["error"]["message"]
    assert api.http.post(url, json={"text": "我想办居住证"}).status_code == 200  # the session is intact
