"""Accounts in the back office: search, create, deactivate and reactivate, reset, end sessions, and
a user's own password change (also with an admin's temporary password, which cannot log in)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from govhall.accounts import Role
from tests.admin.conftest import HTML, PageClient, csrf_of
from tests.conftest import PASSWORD


def _login(app: FastAPI, username: str, password: str) -> int:
    client = TestClient(app, raise_server_exceptions=False, headers=HTML)
    response = client.post("/login", data={"username": username, "password": password}, follow_redirects=False)
    return response.status_code


def test_admin_creates_a_clerk_and_finds_it(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    token = csrf_of(admin.get("/admin/users").text)
    data = {"username": "wang.clerk", "display_name": "王窗口", "role": "clerk", "department": "民政局"}
    response = admin.post("/admin/users", data={**data, "password": "Window-2024-ok", "csrf": token})
    assert response.status_code == 200 and "已创建账号 wang.clerk" in response.text
    found = admin.get("/admin/users", params={"q": "民政"}).text
    assert 'id="user-wang.clerk"' in found and "窗口人员" in found
    assert 'id="user-wang.clerk"' not in admin.get("/admin/users", params={"role": "analyst"}).text
    audit = admin.get("/admin/audit", params={"action": "user.create", "target": "wang.clerk"}).text
    assert "user:wang.clerk" in audit


def test_bad_new_account_is_shown_again_with_the_field_named(page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    token = csrf_of(admin.get("/admin/users").text)
    data = {
        "username": "x",
        "display_name": "某人",
        "role": "clerk",
        "department": "",
        "password": "123",
        "csrf": token,
    }
    response = admin.post("/admin/users", data=data)
    assert response.status_code == 422
    assert 'id="err-username"' in response.text and 'id="err-password"' in response.text
    assert 'id="err-department"' in response.text
    assert 'value="某人"' in response.text
    response = admin.post("/admin/users", data={**data, "role": "emperor"})
    assert response.status_code == 422 and 'id="err-role"' in response.text


def test_deactivated_user_cannot_log_in_until_reactivated(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    citizen = page_client(Role.CITIZEN, username="li.citizen")
    assert citizen.get("/my/cases").status_code == 200
    token = csrf_of(admin.get("/admin/users").text)
    response = admin.post("/admin/users/li.citizen/deactivate", data={"csrf": token})
    assert "已停用账号 li.citizen" in response.text
    assert citizen.get("/my/cases", follow_redirects=False).status_code == 303  # its session ended
    assert _login(app, "li.citizen", PASSWORD) == 401
    admin.post("/admin/users/li.citizen/activate", data={"csrf": token})
    assert _login(app, "li.citizen", PASSWORD) == 303


def test_admin_cannot_deactivate_itself(page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN, username="boss")
    token = csrf_of(admin.get("/admin/users").text)
    response = admin.post("/admin/users/boss/deactivate", data={"csrf": token})
    assert response.status_code == 400 and "不能停用自己的账号" in response.text


def test_unknown_user_is_a_404_page(page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    token = csrf_of(admin.get("/admin/users").text)
    response = admin.post("/admin/users/nobody-here/reset-password", data={"csrf": token})
    assert response.status_code == 404


def test_reset_password_prints_a_temporary_one_that_must_be_changed(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    clerk = page_client(Role.CLERK, department="民政局", username="zhao.clerk")
    token = csrf_of(admin.get("/admin/users").text)
    page = admin.post("/admin/users/zhao.clerk/reset-password", data={"csrf": token}).text
    temporary = re.search(r'id="temporary-password" class="mono">([^<]+)<', page)
    assert temporary
    assert clerk.get("/clerk/queue", follow_redirects=False).status_code == 303  # sessions ended
    assert _login(app, "zhao.clerk", temporary.group(1)) == 401  # only good for choosing a new one

    visitor = TestClient(app, raise_server_exceptions=False, headers=HTML)
    form = csrf_of(visitor.get("/account/password").text)
    change = {"username": "zhao.clerk", "old_password": temporary.group(1), "csrf": form}
    response = visitor.post("/account/password", data={**change, "new_password": "a", "confirm_password": "a"})
    assert response.status_code == 422 and 'id="err-new_password"' in response.text
    mismatch = {"new_password": "Brand-new-pass-7", "confirm_password": "Brand-new-pass-8"}
    assert 'id="err-confirm_password"' in visitor.post("/account/password", data={**change, **mismatch}).text
    good = {"new_password": "Brand-new-pass-7", "confirm_password": "Brand-new-pass-7"}
    response = visitor.post("/account/password", data={**change, **good}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?changed=1"
    assert _login(app, "zhao.clerk", "Brand-new-pass-7") == 303


def test_logged_in_user_changes_own_password_and_is_logged_out(app: FastAPI, page_client: PageClient) -> None:
    citizen = page_client(Role.CITIZEN, username="sun.citizen")
    page = citizen.get("/account/password").text
    assert 'value="sun.citizen" readonly' in page
    data = {"username": "someone-else", "old_password": "wrong-password", "csrf": csrf_of(page)}
    data |= {"new_password": "Another-pass-99", "confirm_password": "Another-pass-99"}
    response = citizen.post("/account/password", data=data)
    assert response.status_code == 401 and "用户名或密码错误" in response.text
    response = citizen.post("/account/password", data={**data, "old_password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303
    assert citizen.get("/my/cases", follow_redirects=False).status_code == 303
    assert _login(app, "sun.citizen", "Another-pass-99") == 303


def test_admin_ends_a_users_sessions(page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    analyst = page_client(Role.ANALYST, username="zhou.analyst")
    assert analyst.get("/opinion").status_code == 200
    token = csrf_of(admin.get("/admin/users").text)
    response = admin.post("/admin/users/zhou.analyst/revoke-sessions", data={"csrf": token})
    assert "已结束该账号的全部登录" in response.text
    assert analyst.get("/opinion", follow_redirects=False).status_code == 303
