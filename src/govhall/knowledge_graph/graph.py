"""The knowledge graph's content: nodes and edges derived from the catalogue and the rules.

Catalogue edges are exact (confidence 1.0): an item requires its materials, is handled by its
department and is based on its articles. Rules add who an item serves and which articles apply to
which population groups. Edges extracted from policy texts carry their source article and a lower
confidence; they are added by the policy-text extractor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from govhall.knowledge_graph.rules import RuleBook
from govhall.labels import labels_of


class NodeKind(StrEnum):
    ITEM = "item"
    MATERIAL = "material"
    DEPARTMENT = "department"
    LAW = "law"
    ARTICLE = "article"
    GROUP = "group"
    BENEFIT = "benefit"


NODE_LABELS = labels_of(NodeKind)


class Relation(StrEnum):
    REQUIRES = "requires"  # item → material
    HANDLED_BY = "handled_by"  # item → department
    BASED_ON = "based_on"  # item → article
    PART_OF = "part_of"  # article → law
    SERVES = "serves"  # item → group
    APPLIES_TO = "applies_to"  # article → group
    GRANTS = "grants"  # article → benefit
    CITES = "cites"  # article → law
    SUPERSEDES = "supersedes"  # law → law


RELATION_LABELS = labels_of(Relation)


@dataclass(frozen=True)
class NodeKey:
    kind: NodeKind
    key: str


@dataclass(frozen=True)
class EdgeSpec:
    source: NodeKey
    relation: Relation
    target: NodeKey
    confidence: float = 1.0
    evidence: str = ""  # the article (law + number) an extracted edge was read from
    attrs: Mapping[str, Any] = field(default_factory=dict)
    origin: str = ""  # catalogue | policies, once stored


@dataclass
class GraphData:
    """Nodes (with display labels and attributes) and edges, before they are stored."""

    nodes: dict[NodeKey, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    edges: list[EdgeSpec] = field(default_factory=list)

    def node(self, kind: NodeKind, key: str, label: str | None = None, **attrs: Any) -> NodeKey:
        node_key = NodeKey(kind, key)
        if node_key not in self.nodes:
            self.nodes[node_key] = (label or key, dict(attrs))
        else:
            self.nodes[node_key][1].update(attrs)
        return node_key

    def edge(self, source: NodeKey, relation: Relation, target: NodeKey, **kwargs: Any) -> None:
        self.edges.append(EdgeSpec(source, relation, target, **kwargs))


# Documents citizens ask about by name, and the words that mention them inside material names
# (居民身份证或户口簿 mentions both). A material that mentions none stays a node of its own.
DOCUMENTS: dict[str, tuple[str, ...]] = {
    "居民身份证": ("身份证", "身份证明"),
    "居民户口簿": ("户口簿",),
    "结婚证": ("结婚证",),
    "出生医学证明": ("出生医学证明",),
    "银行卡": ("银行卡", "存折"),
    "社会保障卡": ("社会保障卡", "社保卡"),
    "照片": ("照片",),
    "居住证": ("居住证",),
    "残疾人证": ("残疾人证",),
    "机动车驾驶证": ("驾驶证",),
    "护照": ("护照",),
    "不动产权证书": ("不动产权", "权属证书"),
    "劳动合同": ("劳动合同",),
    "授权委托书": ("委托书",),
    "医疗票据": ("收费票据", "发票"),
    "病历资料": ("病历",),
}


def documents_in(material: str) -> list[str]:
    """The known documents a material's name mentions (empty when it mentions none)."""
    return [doc for doc, words in DOCUMENTS.items() if any(w in material for w in words)]


def article_key(law: str, article: str) -> str:
    return f"{law}#{article}"


def catalogue_graph(items: Iterable[Mapping[str, Any]], book: RuleBook) -> GraphData:
    """Exact edges from whole catalogue items (``catalog.current_contents``) and the rule book."""
    graph = GraphData()
    for item in items:
        code = str(item["code"])
        node = graph.node(
            NodeKind.ITEM,
            code,
            str(item["name"]),
            department=item["department"],
            keywords=list(item.get("keywords", [])),
        )
        department = graph.node(NodeKind.DEPARTMENT, str(item["department"]))
        graph.edge(node, Relation.HANDLED_BY, department)
        for material in item["materials"]:
            name = str(material["name"])
            attrs = {"material": name, "form": material["form"], "count": material["count"]}
            for document in documents_in(name) or [name]:
                graph.edge(node, Relation.REQUIRES, graph.node(NodeKind.MATERIAL, document), attrs=attrs)
        for basis in item["legal_basis"]:
            law = graph.node(NodeKind.LAW, str(basis["law"]))
            article = graph.node(
                NodeKind.ARTICLE, article_key(basis["law"], basis["article"]), f"{basis['law']} {basis['article']}"
            )
            graph.edge(node, Relation.BASED_ON, article)
            graph.edge(article, Relation.PART_OF, law)
        rules = book.items.get(code)
        if rules is None:
            continue
        for group in rules.groups:
            graph.edge(node, Relation.SERVES, graph.node(NodeKind.GROUP, group))
        for rule in rules.rules:
            law = graph.node(NodeKind.LAW, rule.basis.law)
            key = article_key(rule.basis.law, rule.basis.article)
            article = graph.node(NodeKind.ARTICLE, key, f"{rule.basis.law} {rule.basis.article}")
            graph.edge(article, Relation.PART_OF, law)
            for group in rules.groups:
                graph.edge(article, Relation.APPLIES_TO, graph.node(NodeKind.GROUP, group), evidence=key)
    graph.edges = _dedupe(graph.edges)
    return graph


def _dedupe(edges: list[EdgeSpec]) -> list[EdgeSpec]:
    seen: set[tuple[NodeKey, Relation, NodeKey]] = set()
    out = []
    for edge in edges:
        key = (edge.source, edge.relation, edge.target)
        if key not in seen:
            seen.add(key)
            out.append(edge)
    return out
