"""Materials over HTTP on both databases: uploads checked by content, access by owner/department only,
an application carries its required materials, a 补正 takes exactly the materials asked for."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from govhall import audit, catalog
from govhall.accounts import Role
from govhall.files import StoredFile
from govhall.samples import make_person, sample_form_data
from govhall.web import create_app
from tests.conftest import ApiClient, make_settings
from tests.files.samples import EXE, JPEG, PDF, PNG

LIMIT = 4096
ITEM = "unemployment-benefit"  # required: 居民身份证或社会保障卡, 本人银行卡; one optional material


@pytest.fixture
def hall(tmp_path: Path, db_url: str) -> ApiClient:
    return ApiClient(create_app(make_settings(tmp_path, db_url, max_upload_bytes=LIMIT)))


def _stored(hall: ApiClient) -> int:
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        return db.scalar(select(func.count()).select_from(StoredFile)) or 0


def _blobs(tmp_path: Path) -> list[Path]:
    root = tmp_path / "data" / "files"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _upload(hall: ApiClient, who: dict[str, str], name: str, data: bytes, mime: str = "application/pdf") -> Any:
    return hall.http.post("/api/files", files={"file": (name, data, mime)}, headers=who)


def _assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), "message in Chinese"


def _materials(hall: ApiClient, code: str) -> list[dict[str, Any]]:
    materials: list[dict[str, Any]] = hall.http.get(f"/api/catalog/items/{code}").json()["materials"]
    return materials


def _data(hall: ApiClient, code: str) -> dict[str, Any]:
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    rng = random.Random(3)
    with factory() as db:
        return sample_form_data(catalog.get_item(db, code).content["form"], make_person(rng), rng)


def _apply(hall: ApiClient, who: dict[str, str], code: str = ITEM) -> dict[str, Any]:
    refs = []
    for material in _materials(hall, code):
        if material["required"]:
            file_id = _upload(hall, who, f"{material['name']}.pdf", PDF).json()["id"]
            refs.append({"material": material["name"], "file_id": file_id})
    response = hall.http.post(
        "/api/cases", json={"item_code": code, "data": _data(hall, code), "materials": refs}, headers=who
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("申请书.pdf", EXE, 415, "file_type_not_allowed"),  # a renamed executable
        ("照片.png", b"just text, not an image", 415, "file_type_not_allowed"),
        ("大文件.pdf", PDF + b"0" * LIMIT, 413, "file_too_large"),
        ("空文件.pdf", b"", 400, "file_empty"),
        ("../../etc/passwd.pdf", PDF, 400, "file_name_invalid"),
        ("..\\windows\\a.pdf", PDF, 400, "file_name_invalid"),
    ],
)
def test_bad_upload_is_4xx_and_nothing_is_stored(
    hall: ApiClient, tmp_path: Path, name: str, data: bytes, status: int, code: str
) -> None:
    citizen = hall.user()
    _assert_error(_upload(hall, citizen, name, data), status, code)
    assert _stored(hall) == 0
    assert _blobs(tmp_path) == []


def test_upload_without_file_field_or_login_is_4xx(hall: ApiClient) -> None:
    citizen = hall.user()
    _assert_error(hall.http.post("/api/files", data={"x": "1"}, headers=citizen), 400, "file_missing")
    _assert_error(
        hall.http.post("/api/files", files={"file": ("a.pdf", PDF, "application/pdf")}), 401, "not_authenticated"
    )
    assert _stored(hall) == 0


def test_pdf_jpeg_png_are_kept_once_per_content_with_opaque_ids(hall: ApiClient, tmp_path: Path) -> None:
    citizen = hall.user()
    ids = []
    for name, data in (("a.pdf", PDF), ("b.jpg", JPEG), ("c.png", PNG), ("same.pdf", PDF)):
        response = _upload(hall, citizen, name, data, "application/octet-stream")
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    assert [hall.http.get(f"/api/files/{i}", headers=citizen).json()["content_type"] for i in ids] == [
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/pdf",
    ]
    assert len(set(ids)) == 4 and all(len(i) >= 32 for i in ids), "random, unguessable ids"
    assert len(_blobs(tmp_path)) == 3, "same content stored once"
    assert all((p.stat().st_mode & 0o077) == 0 for p in _blobs(tmp_path))
    for blob in _blobs(tmp_path):  # encrypted at rest: no file on disk holds the uploaded bytes
        content = blob.read_bytes()
        assert not any(sample[:8] in content for sample in (PDF, JPEG, PNG))
    for file_id, sample in zip(ids, (PDF, JPEG, PNG, PDF), strict=True):
        assert hall.http.get(f"/api/files/{file_id}/content", headers=citizen).content == sample


def test_application_requires_the_items_required_materials(hall: ApiClient) -> None:
    citizen = hall.user()
    required = [m["name"] for m in _materials(hall, ITEM) if m["required"]]
    one = _upload(hall, citizen, "id.pdf", PDF).json()["id"]
    body = {"item_code": ITEM, "data": _data(hall, ITEM), "materials": [{"material": required[0], "file_id": one}]}
    response = hall.http.post("/api/cases", json=body, headers=citizen)
    _assert_error(response, 422, "form_invalid")
    assert f"materials.{required[1]}" in response.json()["error"]["fields"]
    unknown = {**body, "materials": [*body["materials"], {"material": "不存在的材料", "file_id": one}]}
    assert (
        "materials.不存在的材料"
        in hall.http.post("/api/cases", json=unknown, headers=citizen).json()["error"]["fields"]
    )
    assert hall.http.get("/api/cases", headers=citizen).json()["total"] == 0


def test_someone_elses_file_id_is_404_and_nothing_is_stored(hall: ApiClient) -> None:
    alice, mallory = hall.user(), hall.user()
    alices = _upload(hall, alice, "id.pdf", PDF).json()["id"]
    _assert_error(hall.http.get(f"/api/files/{alices}", headers=mallory), 404, "not_found")
    _assert_error(hall.http.get(f"/api/files/{alices}/content", headers=mallory), 404, "not_found")
    refs = [{"material": m["name"], "file_id": alices} for m in _materials(hall, ITEM) if m["required"]][:1]
    refs += [
        {"material": m["name"], "file_id": _upload(hall, mallory, "x.pdf", PDF).json()["id"]}
        for m in _materials(hall, ITEM)
        if m["required"]
    ][1:]
    response = hall.http.post(
        "/api/cases", json={"item_code": ITEM, "data": _data(hall, ITEM), "materials": refs}, headers=mallory
    )
    _assert_error(response, 404, "not_found")
    assert hall.http.get("/api/cases", headers=mallory).json()["total"] == 0
    _assert_error(hall.http.get("/api/files/guessed-id-123/content", headers=alice), 404, "not_found")


def test_owner_and_department_download_others_do_not_and_reads_are_audited(hall: ApiClient) -> None:
    citizen = hall.user()
    case = _apply(hall, citizen)
    department = case["department"]
    clerk = hall.user(Role.CLERK, department)
    other_clerk = hall.user(Role.CLERK, "公安局")
    other_citizen = hall.user()
    detail = hall.http.get(f"/api/cases/{case['number']}", headers=clerk).json()
    assert len(detail["materials"]) == 2
    file_id = detail["materials"][0]["id"]
    for who in (citizen, clerk):
        response = hall.http.get(f"/api/files/{file_id}/content", headers=who)
        assert response.status_code == 200 and response.content == PDF
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"].startswith("attachment")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
    for who in (other_clerk, other_citizen):
        _assert_error(hall.http.get(f"/api/files/{file_id}/content", headers=who), 404, "not_found")
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        entries = audit.list_entries(db, target=f"file:{file_id}")
    assert [e.action for e in entries].count("file.download") == 2
    # an attached file cannot be offered again for another application
    again = [{"material": m["material"], "file_id": m["id"]} for m in detail["materials"]]
    body = {"item_code": ITEM, "data": _data(hall, ITEM), "materials": again}
    _assert_error(hall.http.post("/api/cases", json=body, headers=citizen), 404, "not_found")


def test_supplement_takes_exactly_the_requested_materials(hall: ApiClient) -> None:
    citizen = hall.user()
    case = _apply(hall, citizen)
    number = case["number"]
    clerk = hall.user(Role.CLERK, case["department"])
    act = f"/api/cases/{number}/actions"
    assert hall.http.post(act, json={"action": "accept"}, headers=clerk).status_code == 200
    asked = ["本人银行卡", "近三个月工资流水"]  # one from the item's list, one written by the clerk
    response = hall.http.post(
        act, json={"action": "request_materials", "reason": "银行卡照片不清晰", "requested": asked}, headers=clerk
    )
    assert response.status_code == 200, response.text
    assert hall.http.get(f"/api/cases/{number}", headers=citizen).json()["requested_materials"] == asked

    one = _upload(hall, citizen, "card.png", PNG).json()["id"]
    short = hall.http.post(
        act, json={"action": "supplement", "materials": [{"material": asked[0], "file_id": one}]}, headers=citizen
    )
    _assert_error(short, 422, "form_invalid")
    assert f"materials.{asked[1]}" in short.json()["error"]["fields"]
    two = _upload(hall, citizen, "flow.pdf", PDF).json()["id"]
    extra = _upload(hall, citizen, "other.jpg", JPEG).json()["id"]
    wrong = [
        {"material": asked[0], "file_id": one},
        {"material": asked[1], "file_id": two},
        {"material": "居民身份证或社会保障卡", "file_id": extra},
    ]
    _assert_error(
        hall.http.post(act, json={"action": "supplement", "materials": wrong}, headers=citizen), 422, "form_invalid"
    )
    assert hall.http.get(f"/api/cases/{number}", headers=citizen).json()["state"] == "needs_materials"

    ok = hall.http.post(act, json={"action": "supplement", "materials": wrong[:2]}, headers=citizen)
    assert ok.status_code == 200, ok.text
    detail = hall.http.get(f"/api/cases/{number}", headers=clerk).json()
    assert detail["state"] == "accepted" and detail["requested_materials"] == []
    assert [(m["material"], m["round"]) for m in detail["materials"]][-2:] == [(asked[0], 1), (asked[1], 1)]


def test_upload_request_over_the_body_limit_is_413(tmp_path: Path, db_url: str) -> None:
    hall = ApiClient(create_app(make_settings(tmp_path, db_url, max_upload_bytes=1000, max_upload_request_bytes=2000)))
    citizen = hall.user()
    _assert_error(_upload(hall, citizen, "big.pdf", PDF + b"0" * 5000), 413, "input_too_large")
    assert _stored(hall) == 0


def test_unsubmitted_uploads_are_capped_per_user(tmp_path: Path, db_url: str) -> None:
    hall = ApiClient(create_app(make_settings(tmp_path, db_url, max_pending_uploads=2)))
    citizen, other = hall.user(), hall.user()
    for _ in range(2):
        assert _upload(hall, citizen, "a.pdf", PDF).status_code == 201
    _assert_error(_upload(hall, citizen, "a.pdf", PDF), 429, "too_many_pending_files")
    assert _upload(hall, other, "a.pdf", PDF).status_code == 201, "the cap is per user"
