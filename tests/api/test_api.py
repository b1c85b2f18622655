"""The HTTP API through the real app: flows, permissions, and every kind of bad input."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from govhall.accounts import Role
from govhall.cases import Case
from govhall.samples import make_person, sample_form_data
from tests.conftest import PASSWORD, ApiClient
from tests.files.samples import apply


def _form_data(client: ApiClient, code: str, seed: int = 3) -> dict[str, object]:
    form = client.http.get(f"/api/catalog/items/{code}").json()["form"]
    rng = random.Random(seed)
    return sample_form_data(form, make_person(rng), rng)


def _case_count(client: ApiClient) -> int:
    with client.http.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return db.scalar(select(func.count()).select_from(Case)) or 0


def _assert_error(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    if code:
        assert body["error"]["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), "message is Chinese"
    return body["error"]  # type: ignore[no-any-return]


def test_catalogue_search_and_guide(client: ApiClient) -> None:
    items = client.http.get("/api/catalog/items").json()
    assert len(items) >= 20
    found = client.http.get("/api/catalog/items", params={"q": "失业金"}).json()
    assert found[0]["code"] == "unemployment-benefit"
    item = client.http.get("/api/catalog/items/dibao").json()
    assert item["name"] == "最低生活保障申请" and item["form"]["type"] == "object" and item["version"] == 1
    _assert_error(client.http.get("/api/catalog/items/nope"), 404, "not_found")


def test_citizen_submits_and_follows_case(client: ApiClient) -> None:
    citizen = client.user()
    response = apply(client.http, citizen, "dibao")
    assert response.status_code == 201, response.text
    case = response.json()
    assert case["state"] == "submitted" and case["number"].startswith("GH")
    assert "*" in case["data"]["id_number"], "API shows identifiers masked"
    mine = client.http.get("/api/cases", headers=citizen).json()
    assert mine["total"] == 1 and mine["items"][0]["number"] == case["number"]
    detail = client.http.get(f"/api/cases/{case['number']}", headers=citizen).json()
    assert detail["actions"] == ["withdraw"] and detail["events"][0]["to_state"] == "submitted"


def test_clerk_reviews_only_own_department(client: ApiClient) -> None:
    citizen = client.user()
    minzheng = client.user(Role.CLERK, "民政局")
    gongan = client.user(Role.CLERK, "公安局")
    number = apply(client.http, citizen, "dibao").json()["number"]
    assert client.http.get("/api/cases", headers=gongan).json()["total"] == 0
    _assert_error(client.http.get(f"/api/cases/{number}", headers=gongan), 404)
    _assert_error(client.http.post(f"/api/cases/{number}/actions", json={"action": "accept"}, headers=gongan), 404)
    ok = client.http.post(f"/api/cases/{number}/actions", json={"action": "accept"}, headers=minzheng)
    assert ok.status_code == 200 and ok.json()["state"] == "accepted"
    _assert_error(client.http.post(f"/api/cases/{number}/actions", json={"action": "accept"}, headers=minzheng), 409)
    refused = client.http.post(f"/api/cases/{number}/actions", json={"action": "reject"}, headers=minzheng)
    assert "reason" in _assert_error(refused, 422, "form_invalid")["fields"]


def test_citizen_cannot_touch_another_citizens_case(client: ApiClient) -> None:
    owner, other = client.user(), client.user()
    number = apply(client.http, owner, "dibao").json()["number"]
    _assert_error(client.http.get(f"/api/cases/{number}", headers=other), 404)
    _assert_error(client.http.post(f"/api/cases/{number}/actions", json={"action": "withdraw"}, headers=other), 404)
    assert client.http.get("/api/cases", headers=other).json()["total"] == 0
    assert client.http.get(f"/api/cases/{number}", headers=owner).status_code == 200


def test_clerk_reveal_is_audited(client: ApiClient) -> None:
    citizen, clerk, admin = client.user(), client.user(Role.CLERK, "民政局"), client.user(Role.ADMIN)
    data = _form_data(client, "dibao")
    number = apply(client.http, citizen, "dibao", data=data).json()["number"]
    own = client.http.get(f"/api/cases/{number}", params={"reveal": "true"}, headers=citizen).json()
    assert own["data"]["id_number"] != data["id_number"]  # only clerks and admins may unmask (cases.REVEALERS)
    full = client.http.get(f"/api/cases/{number}", params={"reveal": "true"}, headers=clerk).json()
    assert full["data"]["id_number"] == data["id_number"]
    log = client.http.get("/api/audit", params={"target": f"case:{number}"}, headers=admin).json()
    assert [e["action"] for e in log] == ["case.reveal", "case.submit"]


def test_bad_inputs_get_clear_4xx_and_store_nothing(client: ApiClient) -> None:
    citizen = client.user()
    before = _case_count(client)
    malformed = client.http.post(
        "/api/cases",
        content=b'{"item_code": "dibao", "data": {',
        headers={**citizen, "content-type": "application/json"},
    )
    _assert_error(malformed, 400, "invalid_json")
    wrong_type = client.http.post("/api/cases", json={"item_code": 5, "data": "x"}, headers=citizen)
    assert {"item_code", "data"} <= set(_assert_error(wrong_type, 422, "invalid_request")["fields"])
    missing = client.http.post("/api/cases", json={"data": {}}, headers=citizen)
    assert "item_code" in _assert_error(missing, 422)["fields"]
    unknown = client.http.post("/api/cases", json={"item_code": "dibao", "data": {}, "x": 1}, headers=citizen)
    assert "x" in _assert_error(unknown, 422)["fields"]
    no_item = client.http.post("/api/cases", json={"item_code": "nope", "data": {}}, headers=citizen)
    assert "item_code" in _assert_error(no_item, 422, "form_invalid")["fields"]
    data = _form_data(client, "dibao")
    data["id_number"] = str(data["id_number"])[:17] + ("1" if str(data["id_number"])[17] != "1" else "2")
    bad_id = client.http.post("/api/cases", json={"item_code": "dibao", "data": data}, headers=citizen)
    assert "校验位" in _assert_error(bad_id, 422, "form_invalid")["fields"]["id_number"]
    extra_field = {**_form_data(client, "dibao"), "hacker": "x"}
    assert (
        "hacker"
        in _assert_error(
            client.http.post("/api/cases", json={"item_code": "dibao", "data": extra_field}, headers=citizen), 422
        )["fields"]
    )
    huge = client.http.post("/api/cases", json={"item_code": "dibao", "data": {"x": "a" * 2_000_000}}, headers=citizen)
    _assert_error(huge, 413, "input_too_large")
    _assert_error(client.http.post("/api/cases", json={"item_code": "dibao", "data": {}}), 401, "not_authenticated")
    _assert_error(client.http.get("/api/nothing-here"), 404)
    _assert_error(client.http.delete("/api/cases"), 405)
    assert _case_count(client) == before


def test_sql_and_html_are_stored_literally_and_escaped_in_pages(client: ApiClient) -> None:
    citizen = client.user()
    data = _form_data(client, "complaint-12345")
    payload = "'); DROP TABLE cases; -- <script>alert(1)</script>"
    data["content"] = payload
    response = apply(client.http, citizen, "complaint-12345", data=data)
    assert response.status_code == 201, response.text
    number = response.json()["number"]
    assert client.http.get(f"/api/cases/{number}", headers=citizen).json()["data"]["content"] == payload
    page = client.http.get(f"/cases/{number}", headers={**citizen, "accept": "text/html"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_admin_edits_item_as_new_version_with_audit(client: ApiClient) -> None:
    admin, citizen = client.user(Role.ADMIN), client.user()
    item = client.http.get("/api/catalog/items/dibao").json()
    content = {k: v for k, v in item.items() if k not in ("version", "updated_at")}
    content["time_limit_days"] = 20
    _assert_error(client.http.put("/api/catalog/items/dibao", json={"content": content}, headers=citizen), 403)
    response = client.http.put("/api/catalog/items/dibao", json={"content": content, "reason": "提速"}, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 2 and response.json()["time_limit_days"] == 20
    versions = client.http.get("/api/catalog/items/dibao/versions").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["content"]["time_limit_days"] != 20
    bad = {**content, "form": {"type": "object", "properties": {}, "required": ["x"]}}
    _assert_error(client.http.put("/api/catalog/items/dibao", json={"content": bad}, headers=admin), 422)
    log = client.http.get("/api/audit", params={"target": "item:dibao"}, headers=admin).json()
    assert log[0]["action"] == "catalog.update" and log[0]["reason"] == "提速"
    assert client.http.get("/api/audit/verify", headers=admin).json()["ok"] is True


def test_login_register_and_logout(client: ApiClient) -> None:
    reg = client.http.post(
        "/api/auth/register", json={"username": "wangjg", "password": PASSWORD, "display_name": "王建国"}
    )
    assert reg.status_code == 201 and reg.json()["role"] == "citizen"
    _assert_error(client.http.post("/api/auth/login", json={"username": "wangjg", "password": "wrong-one"}), 401)
    token = client.http.post("/api/auth/login", json={"username": "wangjg", "password": PASSWORD}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.http.get("/api/auth/me", headers=headers).json()["username"] == "wangjg"
    assert client.http.post("/api/auth/logout", headers=headers).status_code == 204
    _assert_error(client.http.get("/api/auth/me", headers=headers), 401)


def test_only_admins_manage_users_and_read_audit(client: ApiClient) -> None:
    citizen, admin = client.user(), client.user(Role.ADMIN)
    _assert_error(client.http.get("/api/audit", headers=citizen), 403)
    _assert_error(client.http.get("/api/users", headers=citizen), 403)
    created = client.http.post(
        "/api/users",
        json={
            "username": "clerk-x",
            "password": PASSWORD,
            "display_name": "窗口",
            "role": "clerk",
            "department": "公安局",
        },
        headers=admin,
    )
    assert created.status_code == 201 and created.json()["department"] == "公安局"


def test_openapi_docs_are_served_without_a_cdn(client: ApiClient) -> None:
    page = client.http.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "/api-docs-static/swagger-ui-bundle.js" in page.text
    assert client.http.get("/api-docs-static/swagger-ui-bundle.js").status_code == 200
    assert client.http.get("/openapi.json").json()["info"]["title"].startswith("govhall")
