"""Regression tests for the web-facing findings of the penetration test (issue 20: 1, 3–5, 8, 9,
14–17), through the real app over real databases."""

from __future__ import annotations

import json
import os
import random
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from govhall.accounts import Role
from govhall.assistant import SHIPPED_INTENTS, train_routing
from govhall.cases import Case
from govhall.db import upgrade
from govhall.samples import make_person, sample_form_data
from govhall.web import create_app
from tests.conftest import PASSWORD, ApiClient, make_settings
from tests.files.samples import required_materials

WEB_DIR = Path(__file__).resolve().parents[2] / "src" / "govhall" / "web"
NUMBER_ITEM = "housing-fund-withdrawal"  # has the number field withdrawal_amount
NON_FINITE = ("NaN", "Infinity", "-Infinity", "1e309")


def _assert_error(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    if code:
        assert body["error"]["code"] == code, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), "message is Chinese"
    return body["error"]  # type: ignore[no-any-return]


def _case_count(client: ApiClient) -> int:
    with client.http.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return db.scalar(select(func.count()).select_from(Case)) or 0


def _form_data(client: ApiClient, code: str) -> dict[str, object]:
    form = client.http.get(f"/api/catalog/items/{code}").json()["form"]
    rng = random.Random(5)
    return sample_form_data(form, make_person(rng), rng)


def _browser_login(http: TestClient, username: str) -> str:
    """Log in through the login form, as a browser does; returns the page's anti-forgery token."""
    response = http.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = http.get("/")
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert found, "the logout form carries the anti-forgery token"
    return found.group(1)


def _new_user(client: ApiClient, role: Role = Role.CITIZEN) -> str:
    client.user(role)
    return f"{role.value}{client._n}"


# --- 1: the API imports server files from the import folder only ---------------------------------


@pytest.fixture
def import_app(tmp_path: Path, sqlite_url: str) -> FastAPI:
    return create_app(make_settings(tmp_path, sqlite_url, import_dir=tmp_path / "import"))


def test_opinion_import_job_reads_only_the_import_folder(import_app: FastAPI, tmp_path: Path) -> None:
    client = ApiClient(import_app)
    analyst = client.user(Role.ANALYST)
    row = json.dumps(
        {"id": "s1", "source": "weibo", "time": "2024-05-01 08:00", "text": "机密内容"}, ensure_ascii=False
    )
    secret = tmp_path / "secret.jsonl"
    secret.write_text(row + "\n", encoding="utf-8")
    secret.chmod(0o600)
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "posts.jsonl").write_text(
        row.replace("s1", "p1").replace("机密内容", "办事顺利") + "\n", encoding="utf-8"
    )
    (folder / "escape.jsonl").symlink_to(secret)

    def job(path: str):  # type: ignore[no-untyped-def]
        return client.http.post(
            "/api/opinion/jobs", json={"kind": "ingest", "params": {"path": path, "sentiment": False}}, headers=analyst
        )

    refusals = [
        job(str(secret)),  # exists, outside
        job(str(tmp_path / "missing.jsonl")),  # does not exist, outside
        job("escape.jsonl"),  # a symlink inside that points outside
        job("../secret.jsonl"),  # climbs out
        job("/etc/passwd"),
    ]
    bodies = {json.dumps(_assert_error(r, 400, "path_not_allowed"), ensure_ascii=False) for r in refusals}
    assert len(bodies) == 1, "one answer whether or not the path exists: no existence oracle"
    posts = client.http.get("/api/opinion/posts", params={"q": "机密"}, headers=analyst).json()
    assert posts == [], "nothing outside the import folder was read"

    accepted = job("posts.jsonl")
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["params"]["path"] == str((folder / "posts.jsonl").resolve())


# --- 3: chart tooltips escape what they show (browser test in tests/web/test_browser_security.py) --


