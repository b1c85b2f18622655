"""The ``govhall`` commands, run as a user would run them (a real process, a real database file)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import run

ROOT = Path(__file__).resolve().parents[2]


def test_catalog_list_json_works_before_and_after_migration(tmp_path: Path) -> None:
    fresh = run(tmp_path, "catalog", "list", "--json")
    assert fresh.returncode == 0, fresh.stderr
    items = json.loads(fresh.stdout)
    assert len(items) >= 20
    for key in ("code", "name", "department", "materials", "steps", "time_limit_days", "legal_basis", "form"):
        assert all(key in item for item in items), key
    assert run(tmp_path, "db", "upgrade").returncode == 0
    migrated = json.loads(run(tmp_path, "catalog", "list", "--json").stdout)
    assert sorted(i["code"] for i in migrated) == sorted(i["code"] for i in items)


def test_db_upgrade_uses_wal_and_is_repeatable(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    second = run(tmp_path, "db", "upgrade")
    assert second.returncode == 0 and "新载入事项 0 个" in second.stderr
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_audit_verify_detects_tampering(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    created = run(
        tmp_path,
        "users",
        "create",
        "clerk1",
        "--role",
        "clerk",
        "--name",
        "窗口",
        "--department",
        "公安局",
        input="long-password-1\nlong-password-1\n",
    )
    assert created.returncode == 0, created.stderr
    ok = run(tmp_path, "audit", "verify", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("UPDATE audit_log SET reason = 'edited' WHERE seq = (SELECT max(seq) FROM audit_log)")
    bad = run(tmp_path, "audit", "verify")
    assert bad.returncode == 1 and "篡改" in bad.stderr


def test_bad_input_exits_2_with_a_chinese_message(tmp_path: Path) -> None:
    not_migrated = run(tmp_path, "audit", "verify")
    assert not_migrated.returncode == 2 and "govhall db upgrade" in not_migrated.stderr
    assert "Traceback" not in not_migrated.stderr
    assert run(tmp_path, "db", "upgrade").returncode == 0
    clerk = run(tmp_path, "users", "create", "x", "--role", "clerk", "--name", "窗口", input="short\nshort\n")
    assert clerk.returncode == 2 and "部门" in clerk.stderr and "Traceback" not in clerk.stderr
    assert run(tmp_path, "catalog", "frobnicate").returncode == 2


def test_demo_builds_a_fresh_database_and_prints_logins(tmp_path: Path) -> None:
    result = run(tmp_path, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    for username in ("zhangsan", "minzheng", "fenxi", "admin"):
        assert username in result.stderr
    assert "http://" in result.stderr
    db = tmp_path / "data" / "demo" / "govhall-demo.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] >= 5
        assert conn.execute("SELECT count(DISTINCT role) FROM users").fetchone()[0] == 4


def _commands() -> list[list[str]]:
    from typer.main import get_command

    from govhall.cli.main import app

    found: list[list[str]] = []

    def walk(cmd, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*path, name])
        else:
            found.append(path)

    walk(get_command(app), [])
    return found


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_command_has_bilingual_help_and_docs(command: list[str], tmp_path: Path) -> None:
    result = run(tmp_path, *command, "--help")
    assert result.returncode == 0
    text = result.stdout
    assert re.search(r"[\u4e00-\u9fff]", text), "Chinese help"
    assert re.search(r"\([A-Z][a-z]+[^)]*\)", text), "English help"
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "govhall " + " ".join(command) in docs


def test_help_lists_every_command_and_a_command_imports_only_its_module(tmp_path: Path) -> None:
    """``govhall catalog …`` must not pay for importing the assistant, the web app or scikit-learn."""
    from govhall.cli.main import COMMANDS

    listing = run(tmp_path, "--help")
    assert listing.returncode == 0, listing.stderr
    for name in COMMANDS:
        assert re.search(rf"│ {name}\s", listing.stdout), name
    heavy = ("govhall.assistant", "govhall.web", "sklearn", "govhall.opinion")
    probe = (
        "import sys\nfrom govhall.cli.main import app\n"
        "try:\n    app(['catalog', 'list', '--json'])\n"
        "except SystemExit as end:\n    assert end.code in (0, None), end\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    env = {
        **os.environ,
        "GOVHALL_DATA_DIR": str(tmp_path / "data"),
        "GOVHALL_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
    }
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    unknown = run(tmp_path, "no-such-command")
    assert unknown.returncode == 2 and "no-such-command" in unknown.stderr
