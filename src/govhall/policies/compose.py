"""The answer sentence: which clause (款/项/sentence) of the retrieved articles answers the question,
and the plain sentence that leads the answer — a figure computed from the citizen's own numbers
(contribution years → benefit months, age → an age limit) where the text allows, else the clause.

Clause choice weighs how much of the question a clause shares, whether it is the kind of clause the
question type asks for (a duration for 多久, an amount for 多少钱 …) and the rank of its article; see
:func:`select_clause`. Everything here is pure (no database), so the composer stays fast and testable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from govhall.policies._bm25 import token_keys
from govhall.policies._structure import ITEM, item_lead, items_after, short_title
from govhall.policies.qtypes import asked_figure, detect_qtype, locally_set
from govhall.policies.rerank import (
    CANDIDATE_ARTICLES,
    FEATURES,
    asked_shape,
    clause_features,
    load_model,
    question_keys,
)
from govhall.policies.rules import (
    double_wages,
    in_money,
    multiple_of_amount,
    per_extra_child,
    per_grade,
    per_year_of_service,
    share_of_wage,
)
from govhall.policies.search import SearchHit, expand_query
from govhall.text import normalize
from govhall.text.durations import durations, paid_months

__all__ = [
    "AGE_LIMIT",
    "Clause",
    "Figure",
    "candidate_clauses",
    "citizen_figures",
    "clauses_of",
    "compute_figure",
    "condition_agreement",
    "delegates",
    "hand_scores",
    "item_with_consequence",
    "local_clause",
    "mentions_age",
    "plain",
    "readable",
    "select_clause",
]

_SENTENCE = re.compile(r"(?<=[。；;])")
_SELF_REFERENCE = re.compile(r"本(法|条例|规定|办法|细则)")
# Weights of the clause score: shared question keys (share of the question's keys), the question
# type's cue, and a penalty per rank of the article among the hits. Set by hand on the dev set
# (tests/data/policies/qa.jsonl + qa_dev.jsonl), then checked by the learned rerank (rerank.py).
W_CUE = 0.35
W_RANK = 0.12
W_LENGTH = 0.0015
# The clause's condition matches a question about someone not acting; its floor/ceiling matches a
# question asking for the least/most (rerank.asked_shape).
W_CONDITION = 0.4
W_BOUND = 0.4
# A clause written for a group the question does not name (华侨, 外国人, 国家工作人员: rerank._GROUPS)
# answers someone else's case.
W_OTHER_GROUP = 0.4
# A lead-in with its list ("应当出具下列证件和证明材料：（一）…") for a 要什么 question.
W_LIST = 0.2
# A clause stating a number of the kind asked ("要等多少天" → "60日内", "车速最多多少" → "每小时30公里")
# over a neighbour that counts in another unit (round 7).
W_FIGURE_ASKED = 0.2
# A clause whose own condition on a length of time or an age the citizen's figure fails is not the answer
# ("怀孕三个月流产": not "怀孕满4个月流产的，享受42天产假" but the sentence beside it; "干了8年": not "不满6个月
# 的，…半个月工资"). Round 11: the sentence beside the one that answers is the commonest wrong lead. Only a
# failed condition counts: a met one may be another person's or thing's ("孩子才八个月大" meets "怀孕满4个月").
W_FAILS = 0.3


@dataclass(frozen=True)
class Clause:
    """One sentence of a retrieved article, with what to quote around it."""

    hit: int  # position of its article among the hits
    paragraph: int
    sentence: str  # the sentence as written
    quote: str  # what the answer quotes: the 款 (with its lead-in when it is a 项), or the sentence
    score: float = 0.0
    cue: bool = False


@dataclass(frozen=True)
class Figure:
    """A figure computed from the citizen's own numbers, with how and on what basis."""

    sentence: str
    basis: tuple[str, str] | None  # (law short title, article) the rule comes from
    details: dict[str, Any]


