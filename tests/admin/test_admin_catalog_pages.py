"""The catalogue editor pages: preview, publish, the citizen's form, versions, diff, rollback, retire."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from govhall import catalog
from govhall.accounts import Role
from tests.admin.conftest import PageClient, csrf_of


def _post_data(content: dict[str, Any], token: str, **changes: Any) -> dict[str, Any]:
    """What the editor page posts for ``content``, as the browser sends it (rows as parallel lists)."""
    draft = catalog.draft_from_content(content)
    data: dict[str, Any] = {
        name: getattr(draft, name) for name in draft.__dataclass_fields__ if name not in ("form_base", "fields")
    }
    data["form_base"] = json.dumps(draft.form_base, ensure_ascii=False)
    rows = [
        {
            "field_name": f.name,
            "field_label": f.label,
            "field_kind": f.kind,
            "field_format": f.format,
            "field_required": "1" if f.required else "0",
            "field_options": ",".join(f.options),
            "field_max_length": "" if f.max_length is None else str(f.max_length),
            "field_extra": json.dumps(f.extra, ensure_ascii=False),
            "field_order": str(i + 1),
        }
        for i, f in enumerate(draft.fields)
    ]
    rows += changes.pop("extra_rows", [])
    for key in rows[0] if rows else []:
        data[key] = [row.get(key, "") for row in rows]
    data.update(changes, csrf=token)
    return data


NEW_ROW = {
    "field_name": "house_area",
    "field_label": "住房面积（平方米）",
    "field_kind": "number",
    "field_format": "",
    "field_required": "1",
    "field_options": "",
    "field_max_length": "",
    "field_extra": "{}",
    "field_order": "0",
}


def test_admin_previews_publishes_and_rolls_back_a_new_field(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    citizen = page_client(Role.CITIZEN)
    page = admin.get("/admin/catalog/dibao").text
    assert 'id="item-form"' in page
    with app.state.session_factory() as db:
        content = dict(catalog.get_item(db, "dibao").content)
    data = _post_data(content, csrf_of(page), extra_rows=[NEW_ROW])

    preview = admin.post("/admin/catalog/dibao", data={**data, "do": "preview"})
    assert preview.status_code == 200 and 'id="preview"' in preview.text
    assert 'data-name="house_area"' in preview.text
    assert "住房面积" not in citizen.get("/items/dibao/apply").text  # nothing published yet

    published = admin.post("/admin/catalog/dibao", data={**data, "do": "publish", "reason": "增加面积"})
    assert published.status_code == 200 and "已发布" in published.text and "v2" in published.text
    apply_page = citizen.get("/items/dibao/apply").text
    assert 'id="f-house_area"' in apply_page
    assert apply_page.index("f-house_area") < apply_page.index("f-applicant_name")  # order 0 puts it first
    diff = admin.get("/admin/catalog/dibao/versions", params={"version": 2}).text
    assert 'id="diff-form"' in diff and "house_area" in diff

    token = csrf_of(diff)
    rolled = admin.post("/admin/catalog/dibao/rollback", data={"version": "1", "csrf": token})
    assert "已回滚到 v1 的内容，发布为 v3" in rolled.text
    assert 'id="f-house_area"' not in citizen.get("/items/dibao/apply").text
    trail = admin.get("/admin/audit", params={"target": "item:dibao"}).text
    assert "catalog.update" in trail and "catalog.rollback" in trail and "增加面积" in trail


def test_bad_schema_is_refused_with_the_field_named(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    page = admin.get("/admin/catalog/dibao").text
    with app.state.session_factory() as db:
        content = dict(catalog.get_item(db, "dibao").content)
    bad_row = {**NEW_ROW, "field_name": "住房 面积", "field_kind": "integer", "field_options": "大,小"}
    data = _post_data(content, csrf_of(page), extra_rows=[bad_row])
    response = admin.post("/admin/catalog/dibao", data={**data, "do": "publish"})
    assert response.status_code == 422
    assert "第1个字段“住房面积（平方米）”：字段名须以小写字母开头" in response.text
    assert 'value="住房 面积"' in response.text  # the form is shown again as typed
    broken = admin.post("/admin/catalog/dibao", data={**data, "field_extra": "not json", "do": "preview"})
    assert broken.status_code == 422
    with app.state.session_factory() as db:
        assert catalog.get_item(db, "dibao").version == 1


def test_guide_errors_are_named_and_nothing_is_stored(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    page = admin.get("/admin/catalog/dibao").text
    with app.state.session_factory() as db:
        content = dict(catalog.get_item(db, "dibao").content)
    data = _post_data(content, csrf_of(page), materials="身份证 | 扫描件 | 1", time_limit_days="999", do="publish")
    response = admin.post("/admin/catalog/dibao", data=data)
    assert response.status_code == 422
    assert 'id="err-materials"' in response.text and "申请材料第1行" in response.text


def test_admin_creates_retires_and_reinstates_an_item(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    visitor = TestClient(app, raise_server_exceptions=False, headers={"Accept": "text/html"})
    page = admin.get("/admin/catalog/new").text
    with app.state.session_factory() as db:
        content = dict(catalog.get_item(db, "dibao").content)
    content |= {"code": "house-subsidy", "name": "住房补贴申请", "summary": "符合条件的家庭申请住房补贴。"}
    data = _post_data(content, csrf_of(page), do="publish")
    created = admin.post("/admin/catalog/new", data=data)
    assert created.status_code == 200 and "已发布 住房补贴申请 v1" in created.text
    assert visitor.get("/items/house-subsidy").status_code == 200
    again = admin.post("/admin/catalog/new", data=data)
    assert again.status_code == 409 and "已存在" in again.text

    token = csrf_of(admin.get("/admin/catalog").text)
    listing = admin.post("/admin/catalog/house-subsidy/retire", data={"csrf": token}).text
    assert "已停用 住房补贴申请" in listing
    assert visitor.get("/items/house-subsidy").status_code == 404
    assert "house-subsidy" not in visitor.get("/").text
    assert admin.get("/admin/catalog/house-subsidy").status_code == 200  # still editable
    admin.post("/admin/catalog/house-subsidy/reinstate", data={"csrf": token})
    assert visitor.get("/items/house-subsidy").status_code == 200
    assert admin.post("/admin/catalog/nope-item/retire", data={"csrf": token}).status_code == 200  # shown as a notice
    assert admin.get("/admin/catalog/nope-item").status_code == 404


def test_junk_posts_never_get_a_5xx_nor_publish(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    token = csrf_of(admin.get("/admin/catalog/dibao").text)
    with app.state.session_factory() as db:
        content = dict(catalog.get_item(db, "dibao").content)
    good = _post_data(content, token)
    junk = [
        {"csrf": token, "do": "publish"},
        {**good, "field_order": ["nan"] * len(good["field_order"]), "do": "preview"},
        {**good, "field_name": good["field_name"][:-1], "do": "publish"},
        {**good, "field_max_length": ["99999999999"] * len(good["field_name"]), "do": "publish"},
        {**good, "field_extra": ["[1, 2]"] * len(good["field_name"]), "do": "publish"},
        {**good, "form_base": "[]", "do": "publish"},
        {**good, "fee_yuan": "Infinity", "visits": "-1", "legal_time_limit_days": "1", "do": "publish"},
        {**good, "audience": "外星人", "online": "", "do": "publish"},
    ]
    for data in junk:
        response = admin.post("/admin/catalog/dibao", data=data)
        assert response.status_code < 500, response.text[-500:]
    assert admin.post("/admin/catalog/dibao/rollback", data={"csrf": token, "version": "x"}).status_code == 422
    assert admin.get("/admin/catalog/dibao/versions", params={"version": 99}).status_code == 404
    with app.state.session_factory() as db:
        assert catalog.get_item(db, "dibao").version == 1
