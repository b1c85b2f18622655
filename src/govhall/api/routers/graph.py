"""The knowledge graph over HTTP: build, search, neighbours, paths, and the two everyday questions
(which items need this document, what applies to this group), plus the data the graph page draws."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from govhall.api.deps import AdminUser, SessionDep
from govhall.api.schemas import CleanStr
from govhall.errors import NotFound
from govhall.knowledge_graph import graph as kg
from govhall.knowledge_graph.queries import GraphIndex
from govhall.knowledge_graph.store import build_graph

router = APIRouter(prefix="/api/graph", tags=["知识图谱"])
Text = Annotated[CleanStr, Query(min_length=1, max_length=100)]


def _index(request: Request, db: SessionDep) -> GraphIndex:
    index: GraphIndex = request.app.state.graph_cache.get(db)
    return index


def _node(index: GraphIndex, kind: str, key: str) -> kg.NodeKey:
    try:
        node = kg.NodeKey(kg.NodeKind(kind), key)
    except ValueError:
        raise NotFound("节点类型", kind) from None
    if node not in index.data.nodes:
        raise NotFound("节点", key)
    return node


@router.post("/build")
def build(db: SessionDep, admin: AdminUser, force: bool = False) -> list[dict[str, Any]]:
    """Rebuild what changed (the catalogue and rules, the policy texts); ``force`` rebuilds everything."""
    return [report.to_dict() for report in build_graph(db, force=force)]


@router.get("/search")
def search(request: Request, db: SessionDep, q: Text, kind: kg.NodeKind | None = None) -> list[dict[str, Any]]:
    index = _index(request, db)
    return [index.node_dict(n) for n in index.find(q, kind)]


@router.get("/neighbours")
def neighbours(request: Request, db: SessionDep, kind: Text, key: Text) -> dict[str, Any]:
    index = _index(request, db)
    node = _node(index, kind, key)
    return {
        "node": index.node_dict(node),
        "neighbours": [
            {
                "node": index.node_dict(n.node),
                "relation": n.relation.value,
                "relation_label": kg.RELATION_LABELS[n.relation],
                "direction": "out" if n.outgoing else "in",
                "confidence": n.edge.confidence,
                "evidence": n.edge.evidence,
                "attrs": dict(n.edge.attrs),
            }
            for n in index.neighbours(node)
        ],
    }


@router.get("/path")
def path(
    request: Request, db: SessionDep, from_kind: Text, from_key: Text, to_kind: Text, to_key: Text
) -> dict[str, Any]:
    index = _index(request, db)
    edges = index.path(_node(index, from_kind, from_key), _node(index, to_kind, to_key))
    return {
        "found": edges is not None,
        "steps": [
            {"source": index.node_dict(e.source), "relation": e.relation.value, "target": index.node_dict(e.target)}
            for e in edges or []
        ],
    }


@router.get("/materials/{name}/items")
def items_requiring(request: Request, db: SessionDep, name: str) -> list[dict[str, Any]]:
    """办这些事要带户口簿吗: the items whose materials mention the document."""
    return _index(request, db).items_requiring(name)


@router.get("/groups/{name}/policies")
def policies_for_group(request: Request, db: SessionDep, name: str) -> list[dict[str, Any]]:
    """残疾人能享受哪些政策: articles that apply to the group and items that serve it."""
    index = _index(request, db)
    if kg.NodeKey(kg.NodeKind.GROUP, name) not in index.data.nodes:
        raise NotFound("人群", name)
    return index.policies_for_group(name)


@router.get("/data")
def graph_data(
    request: Request,
    db: SessionDep,
    origin: Annotated[str, Query(pattern="^(catalogue|policies|all)$")] = "catalogue",
    limit: Annotated[int, Query(ge=10, le=5000)] = 1500,
) -> dict[str, Any]:
    """Nodes, links and categories in the shape the ECharts graph series takes; the best-connected
    ``limit`` nodes of the chosen origin, so the page stays readable on the whole laws corpus."""
    index = _index(request, db)
    edges = [e for e in index.data.edges if origin == "all" or e.origin == origin]
    degree: dict[kg.NodeKey, int] = {}
    for e in edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    kept = sorted(degree, key=lambda n: -degree[n])[:limit]
    ids = {node: i for i, node in enumerate(kept)}
    kinds = list(kg.NodeKind)
    return {
        "categories": [{"name": kg.NODE_LABELS[k], "kind": k.value} for k in kinds],
        "nodes": [
            {
                "id": str(i),
                "name": index.label(node),
                "kind": node.kind.value,
                "key": node.key,
                "category": kinds.index(node.kind),
                "symbolSize": 8 + min(degree[node], 20) * 1.5,
            }
            for node, i in ids.items()
        ],
        "links": [
            {"source": str(ids[e.source]), "target": str(ids[e.target]), "name": kg.RELATION_LABELS[e.relation]}
            for e in edges
            if e.source in ids and e.target in ids
        ],
    }
