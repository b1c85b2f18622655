"""Accounts under attack: login throttling, password rules, registration probing, and the
account lifecycle (change, reset, deactivate, revoke, purge), through the real app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from govhall import accounts
from govhall.accounts import AuthToken, NewUser, Role
from govhall.accounts.service import _hash_slots
from govhall.db import make_engine, make_session_factory, transaction, utcnow
from govhall.web import create_app
from tests.conftest import PASSWORD, ApiClient, make_settings


def _assert_error(response: Any, status: int, code: str | None = None) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert code is None or body["error"]["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), "message is Chinese"
    return body["error"]  # type: ignore[no-any-return]


@pytest.fixture
def pg_client(tmp_path: Path, db_url: str) -> Iterator[ApiClient]:
    """The real app over each backend in turn (the ``client`` fixture is SQLite only)."""
    app = create_app(make_settings(tmp_path, db_url))
    yield ApiClient(app)
    app.state.engine.dispose()


def _login(client: ApiClient, username: str, password: str) -> Any:
    return client.http.post("/api/auth/login", json={"username": username, "password": password})


def test_wrong_passwords_then_the_right_one_gets_429(pg_client: ApiClient) -> None:
    pg_client.user()  # citizen1
    for _ in range(5):
        _assert_error(_login(pg_client, "citizen1", "wrong-password-x"), 401)
    blocked = _login(pg_client, "citizen1", PASSWORD)
    error = _assert_error(blocked, 429, "too_many_attempts")
    assert "分钟后再试" in str(error["message"])
    assert int(blocked.headers["Retry-After"]) > 0


def test_lockout_holds_on_every_worker(tmp_path: Path, db_url: str) -> None:
    """Two apps over one database stand for two worker processes: they share only the database."""
    first = ApiClient(create_app(make_settings(tmp_path, db_url)))
    second = ApiClient(create_app(make_settings(tmp_path, db_url)))
    first.user()
    for _ in range(5):
        _assert_error(_login(first, "citizen1", "wrong-password-x"), 401)
    _assert_error(_login(second, "citizen1", PASSWORD), 429)


def test_one_address_guessing_many_accounts_is_throttled(client: ApiClient) -> None:
    client.user()
    for n in range(20):
        _assert_error(_login(client, f"nobody{n}", "wrong-password-x"), 401)
    _assert_error(_login(client, "citizen1", PASSWORD), 429)


def test_a_right_password_clears_the_account_count(client: ApiClient) -> None:
    client.user()
    for _ in range(4):
        _assert_error(_login(client, "citizen1", "wrong-password-x"), 401)
    assert _login(client, "citizen1", PASSWORD).status_code == 200
    for _ in range(4):
        _assert_error(_login(client, "citizen1", "wrong-password-x"), 401)
    assert _login(client, "citizen1", PASSWORD).status_code == 200


def test_health_answers_while_logins_wait_for_password_hashing(client: ApiClient) -> None:
    """A login waiting for a hash slot holds no database connection and no worker thread."""
    client.user()
    held = 0
    with TestClient(client.http.app, raise_server_exceptions=False) as http:
        while _hash_slots.acquire(blocking=False):
            held += 1
        results: list[int] = []
        waiting = [
            threading.Thread(
                target=lambda: results.append(
                    http.post("/api/auth/login", json={"username": "citizen1", "password": "wrong-x1"}).status_code
                )
            )
            for _ in range(8)
        ]
        try:
            for thread in waiting:
                thread.start()
            assert http.get("/api/health").status_code == 200
            assert results == []  # the logins are still waiting for a hash slot
        finally:
            for _ in range(held):
                _hash_slots.release()
        for thread in waiting:
            thread.join(timeout=120)
    assert sorted(set(results)) in ([401], [401, 429])


def test_register_does_not_reveal_taken_names(client: ApiClient) -> None:
    body = {"username": "wangjg", "password": PASSWORD, "display_name": "王建国"}
    first = client.http.post("/api/auth/register", json=body)
    again = client.http.post("/api/auth/register", json={**body, "display_name": "另一个人"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert _login(client, "wangjg", PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("password", "display_name"),
    [("password123", "王建国"), ("qwertyuiop", "王建国"), ("19900101", "王建国"), ("wangjg2024", "王建国")],
)
def test_register_refuses_common_or_personal_passwords(client: ApiClient, password: str, display_name: str) -> None:
    body = {"username": "wangjg", "password": password, "display_name": display_name}
    error = _assert_error(client.http.post("/api/auth/register", json=body), 422, "form_invalid")
    assert "password" in error["fields"]  # type: ignore[operator]


def test_admin_password_must_not_be_common(client: ApiClient) -> None:
    admin = client.user(Role.ADMIN)
    body = {"username": "admin2", "password": "password", "display_name": "管理员", "role": "admin"}
    _assert_error(client.http.post("/api/users", json=body, headers=admin), 422, "form_invalid")


def test_user_changes_own_password_and_old_sessions_end(client: ApiClient) -> None:
    headers = client.user()
    new = "a-new-secret-77"
    wrong = {"username": "citizen1", "old_password": "not-it-at-all", "new_password": new}
    _assert_error(client.http.post("/api/auth/password", json=wrong), 401)
    weak = {"username": "citizen1", "old_password": PASSWORD, "new_password": "password1"}
    _assert_error(client.http.post("/api/auth/password", json=weak), 422, "form_invalid")
    ok = {"username": "citizen1", "old_password": PASSWORD, "new_password": new}
    assert client.http.post("/api/auth/password", json=ok).status_code == 204
    _assert_error(client.http.get("/api/auth/me", headers=headers), 401)
    _assert_error(_login(client, "citizen1", PASSWORD), 401)
    assert _login(client, "citizen1", new).status_code == 200


def test_admin_reset_gives_a_temporary_password_that_must_be_changed(client: ApiClient) -> None:
    admin, headers = client.user(Role.ADMIN), client.user()
    reset = client.http.post("/api/users/citizen2/reset-password", headers=admin)
    assert reset.status_code == 200, reset.text
    temporary = reset.json()["temporary_password"]
    _assert_error(client.http.get("/api/auth/me", headers=headers), 401)
    _assert_error(_login(client, "citizen2", temporary), 403, "password_change_required")
    change = {"username": "citizen2", "old_password": temporary, "new_password": "chosen-by-me-42"}
    assert client.http.post("/api/auth/password", json=change).status_code == 204
    assert _login(client, "citizen2", "chosen-by-me-42").status_code == 200
    citizen = client.user()
    _assert_error(client.http.post("/api/users/citizen2/reset-password", headers=citizen), 403)
    _assert_error(client.http.post("/api/users/nobody/reset-password", headers=admin), 404)


def test_deactivated_users_tokens_stop_at_once(client: ApiClient) -> None:
    admin, headers = client.user(Role.ADMIN), client.user()
    assert client.http.get("/api/auth/me", headers=headers).status_code == 200
    off = client.http.post("/api/users/citizen2/deactivate", headers=admin)
    assert off.status_code == 200 and off.json()["active"] is False
    _assert_error(client.http.get("/api/auth/me", headers=headers), 401)
    _assert_error(_login(client, "citizen2", PASSWORD), 401)
    _assert_error(client.http.post("/api/users/admin1/deactivate", headers=admin), 400, "cannot_deactivate_self")
    assert client.http.post("/api/users/citizen2/activate", headers=admin).json()["active"] is True
    assert _login(client, "citizen2", PASSWORD).status_code == 200


def test_admin_revokes_sessions_and_user_logs_out_everywhere(client: ApiClient) -> None:
    admin, first = client.user(Role.ADMIN), client.user()
    second = {"Authorization": f"Bearer {_login(client, 'citizen2', PASSWORD).json()['token']}"}
    assert client.http.post("/api/users/citizen2/revoke-sessions", headers=admin).status_code == 204
    _assert_error(client.http.get("/api/auth/me", headers=first), 401)
    _assert_error(client.http.get("/api/auth/me", headers=second), 401)
    third = {"Authorization": f"Bearer {_login(client, 'citizen2', PASSWORD).json()['token']}"}
    fourth = {"Authorization": f"Bearer {_login(client, 'citizen2', PASSWORD).json()['token']}"}
    assert client.http.post("/api/auth/logout-all", headers=third).status_code == 204
    _assert_error(client.http.get("/api/auth/me", headers=fourth), 401)


def test_expired_tokens_are_purged(db_url: str) -> None:
    engine = make_engine(db_url)
    with make_session_factory(engine)() as db:
        with transaction(db):
            user = accounts.create_user(db, NewUser("citizen1", PASSWORD, "张三"))
            accounts.issue_token(db, user, 1)
            accounts.issue_token(db, user, 1)
        assert accounts.purge_expired(db, now=utcnow() + timedelta(hours=2)) == 2
        assert db.scalar(select(func.count()).select_from(AuthToken)) == 0
    engine.dispose()
