"""The knowledge graph over HTTP: build, search, neighbours, paths, and the two everyday questions
(which items need this document, what applies to this group), plus the data the graph page draws."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from govhall.api.deps import AdminUser, SessionDep
from govhall.api.responses import (
    GraphBuildReport,
    GraphChart,
    GraphNeighbours,
    GraphNode,
    GraphPath,
    GroupPolicy,
    ItemRequiring,
)
from govhall.api.schemas import CleanStr
from govhall.knowledge_graph import graph as kg
from govhall.knowledge_graph.queries import GraphIndex
from govhall.knowledge_graph.store import build_graph

router = APIRouter(prefix="/api/graph", tags=["知识图谱"])
Text = Annotated[CleanStr, Query(min_length=1, max_length=100)]


def _index(request: Request, db: SessionDep) -> GraphIndex:
    index: GraphIndex = request.app.state.graph_cache.get(db)
    return index


@router.post("/build", response_model=list[GraphBuildReport])
def build(db: SessionDep, admin: AdminUser, force: bool = False) -> list[dict[str, Any]]:
    """Rebuild what changed (the catalogue and rules, the policy texts); ``force`` rebuilds everything."""
    return [report.to_dict() for report in build_graph(db, force=force)]


@router.get("/search", response_model=list[GraphNode])
def search(request: Request, db: SessionDep, q: Text, kind: kg.NodeKind | None = None) -> list[dict[str, Any]]:
    index = _index(request, db)
    return [index.node_dict(n) for n in index.find(q, kind)]


@router.get("/neighbours", response_model=GraphNeighbours)
def neighbours(request: Request, db: SessionDep, kind: Text, key: Text) -> dict[str, Any]:
    index = _index(request, db)
    node = index.require(kind, key)
    return {"node": index.node_dict(node), "neighbours": index.neighbour_rows(node)}


@router.get("/path", response_model=GraphPath)
def path(
    request: Request, db: SessionDep, from_kind: Text, from_key: Text, to_kind: Text, to_key: Text
) -> dict[str, Any]:
    index = _index(request, db)
    return index.path_steps(index.require(from_kind, from_key), index.require(to_kind, to_key))


@router.get("/materials/{name}/items", response_model=list[ItemRequiring])
def items_requiring(request: Request, db: SessionDep, name: str) -> list[dict[str, Any]]:
    """办这些事要带户口簿吗: the items whose materials mention the document."""
    return _index(request, db).items_requiring(name)


@router.get("/groups/{name}/policies", response_model=list[GroupPolicy])
def policies_for_group(request: Request, db: SessionDep, name: str) -> list[dict[str, Any]]:
    """残疾人能享受哪些政策: articles that apply to the group and items that serve it."""
    return _index(request, db).policies_for_group(name)


@router.get("/data", response_model=GraphChart)
def graph_data(
    request: Request,
    db: SessionDep,
    origin: Annotated[str, Query(pattern="^(catalogue|policies|all)$")] = "catalogue",
    limit: Annotated[int, Query(ge=10, le=5000)] = 1500,
) -> dict[str, Any]:
    """The graph page's chart data (``GraphIndex.chart``)."""
    return _index(request, db).chart(origin, limit)
