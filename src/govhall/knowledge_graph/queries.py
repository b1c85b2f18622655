"""Questions over the graph: neighbours, paths, which items need a document, what applies to a group.

The graph is small enough (thousands of nodes) to answer from memory; queries take a ``GraphData``
so they work the same on a freshly built graph and on one loaded from the database.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from govhall.errors import BadInput, NotFound
from govhall.knowledge_graph.graph import (
    NODE_LABELS,
    RELATION_LABELS,
    EdgeSpec,
    GraphData,
    NodeKey,
    NodeKind,
    Relation,
    documents_in,
)


@dataclass(frozen=True)
class Neighbour:
    node: NodeKey
    label: str
    relation: Relation
    outgoing: bool
    edge: EdgeSpec


class GraphIndex:
    """Adjacency lists over a ``GraphData`` for fast look-ups in both directions."""

    def __init__(self, data: GraphData) -> None:
        self.data = data
        self.out: dict[NodeKey, list[EdgeSpec]] = {}
        self.into: dict[NodeKey, list[EdgeSpec]] = {}
        for edge in data.edges:
            self.out.setdefault(edge.source, []).append(edge)
            self.into.setdefault(edge.target, []).append(edge)

    def require(self, kind: str, key: str) -> NodeKey:
        """The node a person named by kind and key: the one check the API, the CLI and the page share
        (an unknown kind is bad input naming the kinds; an absent node is not found)."""
        try:
            node = NodeKey(NodeKind(kind), key)
        except ValueError:
            kinds = "、".join(k.value for k in NodeKind)
            raise BadInput.of("bad_kind", kind=kind, choices=kinds) from None
        if node not in self.data.nodes:
            raise NotFound("人群" if node.kind == NodeKind.GROUP else "节点", key)
        return node

    def label(self, node: NodeKey) -> str:
        return self.data.nodes[node][0] if node in self.data.nodes else node.key

    def node_dict(self, node: NodeKey) -> dict[str, Any]:
        label, attrs = self.data.nodes.get(node, (node.key, {}))
        return {"kind": node.kind.value, "kind_label": NODE_LABELS[node.kind], "key": node.key, "label": label, **attrs}

    def find(self, text: str, kind: NodeKind | None = None, limit: int = 20) -> list[NodeKey]:
        """Nodes whose key, label or keywords contain ``text`` (exact matches first)."""
        text = text.strip()
        found = [
            n
            for n, (label, attrs) in self.data.nodes.items()
            if (kind is None or n.kind == kind)
            and (text in n.key or text in label or any(text in str(k) for k in attrs.get("keywords", ())))
        ]
        found.sort(key=lambda n: (self.label(n) != text and n.key != text, len(self.label(n)), n.key))
        return found[:limit]

    def neighbours(self, node: NodeKey, relation: Relation | None = None) -> list[Neighbour]:
        out = [
            Neighbour(e.target, self.label(e.target), e.relation, True, e)
            for e in self.out.get(node, [])
            if relation is None or e.relation == relation
        ]
        out += [
            Neighbour(e.source, self.label(e.source), e.relation, False, e)
            for e in self.into.get(node, [])
            if relation is None or e.relation == relation
        ]
        return out

    def neighbour_rows(self, node: NodeKey) -> list[dict[str, Any]]:
        """:meth:`neighbours` as rows: the node, the relation both ways named, the edge's evidence."""
        return [
            {
                "node": self.node_dict(n.node),
                "relation": n.relation.value,
                "relation_label": RELATION_LABELS[n.relation],
                "direction": "out" if n.outgoing else "in",
                "confidence": n.edge.confidence,
                "evidence": n.edge.evidence,
                "attrs": dict(n.edge.attrs),
            }
            for n in self.neighbours(node)
        ]

    def path_steps(self, start: NodeKey, goal: NodeKey) -> dict[str, Any]:
        """:meth:`path` as ``{"found", "steps": [{source, relation, relation_label, target}]}``."""
        edges = self.path(start, goal)
        return {
            "found": edges is not None,
            "steps": [
                {
                    "source": self.node_dict(e.source),
                    "relation": e.relation.value,
                    "relation_label": RELATION_LABELS[e.relation],
                    "target": self.node_dict(e.target),
                }
                for e in edges or []
            ],
        }

    def chart(self, origin: str = "catalogue", limit: int = 1500) -> dict[str, Any]:
        """Nodes, links and categories in the shape an ECharts graph series takes: the best-connected
        ``limit`` nodes of one origin (``catalogue``, ``policies`` or ``all``), so the page stays
        readable on the whole laws corpus."""
        edges = [e for e in self.data.edges if origin == "all" or e.origin == origin]
        degree: dict[NodeKey, int] = {}
        for e in edges:
            degree[e.source] = degree.get(e.source, 0) + 1
            degree[e.target] = degree.get(e.target, 0) + 1
        kept = sorted(degree, key=lambda n: -degree[n])[:limit]
        ids = {node: i for i, node in enumerate(kept)}
        kinds = list(NodeKind)
        return {
            "categories": [{"name": NODE_LABELS[k], "kind": k.value} for k in kinds],
            "nodes": [
                {
                    "id": str(i),
                    "name": self.label(node),
                    "kind": node.kind.value,
                    "key": node.key,
                    "category": kinds.index(node.kind),
                    "symbolSize": 8 + min(degree[node], 20) * 1.5,
                }
                for node, i in ids.items()
            ],
            "links": [
                {"source": str(ids[e.source]), "target": str(ids[e.target]), "name": RELATION_LABELS[e.relation]}
                for e in edges
                if e.source in ids and e.target in ids
            ],
        }

    def path(self, start: NodeKey, goal: NodeKey, max_hops: int = 6) -> list[EdgeSpec] | None:
        """A shortest path between two nodes, ignoring edge direction; None when there is none."""
        if start == goal:
            return []
        previous: dict[NodeKey, EdgeSpec] = {}
        seen = {start}
        queue: deque[tuple[NodeKey, int]] = deque([(start, 0)])
        while queue:
            node, hops = queue.popleft()
            if hops >= max_hops:
                continue
            for edge in self.out.get(node, []) + self.into.get(node, []):
                other = edge.target if edge.source == node else edge.source
                if other in seen:
                    continue
                seen.add(other)
                previous[other] = edge
                if other == goal:
                    return self._unwind(previous, start, goal)
                queue.append((other, hops + 1))
        return None

    @staticmethod
    def _unwind(previous: dict[NodeKey, EdgeSpec], start: NodeKey, goal: NodeKey) -> list[EdgeSpec]:
        edges = []
        node = goal
        while node != start:
            edge = previous[node]
            edges.append(edge)
            node = edge.source if edge.target == node else edge.target
        return list(reversed(edges))

    def items_requiring(self, document: str) -> list[dict[str, Any]]:
        """Items that need a document (户口簿 → every item whose materials mention it)."""
        names = documents_in(document) or [document]
        rows = []
        for name in names:
            for edge in self.into.get(NodeKey(NodeKind.MATERIAL, name), []):
                if edge.relation == Relation.REQUIRES:
                    rows.append({"item": self.node_dict(edge.source), "material": dict(edge.attrs)})
        return rows

    def policies_for_group(self, group: str) -> list[dict[str, Any]]:
        """Articles that apply to a population group and the items that serve it, with evidence."""
        node = self.require(NodeKind.GROUP.value, group)
        rows: list[dict[str, Any]] = []
        for edge in self.into.get(node, []):
            rows.append(
                {
                    "relation": edge.relation.value,
                    "relation_label": RELATION_LABELS[edge.relation],
                    "node": self.node_dict(edge.source),
                    "confidence": edge.confidence,
                    "evidence": edge.evidence,
                }
            )
        rows.sort(key=lambda r: (r["node"]["kind"] != "item", r["node"]["key"]))
        return rows
