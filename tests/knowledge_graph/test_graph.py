"""The knowledge graph: built from the catalogue into the database (both backends), incremental,
queried for documents, groups, neighbours and paths."""

from __future__ import annotations

from sqlalchemy.orm import Session

from govhall import catalog
from govhall.accounts import NewUser, Role, create_user
from govhall.db import transaction
from govhall.knowledge_graph.graph import NodeKey, NodeKind, Relation
from govhall.knowledge_graph.queries import GraphIndex
from govhall.knowledge_graph.store import build_catalogue_graph, load_graph


def test_build_is_incremental_and_stores_exact_edges(db: Session) -> None:
    first = build_catalogue_graph(db)
    assert first.rebuilt and first.nodes > 100 and first.edges > 200
    assert not build_catalogue_graph(db).rebuilt, "unchanged catalogue: nothing rebuilt"
    index = GraphIndex(load_graph(db))
    dibao = NodeKey(NodeKind.ITEM, "dibao")
    relations = {n.relation for n in index.neighbours(dibao)}
    assert {Relation.REQUIRES, Relation.HANDLED_BY, Relation.BASED_ON, Relation.SERVES} <= relations

    with transaction(db):
        admin = create_user(db, NewUser("admin1", "long-password-1", "管理员", role=Role.ADMIN))
    item = catalog.get_item(db, "dibao")
    content = dict(item.content)
    content["materials"] = [*content["materials"], {"name": "结婚证", "form": "原件", "count": 1}]
    with transaction(db):
        catalog.update_item(db, "dibao", content, admin)
    assert build_catalogue_graph(db).rebuilt, "an edited item rebuilds the graph"
    rows = GraphIndex(load_graph(db)).items_requiring("结婚证")
    assert "dibao" in {r["item"]["key"] for r in rows}


def test_everyday_questions(db: Session) -> None:
    build_catalogue_graph(db)
    index = GraphIndex(load_graph(db))
    needs_hukou = {r["item"]["label"] for r in index.items_requiring("户口簿")}
    assert {"最低生活保障申请", "新生儿出生登记落户", "结婚登记"} <= needs_hukou
    for_disabled = index.policies_for_group("残疾人")
    assert any(r["node"]["key"] == "disability-certificate" for r in for_disabled)
    assert any(r["evidence"].endswith("第二条") for r in for_disabled if r["relation"] == "applies_to")
    path = index.path(NodeKey(NodeKind.ITEM, "dibao"), NodeKey(NodeKind.GROUP, "失业人员"))
    assert path is not None and len(path) <= 4
    assert index.find("低保", NodeKind.ITEM)[0].key == "dibao"
