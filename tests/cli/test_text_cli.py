"""``govhall extract`` and ``govhall mask``, single and batch (JSON Lines)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run


def test_extract_json_and_service_fill(tmp_path: Path) -> None:
    result = run(
        tmp_path, "extract", "我叫王建国，电话13912345678", "--service", "dibao", "--today", "2026-11-25", "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"text", "entities", "fields"} <= set(report)
    assert report["fields"]["phone"]["value"] == "13912345678"


def test_batch_modes_write_one_result_per_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [{"text": "电话13912345678"}, {"text": "身份证110105198003071234"}, {"text": ""}]
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    extracted = run(tmp_path, "extract", "--jsonl", str(source))
    assert extracted.returncode == 0, extracted.stderr
    rows = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert [r["text"] for r in rows] == [x["text"] for x in lines]
    assert rows[0]["entities"][0]["type"] == "phone"
    masked = run(tmp_path, "mask", "--jsonl", str(source))
    rows = [json.loads(line) for line in masked.stdout.splitlines()]
    assert rows[1]["masked"] == "身份证110105********1234"


def test_bad_input_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": "ok"}\nnot json\n{"nope": 1}\n', encoding="utf-8")
    result = run(tmp_path, "mask", "--jsonl", str(source))
    assert result.returncode == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3 and "error" in rows[1] and "error" in rows[2]
    assert rows[1]["error"]["code"] == "bad_line" and rows[1]["error"]["line"] == 2
    assert rows[1]["error"]["message"].startswith("第 2 行：")
    assert run(tmp_path, "extract", "--jsonl", str(tmp_path / "missing.jsonl")).returncode == 2
    bad_day = run(tmp_path, "extract", "x", "--today", "yesterday")
    assert bad_day.returncode == 2 and "--today" in bad_day.stderr and "不是有效日期" in bad_day.stderr
    assert run(tmp_path, "mask").returncode == 2
