"""Tiny real files of each kind, recognised by content as the product does, and the hall's apply page
as a browser posts it (login, CSRF token, a sample form)."""

from __future__ import annotations

import random
import re
from typing import Any

from fastapi.testclient import TestClient

from govhall import catalog
from govhall.accounts import Role
from govhall.samples import make_person, sample_form_data
from tests.conftest import PASSWORD, ApiClient

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def required_materials(http: Any, headers: dict[str, str], item_code: str) -> list[dict[str, str]]:
    """Upload a small PDF for each required material of ``item_code`` (through ``POST /api/files``,
    as a client does) and return them as the ``materials`` of ``POST /api/cases``."""
    item = http.get(f"/api/catalog/items/{item_code}").json()
    refs = []
    for n, material in enumerate(item["materials"]):
        if material.get("required", True):
            body = PDF + f"% material {n}\n".encode()  # one file per material, not one shared hash
            uploaded = http.post("/api/files", files={"file": ("材料.pdf", body, "application/pdf")}, headers=headers)
            assert uploaded.status_code == 201, uploaded.text
            refs.append({"material": material["name"], "file_id": uploaded.json()["id"]})
    return refs


def apply(
    http: Any, headers: dict[str, str], item_code: str, *, seed: int = 3, data: dict[str, Any] | None = None
) -> Any:
    """``POST /api/cases`` as a citizen's client does: ``data`` (else a sample form filled from
    ``seed``) with the item's required materials uploaded first; returns the response."""
    if data is None:
        rng = random.Random(seed)
        form = http.get(f"/api/catalog/items/{item_code}").json()["form"]
        data = sample_form_data(form, make_person(rng), rng)
    body = {"item_code": item_code, "data": data, "materials": required_materials(http, headers, item_code)}
    return http.post("/api/cases", json=body, headers=headers)


def hall_login(client: ApiClient, role: Role = Role.CITIZEN, department: str | None = None) -> tuple[TestClient, str]:
    """A new user of ``role`` logged in through the hall's login page; returns the browser-like client
    and the CSRF token its pages embed."""
    client.user(role, department)
    http = TestClient(client.http.app, raise_server_exceptions=False)
    username = f"{role.value}{client._n}"
    assert (
        http.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False).status_code
        == 303
    )
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', http.get("/").text)
    assert found
    return http, found.group(1)


def page_form(http: TestClient, item_code: str) -> dict[str, str]:
    """A sample application of ``item_code`` as the apply page's form posts it (ticked boxes as "true")."""
    factory = http.app.state.session_factory  # type: ignore[attr-defined]
    rng = random.Random(4)
    with factory() as db:
        data = sample_form_data(catalog.get_item(db, item_code).content["form"], make_person(rng), rng)
    return {k: ("true" if v is True else str(v)) for k, v in data.items() if v is not False}