def clauses_of(hit: SearchHit, position: int) -> list[Clause]:
    """Every sentence of the article, each with the text to quote around it."""
    paragraphs = hit.paragraphs or [hit.text]
    found: list[Clause] = []
    for number, paragraph in enumerate(paragraphs):
        quote = paragraph
        if ITEM.match(paragraph):
            lead = item_lead(paragraphs, number)
            if lead is not None:
                lead_sentences = [s for s in _SENTENCE.split(paragraphs[lead]) if s.strip()]
                quote = (lead_sentences[-1] if lead_sentences else paragraphs[lead]) + paragraph
        if paragraph.rstrip().endswith(("：", ":")):
            items = items_after(paragraphs, number)
            if items:
                quote = paragraph + "".join(items)
        sentences = [s for s in _SENTENCE.split(paragraph) if s.strip()]
        for sentence in sentences or [paragraph]:
            limit = 600 if quote is not paragraph else 220  # a lead-in is quoted with its items
            found.append(Clause(position, number, sentence.strip(), quote if len(quote) <= limit else sentence.strip()))
    return found


def _keys(text: str, *, query: bool = False) -> set[int]:
    return set(np.unique(token_keys(normalize(text), query=query)).tolist())


# The last question's candidates: one answer asks for them two to four times (the refusal's evidence,
# the age clause, the answering clause, a local check) over the same hits; each time cost ~8 ms.
_last_candidates: tuple[str, str, tuple[SearchHit, ...], list[tuple[Clause, list[float]]]] | None = None


def candidate_clauses(question: str, qtype: str, hits: Sequence[SearchHit]) -> list[tuple[Clause, list[float]]]:
    """Every clause of the best CANDIDATE_ARTICLES hits with its rerank features (the same hit objects
    asked again for the same question and type get the list computed last time: callers only read it)."""
    global _last_candidates
    shown = tuple(hits[:CANDIDATE_ARTICLES])
    last = _last_candidates
    if (
        last is not None
        and last[0] == question
        and last[1] == qtype
        and len(last[2]) == len(shown)
        and all(a is b for a, b in zip(last[2], shown, strict=True))
    ):
        return last[3]
    found = _candidate_clauses(question, qtype, hits)
    _last_candidates = (question, qtype, shown, found)
    return found


def _candidate_clauses(question: str, qtype: str, hits: Sequence[SearchHit]) -> list[tuple[Clause, list[float]]]:
    query = question_keys(question)
    if not query or not hits:
        return []
    asked = asked_shape(question, qtype)
    found: list[tuple[Clause, list[float]]] = []
    for position, hit in enumerate(hits[:CANDIDATE_ARTICLES]):
        article_keys = _keys(hit.text)
        title_keys = _keys(short_title(hit.title))
        for clause in clauses_of(hit, position):
            features = clause_features(
                query, qtype, hits, position, clause.paragraph, clause.sentence, article_keys, title_keys, asked
            )
            found.append((clause, features))
    return found


def hand_scores(matrix: npt.NDArray[np.float64], *, prefer_figure: bool = True) -> npt.NDArray[np.float64]:
    """The hand-set clause score of each row of rerank features (order: ``rerank.FEATURES``): what
    ``select_clause`` uses when no learned model is shipped, and the baseline the rerank benchmark
    measures a learned model against."""
    shared, cue, rank, length, condition, bound, group, listed, figure = (
        FEATURES.index(n)
        for n in (
            "shared",
            "cue",
            "rank",
            "log_length",
            "condition",
            "bound",
            "other_group",
            "list_asked",
            "figure_asked",
        )
    )
    scores = matrix[:, shared] + W_CUE * matrix[:, cue] - W_RANK * matrix[:, rank]
    scores = scores + W_CONDITION * matrix[:, condition] + W_BOUND * matrix[:, bound]
    scores = scores - W_OTHER_GROUP * matrix[:, group] + W_LIST * matrix[:, listed]
    if prefer_figure:
        scores = scores + W_FIGURE_ASKED * matrix[:, figure]
    return np.asarray(scores - W_LENGTH * np.expm1(matrix[:, length]), dtype=np.float64)


