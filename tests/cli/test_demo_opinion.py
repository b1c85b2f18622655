"""``govhall demo`` fills the analyst dashboard from data shipped in the package (no ../shared)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from tests.support.cli import run


def test_demo_trains_sentiment_ingests_posts_finds_topics_and_raises_the_burst_alert(tmp_path: Path) -> None:
    result = run(tmp_path, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    active = json.loads((tmp_path / "data" / "models" / "active.json").read_text(encoding="utf-8"))
    assert active["sentiment"] == "sentiment-demo"
    db = tmp_path / "data" / "demo" / "govhall-demo.db"
    with sqlite3.connect(db) as conn:

        def one(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        assert one("SELECT count(*) FROM opinion_posts") >= 300
        assert one("SELECT count(*) FROM opinion_posts WHERE sentiment IS NULL AND NOT is_spam") == 0
        assert one("SELECT count(DISTINCT sentiment) FROM opinion_posts") == 3
        assert one("SELECT count(*) FROM opinion_posts WHERE item_code IS NOT NULL") >= 50
        assert one("SELECT count(*) FROM opinion_posts WHERE policy = '公积金提取新规'") >= 20
        assert one("SELECT count(*) FROM opinion_topics") >= 5
        assert one("SELECT count(*) FROM opinion_alerts WHERE bucket_start LIKE '2025-04-1%'") >= 1
        assert one("SELECT count(*) FROM jobs WHERE status = 'done'") == 3
        # phone numbers in the demo posts are stored masked (138****5678), never whole
        assert one("SELECT count(*) FROM opinion_posts WHERE text LIKE '%电话1__****%'") >= 5
        texts = [row[0] for row in conn.execute("SELECT text FROM opinion_posts")]
        assert not [t for t in texts if re.search(r"1[3-9]\d{9}", t)]
