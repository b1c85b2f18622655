"""``govhall classify`` and ``govhall chat --replay`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from govhall.accounts import NewUser, Role, create_user
from govhall.db import make_engine, make_session_factory, transaction
from tests.support.cli import govhall


def run(tmp_path: Path, models: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return govhall(tmp_path, *args, db="govhall.db", models=models)


def test_classify_json_and_jsonl(tmp_path: Path, models_dir: Path) -> None:
    one = run(tmp_path, models_dir, "classify", "我想办居住证", "--json")
    assert one.returncode == 0, one.stderr
    body = json.loads(one.stdout)
    assert set(body) == {"text", "intent", "service", "confidence"}
    assert body["service"] == {"code": "residence-permit", "name": "居住证办理"}
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"text": "你好"}\n{"text": "我的低保申请到哪一步了"}\n', encoding="utf-8")
    many = run(tmp_path, models_dir, "classify", "--jsonl", str(batch))
    lines = [json.loads(line) for line in many.stdout.splitlines()]
    assert [line["intent"] for line in lines] == ["other", "query_status"]
    # a bad line is reported in its place and the others are still classified
    batch.write_text('{"text": "你好"}\n{"txt": "x"}\n{"text": "我的低保申请到哪一步了"}\n', encoding="utf-8")
    mixed = run(tmp_path, models_dir, "classify", "--jsonl", str(batch))
    rows = [json.loads(line) for line in mixed.stdout.splitlines()]
    assert mixed.returncode == 2 and [row.get("intent") for row in rows] == ["other", None, "query_status"]
    assert rows[1]["error"]["line"] == 2


def test_classify_bad_input_and_missing_model_exit_2(tmp_path: Path, models_dir: Path) -> None:
    assert run(tmp_path, models_dir, "classify", "", "--json").returncode == 2
    missing = run(tmp_path, tmp_path / "none", "classify", "你好", "--json")
    assert missing.returncode == 2 and "govhall models activate" in missing.stderr


def test_chat_replay_submits_a_case(tmp_path: Path, sqlite_url: str, models_dir: Path) -> None:
    db_path = tmp_path / "govhall.db"
    assert sqlite_url.endswith(db_path.as_posix())
    engine = make_engine(sqlite_url)
    with make_session_factory(engine)() as db, transaction(db):
        create_user(db, NewUser("citizen1", "correct-horse-9", "王小明", role=Role.CITIZEN))
    engine.dispose()
    script = tmp_path / "dialogues.jsonl"
    turns = ["我要投诉，小区门口的烧烤店每天半夜还很吵", "电话13912345678，需要回复", "确认"]
    script.write_text(json.dumps({"turns": turns}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run(tmp_path, models_dir, "chat", "--replay", str(script), "--json", "--user", "citizen1")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"replies", "service", "form", "submitted", "case"}
    assert out["submitted"] and out["case"].startswith("GH") and out["form"]["phone"] == "13912345678"
    assert out["service"]["code"] == "complaint-12345" and len(out["replies"]) == 3