def select_clause(
    question: str,
    qtype: str,
    hits: Sequence[SearchHit],
    *,
    require: re.Pattern[str] | None = None,
    prefer_figure: bool = True,
) -> Clause | None:
    """The clause that best answers ``question`` of type ``qtype``: the learned rerank's choice among
    the clauses of the best hits (``rerank.py``), or hand-set weights when no model is shipped; with
    ``require``, only among clauses that match it (None when none does). ``prefer_figure=False`` leaves
    out the preference for a clause stating the figure asked: the refusal model asks whether the clause
    the question's words lead to states it, which a clause chosen for its figure would answer in a
    circle (cross-validated refusal recall 0.763 with the preference, 0.780 without, round 7)."""
    candidates = candidate_clauses(question, qtype, hits)
    if require is not None:
        candidates = [(c, f) for c, f in candidates if require.search(normalize(c.sentence))]
    if not candidates:
        return None
    # the refusal's evidence (prefer_figure=False) keeps the hand weights its model was fitted on
    model = load_model() if prefer_figure else None
    matrix = np.asarray([f for _, f in candidates], dtype=np.float64)
    scores = model.score(matrix) if model is not None else hand_scores(matrix, prefer_figure=prefer_figure)
    if prefer_figure:
        # the refusal's evidence (prefer_figure=False) keeps the scores its model was fitted on
        figures = citizen_figures(question)
        if figures != (None, None):
            agreement = [condition_agreement(figures, c.sentence) for c, _ in candidates]
            scores = scores - W_FAILS * np.asarray(agreement, dtype=np.float64)
    best = int(np.argmax(scores))
    clause = candidates[best][0]
    return Clause(
        clause.hit, clause.paragraph, clause.sentence, clause.quote, float(scores[best]), bool(matrix[best, 2])
    )


# A condition a clause sets on a length of time or an age: "未满4个月", "满10年", "超过6年", "1年以上",
# "16周岁以下", "6年以内"; the head of the clause (before its "的，") holds the conditions, the rest the
# outcome ("试用期不得超过6个月" is an outcome, no condition).
_CONDITION = re.compile(
    r"(未满|不满|不足|不超过|超过|已满|年满|满)?(\d+(?:\.\d+)?)(周岁|岁|个月|年)(以上|以下|以内|之内)?(?!\d)"
)
_CONDITION_END = re.compile(r"的[，,]")
_STATED_CONDITION = re.compile(r"(满|足|过|到)$")
# "一年能休几天", "一个月能领多少": a period the question counts per, no length of the citizen's
_PER_PERIOD = re.compile(r"(?<![了满交缴干做上作])(?:1年|1个月)(?=能|可以|要|得|给|发|休|领|交|有|拿)")


def citizen_figures(question: str) -> tuple[float | None, int | None]:
    """The citizen's own length of time in months (one said, or all the same) and age in years, or None
    for each: what a clause's condition is checked against."""
    text = normalize(question)
    # a length the citizen states as a condition ("交不满15年怎么办", "超过6个月") is no figure of theirs
    said = {
        d.months
        for d in durations(text)
        if not _STATED_CONDITION.search(text[max(d.start - 2, 0) : d.start])
        and not _PER_PERIOD.match(text, d.start)
        and text[max(d.start - 1, 0) : d.start] != "每"
    }
    age = _AGE.search(text)
    return (said.pop() if len(said) == 1 else None, int(age.group(1)) if age is not None else None)


def _meets(value: float, bound: float, prefix: str, suffix: str) -> bool:
    if prefix in ("未满", "不满", "不足"):
        return value < bound
    if prefix == "超过":
        return value > bound
    if prefix == "不超过" or suffix in ("以下", "以内", "之内"):
        return value <= bound
    return value >= bound  # 满, 已满, 年满, 以上


