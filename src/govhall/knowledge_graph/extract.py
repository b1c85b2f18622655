"""Edges read from policy texts: which groups an article applies to, which benefits it grants,
which laws it cites, and which policy supersedes which.

Pattern and dictionary extraction over the article structure of the policy library: every edge
keeps its source article as evidence and a confidence that says how strong the cue was, so the
graph never passes a guess off as a fact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.knowledge_graph.graph import GraphData, NodeKind, Relation, article_key
from govhall.policies.models import PolicyArticle, PolicyDocument

# Population groups and the words that name them in legal text.
GROUPS: dict[str, tuple[str, ...]] = {
    "失业人员": ("失业人员", "失业者"),
    "残疾人": ("残疾人",),
    "老年人": ("老年人", "六十周岁以上"),
    "低收入家庭": ("最低生活保障家庭", "低收入家庭", "低收入人口"),
    "特困人员": ("特困人员", "特困供养人员"),
    "新生儿父母": ("新生儿", "婴儿"),
    "女职工": ("女职工", "孕期", "哺乳期"),
    "未成年人": ("未成年人", "儿童"),
    "适龄儿童家庭": ("适龄儿童",),
    "退役军人": ("退役军人",),
    "农民工": ("农民工", "进城务工"),
    "学生": ("学生",),
    "外来人员": ("流动人口", "居住证持有人"),
    "遭遇突发困难的家庭": ("突发", "意外事件"),
    "住房困难家庭": ("住房困难",),
}
# Benefits and the words that name them.
BENEFITS: dict[str, tuple[str, ...]] = {
    "失业保险金": ("失业保险金",),
    "最低生活保障金": ("最低生活保障金", "低保金"),
    "高龄津贴": ("高龄津贴",),
    "生育津贴": ("生育津贴",),
    "生育医疗费用": ("生育医疗费用",),
    "基本养老金": ("基本养老金", "养老金"),
    "丧葬补助金": ("丧葬补助金",),
    "抚恤金": ("抚恤金",),
    "医疗补助": ("医疗救助", "医疗补助"),
    "住房救助": ("住房救助", "住房租赁补贴", "公共租赁住房"),
    "临时救助": ("临时救助",),
    "职业培训补贴": ("职业培训补贴",),
    "工伤保险待遇": ("工伤保险待遇",),
    "法律援助": ("法律援助",),
}
_GRANT_CUE = re.compile(r"享受|领取|给予|发放|支付|提供|按月|补助|救助")
_CITATION = re.compile(r"《(?:中华人民共和国)?([^《》]{2,40})》")


def _short(title: str) -> str:
    return title.removeprefix("中华人民共和国")


def policy_graph(db: Session, batch: int = 2000) -> tuple[GraphData, str]:
    """Edges from every in-force article, and a hash of what they were read from (for incremental
    rebuilds). Streams the articles, so memory stays flat on the whole laws corpus."""
    graph = GraphData()
    digest = hashlib.sha256()
    titles = {_short(t): t for t in db.scalars(select(PolicyDocument.title))}
    documents = {d.id: d for d in db.scalars(select(PolicyDocument))}
    for doc in documents.values():
        digest.update(f"{doc.id}:{doc.content_hash}:{doc.status}:{doc.superseded_by}".encode())
        if doc.status != "in_force" and doc.superseded_by:
            newer = titles.get(_short(doc.superseded_by.split("（")[0]))
            if newer and newer != doc.title:
                graph.edge(
                    graph.node(NodeKind.LAW, newer),
                    Relation.SUPERSEDES,
                    graph.node(NodeKind.LAW, doc.title),
                    evidence=doc.title,
                )
    query = (
        select(PolicyArticle.document_id, PolicyArticle.number, PolicyArticle.text)
        .join(PolicyDocument)
        .where(PolicyDocument.status == "in_force")
        .order_by(PolicyArticle.id)
        .execution_options(yield_per=batch)
    )
    for document_id, number, text in db.execute(query):
        doc = documents[document_id]
        _article_edges(graph, doc.title, number, text, titles)
    return graph, digest.hexdigest()


def _mentions(text: str, vocabulary: dict[str, tuple[str, ...]]) -> Iterable[str]:
    return (name for name, words in vocabulary.items() if any(w in text for w in words))


def _article_edges(graph: GraphData, title: str, number: str, text: str, titles: dict[str, str]) -> None:
    groups = list(_mentions(text, GROUPS))
    benefits = list(_mentions(text, BENEFITS))
    cited = {titles[c] for c in _CITATION.findall(text) if c in titles and titles[c] != title}
    if not (groups or benefits or cited):
        return
    key = article_key(title, number)
    article = graph.node(NodeKind.ARTICLE, key, f"{title} {number}")
    graph.edge(article, Relation.PART_OF, graph.node(NodeKind.LAW, title))
    granting = bool(_GRANT_CUE.search(text))
    for group in groups:
        # A group named together with a granting verb is a strong cue; a bare mention is weak.
        confidence = 0.8 if granting else 0.5
        graph.edge(article, Relation.APPLIES_TO, graph.node(NodeKind.GROUP, group), confidence=confidence, evidence=key)
    for benefit in benefits:
        confidence = 0.8 if granting else 0.5
        graph.edge(article, Relation.GRANTS, graph.node(NodeKind.BENEFIT, benefit), confidence=confidence, evidence=key)
    for law in cited:
        graph.edge(article, Relation.CITES, graph.node(NodeKind.LAW, law), confidence=0.95, evidence=key)
