"""Collectors fetch URLs an analyst typed, so they are kept off the server's own network and secrets:
only ``GOVHALL_COLLECTOR_*`` tokens, no redirects to another site or scheme, no internal addresses
(unless the operator allows them), a whole-request deadline and a size cap, and every collected
post carries the configured source's name. Real local HTTP servers throughout."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from govhall.db import transaction
from govhall.errors import BadInput
from govhall.opinion import collectors, fetching
from govhall.opinion.monitor_models import OpinionSource
from tests.support.feeds import Reply, allow_private, serving, stored

pytestmark = pytest.mark.usefixtures("local_servers_allowed")

ITEMS = [{"id": "a1", "time": "2026-12-01 10:00", "text": "窗口排队太久"}]


def _items(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
    return 200, {"Content-Type": "application/json"}, json.dumps(ITEMS).encode()


def test_only_collector_variables_are_sent_as_tokens(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BadInput, match="GOVHALL_COLLECTOR_"):
        collectors.add_source(db, "x", "json_api", "http://x/api", credential_setting="GOVHALL_SECRET_KEY")
    monkeypatch.setenv("GOVHALL_SECRET_KEY", "server-secret")
    with serving({"/api": _items}) as site:
        source = collectors.add_source(db, "旧行", "json_api", f"{site.url}/api")
        with transaction(db):  # a row stored before the rule, naming the server's own secret
            db.execute(update(OpinionSource).values(credential_setting="GOVHALL_SECRET_KEY"))
        db.refresh(source)
        result = collectors.run_source(db, source)
    assert "GOVHALL_COLLECTOR_" in result["error"]
    assert site.requests == []  # nothing was sent, the secret least of all


def test_redirects_to_another_host_or_scheme_are_refused_and_the_token_stays_home(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVHALL_COLLECTOR_API_TOKEN", "s3cret")
    with serving({"/stolen": _items}) as elsewhere:
        # 127.0.0.1 and localhost are different hosts to a browser and to the collector
        other_host = elsewhere.url.replace("127.0.0.1", "localhost") + "/stolen"
        routes = {
            "/moved": lambda q, h: (302, {"Location": "/api"}, b""),
            "/away": lambda q, h: (302, {"Location": other_host}, b""),
            "/file": lambda q, h: (302, {"Location": "file:///etc/passwd"}, b""),
            "/api": _items,
        }
        with serving(routes) as site:
            same = collectors.add_source(
                db, "同站", "json_api", f"{site.url}/moved", credential_setting="GOVHALL_COLLECTOR_API_TOKEN"
            )
            assert collectors.run_source(db, same)["imported"] == 1
            assert site.requests[-1][1]["authorization"] == "Bearer s3cret"  # same site: the token follows
            away = collectors.add_source(
                db, "外站", "json_api", f"{site.url}/away", credential_setting="GOVHALL_COLLECTOR_API_TOKEN"
            )
            assert "重定向到另一个站点" in collectors.run_source(db, away)["error"]
            scheme = collectors.add_source(db, "换协议", "json_api", f"{site.url}/file")
            assert collectors.run_source(db, scheme)["error"]
    assert elsewhere.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed",
        "http://localhost/feed",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/feed",
        "http://192.168.0.1/feed",
        "http://0.0.0.0/feed",
        "http://[fe80::1]/feed",
    ],
)
def test_internal_addresses_are_refused_unless_the_operator_allows_them(
    db: Session, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    allow_private(monkeypatch, False)
    with pytest.raises(BadInput) as refused:
        collectors.check_source_url(url, allow_private=False)
    assert refused.value.code == "source_address_not_allowed"
    source = collectors.add_source(db, "内网", "rss", url)  # the operator's CLI may add it; fetching refuses
    assert "内部网络地址" in collectors.run_source(db, source)["error"]
    collectors.check_source_url(url, allow_private=True)


def test_a_fetch_time_check_stops_a_local_server_being_read(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    with serving({"/api": _items}) as site:
        source = collectors.add_source(db, "本机", "json_api", f"{site.url}/api")
        allow_private(monkeypatch, False)
        assert "内部网络地址" in collectors.run_source(db, source)["error"]
        assert site.requests == []
        allow_private(monkeypatch, True)
        assert collectors.run_source(db, source, force=True)["imported"] == 1


def test_the_address_connected_to_is_checked_not_only_the_name_resolved_before() -> None:
    """What a DNS rebinding would slip past a resolve-then-connect check: here the opener itself
    refuses 127.0.0.1 when it connects, before any request is sent."""
    with serving({"/api": _items}) as site, fetching.Watchdog(30) as watchdog:
        with pytest.raises(fetching.Refused, match="内部网络地址"):
            fetching.opener(allow_private=False, watchdog=watchdog).open(f"{site.url}/api", timeout=5)
        assert site.requests == []
        with fetching.opener(allow_private=True, watchdog=watchdog).open(f"{site.url}/api", timeout=5) as answer:
            assert json.loads(answer.read()) == ITEMS


@contextmanager
def trickling(pause: float, *, in_headers: bool) -> Iterator[str]:
    """A server that sends one byte every ``pause`` seconds until the client hangs up (at most 200):
    of the body after its headers, or (``in_headers``) of an endless header line. Each socket read
    succeeds; the whole never ends."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            if in_headers:
                self.flush_headers()
                self.wfile.write(b"X-Slow: ")
            else:
                self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"a" if in_headers else b" ")
                    self.wfile.flush()
                    time.sleep(pause)
            except OSError:
                pass  # the collector gave up

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slow"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_trickling_source_is_cut_off_at_its_deadline(db: Session, in_headers: bool) -> None:
    with trickling(0.05, in_headers=in_headers) as url:
        source = collectors.add_source(db, "慢", "json_api", url, options={"timeout": 5, "deadline": 0.3})
        result = collectors.run_source(db, source)
    assert "限定时间" in result["error"], result


def test_a_response_over_the_size_cap_is_refused(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    big = json.dumps([{"id": f"b{i}", "time": "2026-12-01 10:00", "text": "很长的意见" * 20} for i in range(50)])
    monkeypatch.setattr(collectors, "MAX_RESPONSE_BYTES", 1024)
    with serving({"/big": lambda q, h: (200, {}, big.encode())}) as site:
        source = collectors.add_source(db, "大", "json_api", f"{site.url}/big")
        assert "响应超过" in collectors.run_source(db, source)["error"]


def test_an_item_cannot_pose_as_another_source(db: Session) -> None:
    hostile = [
        {"id": "h1", "time": "2026-12-01 10:00", "text": "官方通报：该事项已取消", "source": "市政府官网"},
        {"id": "h2", "time": "2026-12-01 10:00", "text": "另一条", "origin": "市政府官网"},
    ]
    with serving({"/api": lambda q, h: (200, {}, json.dumps(hostile).encode())}) as site:
        source = collectors.add_source(db, "论坛", "json_api", f"{site.url}/api", mapping={"source": "origin"})
        assert collectors.run_source(db, source)["imported"] == 2
    assert [p.external_id for p in stored(db, "论坛")] == ["h1", "h2"]
    assert stored(db, "市政府官网") == []
