"""The opinion API, pages and commands over the real app and real processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI

from govhall.accounts import Role
from govhall.web import create_app
from tests.conftest import ApiClient, make_settings
from tests.opinion.samples import opinion_cli


@pytest.fixture
def analyst_app(tmp_path: Path, sqlite_url: str, models_dir: Path) -> FastAPI:
    # the API imports server files only from the import folder: the tests write theirs to tmp_path
    return create_app(make_settings(tmp_path, sqlite_url, models_dir=models_dir, import_dir=tmp_path))


def test_posts_api_is_idempotent_and_rejects_bad_posts(analyst_app: FastAPI, hotspot_file: Path) -> None:
    client = ApiClient(analyst_app)
    analyst = client.user(Role.ANALYST)
    body = {"id": "w1", "source": "weibo", "time": "2024-05-01 08:00", "text": "社保卡补办太慢了，电话13912345678"}
    first = client.http.post("/api/opinion/posts", json=body, headers=analyst)
    assert first.status_code == 201, first.text
    post = first.json()["post"]
    assert (
        first.json()["created"] and "13912345678" not in post["text"] and post["sentiment"] in ("negative", "positive")
    )
    again = client.http.post("/api/opinion/posts", json=body, headers=analyst)
    assert again.status_code == 201 and again.json()["created"] is False and again.json()["post"]["id"] == post["id"]
    future = client.http.post("/api/opinion/posts", json={**body, "id": "w2", "time": "2999-01-01"}, headers=analyst)
    assert future.status_code == 400 and "未来" in future.json()["error"]["message"]
    huge = client.http.post("/api/opinion/posts", json={**body, "id": "w3", "text": "长" * 30_000}, headers=analyst)
    assert huge.status_code == 400 and "过长" in huge.json()["error"]["message"]
    overflow = client.http.post("/api/opinion/posts", json={**body, "id": "w4", "time": 9.2e18}, headers=analyst)
    assert overflow.status_code == 400 and "超出可表示的范围" in overflow.json()["error"]["message"]
    assert client.http.post("/api/opinion/posts", json=body, headers=client.user()).status_code == 403
    assert client.http.get("/api/opinion/topics").status_code == 401

    job = client.http.post(
        "/api/opinion/jobs", json={"kind": "ingest", "params": {"path": str(hotspot_file)}}, headers=analyst
    )
    assert job.status_code == 202, job.text
    status = client.http.get(f"/api/opinion/jobs/{job.json()['id']}", headers=analyst).json()
    assert status["status"] == "done" and status["result"]["imported"] > 250
    missing = client.http.post(
        "/api/opinion/jobs", json={"kind": "ingest", "params": {"path": "/nope.csv"}}, headers=analyst
    )
    assert missing.status_code == 400
    assert client.http.get("/api/opinion/jobs/999", headers=analyst).status_code == 404

    assert client.http.post("/api/opinion/topics/discover?k=4", headers=analyst).json()["topics"]
    series = client.http.get("/api/opinion/series", params={"by": "topic"}, headers=analyst).json()
    assert series and {"bucket", "key", "count", "negative_share"} <= set(series[0])
    assert client.http.get("/api/opinion/series", params={"bucket": "month"}, headers=analyst).status_code == 400
    route = client.http.post("/api/opinion/route", json={"text": "公积金提取怎么这么难"}, headers=analyst).json()
    assert route and route["department"]
    assert client.http.get("/api/opinion/alerts/42", headers=analyst).status_code == 404
    report = client.http.get(
        "/api/opinion/report",
        params={"policy": "小区", "since": "2019-07-01", "until": "2019-12-31"},
        headers=analyst,
    )
    assert report.status_code == 200 and report.json()["after"]["volume"] > 0

    page = client.http.get("/opinion", headers=analyst)
    assert page.status_code == 200 and "舆情监测" in page.text and "opinion-topics" in page.text
    assert client.http.get("/opinion/posts?sentiment=negative", headers=analyst).status_code == 200
    impact = client.http.get("/opinion/report?policy=小区&since=2019-07-01&until=2019-12-31", headers=analyst)
    assert impact.status_code == 200 and "impact-chart" in impact.text
    assert client.http.get("/opinion", headers=client.user()).status_code == 403


def test_cli_sentiment_ingest_and_report(tmp_path: Path, models_dir: Path, hotspot_file: Path) -> None:
    missing = opinion_cli(tmp_path, None, "sentiment", "服务很好", "--json")
    assert missing.returncode == 2 and "govhall models activate sentiment" in missing.stderr
    one = opinion_cli(tmp_path, models_dir, "sentiment", "房间很干净，服务很好", "--json")
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout) == {
        "text": "房间很干净，服务很好",
        "label": "positive",
        "score": pytest.approx(0.5, abs=0.5),
    }
    batch = tmp_path / "texts.jsonl"
    batch.write_text('{"text": "太差了"}\n{"text": "非常满意"}\n', encoding="utf-8")
    many = opinion_cli(tmp_path, models_dir, "sentiment", "--jsonl", str(batch))
    lines = [json.loads(line) for line in many.stdout.splitlines()]
    assert [set(line) for line in lines] == [{"text", "label", "score"}] * 2
    # a bad line is reported in its place (with its number) and the rest is still scored
    batch.write_text('{"text": "太差了"}\nnot json\n{"txt": 1}\n{"text": "非常满意"}\n', encoding="utf-8")
    mixed = opinion_cli(tmp_path, models_dir, "sentiment", "--jsonl", str(batch))
    assert mixed.returncode == 2 and "2 行无法处理" in mixed.stderr
    rows = [json.loads(line) for line in mixed.stdout.splitlines()]
    assert [row.get("error", {}).get("line") for row in rows] == [None, 2, 3, None]
    assert rows[0]["text"] == "太差了" and rows[3]["text"] == "非常满意" and "label" in rows[3]

    assert opinion_cli(tmp_path, models_dir, "db", "upgrade").returncode == 0
    ingest = opinion_cli(tmp_path, models_dir, "opinion", "ingest", str(hotspot_file), "--json")
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["imported"] > 250 and "数据治理报告" in ingest.stderr
    assert (
        json.loads(opinion_cli(tmp_path, models_dir, "opinion", "ingest", str(hotspot_file), "--json").stdout)[
            "imported"
        ]
        == 0
    )
    assert opinion_cli(tmp_path, models_dir, "opinion", "topics", "--k", "4").returncode == 0
    pdf = tmp_path / "r.pdf"
    report = opinion_cli(
        tmp_path,
        models_dir,
        "opinion",
        "report",
        "公积金",
        "--since",
        "2019-01-01",
        "--until",
        "2019-06-01",
        "--pdf",
        str(pdf),
    )
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    bad = opinion_cli(
        tmp_path, models_dir, "opinion", "report", "公积金", "--since", "2019-13-01", "--until", "2019-06-01"
    )
    assert bad.returncode == 2 and "--since" in bad.stderr and "不是有效日期" in bad.stderr
    nofile = opinion_cli(tmp_path, models_dir, "opinion", "ingest", str(tmp_path / "missing.csv"))
    assert nofile.returncode == 2 and "找不到文件" in nofile.stderr
    queued = opinion_cli(tmp_path, models_dir, "opinion", "ingest", str(hotspot_file), "--background")
    assert queued.returncode == 0 and "任务" in queued.stderr
    worker = opinion_cli(tmp_path, models_dir, "opinion", "worker", "--once")
    assert worker.returncode == 0 and "已执行任务 1 个" in worker.stderr
