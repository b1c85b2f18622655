"""Who may open parts 4-6 of the back office: the knowledge base (admins, policy editors), the
conversation logs (admins, supervisors) and the statistics (admins, analysts, department heads);
a clerk gets the Chinese 403 page everywhere; every form post needs the page's CSRF token."""

from __future__ import annotations

import pytest

from govhall.accounts import Role
from tests.admin.conftest import BACK_OFFICE_PAGES, KNOWLEDGE, LOGS, STATS, PageClient, csrf_of

POSTS = [
    "/admin/knowledge/upload",
    "/admin/knowledge/reindex",
    "/admin/knowledge/1/repeal",
    "/admin/knowledge/1/delete",
    "/admin/logs/abc/mark",
]


@pytest.mark.parametrize("path", POSTS)
def test_clerk_and_citizen_cannot_post(page_client: PageClient, path: str) -> None:
    for client in (page_client(Role.CLERK, department="民政局"), page_client(Role.CITIZEN)):
        token = csrf_of(client.get("/").text)
        assert client.post(path, data={"csrf": token}, follow_redirects=False).status_code == 403


@pytest.mark.parametrize(
    ("role", "department", "allowed"),
    [
        (Role.ADMIN, None, BACK_OFFICE_PAGES),
        (Role.POLICY_EDITOR, None, KNOWLEDGE),
        (Role.SUPERVISOR, None, LOGS),
        (Role.ANALYST, None, STATS),
        (Role.DEPT_HEAD, "民政局", STATS),
    ],
)
def test_each_role_opens_its_own_parts_only(
    page_client: PageClient, role: Role, department: str | None, allowed: list[str]
) -> None:
    client = page_client(role, department=department)
    assert client.get("/admin").status_code == 200
    for path in BACK_OFFICE_PAGES:
        response = client.get(path)
        if path in allowed:
            assert response.status_code == 200, (role, path, response.text[:300])
        else:
            assert response.status_code == 403, (role, path)
            assert "无权访问" in response.text


def test_analyst_sees_statistics_but_not_accounts(page_client: PageClient) -> None:
    analyst = page_client(Role.ANALYST)
    assert analyst.get("/admin/stats").status_code == 200
    for path in ("/admin/users", "/admin/audit", "/admin/catalog", "/admin/logs", "/admin/knowledge"):
        assert analyst.get(path).status_code == 403, path
    menu = analyst.get("/admin").text
    assert 'id="admin-stats"' in menu
    assert 'id="admin-users"' not in menu
    assert 'id="admin-logs"' not in menu


@pytest.mark.parametrize("path", POSTS)
def test_post_without_the_token_is_refused(page_client: PageClient, path: str) -> None:
    admin = page_client(Role.ADMIN)
    response = admin.post(path, data={"turn": "1", "example": "good"}, follow_redirects=False)
    assert response.status_code == 403
    assert "页面已过期" in response.text
    wrong = admin.post(path, data={"csrf": "0" * 64}, follow_redirects=False)
    assert wrong.status_code == 403


def test_admin_creates_the_new_roles_and_a_department_head_needs_a_department(page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    page = admin.get("/admin/users").text
    for label in ("政策编辑", "质检主管", "部门负责人"):
        assert label in page
    token = csrf_of(page)
    form = {"csrf": token, "display_name": "王主任", "password": "Head-Passw0rd-2024", "role": "dept_head"}
    refused = admin.post("/admin/users", data={**form, "username": "wanghead"})
    assert refused.status_code == 422 and "部门负责人必须指定所属部门" in refused.text
    created = admin.post("/admin/users", data={**form, "username": "wanghead", "department": "民政局"})
    assert created.status_code == 200 and "已创建账号 wanghead" in created.text
