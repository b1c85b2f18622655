"""``govhall train / evaluate / distil / models``, run as a user runs them (a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govhall.cli.main import app
from govhall.config import get_settings
from tests.learn.conftest import review_rows, write_jsonl


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run ``govhall …`` in this process (fast) with the data folder in ``tmp_path``."""
    monkeypatch.setenv("GOVHALL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVHALL_MODELS_DIR", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args))

    yield invoke
    get_settings.cache_clear()


def _flat(text: str) -> str:
    """Rich wraps long lines at the terminal width: compare messages without whitespace."""
    return "".join(text.split())


def test_the_installed_entry_point_trains_a_model(tmp_path: Path, reviews: Path) -> None:
    env = {**os.environ, "GOVHALL_DATA_DIR": str(tmp_path / "data")}
    env.pop("GOVHALL_MODELS_DIR", None)
    args = ["train", "--data", str(reviews), "--task", "sentiment", "--name", "s1", "--seed", "3", "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "govhall", *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)
    assert card["seed"] == 3 and Path(card["path"]) == tmp_path / "data" / "models" / "s1"


def test_train_evaluate_list_and_activate(cli, tmp_path: Path, reviews: Path) -> None:  # type: ignore[no-untyped-def]
    trained = cli("train", "--data", str(reviews), "--task", "sentiment", "--name", "s1", "--json")
    assert trained.exit_code == 0, trained.stderr
    card = json.loads(trained.stdout)
    assert card["name"] == "s1" and card["kind"] == "tfidf" and card["metrics"]["test"]["accuracy"] >= 0.8
    assert Path(card["path"]) == tmp_path / "data" / "models" / "s1"

    held_out = write_jsonl(tmp_path / "held.jsonl", review_rows(30, seed=11))
    evaluated = cli("evaluate", "s1", "--data", str(held_out), "--json")
    assert evaluated.exit_code == 0, evaluated.stderr
    report = json.loads(evaluated.stdout)
    assert report["n"] == 30 and report["accuracy"] >= 0.8 and report["labels"] == ["neg", "pos"]

    by_path = cli("evaluate", card["path"], "--data", str(held_out))
    assert by_path.exit_code == 0 and "准确率" in by_path.stdout

    activated = cli("models", "activate", "sentiment", "s1")
    assert activated.exit_code == 0, activated.stderr
    listed = json.loads(cli("models", "list", "--json").stdout)
    assert [(m["name"], m["active_for"]) for m in listed] == [("s1", ["sentiment"])]

    student = cli("distil", "s1", "--data", str(reviews), "--name", "s1-student", "--json")
    assert student.exit_code == 0, student.stderr
    assert json.loads(student.stdout)["comparison"]["agreement"] >= 0.8


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, list[str], str]]:
    good = write_jsonl(tmp_path / "good.jsonl", review_rows(20))
    one = write_jsonl(tmp_path / "one.jsonl", [*review_rows(20), {"text": "办事大厅在几楼", "label": "question"}])
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("text,label\n服务很好,pos\n服务很差,neg\n".encode("gbk"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    return {
        "unknown column": (good, ["--label-column", "sentiment"], "没有列“sentiment”"),
        "one example": (one, [], "“question” 只有 1 条样本"),
        "not utf-8": (gbk, [], "不是 UTF-8 编码"),
        "empty file": (empty, [], "是空的"),
        "missing file": (tmp_path / "absent.csv", [], "找不到数据文件"),
    }


@pytest.mark.parametrize("case", ["unknown column", "one example", "not utf-8", "empty file", "missing file"])
def test_bad_training_data_exits_2_with_a_chinese_message(cli, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    path, extra, message = _bad_files(tmp_path)[case]
    result = cli("train", "--data", str(path), "--task", "sentiment", *extra)
    assert result.exit_code == 2, result.stderr
    assert _flat(message) in _flat(result.stderr) and "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "models").exists() or not any((tmp_path / "data" / "models").iterdir())


def test_a_model_folder_that_does_not_exist_exits_2(cli, tmp_path: Path, reviews: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ["evaluate", str(tmp_path / "no-such-model"), "--data", str(reviews)],
        ["models", "activate", "sentiment", "no-such-model"],
        ["models", "quantize", "no-such-model"],
        ["distil", "no-such-model", "--data", str(reviews)],
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "不存在" in result.stderr and "Traceback" not in result.stderr


def test_transformer_without_base_and_unknown_kind_exit_2(cli, reviews: Path) -> None:  # type: ignore[no-untyped-def]
    no_base = cli("train", "--data", str(reviews), "--task", "sentiment", "--model", "transformer")
    assert no_base.exit_code == 2 and "--base" in no_base.stderr
    unknown = cli("train", "--data", str(reviews), "--task", "sentiment", "--model", "gpt")
    assert unknown.exit_code == 2 and "未知的模型类型" in unknown.stderr
