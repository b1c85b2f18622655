"""The statistics pages through the real app: charts' data, drill-down and CSV for analysts; a
department head sees only their own department; bad dates and charts are Chinese 4xx."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import select

from govhall.accounts import Role, User
from govhall.cases.models import Case
from govhall.catalog.models import CatalogItem
from govhall.db import transaction
from govhall.db.bulk import insert_rows, reserve_ids
from govhall.localtime import LOCAL_TZ
from tests.admin.conftest import PageClient


def _cases(app: FastAPI, applicant: int, codes: list[str]) -> None:
    """One case per code, submitted an hour ago, open, due yesterday (overdue)."""
    now = datetime.now(UTC)
    yesterday = (datetime.now(LOCAL_TZ) - timedelta(days=1)).date()
    with app.state.session_factory() as db, transaction(db):
        items = {row.code: row for row in db.scalars(select(CatalogItem))}
        ids = reserve_ids(db, Case, len(codes))
        rows = [
            {
                "id": case_id,
                "number": f"S{case_id:08d}",
                "item_code": code,
                "item_version": items[code].version,
                "item_name": items[code].name,
                "department": items[code].department,
                "applicant_id": applicant,
                "state": "accepted",
                "data": {},
                "submitted_at": now - timedelta(hours=1),
                "updated_at": now - timedelta(hours=1),
                "deadline": yesterday,
            }
            for case_id, code in zip(ids, codes, strict=True)
        ]
        insert_rows(db.connection(), Case, rows)


def _data(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="stats-data">(.*?)</script>', page, re.S)
    assert found, "no chart data on the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _applicant(app: FastAPI) -> int:
    with app.state.session_factory() as db:
        user = db.scalar(select(User).where(User.role == "citizen").limit(1))
        assert user is not None
        return user.id


def test_analyst_sees_all_departments_a_department_head_only_theirs(app: FastAPI, page_client: PageClient) -> None:
    page_client(Role.CITIZEN)
    _cases(app, _applicant(app), ["dibao", "dibao", "passport"])
    analyst = page_client(Role.ANALYST)
    everything = _data(analyst.get("/admin/stats").text)
    assert everything["departments"] == [{"department": "民政局", "count": 2}, {"department": "公安局", "count": 1}]
    assert {r["department"] for r in everything["deadlines"]} == {"民政局", "公安局"}  # type: ignore[attr-defined]

    head = page_client(Role.DEPT_HEAD, department="民政局")
    page = head.get("/admin/stats", params={"department": "公安局"}).text
    assert "部门负责人只能查看本部门（民政局）" in page
    mine = _data(page)
    assert mine["departments"] == [{"department": "民政局", "count": 2}]
    assert [r["department"] for r in mine["deadlines"]] == ["民政局"]  # type: ignore[attr-defined]
    drill = head.get("/admin/stats/cases", params={"watch": "overdue", "department": "公安局"}).text
    assert drill.count('class="drill-row"') == 0
    drill = head.get("/admin/stats/cases", params={"watch": "overdue"}).text
    assert drill.count('class="drill-row"') == 2
    exported = head.get("/admin/stats.csv", params={"chart": "items"})
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[0] == ["事项编码", "事项", "部门", "办件量"]
    assert [r[2] for r in rows[1:]] == ["民政局"]


def test_csv_export_and_drill_down(app: FastAPI, page_client: PageClient) -> None:
    page_client(Role.CITIZEN)
    _cases(app, _applicant(app), ["dibao", "passport"])
    admin = page_client(Role.ADMIN)
    response = admin.get("/admin/stats.csv", params={"chart": "deadlines"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["部门", "已超期", "临近期限"]
    assert sorted(rows[1:]) == [["公安局", "1", "0"], ["民政局", "1", "0"]]
    drill = admin.get("/admin/stats/cases", params={"item_code": "dibao"}).text
    assert drill.count('class="drill-row"') == 1 and "最低生活保障" in drill


def test_bad_dates_and_charts_are_chinese_4xx(page_client: PageClient) -> None:
    analyst = page_client(Role.ANALYST)
    bad = analyst.get("/admin/stats", params={"start": "2024-02-30"})
    assert bad.status_code == 422 and "格式应为 YYYY-MM-DD" in bad.text
    backwards = analyst.get("/admin/stats", params={"start": "2024-05-02", "end": "2024-05-01"})
    assert backwards.status_code == 422 and "结束日期不能早于开始日期" in backwards.text
    assert analyst.get("/admin/stats", params={"grain": "hour"}).status_code == 422
    chart = analyst.get("/admin/stats.csv", params={"chart": "nonsense"}, headers={"Accept": "application/json"})
    assert chart.status_code == 400 and "没有名为" in chart.json()["error"]["message"]
    dates = analyst.get("/admin/stats.csv", params={"start": "x"}, headers={"Accept": "application/json"})
    assert dates.status_code == 422 and dates.json()["error"]["message"] == "统计条件有误"
    assert analyst.get("/admin/stats/cases", params={"watch": "soon"}).status_code == 422


def test_department_head_without_a_department_is_refused(app: FastAPI, page_client: PageClient) -> None:
    head = page_client(Role.DEPT_HEAD, department="民政局")
    with app.state.session_factory() as db, transaction(db):
        user = db.scalar(select(User).where(User.role == "dept_head"))
        assert user is not None
        user.department = None
    response = head.get("/admin/stats")
    assert response.status_code == 403 and "未指定部门" in response.text