def condition_agreement(figures: tuple[float | None, int | None], sentence: str) -> int:
    """1 when the clause sets a condition on a length of time or an age that the citizen's figure fails,
    else 0. Only the head of the clause counts (up to its last "的，")."""
    months, age = figures
    text = normalize(sentence)
    ends = list(_CONDITION_END.finditer(text))
    if not ends:
        return 0
    head = text[: ends[-1].start()]
    verdicts = []
    for match in _CONDITION.finditer(head):
        prefix, number, unit, suffix = match.group(1) or "", match.group(2), match.group(3), match.group(4) or ""
        if not prefix and not suffix:
            continue
        if unit in ("周岁", "岁"):
            if age is None:
                continue
            verdicts.append(_meets(age, float(number), prefix, suffix))
        elif months is not None:
            verdicts.append(_meets(months, _months(number, unit), prefix, suffix))
    return 0 if all(verdicts) else 1


# How many retrieved articles are searched for the clause that delegates a local standard: the delegating
# article ("失业保险金的标准…由省、自治区、直辖市人民政府确定") often ranks below the national figures
# next to it ("领取失业保险金的期限最长为…"), which match a "多少" question's words as well.
LOCAL_CANDIDATES = 20
# A clause that hands the standard to a named government ("由…人民政府…确定") beats one that only refers to
# "当地…标准", weighted by how much of the question its subject (the words before 由) shares.
_DELEGATES = re.compile(r"由[^，。；]{0,40}(人民政府|部门|委员会|机构)[^。；]{0,30}(确定|制定|规定|公布|批准)")
W_DELEGATES = 1.0


def delegates(clause: Clause) -> bool:
    """Whether the clause hands a standard to a named government or body ("由…人民政府…确定")."""
    return bool(_DELEGATES.search(normalize(clause.sentence)))


def local_clause(question: str, hits: Sequence[SearchHit]) -> Clause | None:
    """The clause among the hits that says who sets a local standard, best matching the question."""
    query = _keys(expand_query(question), query=True)
    size = max(len(query), 1)
    best: Clause | None = None
    for position, hit in enumerate(hits[:LOCAL_CANDIDATES]):
        for clause in clauses_of(hit, position):
            text = normalize(clause.sentence)
            if not locally_set(text):
                continue
            score = len(query & _keys(text)) / size - 0.02 * position
            delegation = _DELEGATES.search(text)
            if delegation is not None:
                # what is delegated ("最低生活保障标准，由…确定") must be what was asked, not a standard
                # that merely mentions it ("失业保险金的标准由…确定，不得低于…最低生活保障标准")
                score += W_DELEGATES * len(query & _keys(text[: delegation.start()])) / size
            if best is None or score > best.score:
                best = Clause(clause.hit, clause.paragraph, clause.sentence, clause.quote, score, True)
    return best


_TEN_THOUSANDS = re.compile(r"(?<![\d.])(\d+?)0000(?!\d)")


def readable(text: str) -> str:
    """Normalised text as a citizen reads it: normalisation turns 一次性 into 1次性 and 100万 into
    1000000; turn them back (the law writes 万)."""
    return _TEN_THOUSANDS.sub(r"\1万", text.replace("1次性", "一次性"))


def plain(sentence: str, title: str) -> str:
    """A clause as a stand-alone sentence: normalised numbers, the law named instead of 本法."""
    text = readable(normalize(sentence).translate(_FULL_WIDTH)).strip().rstrip("。；;，,：:")
    text = ITEM.sub("", text)
    text = _SELF_REFERENCE.sub(f"《{short_title(title)}》", text)
    return text + "。"


# A lead-in that states what follows for each item ("有下列情形之一的，可以依法申请行政复议…：", "劳动者有下列
# 情形之一的，用人单位可以解除劳动合同："): its consequence after "…之一的，".
_LEAD_IN_CONSEQUENCE = re.compile(r"下列[^，。；：:]{0,16}之一的?[，,](.+)[：:]\s*$")


