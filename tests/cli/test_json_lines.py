"""The one reader of the commands' JSON Lines files: batch commands report a bad line and go on,
a replay script stops at one; both see the same line numbers and skip the same blank lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.cli._common import NOT_JSON, json_lines, jsonl_records
from govhall.cli.assistant_cmd import _lines
from govhall.errors import BadInput


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    path = tmp_path / "lines.jsonl"
    path.write_text('{"text": "办居住证要带什么"}\n\n这一行不是 JSON\n["列表"]\n{"text": 3}\n', encoding="utf-8")
    return path


def test_lines_are_numbered_as_in_the_file_and_blank_ones_skipped(lines: Path) -> None:
    read = list(json_lines(lines))
    assert [number for number, _ in read] == [1, 3, 4, 5]
    assert read[1][1] is NOT_JSON and read[2][1] == ["列表"]


def test_a_batch_reports_each_bad_line_and_goes_on(lines: Path) -> None:
    problems = [(number, problem) for number, _, problem in jsonl_records(lines, "text") if problem]
    assert problems == [(3, "该行不是有效的 JSON"), (4, "该行缺少字符串字段 text"), (5, "该行缺少字符串字段 text")]


def test_a_replay_stops_at_the_first_bad_line_naming_it(lines: Path, tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        list(_lines(lines))
    assert caught.value.code == "bad_json" and "3" in caught.value.message
    with pytest.raises(BadInput) as missing:
        list(_lines(tmp_path / "none.jsonl"))
    assert missing.value.code == "file_not_found"
