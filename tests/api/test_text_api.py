"""``POST /api/text/extract`` and ``/api/text/mask`` through the real app."""

from __future__ import annotations

import json

from tests.conftest import ApiClient

TEXT = "我叫王建国，身份证110105198003071234，电话一三九一二三四五六七八，上个月被公司辞退了"


def test_extract_returns_entities_with_spans_and_fills_a_form(client: ApiClient) -> None:
    body = client.http.post(
        "/api/text/extract", json={"text": TEXT, "service": "unemployment-benefit", "today": "2026-11-25"}
    ).json()
    assert body["text"] == TEXT
    by_type = {e["type"]: e for e in body["entities"]}
    assert by_type["id_card"]["value"] == "110105198003071234"
    assert by_type["phone"]["value"] == "13912345678"
    phone = by_type["phone"]
    assert TEXT[phone["start"] : phone["end"]] == "一三九一二三四五六七八"
    assert body["fields"]["id_number"]["value"] == "110105198003071234"
    assert body["fields"]["applicant_name"]["value"] == "王建国"
    assert body["fields"]["separation_date"]["value"] == "2026-10-01"


def test_extract_without_service_has_no_fields(client: ApiClient) -> None:
    body = client.http.post("/api/text/extract", json={"text": "订单号 202311150001234567"}).json()
    assert "fields" not in body
    assert all(e["type"] not in ("id_card", "phone") for e in body["entities"])


def test_mask_hides_every_secret(client: ApiClient) -> None:
    body = client.http.post("/api/text/mask", json={"text": TEXT}).json()
    assert set(body) == {"text", "masked"}
    assert "110105198003071234" not in body["masked"] and "王建国" not in body["masked"]


def test_bad_text_requests(client: ApiClient) -> None:
    assert client.http.post("/api/text/extract", json={"text": ""}).json()["entities"] == []
    too_long = client.http.post("/api/text/mask", json={"text": "啊" * 100_001})
    assert too_long.status_code in (413, 422) and "error" in too_long.json()
    unknown = client.http.post("/api/text/extract", json={"text": "x", "service": "nope"})
    assert unknown.status_code == 404
    for path in ("/api/text/extract", "/api/text/mask"):
        garbage = json.dumps({"text": "\udcff\x00\x01ÿ\u202e𝕏 混合 text\ud800"})  # lone surrogates, controls
        response = client.http.post(path, content=garbage, headers={"content-type": "application/json"})
        assert response.status_code == 422 and "text" in response.json()["error"]["fields"]
        mixed = client.http.post(path, json={"text": "\x00\x01ÿ\u202e𝕏 混合 text ١٢٣ 電話13912345678"})
        assert mixed.status_code == 200, mixed.text
        binary = client.http.post(path, content=bytes(range(256)), headers={"content-type": "application/json"})
        assert binary.status_code == 400 and binary.json()["error"]["code"] == "invalid_json"