def _consequence_of(paragraph: str) -> str:
    found = _LEAD_IN_CONSEQUENCE.search(paragraph.strip())
    return found.group(1).rstrip("，,") if found is not None else ""


def _with_case(item: str, consequence: str) -> str:
    item = ITEM.sub("", item.strip()).rstrip("。；;，,：:")
    return item + ("" if item.endswith("的") else "的") + "，" + consequence if item else ""


def item_with_consequence(hit: SearchHit, clause: Clause, question: str = "") -> str:
    """For a clause of a list whose lead-in states the consequence ("有下列情形之一的，可以依法申请行政复议…："),
    the case with that consequence, "" for any other clause (round 11: the item alone names the case, not
    what happens in it; a sentence of the lead-in alone says one of its consequences):
    - the clause is one item (项): that item as the condition, then the consequence ("对工伤认定结论不服的，
      可以依法申请行政复议…");
    - the clause is a sentence inside the lead-in ("造成医疗保障基金损失的，责令退回"): the one item sharing
      most words with ``question`` with the whole consequence ("将本人的医疗保障凭证交由他人冒名使用的，由…
      责令改正；造成…损失的，责令退回；属于参保人员的，暂停其医疗费用联网结算3个月至12个月"), else the whole
      lead-in with its list; the lead-in's last sentence ("…：") keeps its list (the caller quotes it)."""
    paragraphs = hit.paragraphs or [hit.text]
    if clause.paragraph >= len(paragraphs):
        return ""
    own = paragraphs[clause.paragraph]
    if ITEM.match(own):
        lead = item_lead(paragraphs, clause.paragraph)
        consequence = _consequence_of(paragraphs[lead]) if lead is not None else ""
        return _with_case(own, consequence) if consequence else ""
    consequence = _consequence_of(own)
    if not consequence:
        return ""
    items = items_after(paragraphs, clause.paragraph)
    if not items:
        return ""
    if clause.sentence.rstrip().endswith(("：", ":")):
        return ""  # the lead-in's last sentence is quoted with its whole list ("在什么情况下…" asks for it)
    query = _keys(question, query=True) if question else set()
    shared = sorted(((len(query & _keys(item)), number) for number, item in enumerate(items)), reverse=True)
    if shared[0][0] > 0 and (len(shared) == 1 or shared[0][0] > shared[1][0]):
        return _with_case(items[shared[0][1]], consequence)
    return own.strip() + "".join(items)


_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})
# The citizen's or a relative's age ("我今年58岁", "儿子14岁", "闺女今年12岁"): the person the question is about.
_AGE = re.compile(
    r"(?:我|本人|今年|已经|现在|老人|我爸|我妈|父亲|母亲|儿子|女儿|闺女|孩子|小孩|娃|老伴|爷爷|奶奶|外婆|姥姥|外公|姥爷)"
    r"[^\d，,。？?]{0,4}(\d{1,3})\s*(?:周)?岁"
)
_UNDER_AGE = re.compile(r"(没满|未满|不满|不到|没到)$")
_AGE_LIMIT = re.compile(r"(年满|不满|未满|已满)?(\d{1,3})周岁(以上|以下|以前|之前)?")


def _years_text(months: float) -> str:
    return f"{int(months // 12)}年" if months % 12 == 0 else f"{months:g}个月"


AGE_LIMIT = _AGE_LIMIT


def mentions_age(question: str) -> bool:
    """Whether the citizen gives their (or a relative's) age ("我今年58岁")."""
    return _AGE.search(normalize(question)) is not None


_QUANTITY = r"(\d+(?:\.\d+)?)(年|个月)"
_RANGES = (  # (pattern, has lower bound, has upper bound) over one "；"-separated part of a clause
    (re.compile(rf"(?:满|累计缴费时间满|累计缴费满)?{_QUANTITY}以上(?:不满|不足){_QUANTITY}"), True, True),
    (re.compile(rf"满{_QUANTITY}不足{_QUANTITY}"), True, True),
    (re.compile(rf"{_QUANTITY}以上"), True, False),
    (re.compile(rf"(?:不满|不足){_QUANTITY}"), False, True),
)
_OUTCOME = re.compile(r"的[，,](.*?(\d+(?:\.\d+)?(?:个月|年|日|天)))")


