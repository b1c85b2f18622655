"""JSON ``POST /api/cases`` and materials (issue 21 leftovers): leaving ``materials`` out never skips
a required material; the refusal names each missing one in Chinese and stores nothing."""

from __future__ import annotations

import random

from govhall.accounts import Role
from govhall.samples import make_person, sample_form_data
from tests.conftest import ApiClient
from tests.files.samples import required_materials


def _data(client: ApiClient, code: str) -> dict[str, object]:
    form = client.http.get(f"/api/catalog/items/{code}").json()["form"]
    rng = random.Random(12)
    return sample_form_data(form, make_person(rng), rng)


def _count(client: ApiClient, headers: dict[str, str]) -> int:
    total: int = client.http.get("/api/cases", headers=headers).json()["total"]
    return total


def test_missing_materials_field_is_refused_when_the_item_needs_materials(client: ApiClient) -> None:
    citizen = client.user()
    item = client.http.get("/api/catalog/items/dibao").json()
    required = [m["name"] for m in item["materials"] if m.get("required", True)]
    assert required, "dibao has required materials"
    refused = client.http.post(
        "/api/cases", json={"item_code": "dibao", "data": _data(client, "dibao")}, headers=citizen
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (
        error["code"] == "form_invalid"
        and "必需的申请材料" in error["message"]
        and "POST /api/files" in error["message"]
    )
    assert {f"materials.{name}" for name in required} <= set(error["fields"])
    assert _count(client, citizen) == 0
    empty = client.http.post(
        "/api/cases", json={"item_code": "dibao", "data": _data(client, "dibao"), "materials": []}, headers=citizen
    )
    assert empty.status_code == 422 and _count(client, citizen) == 0
    body = {
        "item_code": "dibao",
        "data": _data(client, "dibao"),
        "materials": required_materials(client.http, citizen, "dibao"),
    }
    assert client.http.post("/api/cases", json=body, headers=citizen).status_code == 201
    assert _count(client, citizen) == 1


def test_window_item_books_without_files_and_unknown_item_stays_a_form_problem(client: ApiClient) -> None:
    citizen = client.user()
    booked = client.http.post(
        "/api/cases",
        json={"item_code": "marriage-registration", "data": _data(client, "marriage-registration")},
        headers=citizen,
    )
    assert booked.status_code == 201, booked.text
    unknown = client.http.post("/api/cases", json={"item_code": "nope", "data": {}}, headers=citizen)
    assert unknown.status_code == 422 and "item_code" in unknown.json()["error"]["fields"]
    clerk = client.user(Role.CLERK, "民政局")
    assert client.http.get("/api/cases", headers=clerk).json()["total"] == 1
