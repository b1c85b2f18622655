"""Building the graph into the database, incrementally, and loading it back for queries.

Each origin (the catalogue, the policy texts) is rebuilt only when the hash of its inputs changed,
and then replaced whole in one transaction, so a query never sees half a graph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from govhall import catalog
from govhall.db import transaction, utcnow
from govhall.knowledge_graph.extract import policy_graph, policy_source_hash
from govhall.knowledge_graph.graph import EdgeSpec, GraphData, NodeKey, NodeKind, Relation, catalogue_graph
from govhall.knowledge_graph.models import GraphBuild, GraphEdge, GraphNode
from govhall.knowledge_graph.queries import GraphIndex
from govhall.knowledge_graph.rules import RuleBook, default_rulebook


@dataclass(frozen=True)
class BuildReport:
    origin: str
    rebuilt: bool
    nodes: int
    edges: int

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "rebuilt": self.rebuilt, "nodes": self.nodes, "edges": self.edges}


def _hash(payload: object) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def store_graph(db: Session, origin: str, data: GraphData, source_hash: str, *, force: bool = False) -> BuildReport:
    """Replace the edges of ``origin`` with ``data`` unless ``source_hash`` is unchanged."""
    previous = db.get(GraphBuild, origin)
    if previous is not None and previous.source_hash == source_hash and not force:
        return BuildReport(origin, False, previous.nodes, previous.edges)
    with transaction(db):
        db.execute(delete(GraphEdge).where(GraphEdge.origin == origin))
        ids = _upsert_nodes(db, data)
        db.add_all(
            GraphEdge(
                source_id=ids[e.source],
                target_id=ids[e.target],
                relation=e.relation.value,
                confidence=e.confidence,
                evidence=e.evidence,
                origin=origin,
                attrs=dict(e.attrs),
            )
            for e in data.edges
        )
        _drop_orphans(db)
        row = previous or GraphBuild(origin=origin, source_hash=source_hash, nodes=0, edges=0)
        row.source_hash, row.nodes, row.edges, row.built_at = source_hash, len(data.nodes), len(data.edges), utcnow()
        db.add(row)
    return BuildReport(origin, True, len(data.nodes), len(data.edges))


def _upsert_nodes(db: Session, data: GraphData) -> dict[NodeKey, int]:
    existing = {(n.kind, n.key): n for n in db.scalars(select(GraphNode))}
    ids: dict[NodeKey, int] = {}
    for key, (label, attrs) in data.nodes.items():
        row = existing.get((key.kind.value, key.key))
        if row is None:
            row = GraphNode(kind=key.kind.value, key=key.key, label=label, attrs=attrs)
            db.add(row)
        else:
            row.label, row.attrs = label, {**row.attrs, **attrs}
    db.flush()
    for row in db.scalars(select(GraphNode)):
        ids[NodeKey(NodeKind(row.kind), row.key)] = row.id
    return ids


def _drop_orphans(db: Session) -> None:
    db.flush()
    used = set(db.scalars(select(GraphEdge.source_id))) | set(db.scalars(select(GraphEdge.target_id)))
    for node in db.scalars(select(GraphNode)):
        if node.id not in used:
            db.delete(node)


def build_catalogue_graph(db: Session, book: RuleBook | None = None, *, force: bool = False) -> BuildReport:
    """The catalogue's exact edges (items, materials, departments, articles, groups)."""
    book = book or default_rulebook()
    items = catalog.current_contents(db)
    rules = {code: [r.basis.to_dict() for r in spec.rules] for code, spec in book.items.items()}
    groups = {code: list(spec.groups) for code, spec in book.items.items()}
    return store_graph(db, "catalogue", catalogue_graph(items, book), _hash([items, rules, groups]), force=force)


def build_policy_graph(db: Session, *, force: bool = False) -> BuildReport:
    """Edges read from the in-force articles of the policy library (groups, benefits, citations)."""
    source_hash = policy_source_hash(db)
    previous = db.get(GraphBuild, "policies")
    if previous is not None and previous.source_hash == source_hash and not force:
        return BuildReport("policies", False, previous.nodes, previous.edges)
    return store_graph(db, "policies", policy_graph(db), source_hash, force=True)


def build_graph(db: Session, *, force: bool = False) -> list[BuildReport]:
    """Every origin, each rebuilt only when its inputs changed."""
    return [build_catalogue_graph(db, force=force), build_policy_graph(db, force=force)]


def load_graph(db: Session) -> GraphData:
    """The whole stored graph, for queries."""
    data = GraphData()
    nodes = {n.id: n for n in db.scalars(select(GraphNode))}
    for node in nodes.values():
        data.nodes[NodeKey(NodeKind(node.kind), node.key)] = (node.label, dict(node.attrs))
    for edge in db.scalars(select(GraphEdge)):
        source, target = nodes[edge.source_id], nodes[edge.target_id]
        data.edges.append(
            EdgeSpec(
                NodeKey(NodeKind(source.kind), source.key),
                Relation(edge.relation),
                NodeKey(NodeKind(target.kind), target.key),
                edge.confidence,
                edge.evidence,
                dict(edge.attrs),
                edge.origin,
            )
        )
    return data


class GraphCache:
    """A ``GraphIndex`` over the stored graph, reused while no origin has been rebuilt.

    Keyed by the stored build hashes, so every worker notices a rebuild on its next query; each
    app owns one (no module-level state).
    """

    def __init__(self) -> None:
        self._stamp: tuple[tuple[str, str], ...] | None = None
        self._index: GraphIndex | None = None

    def get(self, db: Session) -> GraphIndex:
        stamp = tuple(sorted((b.origin, b.source_hash) for b in db.scalars(select(GraphBuild))))
        if self._index is None or stamp != self._stamp:
            self._index, self._stamp = GraphIndex(load_graph(db)), stamp
        return self._index
