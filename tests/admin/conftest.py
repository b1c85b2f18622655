"""Browser-like clients (cookies, ``Accept: text/html``) over the real app, logged in per role."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from govhall import accounts
from govhall.accounts import NewUser, Role
from govhall.db import transaction
from tests.conftest import PASSWORD

HTML = {"Accept": "text/html"}
PageClient = Callable[..., TestClient]

# Back-office parts 4-6: the knowledge base, the conversation logs and the statistics
KNOWLEDGE = ["/admin/knowledge", "/admin/knowledge/1"]
LOGS = ["/admin/logs", "/admin/logs/export.jsonl"]
STATS = ["/admin/stats", "/admin/stats/cases", "/admin/stats.csv"]
BACK_OFFICE_PAGES = KNOWLEDGE + LOGS + STATS


def csrf_of(page: str) -> str:
    """The anti-forgery token a page embeds for its forms."""
    found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page)
    assert found, "page has no CSRF token"
    return found.group(1)


@pytest.fixture
def page_client(app: FastAPI) -> PageClient:
    """``page_client(role)``: a new user with that role, logged in through the login page."""
    counter = iter(range(1, 1000))

    def make(role: Role = Role.ADMIN, department: str | None = None, username: str | None = None) -> TestClient:
        name = username or f"{role.value}{next(counter)}"
        with app.state.session_factory() as db, transaction(db):
            accounts.create_user(db, NewUser(name, PASSWORD, f"测试{name}", role=role, department=department))
        client = TestClient(app, raise_server_exceptions=False, headers=HTML)
        response = client.post("/login", data={"username": name, "password": PASSWORD}, follow_redirects=False)
        assert response.status_code == 303, response.text
        return client

    return make