def test_chart_formatters_escape_html() -> None:
    """Every ECharts tooltip formatter in our scripts passes data through an HTML escape."""
    for script in sorted((WEB_DIR / "static").glob("*.js")):
        source = script.read_text(encoding="utf-8")
        for found in re.finditer(r"tooltip:\s*\{[^}]*formatter:\s*\(p\)\s*=>(?P<body>[^}]*)", source):
            interpolated = re.findall(r"\$\{([^}]*)\}", found.group("body")) or [found.group("body")]
            for expression in interpolated:
                if "p.data" in expression:
                    assert "escape" in expression, f"{script.name}: unescaped tooltip text {expression!r}"


# --- 4: non-finite numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("literal", NON_FINITE)
def test_api_rejects_non_finite_numbers(client: ApiClient, literal: str) -> None:
    citizen = client.user()
    data = _form_data(client, NUMBER_ITEM)
    data["withdrawal_amount"] = 12345.5
    raw = json.dumps({"item_code": NUMBER_ITEM, "data": data}, ensure_ascii=False).replace("12345.5", literal)
    response = client.http.post("/api/cases", content=raw, headers={**citizen, "Content-Type": "application/json"})
    error = _assert_error(response, 422)
    assert "data.withdrawal_amount" in error["fields"]
    untyped = client.http.post("/api/cases", content=raw, headers=citizen)  # FastAPI reads it as JSON all the same
    assert "data.withdrawal_amount" in _assert_error(untyped, 422)["fields"]
    profile = client.http.post(
        "/api/recommend",
        content='{"age": 70, "household_income_per_person": ' + literal + "}",
        headers={**citizen, "Content-Type": "application/json"},
    )
    assert 400 <= profile.status_code < 500 and "error" in profile.json()
    assert _case_count(client) == 0


@pytest.mark.parametrize("literal", ["nan", "inf", "-Infinity", "1e309"])
def test_apply_page_rejects_non_finite_numbers(client: ApiClient, literal: str) -> None:
    username = _new_user(client)
    token = _browser_login(client.http, username)
    data = {k: str(v) for k, v in _form_data(client, NUMBER_ITEM).items()}
    data["withdrawal_amount"] = literal
    response = client.http.post(f"/items/{NUMBER_ITEM}/apply", data={**data, "csrf": token}, follow_redirects=False)
    assert response.status_code == 422, response.text[:500]
    assert "应为有限的数字" in response.text
    assert _case_count(client) == 0


# --- 5: lone surrogates and NUL -------------------------------------------------------------------


