"""``POST /api/recommend`` and the 我能办什么 page through the real app."""

from __future__ import annotations

from tests.conftest import ApiClient


def test_recommend_api_returns_items_with_citations(client: ApiClient) -> None:
    body = client.http.post(
        "/api/recommend",
        json={"age": 82, "hukou_local": True, "household_income_per_person": 600, "owns_housing": True},
    ).json()
    codes = {item["code"] for item in body["eligible"]}
    assert {"elderly-allowance", "dibao"} <= codes
    item = next(i for i in body["eligible"] if i["code"] == "elderly-allowance")
    assert item["name"] == "高龄津贴申请"
    assert item["reasons"][0]["basis"] == {"law": "中华人民共和国老年人权益保障法", "article": "第三十三条"}


def test_recommend_api_rejects_bad_profiles(client: ApiClient) -> None:
    for bad in ({"age": -3}, {"household_income_per_person": "很少"}, {"group": "外星人"}):
        response = client.http.post("/api/recommend", json=bad)
        assert response.status_code == 422
        assert response.json()["error"]["fields"]


def test_recommend_page_shows_reasons(client: ApiClient) -> None:
    page = client.http.get(
        "/recommend",
        params={
            "go": "1",
            "employment_status": "失业",
            "unemployment_involuntary": "true",
            "unemployment_insurance_months": "30",
            "unemployment_registered": "true",
        },
    )
    assert page.status_code == 200
    assert "失业保险金申领" in page.text and "最长领取期限" in page.text and "第十七条" in page.text
    bad = client.http.get("/recommend", params={"go": "1", "age": "-3"})
    assert bad.status_code == 422 and "年龄" in bad.text
