"""Edges read from policy texts: which groups an article applies to, which benefits it grants,
which laws it cites, and which policy supersedes which.

Pattern and dictionary extraction over the article structure of the policy library: every edge
keeps its source article as evidence and a confidence that says how strong the cue was, so the
graph never passes a guess off as a fact.

An article is read clause by clause (split on 。； and line breaks): a group or benefit counts as
cued only when a granting verb stands in the same clause. Before matching, the phrases listed below
are blanked out, so that a word inside a compound noun, a statistic, a time qualifier, a fraud or a
punishment names nothing. The dictionaries and phrase lists are data: extend them here. The hand
audit behind these rules, and its measured precision, is docs/graph-edge-audit.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.knowledge_graph.graph import GraphData, NodeKind, Relation, article_key
from govhall.policies.models import PolicyArticle, PolicyDocument

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

# Population groups (人群) and the words that name them in legal text.
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
    "遭遇突发困难的家庭": ("突发重大疾病", "意外事件"),
    "住房困难家庭": ("住房困难",),
}

# Compound nouns in which a group's word names no party: a vehicle class, a document, a unit of
# account. They are blanked before the group's words are looked for.
GROUP_EXCLUSIONS: dict[str, tuple[str, ...]] = {
    "残疾人": ("残疾人机动轮椅车", "残疾人机动车专用标志"),
    "学生": ("留学生", "学生证", "学生人均", "在校学生人数"),
}

# Compound nouns that name no party when they stand in a list of their peers (one licence class
# among the other vehicle classes: 小型自动挡汽车、残疾人专用小型自动挡载客汽车、…). Outside a list
# the same noun speaks of its holders (持有残疾人专用小型自动挡载客汽车驾驶证的机动车驾驶人，应当…).
GROUP_EXCLUSIONS_IN_LISTS: dict[str, tuple[str, ...]] = {
    "残疾人": ("残疾人专用小型自动挡载客汽车", "残疾人专用小型自动挡汽车"),
}

# Words that must stand in the same clause as the group's word for the group to count: a sudden
# illness or an accident makes a family a group only when the clause speaks of its hardship.
GROUP_CONTEXT: dict[str, tuple[str, ...]] = {
    "遭遇突发困难的家庭": ("家庭", "困难"),
}

# Benefits (待遇) and the words that name them. Where one word contains another
# (一次性工伤医疗补助金 ⊃ 医疗补助金) the longest match wins, so each scheme keeps its own node.
BENEFITS: dict[str, tuple[str, ...]] = {
    "失业保险金": ("失业保险金",),
    "最低生活保障金": ("最低生活保障金", "低保金"),
    "高龄津贴": ("高龄津贴",),
    "生育津贴": ("生育津贴",),
    "生育医疗费用": ("生育医疗费用",),
    "基本养老金": ("基本养老金", "养老金"),
    "丧葬补助金": ("丧葬补助金",),
    "抚恤金": ("抚恤金",),
    "医疗救助": ("医疗救助",),  # social assistance (社会救助暂行办法)
    "医疗补助金": ("医疗补助金",),  # while on unemployment benefit (失业保险条例)
    "一次性工伤医疗补助金": ("一次性工伤医疗补助金", "一次性医疗补助金"),  # on leaving work after a work injury
    "住房救助": ("住房救助", "住房租赁补贴", "公共租赁住房"),
    "临时救助": ("临时救助",),
    "职业培训补贴": ("职业培训补贴",),
    "工伤保险待遇": ("工伤保险待遇",),
    "法律援助": ("法律援助",),
}

# Compound nouns in which a benefit's word names a fund, not a benefit anyone receives.
BENEFIT_EXCLUSIONS: dict[str, tuple[str, ...]] = {
    "医疗救助": ("医疗救助基金",),
}

# ---------------------------------------------------------------------------------------------
# Cues and the phrases that only look like them
# ---------------------------------------------------------------------------------------------

# Verbs that make a clause grant something to someone; searched after the vocabulary words are
# blanked, so 救助 inside 临时救助 does not confirm its own benefit.
GRANT_CUES: tuple[str, ...] = (
    "享受",
    "享有",
    "领取",
    "申领",
    "给予",
    "发放",
    "发给",
    "支付",
    "提供",
    "按月",
    "补助",
    "救助",
    "有权",
    "可以申请",
)

# Phrases that contain a cue but grant nothing: punishments and the supply of information.
NOT_CUES: tuple[str, ...] = (
    r"给予[^，。；]{0,12}?(?:处分|处罚|罚款|批评|警告)",
    r"提供[^，。；]{0,6}?信息支持",
)

# Phrases in which a benefit is named but not granted. ``<B>`` stands for any benefit word.
NOT_GRANTING: tuple[str, ...] = (
    r"(?:领取|享受)?<B>期间",  # a time qualifier: 失业人员在领取失业保险金期间死亡的
    r"骗取[^，。；]*",  # fraud: 骗取工伤保险待遇的
    r"开具[^，。；]*?单证",  # paperwork: 开具领取失业保险金的单证
    r"不包括[^。；]*",  # an exclusion from income: 不包括…抚恤金
    r"[^。；]*参照本(?:法|条例|办法|规定)执行[^。；]*",  # a scope clause: …参照本条例执行
)

# Phrases in which a group is counted or described, not addressed. ``<W>`` stands for the group's
# word: a statistic or planning factor (根据本行政区域失业人员数量), someone's dependant
# (有需要扶养的老人或者未成年人的 [职工]).
NOT_A_PARTY: tuple[str, ...] = (
    r"(?:根据|按照|依据)[^，。；]{0,12}?<W>(?:、[^，。；、]{1,3})?[^，。；]{0,6}?(?:数量|人数|总数|比例|分布|状况)",
    r"(?:扶养|抚养|赡养)的[^，。；]{0,6}?<W>",
)

# Chapters whose articles punish (法律责任, 罚则): a benefit they name is seldom granted there, so
# such an edge keeps only the lowest confidence.
PENALTY_CHAPTERS: tuple[str, ...] = ("法律责任", "罚则")

# Article leads that list an agency's duties (核定工伤保险待遇 …): they confer no entitlement.
DUTY_LISTS: tuple[str, ...] = ("履行下列职责",)

# Confidence of an edge, by the strongest evidence found in any one clause. Calibrated against the
# hand-judged samples in docs/graph-edge-audit.md ("After the fixes"): about the share of such
# edges judged correct, rounded down towards the strict count.
CONFIDENCE: dict[str, float] = {
    "applies_to cued": 0.9,  # the group and a granting verb in one clause
    "applies_to bare": 0.8,  # the group named, no granting verb beside it
    "grants cued": 0.85,
    "grants bare": 0.75,
    "grants in penalty chapter": 0.3,  # mostly failures of duty (不按规定核定…待遇的); 残疾人保障法 第六十条 is a grant
    "cites": 0.95,
}

# ---------------------------------------------------------------------------------------------

_CLAUSE = re.compile(r"[。；;\n]")
_CITATION = re.compile(r"《(?:中华人民共和国)?([^《》]{2,40})》")
_BLANK = "□"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: _BLANK * len(m.group()), text)


_ALL_BENEFIT_WORDS = _alternation(w for words in BENEFITS.values() for w in words)
_ALL_WORDS = re.compile(_alternation([w for words in (*GROUPS.values(), *BENEFITS.values()) for w in words]))
_BENEFIT_WORD = re.compile(_ALL_BENEFIT_WORDS)
_BENEFIT_NAME = {w: name for name, words in BENEFITS.items() for w in words}
_NOT_GRANTING = re.compile("|".join(p.replace("<B>", f"(?:{_ALL_BENEFIT_WORDS})") for p in NOT_GRANTING))
_NOT_CUE = re.compile("|".join(NOT_CUES))
_CUE = re.compile(_alternation(GRANT_CUES))


def _group_patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Per group: its words, and the phrases (exclusions, statistics, dependants) blanked first."""
    patterns: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}
    for name, words in GROUPS.items():
        word = _alternation(words)
        blanked = [re.escape(e) for e in GROUP_EXCLUSIONS.get(name, ())]
        listed = _alternation(GROUP_EXCLUSIONS_IN_LISTS.get(name, ()))
        if listed:
            blanked.append(f"(?<=[、和])(?:{listed})|(?:{listed})(?=[、和])")
        blanked += [p.replace("<W>", f"(?:{word})") for p in NOT_A_PARTY]
        patterns[name] = (re.compile(word), re.compile("|".join(blanked)) if blanked else None)
    return patterns