@pytest.fixture(scope="session")
def routing_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Active intent and service models, so that a message reaches the text processing."""
    root = tmp_path_factory.mktemp("routing-models")
    train_routing(SHIPPED_INTENTS, root)
    return root


@pytest.mark.parametrize("stream", [False, True])
def test_chat_message_with_lone_surrogate_is_4xx(
    tmp_path: Path, sqlite_url: str, routing_models: Path, stream: bool
) -> None:
    settings = make_settings(tmp_path, sqlite_url, models_dir=routing_models, embedder="hash")
    client = ApiClient(create_app(settings))
    session = client.http.post("/api/assistant/sessions")
    assert session.status_code in (200, 201), session.text
    sid = session.json()["id"]
    response = client.http.post(
        f"/api/assistant/sessions/{sid}/messages",
        params={"stream": "true"} if stream else {},
        content=b'{"text": "\\ud800\xe6\x88\x91\xe8\xa6\x81\xe5\x8a\x9e\xe4\xbd\x8f\xe5\xb1\x85\xe8\xaf\x81"}',
        headers={"Content-Type": "application/json"},
    )
    assert _assert_error(response, 422, "invalid_request")["fields"] == {"text": "含有无效字符（不成对的代理字符）"}


def test_opinion_post_with_lone_surrogate_is_4xx_and_nul_is_cleaned(db_url: str, tmp_path: Path) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, db_url)))
    analyst = client.user(Role.ANALYST)
    headers = {**analyst, "Content-Type": "application/json"}

    def post(escaped: str, number: int):  # type: ignore[no-untyped-def]
        body = (
            f'{{"id": "n{number}", "source": "weibo", "time": "2024-05-01 08:00", "text": "社保卡{escaped}补办太慢"}}'
        )
        return client.http.post("/api/opinion/posts", content=body, headers=headers)

    for number, escaped in enumerate(("\\ud800", "\\udfff", "\\udc00\\ud800")):
        assert "text" in _assert_error(post(escaped, number), 422, "invalid_request")["fields"]
    cleaned = post("\\u0000", 9)
    assert cleaned.status_code == 201, cleaned.text
    assert cleaned.json()["post"]["text"] == "社保卡补办太慢"
    for params in ({"q": "a\x00b"}, {"region": "\x00"}):
        _assert_error(client.http.get("/api/opinion/posts", params=params, headers=analyst), 422, "invalid_request")


def test_import_file_rows_with_lone_surrogates_or_nul_do_not_fail_the_job(db_url: str, tmp_path: Path) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, db_url, import_dir=tmp_path)))
    analyst = client.user(Role.ANALYST)
    rows = [
        r'{"id": "a", "source": "weibo", "time": "2024-05-01 08:00", "text": "社保\ud800卡补办太慢"}',
        r'{"id": "b", "source": "weibo", "time": "2024-05-01 08:00", "text": "社保\u0000卡补办", "region": "\u0000"}',
        r'{"id": "c", "source": "weibo", "time": "2024-05-01 08:00", "text": "正常的帖子内容"}',
    ]
    (tmp_path / "rows.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    job = client.http.post(
        "/api/opinion/jobs",
        json={"kind": "ingest", "params": {"path": "rows.jsonl", "sentiment": False}},
        headers=analyst,
    )
    assert job.status_code == 202, job.text
    done = client.http.get(f"/api/opinion/jobs/{job.json()['id']}", headers=analyst).json()
    assert done["status"] == "done", done
    assert done["result"]["imported"] == 2 and done["result"]["bad"] == 1
    texts = {p["text"] for p in client.http.get("/api/opinion/posts", headers=analyst).json()}
    assert "社保卡补办" in texts


def test_nul_in_a_form_field_is_4xx(db_url: str, tmp_path: Path) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, db_url)))
    response = client.http.post("/login", data={"username": "ad\x00min", "password": "x"})
    assert _assert_error(response, 422, "invalid_request")["fields"] == {"username": "含有无效字符（空字符）"}


# --- 8: CSRF --------------------------------------------------------------------------------------


def test_cookie_authenticated_api_writes_need_the_csrf_token(client: ApiClient) -> None:
    username = _new_user(client)
    token = _browser_login(client.http, username)
    write = {"X-CSRF-Token": token, "Origin": "http://testserver"}
    body = {
        "item_code": "dibao",
        "data": _form_data(client, "dibao"),
        "materials": required_materials(client.http, write, "dibao"),
    }
    forged = client.http.post("/api/cases", json=body)
    _assert_error(forged, 403, "csrf_failed")
    wrong = client.http.post("/api/cases", json=body, headers={"X-CSRF-Token": "0" * 64})
    _assert_error(wrong, 403, "csrf_failed")
    foreign = client.http.post(
        "/api/cases", json=body, headers={"X-CSRF-Token": token, "Origin": "http://evil.example"}
    )
    _assert_error(foreign, 403, "csrf_failed")
    assert _case_count(client) == 0
    allowed = client.http.post("/api/cases", json=body, headers={"X-CSRF-Token": token, "Origin": "http://testserver"})
    assert allowed.status_code == 201, allowed.text
    _assert_error(client.http.post("/api/auth/logout"), 403, "csrf_failed")
    assert client.http.get("/api/auth/me").status_code == 200, "the forged logout did nothing"
    meta = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', client.http.get("/graph").text)
    assert meta and meta.group(1) == token, "every page hands the token to its scripts (static/csrf.js)"


def test_login_form_refuses_foreign_origins(client: ApiClient) -> None:
    username = _new_user(client)
    form = {"username": username, "password": PASSWORD}
    http = client.http
    http.cookies.clear()
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Referer": "https://evil.example/x"}):
        response = http.post("/login", data=form, headers=headers, follow_redirects=False)
        _assert_error(response, 403, "csrf_failed")
        assert "govhall_session" not in response.cookies
    same = http.post("/login", data=form, headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert same.status_code == 303


# --- 9: security headers and no inline script -----------------------------------------------------


def test_every_response_has_security_headers(client: ApiClient) -> None:
    username = _new_user(client)
    _browser_login(client.http, username)
    for path in ("/", "/graph", "/login", "/docs", "/items/dibao/apply", "/my/cases", "/api/health", "/api/cases"):
        response = client.http.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        assert response.headers["cache-control"] == "no-store", path
        assert not _inline_scripts(response.text), path
    missing = client.http.get("/api/nothing-here")
    assert missing.headers["cache-control"] == "no-store" and missing.headers["x-frame-options"] == "DENY"
    static = client.http.get("/static/app.css")
    assert static.headers["x-content-type-options"] == "nosniff" and "no-store" not in static.headers.get(
        "cache-control", ""
    )


def _inline_scripts(html: str) -> list[str]:
    scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html, re.IGNORECASE)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    handlers = re.findall(r"<[^>]+\son[a-z]+\s*=", html, re.IGNORECASE)
    return scripts + handlers


def test_templates_have_no_inline_script() -> None:
    for template in sorted((WEB_DIR / "templates").glob("*.html")):
        assert not _inline_scripts(template.read_text(encoding="utf-8")), template.name


# --- 14: cookie flags -----------------------------------------------------------------------------


def test_session_cookie_is_secure_when_configured(tmp_path: Path, sqlite_url: str) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, sqlite_url, cookie_secure=True)))
    username = _new_user(client)
    response = client.http.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "govhall_session=" in cookie and "; secure" in cookie and "; httponly" in cookie and "samesite=lax" in cookie


# --- 15: the apply page's title -------------------------------------------------------------------


def test_apply_page_title_is_plain_text(client: ApiClient) -> None:
    username = _new_user(client)
    _browser_login(client.http, username)
    page = client.http.get("/items/dibao/apply").text
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title and title.group(1).strip() == "申请：最低生活保障申请 - govhall"
    assert page.count('src="/static/autofill.js"') == 1


# --- 16: parse errors in Chinese ------------------------------------------------------------------


def test_unparseable_bodies_answer_in_chinese(client: ApiClient) -> None:
    broken_form = client.http.post(
        "/login",
        content=b"garbage",
        headers={"Content-Type": "multipart/form-data; boundary=x", "Accept": "application/json"},
    )
    error = _assert_error(broken_form, 400)
    assert "parsing" not in error["message"]
    not_utf8 = client.http.post(
        "/api/auth/login",
        content=b'{"username": "\xff\xfe", "password": "x"}',
        headers={"Content-Type": "application/json"},
    )
    _assert_error(not_utf8, 400, "invalid_json")


# --- 17: private files ----------------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual default, under which files come out world-readable
    yield
    os.umask(previous)


def test_data_folder_files_are_private(tmp_path: Path, open_umask: None) -> None:
    data_dir = tmp_path / "fresh"
    settings = make_settings(tmp_path, "")
    settings = settings.model_copy(update={"data_dir": data_dir})
    upgrade(settings.resolved_database_url)
    client = ApiClient(create_app(settings))
    client.user()  # a write, so that the WAL and shared-memory files exist
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "secret.key") == 0o600
    for name in ("govhall.db", "govhall.db-wal", "govhall.db-shm"):
        assert (data_dir / name).exists() and mode(data_dir / name) == 0o600, name
    nested = tmp_path / "other" / "demo" / "govhall-demo.db"  # as govhall demo lays it out
    upgrade(f"sqlite:///{nested.as_posix()}")
    assert mode(nested) == 0o600 and mode(nested.parent) == 0o700 and mode(nested.parent.parent) == 0o700
