"""The ``list`` commands print the same rows two ways: one line each for people, JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import govhall


def test_sources_and_subscriptions_list_as_lines_and_as_json(tmp_path: Path, sqlite_url: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    added = govhall(tmp_path, "opinion", "sources", "add", "drop", "folder", str(inbox), db="govhall.db")
    assert added.returncode == 0, added.stderr
    lines = govhall(tmp_path, "opinion", "sources", "list", db="govhall.db").stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("drop  ") and "累计 0 条  上次 —" in lines[0]
    rows = json.loads(govhall(tmp_path, "opinion", "sources", "list", "--json", db="govhall.db").stdout)
    assert [row["name"] for row in rows] == ["drop"]

    none = govhall(tmp_path, "opinion", "subscriptions", "list", db="govhall.db")
    assert none.returncode == 0 and none.stdout == ""
    assert json.loads(govhall(tmp_path, "opinion", "subscriptions", "list", "--json", db="govhall.db").stdout) == []
