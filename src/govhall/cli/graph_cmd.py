"""``govhall graph``: build the knowledge graph and ask it questions."""

from __future__ import annotations

from typing import Any

import typer

from govhall.cli._common import JSON_OUTPUT, database, echo_json, err, settings
from govhall.knowledge_graph.queries import GraphIndex
from govhall.knowledge_graph.store import build_graph, load_graph

app = typer.Typer(help="知识图谱。 (Knowledge graph.)", no_args_is_help=True)
query_app = typer.Typer(help="查询知识图谱。 (Query the graph.)", no_args_is_help=True)
app.add_typer(query_app, name="query")


def _print(rows: Any, as_json: bool) -> None:
    if as_json:
        echo_json(rows)
        return
    for row in rows if isinstance(rows, list) else [rows]:
        typer.echo(row)


def _index() -> GraphIndex:
    with database(settings()) as db:
        return GraphIndex(load_graph(db))


@app.command("build", help="从事项目录和政策规则构建知识图谱（只重建有变化的部分）。 (Build the graph incrementally.)")
def build(force: bool = typer.Option(False, "--force", help="全部重建 (rebuild everything)")) -> None:
    with database(settings()) as db:
        reports = build_graph(db, force=force)
    for report in reports:
        state = "已重建" if report.rebuilt else "无变化，未重建"
        source = {"catalogue": "事项目录", "policies": "政策文本"}[report.origin]
        err.print(f"知识图谱（{source}）{state}：{report.nodes} 个节点，{report.edges} 条边")


@query_app.command("items-requiring", help="哪些事项需要某种材料，如“户口簿”。 (Items that need a document.)")
def items_requiring(
    document: str = typer.Argument(..., help="材料名称 (document)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    rows = _index().items_requiring(document)
    _print(rows if as_json else [f"{r['item']['label']}：{r['material']['material']}" for r in rows], as_json)


@query_app.command("group", help="适用于某一人群的政策条款和事项，如“残疾人”。 (Policies for a group.)")
def group(
    name: str = typer.Argument(..., help="人群名称 (group)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    rows = _index().policies_for_group(name)
    _print(rows if as_json else [f"{r['relation_label']}：{r['node']['label']}" for r in rows], as_json)


@query_app.command("neighbours", help="某个节点的相邻节点。 (Neighbours of a node.)")
def neighbours(
    kind: str = typer.Argument(..., help="节点类型，如 item、material、group (node kind)"),
    key: str = typer.Argument(..., help="节点键，如事项编码 (node key)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    index = _index()
    rows = index.neighbour_rows(index.require(kind, key))
    _print(rows if as_json else [f"{r['relation_label']} {r['node']['label']}" for r in rows], as_json)


@query_app.command("path", help="两个节点之间的最短关系路径。 (Shortest path between nodes.)")
def path(
    from_kind: str = typer.Argument(..., help="起点类型 (from kind)"),
    from_key: str = typer.Argument(..., help="起点键 (from key)"),
    to_kind: str = typer.Argument(..., help="终点类型 (to kind)"),
    to_key: str = typer.Argument(..., help="终点键 (to key)"),
    as_json: bool = JSON_OUTPUT,
) -> None:
    index = _index()
    result = index.path_steps(index.require(from_kind, from_key), index.require(to_kind, to_key))
    if as_json:  # steps as [source, relation, target] labels: the command's published shape
        steps = [[st["source"]["label"], st["relation_label"], st["target"]["label"]] for st in result["steps"]]
        echo_json({"found": result["found"], "steps": steps})
    elif not result["found"]:
        err.print("两者之间没有关系路径")
    else:
        for step in result["steps"]:
            typer.echo(f"{step['source']['label']} —{step['relation_label']}→ {step['target']['label']}")
