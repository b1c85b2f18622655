"""Who may open the back office: admins only; clerks and analysts get a Chinese 403 page, visitors
the login page; every form post without the page's CSRF token is refused."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from govhall.accounts import Role
from tests.admin.conftest import BACK_OFFICE_PAGES, HTML, PageClient, csrf_of

ADMIN_PAGES = [
    "/admin",
    "/admin/users",
    "/admin/audit",
    "/admin/audit.csv",
    "/admin/catalog",
    "/admin/catalog/new",
    "/admin/catalog/dibao",
    "/admin/catalog/dibao/versions",
]
ADMIN_POSTS = [
    "/admin/users",
    "/admin/users/someone/deactivate",
    "/admin/users/someone/reset-password",
    "/admin/catalog/new",
    "/admin/catalog/dibao",
    "/admin/catalog/dibao/retire",
    "/admin/catalog/dibao/rollback",
]


@pytest.mark.parametrize("path", [*ADMIN_PAGES, "/admin", *BACK_OFFICE_PAGES])
def test_clerk_gets_a_chinese_403_on_every_back_office_page(page_client: PageClient, path: str) -> None:
    clerk = page_client(Role.CLERK, department="民政局")
    response = clerk.get(path)
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert "仅管理员可以访问管理后台" in response.text


@pytest.mark.parametrize("path", ADMIN_POSTS)
def test_clerk_cannot_post_to_admin_pages(page_client: PageClient, path: str) -> None:
    clerk = page_client(Role.CLERK, department="民政局")
    token = csrf_of(clerk.get("/").text)
    response = clerk.post(path, data={"csrf": token, "version": "1"}, follow_redirects=False)
    assert response.status_code == 403


def test_analyst_cannot_see_accounts(page_client: PageClient) -> None:
    analyst = page_client(Role.ANALYST)
    for path in ("/admin/users", "/admin/audit", "/admin/catalog"):
        assert analyst.get(path).status_code == 403
    assert 'id="nav-admin"' not in analyst.get("/").text


def test_visitor_is_sent_to_login(app: FastAPI) -> None:
    visitor = TestClient(app, raise_server_exceptions=False, headers=HTML)
    for path in [*ADMIN_PAGES, *BACK_OFFICE_PAGES]:
        response = visitor.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/login?next={path}"


def test_admin_sees_the_menu_and_every_page(page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    assert 'id="nav-admin"' in admin.get("/").text
    for path in ADMIN_PAGES:
        assert admin.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/users", {"username": "newclerk", "display_name": "新人", "role": "citizen", "password": "x"}),
        ("/admin/users/citizen1/deactivate", {}),
        ("/admin/users/citizen1/reset-password", {}),
        ("/admin/users/citizen1/revoke-sessions", {}),
        ("/admin/catalog/dibao/retire", {}),
        ("/admin/catalog/dibao/rollback", {"version": "1"}),
        ("/admin/catalog/dibao", {"do": "publish"}),
        ("/account/password", {"old_password": "a", "new_password": "b", "confirm_password": "b"}),
    ],
)
def test_form_post_without_the_token_is_refused(page_client: PageClient, path: str, data: dict[str, str]) -> None:
    admin = page_client(Role.ADMIN)
    page_client(Role.CITIZEN, username="citizen1")
    response = admin.post(path, data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "页面已过期" in response.text
    wrong = admin.post(path, data={**data, "csrf": "0" * 64}, follow_redirects=False)
    assert wrong.status_code == 403