_GROUP_PATTERNS = _group_patterns()
_BENEFIT_EXCLUDED = {name: re.compile(_alternation(words)) for name, words in BENEFIT_EXCLUSIONS.items()}


# Part of the source hash, so a change to the rules above rebuilds a graph whose texts did not change.
_RULES = (GROUPS, GROUP_EXCLUSIONS, GROUP_EXCLUSIONS_IN_LISTS, GROUP_CONTEXT, BENEFITS, BENEFIT_EXCLUSIONS)
_RULES_DIGEST = hashlib.sha256(
    repr((*_RULES, GRANT_CUES, NOT_CUES, NOT_GRANTING, NOT_A_PARTY, PENALTY_CHAPTERS, DUTY_LISTS, CONFIDENCE)).encode()
).hexdigest()


def _short(title: str) -> str:
    return title.removeprefix("中华人民共和国")


def policy_source_hash(db: Session) -> str:
    """A hash of what the policy graph is read from (documents' contents and statuses, and the
    extraction rules): cheap, so an unchanged library skips extraction entirely."""
    digest = hashlib.sha256(_RULES_DIGEST.encode())
    rows = db.execute(
        select(
            PolicyDocument.id, PolicyDocument.content_hash, PolicyDocument.status, PolicyDocument.superseded_by
        ).order_by(PolicyDocument.id)
    )
    for doc_id, content_hash, status, superseded_by in rows:
        digest.update(f"{doc_id}:{content_hash}:{status}:{superseded_by}".encode())
    return digest.hexdigest()