def _months(value: str, unit: str) -> float:
    return float(value) * (12 if unit == "年" else 1)


def _brackets(clause: str) -> list[tuple[float, float, str, str]]:
    """The (from, below, range words, outcome) brackets of a clause that grades an outcome by a time
    ("累计缴费满5年不足10年的，…最长为18个月；…10年以上的，…最长为24个月"), in months."""
    found = []
    for part in re.split(r"[；;]", normalize(clause)):
        outcome = _OUTCOME.search(part)
        if outcome is None:
            continue
        head = part[: outcome.start() + 1]
        for pattern, lower, upper in _RANGES:
            match = pattern.search(head)
            if match is None:
                continue
            groups = match.groups()
            low = _months(groups[0], groups[1]) if lower else 0.0
            high = _months(groups[-2], groups[-1]) if upper else float("inf")
            found.append((low, high, match.group(0), outcome.group(1)))
            break
    return found


def _figure_from_brackets(question: str, clauses: Sequence[Clause], hits: Sequence[SearchHit]) -> Figure | None:
    """The outcome for the citizen's own time (contribution years, contract length) read off the first
    clause that grades an outcome by time in brackets (the article itself is the calculator)."""
    months = paid_months(question)
    if months is None:
        return None
    # the outcome must be of the kind asked: "入职3个月不签合同能要多少钱" asks for money, and the
    # contract-length brackets of the probation article ("试用期不得超过1个月") do not answer it
    asked = asked_figure(question, detect_qtype(question))
    seen: set[tuple[int, int]] = set()
    for clause in clauses:
        if (clause.hit, clause.paragraph) in seen:
            continue
        seen.add((clause.hit, clause.paragraph))
        paragraphs = hits[clause.hit].paragraphs or [hits[clause.hit].text]
        brackets = _brackets(paragraphs[clause.paragraph] if clause.paragraph < len(paragraphs) else clause.sentence)
        if len(brackets) < 2 or (asked is not None and not any(asked.search(b[3]) for b in brackets)):
            continue
        for low, high, words, outcome in brackets:
            if low <= months < high:
                hit = hits[clause.hit]
                outcome_text = outcome.translate(_FULL_WIDTH)
                sentence = f"按您说的{_years_text(months)}计算，属于“{words}”的情形：{outcome_text}。"
                value = re.findall(r"\d+(?:\.\d+)?", outcome)[-1]
                details = {
                    "input_months": months,
                    "bracket": words,
                    "outcome": outcome_text,
                    "value": float(value) if "." in value else int(value),
                    "basis": {"law": short_title(hit.title), "article": hit.article},
                }
                return Figure(sentence, (short_title(hit.title), hit.article), details)
        below = min(low for low, _, _, _ in brackets)
        if months < below:
            hit = hits[clause.hit]
            sentence = f"按您说的{_years_text(months)}计算，不到条文规定的最低{_years_text(below)}。"
            details = {
                "input_months": months,
                "value": 0,
                "basis": {"law": short_title(hit.title), "article": hit.article},
            }
            return Figure(sentence, (short_title(hit.title), hit.article), details)
    return None


def _with_money(question: str, figure: Figure) -> Figure:
    """A figure in months of wages also said in money when the citizen states a monthly wage ("月薪5000，
    干了3年被辞退" → 3个月工资, 约15000元)."""
    money = in_money(question, figure.sentence)
    if money is None:
        return figure
    sentence, details = money
    return Figure(figure.sentence + sentence, figure.basis, {**figure.details, **details})


