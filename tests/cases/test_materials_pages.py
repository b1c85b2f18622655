"""The hall pages with materials (SQLite, real app over HTTP as a browser posts): apply with files,
a refused file leaves nothing stored, 补正 checklist and supplement, inbox, 好差评."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from govhall.accounts import Role
from govhall.files import StoredFile
from govhall.web import create_app
from tests.conftest import PASSWORD, ApiClient, make_settings
from tests.files.samples import EXE, PDF, PNG, apply, hall_login, page_form

ITEM = "unemployment-benefit"


def _count(http: TestClient) -> int:
    factory = http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        return db.scalar(select(func.count()).select_from(StoredFile)) or 0


def test_apply_page_journey_with_materials(tmp_path: Path, sqlite_url: str) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, sqlite_url)))
    citizen, token = hall_login(client)
    page = citizen.get(f"/items/{ITEM}/apply").text
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    materials = client.http.get(f"/api/catalog/items/{ITEM}").json()["materials"]
    required = [i for i, m in enumerate(materials) if m["required"]]

    # a renamed executable among good files: 4xx, the page names it, nothing is stored
    bad = {
        f"m{required[0]}": ("id.pdf", PDF, "application/pdf"),
        f"m{required[1]}": ("card.pdf", EXE, "application/pdf"),
    }
    refused = citizen.post(f"/items/{ITEM}/apply", data={**page_form(citizen, ITEM), "csrf": token}, files=bad)
    assert refused.status_code == 422 and "不是 PDF、JPEG 或 PNG" in refused.text
    assert _count(citizen) == 0
    # a required material missing: 4xx, nothing stored (the uploaded one is discarded again)
    missing = citizen.post(
        f"/items/{ITEM}/apply",
        data={**page_form(citizen, ITEM), "csrf": token},
        files={f"m{required[0]}": ("id.pdf", PDF, "application/pdf")},
    )
    assert missing.status_code == 422 and "请上传必需材料" in missing.text
    assert _count(citizen) == 0

    good = {
        f"m{required[0]}": ("身份证.pdf", PDF, "application/pdf"),
        f"m{required[1]}": ("银行卡.png", PNG, "image/png"),
    }
    done = citizen.post(
        f"/items/{ITEM}/apply", data={**page_form(citizen, ITEM), "csrf": token}, files=good, follow_redirects=False
    )
    assert done.status_code == 303, done.text[:500]
    number = done.headers["location"].split("/")[2].split("?")[0]
    case_page = citizen.get(f"/cases/{number}").text
    assert "身份证.pdf" in case_page and "银行卡.png" in case_page

    clerk, clerk_token = hall_login(client, Role.CLERK, "人力资源和社会保障局")
    assert clerk.post(f"/cases/{number}/actions", data={"action": "accept", "csrf": clerk_token}).status_code == 200
    page = clerk.get(f"/cases/{number}").text
    assert 'id="checklist"' in page and 'data-confirm="确定不予通过吗' in page
    file_link = re.search(r'href="(/api/files/[^"]+/content)"', page)
    assert file_link and clerk.get(file_link.group(1)).content == PDF
    nothing = clerk.post(
        f"/cases/{number}/actions", data={"action": "request_materials", "reason": "补", "csrf": clerk_token}
    )
    assert "请勾选或填写需要补正的材料" in nothing.text
    asked = clerk.post(
        f"/cases/{number}/actions",
        data={
            "action": "request_materials",
            "reason": "银行卡照片不清晰",
            "requested": materials[required[1]]["name"],
            "csrf": clerk_token,
        },
    )
    assert asked.status_code == 200

    inbox = citizen.get("/notifications").text
    assert "请补正材料" in inbox and f"/cases/{number}" in inbox
    assert client.http.get("/api/notifications/unread").status_code == 401
    page = citizen.get(f"/cases/{number}").text
    assert 'id="supplement-form"' in page and materials[required[1]]["name"] in page
    supplemented = citizen.post(
        f"/cases/{number}/supplement",
        data={"csrf": token},
        files={"r0": ("银行卡2.png", PNG, "image/png")},
        follow_redirects=False,
    )
    assert supplemented.status_code == 303 and "error" not in supplemented.headers["location"]
    for action in ("approve", "complete"):
        clerk.post(f"/cases/{number}/actions", data={"action": action, "csrf": clerk_token})
    page = citizen.get(f"/cases/{number}").text
    assert 'id="rating-form"' in page
    rated = citizen.post(
        f"/cases/{number}/rating",
        data={"score": "5", "reasons": "办理快捷，按时办结", "csrf": token},
        follow_redirects=False,
    )
    assert rated.status_code == 303 and "rated=1" in rated.headers["location"]
    assert "非常满意" in citizen.get(f"/cases/{number}").text
    forged = citizen.post(f"/cases/{number}/rating", data={"score": "1", "csrf": "0" * 64})
    assert forged.status_code == 403


def test_a_clerk_cannot_apply_and_its_uploads_are_not_kept(tmp_path: Path, sqlite_url: str) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, sqlite_url)))
    clerk, token = hall_login(client, Role.CLERK, "人力资源和社会保障局")
    files = {"m0": ("id.pdf", PDF, "application/pdf"), "m2": ("card.png", PNG, "image/png")}
    refused = clerk.post(f"/items/{ITEM}/apply", data={**page_form(clerk, ITEM), "csrf": token}, files=files)
    assert refused.status_code == 403
    assert _count(clerk) == 0


def test_bad_rating_is_followed_up_from_the_case_page(tmp_path: Path, sqlite_url: str) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, sqlite_url)))
    citizen_headers = client.user()
    number = apply(client.http, citizen_headers, "dibao", seed=7).json()["number"]
    clerk_headers = client.user(Role.CLERK, "民政局")
    clerk = TestClient(client.http.app, raise_server_exceptions=False)
    clerk.post("/login", data={"username": f"clerk{client._n}", "password": PASSWORD})
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', clerk.get("/").text)
    assert token
    for action in ("accept", "approve", "complete"):
        client.http.post(f"/api/cases/{number}/actions", json={"action": action}, headers=clerk_headers)
    rating = {"score": 1, "reasons": ["多次跑动"]}
    assert client.http.post(f"/api/cases/{number}/rating", json=rating, headers=citizen_headers).status_code == 201
    assert 'id="follow-up-form"' in clerk.get(f"/cases/{number}").text
    empty = clerk.post(f"/cases/{number}/rating/follow-up", data={"note": "", "csrf": token.group(1)})
    assert "请填写整改或回访情况" in empty.text
    done = clerk.post(f"/cases/{number}/rating/follow-up", data={"note": "已回访并整改", "csrf": token.group(1)})
    assert "差评已跟进：已回访并整改" in done.text
