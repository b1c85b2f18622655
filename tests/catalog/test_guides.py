"""Guides that fit the item (issue 21 part 7), over the real app: place, hours and 常见问题 per item;
window-only items book a visit and list what to bring; lookups look up; 设定依据 link to 政策库."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

from govhall import catalog
from govhall.accounts import Role
from govhall.samples import make_person, sample_form_data
from tests.conftest import PASSWORD, ApiClient


def _browser(client: ApiClient) -> tuple[TestClient, str]:
    """A citizen logged in through the login page, as a browser is, with the page's CSRF token."""
    client.user(Role.CITIZEN)
    http = TestClient(client.http.app, raise_server_exceptions=False)
    http.post("/login", data={"username": f"citizen{client._n}", "password": PASSWORD}, follow_redirects=False)
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', http.get("/").text)
    assert found
    return http, found.group(1)


def test_every_shipped_item_has_place_hours_and_questions() -> None:
    items = {item.code: item for item in catalog.builtin_items()}
    for item in items.values():
        assert item.place is not None, item.code
        assert item.place.address and item.place.phone and item.place.hours
        assert len(item.faq) >= 2, item.code
        assert item.handling != "window" or item.booking, f"{item.code}: a window item says how to book"
    assert items["marriage-registration"].handling == "window"
    assert items["social-insurance-record"].handling == "lookup"
    assert items["unemployment-benefit"].handling == "apply"


def test_window_item_shows_booking_and_what_to_bring_and_books_without_files(client: ApiClient) -> None:
    http, csrf = _browser(client)
    page = http.get("/items/marriage-registration").text
    assert 'id="booking"' in page and "男女双方须本人共同到场" in page and 'id="bring"' in page
    assert 'id="apply"' not in page and "在线预约" in page
    assert "0000-8010 1201" in page and "可以一个人去办吗？" in page
    form = http.get("/items/marriage-registration/apply").text
    assert 'type="file"' not in form and 'id="bring"' in form and "提交预约" in form
    factory = http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        schema = catalog.get_item(db, "marriage-registration").content["form"]
    rng = random.Random(3)
    data = {k: str(v) for k, v in sample_form_data(schema, make_person(rng), rng).items()}
    done = http.post("/items/marriage-registration/apply", data={**data, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303, done.text[:500]
    assert done.headers["location"].startswith("/cases/")


def test_legal_basis_links_to_the_article_in_the_policy_library(client: ApiClient) -> None:
    page = client.http.get("/items/social-insurance-record").text
    links = re.findall(r'<a href="(/policies/\d+#a(\d+))">《中华人民共和国社会保险法》第四条</a>', page)
    assert len(links) == 1, "the national law's full title finds the library's 社会保险法"
    href, article_id = links[0]
    document = client.http.get(href.split("#")[0])
    assert document.status_code == 200 and f'id="a{article_id}"' in document.text
    cited = client.http.get("/cite", params={"law": "婚姻登记条例", "article": "第五条"}, follow_redirects=False)
    assert cited.status_code == 303 and re.fullmatch(r"/policies/\d+#a\d+", cited.headers["location"])
    unknown = client.http.get("/cite", params={"law": "不存在的条例", "article": "第一条"}, follow_redirects=False)
    assert unknown.status_code == 303 and unknown.headers["location"].startswith("/policies?q=")


def test_lookup_item_shows_a_lookup_for_the_logged_in_person(client: ApiClient) -> None:
    anonymous = client.http.get("/items/social-insurance-record").text
    assert 'id="lookup"' in anonymous and 'id="lookup-open"' in anonymous
    assert client.http.get("/items/social-insurance-record/lookup").status_code == 401
    assert client.http.get("/items/dibao/lookup", headers=client.user()).status_code == 404
    http, _ = _browser(client)
    start, end = date(2025, 1, 1), date(2025, 6, 30)
    result = http.get(
        "/items/social-insurance-record/lookup",
        params={"insurance_type": "失业保险", "start": start.isoformat(), "end": end.isoformat()},
    )
    assert result.status_code == 200
    assert "查询结果（共 6 条）" in result.text and "演示数据" in result.text
    again = http.get(
        "/items/social-insurance-record/lookup",
        params={"insurance_type": "失业保险", "start": start.isoformat(), "end": end.isoformat()},
    )
    assert re.findall(r"<td data-label=\"缴费基数\">(\d+)</td>", result.text) == re.findall(
        r"<td data-label=\"缴费基数\">(\d+)</td>", again.text
    )
    backwards = http.get(
        "/items/social-insurance-record/lookup",
        params={"start": end.isoformat(), "end": (end - timedelta(days=200)).isoformat()},
    )
    assert backwards.status_code == 400 and "截止日期不能早于起始日期" in backwards.text
    garbage = http.get("/items/social-insurance-record/lookup", params={"start": "2025-13-40", "end": "x"})
    assert garbage.status_code == 400 and "格式" in garbage.text


def test_login_returns_only_to_a_local_path(client: ApiClient) -> None:
    client.user(Role.CITIZEN)
    username = f"citizen{client._n}"
    for target, expected in [
        ("/assistant", "/assistant"),
        ("//evil.example/x", "/my/cases"),
        ("/\\evil.example", "/my/cases"),
        ("https://evil.example/", "/my/cases"),
        ("/\tassistant", "/my/cases"),
    ]:
        http = TestClient(client.http.app, raise_server_exceptions=False)
        response = http.post(
            "/login", data={"username": username, "password": PASSWORD, "next": target}, follow_redirects=False
        )
        assert response.status_code == 303 and response.headers["location"] == expected, target
    page = TestClient(client.http.app).get("/login", params={"next": "//evil.example"}).text
    assert 'name="next" value="/"' in page


def test_editing_an_item_in_the_editor_keeps_its_guide() -> None:
    content = next(i for i in catalog.builtin_items() if i.code == "marriage-registration").model_dump(mode="json")
    draft = catalog.draft_from_content(content)
    draft.summary = "改过的摘要"
    edited = catalog.content_from_draft(draft).model_dump(mode="json")
    assert edited["summary"] == "改过的摘要"
    assert {k: edited[k] for k in ("handling", "place", "booking", "faq")} == {
        k: content[k] for k in ("handling", "place", "booking", "faq")
    }
