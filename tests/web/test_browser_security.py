"""Issue 20 in real Chromium: chart tooltips escape stored names (finding 3), the content security
policy breaks no page (9), and a same-site attacker page cannot use a logged-in visitor's cookie (8)."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from govhall.db import make_engine, make_session_factory
from govhall.demo import DEMO_PASSWORD
from govhall.knowledge_graph.store import build_graph
from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS
from tests.web.support import login

pytestmark = BROWSER

EVIL_NAME = '<img src=x onerror="window.__xss=1">最低生活保障申请'


@pytest.fixture
def attacker(tmp_path: Path, server: str) -> Iterator[str]:
    """A page on another port of the same host: another origin, but the same site, so the browser
    sends the visitor's SameSite=Lax cookie with its requests (the penetration test's setting)."""
    folder = tmp_path / "attacker"
    folder.mkdir()
    (folder / "logout.html").write_text(
        f"""<!doctype html><meta charset="utf-8"><body><script>
fetch("{server}/api/auth/logout", {{method: "POST", credentials: "include", mode: "no-cors"}})
  .then(() => {{ document.body.dataset.done = "1"; }}, () => {{ document.body.dataset.done = "1"; }});
</script></body>""",
        encoding="utf-8",
    )
    (folder / "login.html").write_text(
        f"""<!doctype html><meta charset="utf-8"><body>
<form id="f" method="post" action="{server}/login"><input name="username" value="lisi">
<input name="password" value="{DEMO_PASSWORD}"></form><script>document.getElementById("f").submit();</script>
</body>""",
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    thread.join(10)


def _rename_item(server: str, tmp_path: Path) -> None:
    """An administrator (or anyone who got admin rights) stores a name with markup in it."""
    with httpx.Client(base_url=server, timeout=30) as client:
        token = client.post("/api/auth/login", json={"username": "admin", "password": DEMO_PASSWORD}).json()["token"]
        item = client.get("/api/catalog/items/dibao").json()
        content = {k: v for k, v in item.items() if k not in ("version", "updated_at")}
        content["name"] = EVIL_NAME
        response = client.put(
            "/api/catalog/items/dibao", json={"content": content}, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, response.text
    engine = make_engine(f"sqlite:///{(tmp_path / 'demo.db').as_posix()}")
    with make_session_factory(engine)() as db:
        build_graph(db)
    engine.dispose()


def test_graph_tooltip_escapes_stored_names_and_csp_breaks_no_page(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    _rename_item(server, tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

        page.goto(server + "/graph")
        page.wait_for_selector("#graph[data-ready]")
        index = page.evaluate("() => window.govhallGraph.data.nodes.findIndex((n) => n.name.includes('<img'))")
        assert index >= 0, "the stored name reached the graph"
        page.evaluate(
            f"() => window.govhallGraph.chart.dispatchAction({{type: 'showTip', seriesIndex: 0, dataIndex: {index}}})"
        )
        page.wait_for_selector("#graph >> text=<img src=x")
        assert page.locator("#graph img").count() == 0, "the name is shown as text, not markup"
        assert page.evaluate("() => window.__xss") is None

        page.goto(server + "/docs")
        page.wait_for_selector(".swagger-ui .info")
        login(page, server, "zhangsan")
        page.wait_for_url("**/my/cases")
        # the page's fetch carries the token (static/csrf.js); a request without it is refused
        with_token = page.evaluate(
            """() => fetch("/api/text/mask", {method: "POST", headers: {"Content-Type": "application/json"},
                body: JSON.stringify({text: "电话13912345678"})}).then((r) => r.status)"""
        )
        assert with_token == 200
        without = page.evaluate(
            """() => new Promise((resolve) => {
                const x = new XMLHttpRequest();
                x.open("POST", "/api/text/mask");
                x.setRequestHeader("Content-Type", "application/json");
                x.onload = () => resolve(x.status);
                x.send(JSON.stringify({text: "a"}));
            })"""
        )
        assert without == 403
        page.goto(server + "/")
        with page.expect_response(lambda r: "/catalog/results" in r.url and r.status == 200):
            page.fill("input[name=q]", "失业")  # HTMX still works under the CSP
        assert violations == [], violations
        browser.close()


def test_same_site_page_cannot_use_the_visitors_cookie(server: str, attacker: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        login(page, server, "minzheng")
        page.wait_for_url("**/clerk/queue")

        page.goto(attacker + "/logout.html")
        page.wait_for_selector("body[data-done]", state="attached")
        page.goto(server + "/clerk/queue")
        assert "/login" not in page.url and "退出" in page.content(), "the forged logout did nothing"

        page.goto(attacker + "/login.html")  # login CSRF: log the visitor in as the attacker's account
        page.wait_for_load_state()
        assert "csrf_failed" in page.content()
        page.goto(server + "/clerk/queue")
        assert "/login" not in page.url and "民政局" in page.content(), "still the clerk's own session"
        browser.close()
