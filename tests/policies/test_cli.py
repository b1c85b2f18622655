"""``govhall ingest|search|ask|evaluate qa`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.policies.samples import SAMPLE_TITLE, write_sample_law
from tests.support.cli import govhall

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return govhall(tmp_path, *args)


def test_ingest_search_ask_and_batch(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    folder = write_sample_law(tmp_path)
    ingested = run(tmp_path, "ingest", str(folder), "--json")
    assert ingested.returncode == 0, ingested.stderr
    assert json.loads(ingested.stdout)["added"] == 1

    found = json.loads(run(tmp_path, "search", "孤寡老人护理补贴", "--json", "-k", "3").stdout)
    assert found["results"][0]["title"] == SAMPLE_TITLE

    asked = run(tmp_path, "ask", "失业金最多能领多久？", "--json")
    assert asked.returncode == 0, asked.stderr
    assert {"question", "answer", "grounded", "citations", "answer_sentence", "qtype"} <= set(json.loads(asked.stdout))

    batch = tmp_path / "q.jsonl"
    batch.write_text('{"question": "结婚登记要带什么证件？"}\nnot json\n{"question": ""}\n', encoding="utf-8")
    lines = run(tmp_path, "ask", "--jsonl", str(batch))
    assert lines.returncode == 2
    results = [json.loads(line) for line in lines.stdout.splitlines()]
    assert len(results) == 3 and results[0]["grounded"] is True
    assert "error" in results[1] and "error" in results[2]

    empty = run(tmp_path, "ask", "")
    assert empty.returncode == 2 and "请输入" in empty.stderr and "Traceback" not in empty.stderr


def test_evaluate_qa_reports_the_metrics(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    sample = tmp_path / "qa.jsonl"
    lines = (ROOT / "tests" / "data" / "policies" / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    sample.write_text("\n".join(lines[:20] + lines[-5:]) + "\n", encoding="utf-8")
    result = run(tmp_path, "evaluate", "qa", str(sample), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for key in ("recall_at_1", "recall_at_5", "mrr", "key_fact_rate", "refusal_precision", "refusal_recall"):
        assert 0.0 <= report[key] <= 1.0, key
    assert report["questions"] == 25 and report["recall_at_5"] >= 0.6
