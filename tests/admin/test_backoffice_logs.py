"""Conversation logs through the real app: a citizen's 👎 reply shows up for a supervisor (masked),
filters by outcome and feedback work, a marked reply is exported as JSON Lines that ``govhall train``
loads, marks are audited, and bad input is a Chinese 4xx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from govhall import audit
from govhall.accounts import Role
from govhall.learn.data import load_dataset
from govhall.web import create_app
from tests.admin.conftest import PageClient, csrf_of
from tests.assistant.conftest import assistant_settings, models_dir

__all__ = ["models_dir"]  # the fixture: intent and service models trained once per session


@pytest.fixture
def app(tmp_path: Path, sqlite_url: str, models_dir: Path) -> FastAPI:
    """The site with the assistant's routing models, so that citizens' turns are real turns."""
    return create_app(assistant_settings(tmp_path, sqlite_url, models_dir))


def _conversation(app: FastAPI, text: str, rating: str | None = None, reason: str = "") -> tuple[str, int]:
    citizen = TestClient(app, raise_server_exceptions=False)
    sid = str(citizen.post("/api/assistant/sessions").json()["id"])
    turn = citizen.post(f"/api/assistant/sessions/{sid}/messages", json={"text": text}).json()
    if rating:
        body = {"turn": turn["turn"], "rating": rating, "reason": reason}
        assert citizen.post(f"/api/assistant/sessions/{sid}/feedback", json=body).status_code == 200
    return sid, int(turn["turn"])


def test_a_thumbs_down_turn_is_listed_marked_and_exported(
    app: FastAPI, page_client: PageClient, tmp_path: Path
) -> None:
    disliked, turn = _conversation(app, "居住证要带什么材料？", "down", "没说清楚，我电话13912345678")
    liked, _ = _conversation(app, "低保怎么申请？", "up")
    supervisor = page_client(Role.SUPERVISOR)

    listing = supervisor.get("/admin/logs", params={"feedback": "down"}).text
    assert f'id="conv-{disliked}"' in listing
    assert f'id="conv-{liked}"' not in listing
    assert f'id="conv-{liked}"' in supervisor.get("/admin/logs", params={"feedback": "up"}).text
    answered = supervisor.get("/admin/logs", params={"outcome": "answered"}).text
    assert f'id="conv-{disliked}"' in answered
    assert f'id="conv-{disliked}"' not in supervisor.get("/admin/logs", params={"outcome": "handed_off"}).text

    detail = supervisor.get(f"/admin/logs/{disliked}").text
    assert "👎 没帮助" in detail
    assert "13912345678" not in detail
    marked = supervisor.post(
        f"/admin/logs/{disliked}/mark",
        data={"csrf": csrf_of(detail), "turn": str(turn), "example": "bad", "label": "consult", "note": "材料没列全"},
    )
    assert marked.status_code == 200 and "已标记为坏示例" in marked.text

    exported = supervisor.get("/admin/logs/export.jsonl", params={"task": "intent"})
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith("attachment")
    rows = [json.loads(line) for line in exported.text.splitlines()]
    assert rows == [
        {
            "text": "居住证要带什么材料？",
            "label": "consult",
            "intent": "consult",
            "service": rows[0]["service"],
            "example": "bad",
            "source": f"conversation:{disliked}#{turn}",
            "note": "材料没列全",
        }
    ]
    data = tmp_path / "marked.jsonl"
    data.write_text(exported.text, encoding="utf-8")
    dataset, report = load_dataset(data)
    assert dataset.texts == ["居住证要带什么材料？"] and dataset.labels == ["consult"] and report.kept == 1

    replies = supervisor.get("/admin/logs/export.jsonl", params={"task": "reply"}).text.splitlines()
    assert [json.loads(line)["label"] for line in replies] == ["bad"]

    with app.state.session_factory() as db:
        actions = [e.action for e in audit.find_entries(db, action="assistant.", limit=20)]
    assert {"assistant.read_log", "assistant.mark", "assistant.export_marks"} <= set(actions)


def test_good_mark_uses_the_recorded_intent_and_clear_removes_it(app: FastAPI, page_client: PageClient) -> None:
    sid, turn = _conversation(app, "低保怎么申请？")
    supervisor = page_client(Role.SUPERVISOR)
    token = csrf_of(supervisor.get(f"/admin/logs/{sid}").text)
    supervisor.post(f"/admin/logs/{sid}/mark", data={"csrf": token, "turn": str(turn), "example": "good"})
    rows = [json.loads(line) for line in supervisor.get("/admin/logs/export.jsonl").text.splitlines()]
    assert len(rows) == 1 and rows[0]["example"] == "good" and rows[0]["label"]
    cleared = supervisor.post(f"/admin/logs/{sid}/mark", data={"csrf": token, "turn": str(turn), "example": "clear"})
    assert "已取消标记" in cleared.text
    assert supervisor.get("/admin/logs/export.jsonl").text == ""


def test_bad_input_is_a_chinese_4xx(app: FastAPI, page_client: PageClient) -> None:
    sid, turn = _conversation(app, "低保怎么申请？")
    supervisor = page_client(Role.SUPERVISOR)
    token = csrf_of(supervisor.get(f"/admin/logs/{sid}").text)
    for data, message in (
        ({"turn": str(turn - 1), "example": "good"}, "只能标记智能助手的答复"),
        ({"turn": "x", "example": "good"}, "只能标记智能助手的答复"),
        ({"turn": str(turn), "example": "meh"}, "标记只能是好示例或坏示例"),
        ({"turn": str(turn), "example": "bad", "label": "dance"}, "意图只能是"),
    ):
        response = supervisor.post(f"/admin/logs/{sid}/mark", data={"csrf": token, **data})
        assert response.status_code == 200 and message in response.text, data
        assert 'id="conv-error"' in response.text
    assert supervisor.get("/admin/logs/nosuchconversation").status_code == 404
    bad_dates = supervisor.get("/admin/logs", params={"since": "2024-13-01"})
    assert bad_dates.status_code == 422 and "格式应为 YYYY-MM-DD" in bad_dates.text
    reversed_dates = supervisor.get("/admin/logs", params={"since": "2024-05-02", "until": "2024-05-01"})
    assert reversed_dates.status_code == 422 and "结束日期不能早于开始日期" in reversed_dates.text
    assert supervisor.get("/admin/logs", params={"outcome": "exploded"}).status_code == 400
    export = supervisor.get(
        "/admin/logs/export.jsonl", params={"task": "poetry"}, headers={"Accept": "application/json"}
    )
    assert export.status_code == 400 and "导出任务只能是" in export.json()["error"]["message"]
