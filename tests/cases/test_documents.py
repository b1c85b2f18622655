"""Case documents on both databases: PDFs with a Chinese font, only once they exist, only for the
applicant and the department, every download audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from govhall import audit
from govhall.accounts import Role
from govhall.fonts import cjk_font_files
from govhall.web import create_app
from tests.conftest import ApiClient, make_settings
from tests.files.samples import apply

pytestmark = pytest.mark.skipif(
    not cjk_font_files(), reason="no CJK font on this machine (make test installs fonts-noto-cjk)"
)

ITEM = "dibao"


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_receipt_notice_and_result_for_owner_and_department_only(tmp_path: Path, db_url: str) -> None:
    hall = ApiClient(create_app(make_settings(tmp_path, db_url)))
    citizen, stranger = hall.user(), hall.user()
    clerk, other_clerk = hall.user(Role.CLERK, "民政局"), hall.user(Role.CLERK, "公安局")
    factory = hall.http.app.state.session_factory  # type: ignore[attr-defined]
    number = apply(hall.http, citizen, ITEM, seed=1).json()["number"]
    url = f"/api/cases/{number}/documents"
    assert hall.http.get(f"{url}/receipt", headers=citizen).status_code == 404, "no receipt before acceptance"
    act = f"/api/cases/{number}/actions"
    hall.http.post(act, json={"action": "accept"}, headers=clerk)
    hall.http.post(
        act, json={"action": "request_materials", "reason": "缺证明", "requested": ["家庭收入证明"]}, headers=clerk
    )
    assert hall.http.get(f"/api/cases/{number}", headers=citizen).json()["documents"] == ["receipt", "notice"]

    receipt = hall.http.get(f"{url}/receipt", headers=citizen)
    assert receipt.status_code == 200 and receipt.headers["content-type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")
    text = _text(receipt.content, tmp_path)
    assert "受理回执" in text and number in text
    notice = hall.http.get(f"{url}/notice", headers=clerk)
    assert "一次性告知单" in _text(notice.content, tmp_path) and "家庭收入证明" in _text(notice.content, tmp_path)
    for who in (stranger, other_clerk):
        response = hall.http.get(f"{url}/receipt", headers=who)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert hall.http.get(f"{url}/nonsense", headers=citizen).status_code == 404

    hall.http.post(act, json={"action": "supplement"}, headers=citizen)  # nothing uploaded: refused
    assert hall.http.get(f"/api/cases/{number}", headers=citizen).json()["state"] == "needs_materials"
    with factory() as db:
        entries = audit.list_entries(db, target=f"case:{number}")
    assert [e.action for e in entries].count("case.document") == 2