def _figure_from_rules(question: str, positions: Sequence[int], hits: Sequence[SearchHit]) -> Figure | None:
    """A figure from an article's rule over a count (years of service, babies), in the order the
    chosen clause's article and then the best hits come."""
    for position in dict.fromkeys(positions):
        hit = hits[position]
        article = normalize(hit.text)
        applied = (
            per_year_of_service(question, article)
            or per_extra_child(question, article)
            or per_grade(question, article)
            or double_wages(question, article)
        )
        if applied is not None:
            basis = (short_title(hit.title), hit.article)
            details = {**applied.details, "basis": {"law": basis[0], "article": basis[1]}}
            return Figure(applied.sentence, basis, details)
    return None


def compute_figure(question: str, clause: Clause | None, hits: Sequence[SearchHit]) -> Figure | None:
    """A figure that follows from the citizen's own numbers: an outcome graded by time in the cited
    text (contribution years → benefit months, contract length → probation), a rule over a count
    (years of service → months of wages, twins → days of leave; ``rules.py``), or an age compared
    with the age limit of the chosen clause."""
    text = normalize(question)
    candidates = [clause] if clause is not None else []
    for position, hit in enumerate(hits[:3]):
        candidates.extend(c for c in clauses_of(hit, position) if c not in candidates)
    graded = _figure_from_brackets(text, candidates, hits)
    if graded is not None:
        return _with_money(text, graded)
    ruled = _figure_from_rules(text, [c.hit for c in candidates], hits)
    if ruled is not None:
        return ruled if "grade" in ruled.details else _with_money(text, ruled)
    if clause is not None and clause.hit < len(hits):
        # "合同上月工资5000，试用期最低给多少": the chosen clause's share of the wage, in money
        shared = share_of_wage(text, normalize(clause.sentence))
        if shared is not None:
            hit = hits[clause.hit]
            law, article = short_title(hit.title), hit.article
            details = {**shared.details, "basis": {"law": law, "article": article}}
            return Figure(shared.sentence, (law, article), details)
    for candidate in candidates:
        # "骗了医保2万元，罚多少": a multiple or share of an amount ("骗取金额2倍以上5倍以下") in money at the
        # sum the citizen states, from the chosen clause first, then the best articles' (round 11)
        multiple = multiple_of_amount(text, normalize(candidate.sentence))
        if multiple is not None and candidate.hit < len(hits):
            hit = hits[candidate.hit]
            law, article = short_title(hit.title), hit.article
            return Figure(
                multiple.sentence, (law, article), {**multiple.details, "basis": {"law": law, "article": article}}
            )
    age_match = _AGE.search(text)
    if age_match is not None and clause is not None:
        age = int(age_match.group(1))
        # "孩子还没满一岁": the child is under the age said, not of it (round 11: the verdict was reversed)
        under = bool(_UNDER_AGE.search(text, max(age_match.start(1) - 3, 0), age_match.start(1)))
        limit = _AGE_LIMIT.search(normalize(clause.sentence))
        if limit is not None:
            bound = int(limit.group(2))
            prefix, suffix = limit.group(1) or "", limit.group(3) or ""
            title = short_title(hits[clause.hit].title) if clause.hit < len(hits) else ""
            basis = (title, hits[clause.hit].article) if title else None
            value = age - 0.5 if under else age
            if prefix in ("不满", "未满") or suffix in ("以下", "以前", "之前"):
                meets = value < bound
                rule = f"不满{bound}周岁" if prefix or suffix != "以下" else f"{bound}周岁以下"
            else:
                meets = value >= bound
                rule = f"{bound}周岁以上"
            verdict = "符合" if meets else "不符合"
            said = f"不满{age}岁" if under else f"{age}岁"
            sentence = f"按您说的{said}，{verdict}条文中“{rule}”这一年龄条件。"
            if title:
                # the verdict alone does not say what follows from the age ("闺女12岁，护照能用几年" was told
                # only that she is under 16; "孩子13岁，App要不要家长同意" that he is under 14): the clause
                # that sets the limit follows it (round 11)
                sentence += plain(clause.sentence, hits[clause.hit].title)
            return Figure(sentence, basis, {"age": age, "limit": bound, "rule": rule, "meets": meets})
    return None
