"""好差评 over HTTP on both databases: only the applicant, only finished cases, once; reasons from the
vocabulary; free text masked; a 差评 opens a follow-up and tells the department."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govhall.accounts import Role
from govhall.web import create_app
from tests.conftest import ApiClient, make_settings
from tests.files.samples import apply

ITEM = "dibao"


@pytest.fixture
def hall(tmp_path: Path, db_url: str) -> ApiClient:
    return ApiClient(create_app(make_settings(tmp_path, db_url)))


def _finished_case(hall: ApiClient, citizen: dict[str, str], clerk: dict[str, str]) -> str:
    number: str = apply(hall.http, citizen, ITEM, seed=9).json()["number"]
    for action in ("accept", "approve", "complete"):
        response = hall.http.post(f"/api/cases/{number}/actions", json={"action": action}, headers=clerk)
        assert response.status_code == 200, response.text
    return number


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    return error


def test_bad_rating_is_masked_opens_a_follow_up_and_tells_the_department(hall: ApiClient) -> None:
    citizen = hall.user()
    clerk = hall.user(Role.CLERK, "民政局")
    number = _finished_case(hall, citizen, clerk)
    vocabulary = hall.http.get("/api/ratings/vocabulary").json()
    assert vocabulary["levels"]["5"] == "非常满意" and "多次跑动" in vocabulary["bad"]
    body = {"score": 1, "reasons": ["多次跑动"], "comment": "跑了三趟，请回电13800138000"}
    response = hall.http.post(f"/api/cases/{number}/rating", json=body, headers=citizen)
    assert response.status_code == 201, response.text
    rating = response.json()
    assert rating["follow_up"] == "open" and "13800138000" not in rating["comment"]
    _error(hall.http.post(f"/api/cases/{number}/rating", json=body, headers=citizen), 409, "already_rated")
    inbox = hall.http.get("/api/notifications", headers=clerk).json()["items"]
    assert inbox[0]["kind"] == "rating.bad" and number in inbox[0]["body"]
    summary = hall.http.get("/api/ratings/summary", headers=clerk).json()
    assert summary["total"] == 1 and summary["by_score"]["1"] == 1 and summary["open_follow_ups"] == 1
    _error(hall.http.get("/api/ratings/summary", headers=citizen), 403, "permission_denied")
    closed = hall.http.post(f"/api/cases/{number}/rating/follow-up", json={"note": "已电话回访并整改"}, headers=clerk)
    assert closed.status_code == 200 and closed.json()["follow_up"] == "closed"


def test_only_the_applicant_rates_a_finished_case_with_known_reasons(hall: ApiClient) -> None:
    citizen, stranger = hall.user(), hall.user()
    clerk = hall.user(Role.CLERK, "民政局")
    number = _finished_case(hall, citizen, clerk)
    url = f"/api/cases/{number}/rating"
    _error(hall.http.post(url, json={"score": 5}, headers=stranger), 404, "not_found")
    _error(hall.http.post(url, json={"score": 5}, headers=clerk), 403, "permission_denied")
    _error(hall.http.post(url, json={"score": 9}, headers=citizen), 422, "invalid_request")
    bad = _error(hall.http.post(url, json={"score": 2}, headers=citizen), 422, "form_invalid")
    assert "reasons" in bad["fields"]
    wrong = _error(
        hall.http.post(url, json={"score": 5, "reasons": ["多次跑动"]}, headers=citizen), 422, "form_invalid"
    )
    assert "reasons" in wrong["fields"]
    ok = hall.http.post(url, json={"score": 5, "reasons": ["办理快捷，按时办结"]}, headers=citizen)
    assert ok.status_code == 201 and ok.json()["follow_up"] == ""
    assert hall.http.get(url, headers=clerk).json()["score"] == 5


def test_open_case_cannot_be_rated(hall: ApiClient) -> None:
    citizen = hall.user()
    number = apply(hall.http, citizen, ITEM, seed=2).json()["number"]
    _error(hall.http.post(f"/api/cases/{number}/rating", json={"score": 5}, headers=citizen), 409, "invalid_transition")
