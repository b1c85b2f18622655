"""The audit viewer: filters, masked details, the chain's status and anchor, CSV export."""

from __future__ import annotations

import csv
import io

from fastapi import FastAPI
from sqlalchemy import update

from govhall import audit
from govhall.accounts import Role
from govhall.audit import AuditEntry
from govhall.db import transaction
from tests.admin.conftest import PageClient


def _record(app: FastAPI, **fields: object) -> None:
    with app.state.session_factory() as db, transaction(db):
        audit.record(db, actor=None, **fields)  # type: ignore[arg-type]


def test_filters_by_actor_action_target_and_day(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN, username="auditor")
    _record(app, action="case.accept", target="case:GH001", reason="已核实")
    _record(app, action="catalog.update", target="item:dibao", details={"version": 2})
    page = admin.get("/admin/audit", params={"action": "case."}).text
    assert "case:GH001" in page and "item:dibao" not in page
    page = admin.get("/admin/audit", params={"target": "dibao"}).text
    assert "item:dibao" in page and "case:GH001" not in page
    page = admin.get("/admin/audit", params={"actor": "auditor"}).text
    assert "user:auditor" in page and "case:GH001" not in page  # the admin's own account was created by itself
    assert "没有符合条件的记录" in admin.get("/admin/audit", params={"since": "2199-01-01"}).text
    assert "case:GH001" in admin.get("/admin/audit", params={"since": "2000-01-01", "until": "2199-12-31"}).text


def test_bad_dates_are_named_not_a_500(page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    response = admin.get("/admin/audit", params={"since": "2024-13-40"})
    assert response.status_code == 422 and 'id="err-since"' in response.text
    response = admin.get("/admin/audit", params={"since": "2024-05-02", "until": "2024-05-01"})
    assert response.status_code == 422 and 'id="err-until"' in response.text
    assert admin.get("/admin/audit.csv", params={"until": "x"}).status_code == 422
    assert admin.get("/admin/audit", params={"until": "9999-12-31"}).status_code == 422
    assert admin.get("/admin/audit.csv", params={"since": "0001-01-01"}).status_code == 422
    assert admin.get("/admin/audit", params={"since": "0001-01-01"}).status_code == 422
    response = admin.get("/admin/audit", params={"anchor": "nonsense"})
    assert 'id="err-anchor"' in response.text


def test_details_are_masked(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    _record(
        app,
        action="case.note",
        target="case:GH002",
        reason="申请人电话13912345678",
        details={"note": "身份证110105198003071234"},
    )
    page = admin.get("/admin/audit", params={"target": "GH002"}).text
    assert "13912345678" not in page and "110105198003071234" not in page
    assert "139****5678" in page


def test_chain_status_and_anchor_are_shown_and_tampering_is_reported(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    page = admin.get("/admin/audit").text
    assert "日志链校验通过" in page
    with app.state.session_factory() as db:
        head = audit.anchor(db)
    assert head in page
    assert "已按锚点" in admin.get("/admin/audit", params={"anchor": head}).text
    with app.state.session_factory() as db, transaction(db):
        db.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(target="user:forged"))
    page = admin.get("/admin/audit").text
    assert "日志链校验未通过" in page and "第 1 条记录的内容被改动" in page


def test_csv_export_follows_the_filters_is_masked_and_audited(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN, username="exporter")
    _record(app, action="case.accept", target="case:GH003", reason="=HYPERLINK(1) 电话13912345678")
    response = admin.get("/admin/audit.csv", params={"action": "case."})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][0] == "序号" and len(rows) == 2
    assert rows[1][4] == "case:GH003"
    assert rows[1][5].startswith("'=")  # a spreadsheet will not run it
    assert "13912345678" not in response.text
    assert "audit.export" in admin.get("/admin/audit", params={"actor": "exporter"}).text
