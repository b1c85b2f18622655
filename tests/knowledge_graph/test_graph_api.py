"""The graph over HTTP and on the command line, and the graph page in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

from govhall.accounts import Role
from tests.conftest import ApiClient
from tests.support.cli import run


def _build(client: ApiClient) -> None:
    admin = client.user(Role.ADMIN)
    assert client.http.post("/api/graph/build", headers=admin).json()[0]["rebuilt"] is True
    assert client.http.post("/api/graph/build", headers=client.user()).status_code == 403


def test_graph_api_answers_the_everyday_questions(client: ApiClient) -> None:
    _build(client)
    items = client.http.get("/api/graph/materials/户口簿/items").json()
    assert "结婚登记" in {row["item"]["label"] for row in items}
    group = client.http.get("/api/graph/groups/残疾人/policies").json()
    assert any(row["node"]["key"] == "disability-certificate" for row in group)
    hits = client.http.get("/api/graph/search", params={"q": "失业金"}).json()
    assert hits and hits[0]["key"] == "unemployment-benefit"
    near = client.http.get("/api/graph/neighbours", params={"kind": "item", "key": "dibao"}).json()
    assert {"requires", "handled_by", "based_on"} <= {n["relation"] for n in near["neighbours"]}
    path = client.http.get(
        "/api/graph/path",
        params={"from_kind": "item", "from_key": "dibao", "to_kind": "department", "to_key": "民政局"},
    ).json()
    assert path["found"] and path["steps"][0]["relation"] == "handled_by"
    data = client.http.get("/api/graph/data").json()
    assert len(data["nodes"]) > 100 and len(data["links"]) > 200 and data["categories"]


def test_graph_api_bad_input(client: ApiClient) -> None:
    _build(client)
    assert client.http.get("/api/graph/groups/外星人/policies").status_code == 404
    # one node check for the API and the CLI: an unknown kind names the kinds, an absent node is not found
    bad_kind = client.http.get("/api/graph/neighbours", params={"kind": "planet", "key": "x"})
    assert bad_kind.status_code == 400 and "未知的节点类型" in bad_kind.json()["error"]["message"]
    assert client.http.get("/api/graph/neighbours", params={"kind": "item", "key": "no-such"}).status_code == 404
    assert client.http.get("/api/graph/search", params={"q": ""}).status_code == 422


def test_graph_cli(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    built = run(tmp_path, "graph", "build")
    assert built.returncode == 0 and "已重建" in built.stderr
    assert "无变化" in run(tmp_path, "graph", "build").stderr
    rows = json.loads(run(tmp_path, "graph", "query", "items-requiring", "户口簿", "--json").stdout)
    assert "dibao" in {r["item"]["key"] for r in rows}
    bad = run(tmp_path, "graph", "query", "neighbours", "planet", "x")
    assert bad.returncode == 2 and "未知的节点类型" in bad.stderr
    absent = run(tmp_path, "graph", "query", "neighbours", "item", "no-such")
    assert absent.returncode == 2 and "no-such" in absent.stderr
    steps = json.loads(
        run(tmp_path, "graph", "query", "path", "item", "dibao", "department", "民政局", "--json").stdout
    )
    assert steps["found"] and steps["steps"][0][1] and steps["steps"][0][0]
