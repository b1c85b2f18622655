"""Collector and scheduler benchmarks on real citizen messages (../shared/data, teddycup).

    .venv/bin/python benchmarks/bench_collectors.py --items 5000 --schedules 200

Prints, for the same ``--items`` messages each time into a fresh SQLite database (the default
sentiment model labelling every post): the plain file import (``ingest_file``, the baseline), the
drop-folder collector over the same JSON Lines file, an RSS feed of the same messages served by a
local HTTP server (fetch + feedparser + ingest), and a paged JSON API (500 per page); then the
scheduler's tick with ``--schedules`` rows: the cost of a tick when nothing is due (what every
worker pays every 20 s) and per due schedule claimed and queued.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govhall import catalog  # noqa: E402
from govhall.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from govhall.jobs import schedule  # noqa: E402
from govhall.opinion import collectors  # noqa: E402
from govhall.opinion.demo import ensure_sentiment_model  # noqa: E402
from govhall.opinion.ingest import Analyzer, ingest_file, parse_time  # noqa: E402
from govhall.opinion.sentiment import load_sentiment  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "gov_messages_teddycup" / "messages_with_replies_full.jsonl"


def messages(limit: int) -> list[dict[str, Any]]:
    """Distinct real messages with an id, a time, a title and the text."""
    seen: set[str] = set()
    found: list[dict[str, Any]] = []
    for line in DATA.open(encoding="utf-8"):
        row = json.loads(line)
        text = str(row.get("content", "")).strip()
        if not text or text in seen:
            continue
        seen.add(text)
        found.append({"id": str(row["id"]), "time": row["time"], "title": row.get("title", ""), "text": text})
        if len(found) >= limit:
            break
    return found


def database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db, transaction(db):
        catalog.sync_builtin(db)
    engine.dispose()
    return url


def timed(url: str, run: Callable[[Any], int]) -> dict[str, float]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as db:
            started = time.perf_counter()
            imported = run(db)
            seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    return {"imported": imported, "seconds": round(seconds, 2), "items_per_s": round(imported / seconds, 1)}


def serve(routes: dict[str, Callable[[dict[str, list[str]]], bytes]]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            body = routes[parts.path](parse_qs(parts.query))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def rss(rows: list[dict[str, Any]]) -> bytes:
    items = "".join(
        f"<item><guid>{r['id']}</guid><title>{escape(r['title'])}</title>"
        f"<description>{escape(r['text'])}</description>"
        f"<pubDate>{format_datetime(parse_time(r['time']))}</pubDate></item>"
        for r in rows
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>b</title>'
    return f"{head}{items}</channel></rss>".encode()


def tick_cost(folder: Path, count: int) -> dict[str, float]:
    import govhall.opinion.alerting  # noqa: F401  (registers opinion.scan)

    url = database(folder, "ticks.db")
    engine = make_engine(url)
    t0 = datetime(2026, 12, 1, tzinfo=UTC)
    try:
        with make_session_factory(engine)() as db:
            for n in range(count):
                schedule.add_schedule(db, f"s{n}", "opinion.scan", "*/5 * * * *", {"n": n}, now=t0)
            idle = []
            for _ in range(50):
                started = time.perf_counter()
                schedule.tick(db, t0)
                idle.append(time.perf_counter() - started)
            started = time.perf_counter()
            queued = len(schedule.tick(db, t0 + timedelta(minutes=5)))
            due = time.perf_counter() - started
    finally:
        engine.dispose()
    return {
        "schedules": count,
        "idle_tick_ms_p50": round(statistics.median(idle) * 1000, 2),
        "due_tick_s": round(due, 3),
        "ms_per_due_schedule": round(due / max(queued, 1) * 1000, 2),
        "queued": queued,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--schedules", type=int, default=200)
    args = parser.parse_args()
    rows = messages(args.items)
    results: dict[str, Any] = {"items": len(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        models = folder / "models"
        ensure_sentiment_model(models)
        sentiment = load_sentiment(models)
        export = folder / "export.jsonl"
        export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

        def plain(db: Any) -> int:
            return ingest_file(db, export, Analyzer.load(db, sentiment, models), source="plain").imported

        results["plain_file_import"] = timed(database(folder, "plain.db"), plain)

        drop = folder / "drop"
        drop.mkdir()

        def folder_run(db: Any) -> int:
            (drop / "export.jsonl").write_bytes(export.read_bytes())
            source = collectors.add_source(db, "drop", "folder", str(drop), options={"stable_seconds": 0})
            return int(collectors.run_source(db, source, models_dir=models)["imported"])

        results["drop_folder"] = timed(database(folder, "drop.db"), folder_run)

        pages = [rows[i : i + 500] for i in range(0, len(rows), 500)]
        server, base = serve(
            {
                "/feed.xml": lambda q: rss(rows),
                "/api": lambda q: json.dumps(
                    {"items": pages[int(q["page"][0]) - 1] if int(q["page"][0]) <= len(pages) else []},
                    ensure_ascii=False,
                ).encode(),
            }
        )
        try:

            def feed_run(db: Any) -> int:
                source = collectors.add_source(db, "feed", "rss", f"{base}/feed.xml", options={"timeout": 60})
                return int(collectors.run_source(db, source, models_dir=models)["imported"])

            def api_run(db: Any) -> int:
                source = collectors.add_source(
                    db,
                    "api",
                    "json_api",
                    f"{base}/api",
                    options={"items": "items", "page_param": "page", "timeout": 60},
                )
                return int(collectors.run_source(db, source, models_dir=models)["imported"])

            results["rss_feed"] = timed(database(folder, "feed.db"), feed_run)
            results["json_api_paged"] = timed(database(folder, "api.db"), api_run)
        finally:
            server.shutdown()
        results["scheduler"] = tick_cost(folder, args.schedules)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
