"""A real installation without the demo: ``govhall db upgrade`` leaves a hall whose assistant,
classifier and sentiment model work, and an ingest whose vectors follow in ``govhall worker``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.policies.samples import SAMPLE_TITLE, write_sample_law
from tests.support.cli import govhall


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return govhall(tmp_path, *args, db="fresh.db")


def test_db_upgrade_alone_gives_working_models(tmp_path: Path) -> None:
    upgraded = run(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "已训练并启用默认模型" in upgraded.stderr

    classified = run(tmp_path, "classify", "家里实在困难，想申请低保", "--json")
    assert classified.returncode == 0, classified.stderr
    route = json.loads(classified.stdout)
    assert route["intent"] == "apply" and route["service"]["code"] == "dibao"

    sentiment = run(tmp_path, "sentiment", "窗口工作人员态度很好，一次就办完了", "--json")
    assert sentiment.returncode == 0, sentiment.stderr
    assert json.loads(sentiment.stdout)["label"] == "positive"

    script = tmp_path / "chat.jsonl"
    script.write_text(json.dumps({"turns": ["你好", "办理居住证要带什么材料？"]}, ensure_ascii=False) + "\n", "utf-8")
    chat = run(tmp_path, "chat", "--replay", str(script), "--json")
    assert chat.returncode == 0, chat.stderr
    replies = json.loads(chat.stdout)["replies"]
    assert len(replies) == 2 and "暂时无法" not in replies[1]

    again = run(tmp_path, "db", "upgrade")  # a second upgrade keeps the active models
    assert again.returncode == 0 and "已训练" not in again.stderr


def test_ingest_returns_then_the_worker_computes_vectors(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    folder = write_sample_law(tmp_path)

    ingested = run(tmp_path, "ingest", str(folder), "--json")

    assert ingested.returncode == 0, ingested.stderr
    job_id = json.loads(ingested.stdout)["vector_job"]
    found = json.loads(run(tmp_path, "search", "孤寡老人护理补贴", "--json", "-k", "3").stdout)
    assert found["results"][0]["title"] == SAMPLE_TITLE
    listed = json.loads(run(tmp_path, "jobs", "--json").stdout)
    assert [j["status"] for j in listed["jobs"] if j["id"] == job_id] == ["queued"]

    worked = run(tmp_path, "worker", "--once")
    assert worked.returncode == 0, worked.stderr

    (job,) = [j for j in json.loads(run(tmp_path, "jobs", "--json").stdout)["jobs"] if j["id"] == job_id]
    assert job["status"] == "done" and job["total"] == job["progress"] > 0
    dense = json.loads(run(tmp_path, "search", "孤寡老人护理补贴", "--json", "-k", "3").stdout)["results"][0]
    assert dense["dense"] is not None
    text = run(tmp_path, "jobs")
    assert text.returncode == 0 and "已完成" in text.stdout


def test_ingest_wait_and_bad_path(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    missing = run(tmp_path, "ingest", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "找不到" in missing.stderr and "Traceback" not in missing.stderr


def test_serve_answers_chat_and_runs_queued_jobs_in_process(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    folder = write_sample_law(tmp_path)
    job_id = json.loads(run(tmp_path, "ingest", str(folder), "--json").stdout)["vector_job"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "GOVHALL_DATA_DIR": str(tmp_path / "data"),
        "GOVHALL_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "GOVHALL_EMBEDDER": "hash",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "govhall", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            deadline = time.monotonic() + 120
            while True:
                try:
                    http.get("/api/health")
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.communicate()[1][-2000:]
                    assert time.monotonic() < deadline, "server did not start"
                    time.sleep(0.3)
            conversation = http.post("/api/assistant/sessions").json()["id"]
            turn = http.post(f"/api/assistant/sessions/{conversation}/messages", json={"text": "我想申请低保"})
            assert turn.status_code == 200, turn.text
            assert turn.json()["service"]["code"] == "dibao"
            while True:  # the in-process worker takes the queued vector job
                (job,) = [j for j in json.loads(run(tmp_path, "jobs", "--json").stdout)["jobs"] if j["id"] == job_id]
                if job["status"] == "done":
                    break
                assert job["status"] in ("queued", "running") and time.monotonic() < deadline, job
                time.sleep(0.5)
    finally:
        server.terminate()
        server.communicate(timeout=30)