def policy_graph(db: Session, batch: int = 2000) -> GraphData:
    """Edges from every in-force article. Streams the articles, so memory stays flat on the whole
    laws corpus."""
    graph = GraphData()
    titles = {_short(t): t for t in db.scalars(select(PolicyDocument.title))}
    documents = {d.id: d for d in db.scalars(select(PolicyDocument))}
    for doc in documents.values():
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
        select(PolicyArticle.document_id, PolicyArticle.number, PolicyArticle.path, PolicyArticle.text)
        .join(PolicyDocument)
        .where(PolicyDocument.status == "in_force")
        .order_by(PolicyArticle.id)
        .execution_options(yield_per=batch)
    )
    for document_id, number, path, text in db.execute(query):
        doc = documents[document_id]
        _article_edges(graph, doc.title, number, path, text, titles)
    return graph


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


def _cued(clause: str) -> bool:
    """Whether the clause grants something: a cue outside punishments, non-granting phrases and
    the vocabulary words themselves."""
    rest = _blank(_blank(_blank(clause, _NOT_CUE), _NOT_GRANTING), _ALL_WORDS)
    return bool(_CUE.search(rest))


def _groups_in(clause: str) -> Iterable[str]:
    for name, (words, blanked) in _GROUP_PATTERNS.items():
        if not words.search(clause):  # the common case, and cheaper than blanking first
            continue
        text = _blank(clause, blanked) if blanked else clause
        if words.search(text) and all(w in clause for w in GROUP_CONTEXT.get(name, ())):
            yield name


def _benefits_in(clause: str) -> set[str]:
    """Benefits the clause names outside non-granting phrases; longest word first, so a scheme's
    full name is not also read as the shorter name it contains."""
    text = _blank(clause, _NOT_GRANTING)
    found = set()
    for match in _BENEFIT_WORD.finditer(text):  # the alternation is ordered longest first
        name = _BENEFIT_NAME[match.group()]
        excluded = _BENEFIT_EXCLUDED.get(name)
        if excluded is None or not any(e.start() <= match.start() < e.end() for e in excluded.finditer(clause)):
            found.add(name)
    return found


def _is_penalty(path: str) -> bool:
    chapters = path.split(" > ")[1:-1]
    return any(word in chapter for chapter in chapters for word in PENALTY_CHAPTERS)


def _article_edges(graph: GraphData, title: str, number: str, path: str, text: str, titles: Mapping[str, str]) -> None:
    penalty = _is_penalty(path)
    duty_list = any(lead in text for lead in DUTY_LISTS)
    groups: dict[str, bool] = {}  # name → named in a cued clause
    benefits: dict[str, bool] = {}
    for clause in _clauses(text):
        cued = _cued(clause)
        for group in _groups_in(clause):
            groups[group] = groups.get(group, False) or cued
        if not duty_list:
            for benefit in _benefits_in(clause):
                benefits[benefit] = benefits.get(benefit, False) or cued
    cited = {titles[c] for c in _CITATION.findall(text) if c in titles and titles[c] != title}
    if not (groups or benefits or cited):
        return
    key = article_key(title, number)
    article = graph.node(NodeKind.ARTICLE, key, f"{title} {number}")
    graph.edge(article, Relation.PART_OF, graph.node(NodeKind.LAW, title))
    for group, cued in groups.items():
        confidence = CONFIDENCE["applies_to cued" if cued else "applies_to bare"]
        graph.edge(article, Relation.APPLIES_TO, graph.node(NodeKind.GROUP, group), confidence=confidence, evidence=key)
    for benefit, cued in benefits.items():
        band = "grants in penalty chapter" if penalty else "grants cued" if cued else "grants bare"
        confidence = CONFIDENCE[band]
        graph.edge(article, Relation.GRANTS, graph.node(NodeKind.BENEFIT, benefit), confidence=confidence, evidence=key)
    for law in cited:
        graph.edge(article, Relation.CITES, graph.node(NodeKind.LAW, law), confidence=CONFIDENCE["cites"], evidence=key)
