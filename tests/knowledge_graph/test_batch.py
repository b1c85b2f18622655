"""免申即享 for staff: a roster assessed against one item, over the API and the command line."""

from __future__ import annotations

import json
from pathlib import Path

from govhall.accounts import Role
from govhall.knowledge_graph.batch import assess_roster, read_roster
from tests.conftest import ApiClient
from tests.support.cli import run

ELDER = {"id": "A-1", "age": 83, "hukou_local": True}
YOUNG = {"id": "A-2", "age": 30, "hukou_local": True}
NEAR = {"id": "A-3", "age": 79, "hukou_local": True}
UNKNOWN = {"id": "A-4", "hukou_local": True}


def test_roster_sorts_people_by_verdict_and_reports_bad_rows(tmp_path: Path) -> None:
    roster = tmp_path / "roster.jsonl"
    lines = [json.dumps(p, ensure_ascii=False) for p in (ELDER, YOUNG, NEAR, UNKNOWN)]
    lines += ['{"id": "B-1", "age": -3}', "not json", '{"id": "B-2", "age": "很老"}']
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = assess_roster("elderly-allowance", read_roster(roster)).to_dict()
    assert [e["id"] for e in result["eligible"]] == ["A-1"]
    assert [e["id"] for e in result["insufficient"]] == ["A-4"]
    assert result["insufficient"][0]["missing"][0]["field"] == "age"
    assert result["counts"]["not_eligible"] + len(result["almost"]) == 2
    assert [(e["line"], e["id"]) for e in result["errors"]] == [(5, "B-1"), (6, "第6行"), (7, "B-2")]
    assert result["eligible"][0]["reasons"][0]["basis"]["article"] == "第三十三条"


def test_csv_roster_cells_become_typed_fields(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,age,hukou_local\nC-1,85,是\nC-2,,true\n", encoding="utf-8")
    result = assess_roster("elderly-allowance", read_roster(roster))
    assert [e["id"] for e in result.eligible] == ["C-1"]
    assert [e["id"] for e in result.insufficient] == ["C-2"]


def test_batch_api_is_for_staff_and_names_the_item(client: ApiClient) -> None:
    body = {"item": "elderly-allowance", "profiles": [ELDER, YOUNG]}
    assert client.http.post("/api/recommend/batch", json=body).status_code == 401
    citizen = client.user(Role.CITIZEN)
    assert client.http.post("/api/recommend/batch", json=body, headers=citizen).status_code == 403
    clerk = client.user(Role.CLERK, department="市民政局")
    response = client.http.post("/api/recommend/batch", json=body, headers=clerk)
    assert response.status_code == 200, response.text
    assert [e["id"] for e in response.json()["eligible"]] == ["A-1"]
    unknown = client.http.post("/api/recommend/batch", json={**body, "item": "moon-landing"}, headers=clerk)
    assert unknown.status_code == 400 and "moon-landing" in unknown.json()["error"]["message"]
    empty = client.http.post("/api/recommend/batch", json={**body, "profiles": []}, headers=clerk)
    assert empty.status_code == 422


def test_recommend_command_for_one_profile_and_a_roster(tmp_path: Path) -> None:
    one = run(tmp_path, "recommend", "--profile", json.dumps({"age": 82, "hukou_local": True}), "--json")
    assert one.returncode == 0, one.stderr
    assert "elderly-allowance" in {e["code"] for e in json.loads(one.stdout)["eligible"]}
    roster = tmp_path / "r.jsonl"
    roster.write_text(json.dumps(ELDER) + "\n" + json.dumps(YOUNG) + "\n", encoding="utf-8")
    many = run(tmp_path, "recommend", "--item", "elderly-allowance", "--roster", str(roster))
    assert many.returncode == 0, many.stderr
    assert "可能符合 1 人" in many.stdout and "A-1" in many.stdout
    for bad in (
        ("recommend",),
        ("recommend", "--profile", "{age: 3}"),
        ("recommend", "--profile", '{"age": -3}'),
        ("recommend", "--item", "nope", "--roster", str(roster)),
        ("recommend", "--item", "elderly-allowance", "--roster", str(tmp_path / "missing.jsonl")),
    ):
        result = run(tmp_path, *bad)
        assert result.returncode == 2, (bad, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
