"""Questions across items, answered from the knowledge graph (知识图谱) instead of one item's guide.

Two kinds of consultation name no single item, so routing them to one would be wrong:

- material questions ("哪些事要带户口簿？", "办这些事都要带户口簿吗"): answered from the graph's
  item–requires→material edges, each item's guide cited;
- eligibility questions ("我65岁、独居、低收入，能申请什么？"): a partial profile (画像) is read
  from the message and the eligibility rules are run over it (``knowledge_graph.recommend``); the
  answer lists what the citizen qualifies for, nearly qualifies for, and what facts are missing,
  each with the articles the rules cite. Items that serve a group the citizen named are assessed
  even when the rules cannot yet tell whether they concern them, so "低收入" with no figure still
  gets 低保 with "还需了解：家庭人均月收入".

Only what the citizen actually said goes into the profile: a fact not mentioned stays unknown
and is asked for, never guessed. The words for documents, facts, employment and groups are data
(``data/profile_words.yaml``), checked when first read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, StrictBool, StrictStr, ValidationError, field_validator

from govhall.assistant._cues import word_cue
from govhall.knowledge_graph import FIELD_LABELS, Profile, Status, assess, default_rulebook, recommend
from govhall.knowledge_graph.graph import NodeKey, NodeKind, Relation, documents_in
from govhall.knowledge_graph.profile import EmploymentStatus
from govhall.knowledge_graph.queries import GraphIndex
from govhall.text import extract, normalize

__all__ = [
    "GraphSource",
    "ProfileReading",
    "asked_document",
    "eligibility_answer",
    "is_eligibility_question",
    "materials_answer",
    "profile_words",
    "read_profile",
]

GraphSource = Callable[[], GraphIndex]
"""Gives the graph only when a question needs it: most turns never load it."""

_TABLE = ConfigDict(extra="forbid", frozen=True)


class _Flag(BaseModel):
    """A yes/no fact of the profile that the words of ``pattern`` state."""

    model_config = _TABLE
    pattern: re.Pattern[str]
    field: StrictStr
    value: StrictBool
    said: StrictStr

    @field_validator("field")
    @classmethod
    def _a_profile_fact(cls, name: str) -> str:
        if Profile.model_fields.get(name) is None or Profile.model_fields[name].annotation != bool | None:
            raise ValueError(f"{name!r} is not a yes/no field of knowledge_graph.Profile")
        return name


class _Employment(BaseModel):
    model_config = _TABLE
    pattern: re.Pattern[str]
    status: EmploymentStatus
    """One of the statuses the eligibility rules compare with (checked by the type)."""
    said: StrictStr


class _Group(BaseModel):
    model_config = _TABLE
    pattern: re.Pattern[str]
    group: StrictStr


class ProfileWords(BaseModel):
    """The tables of ``data/profile_words.yaml`` (what each means is written there)."""

    model_config = _TABLE
    aliases: dict[StrictStr, StrictStr]
    flags: tuple[_Flag, ...]
    employment: tuple[_Employment, ...]
    groups: tuple[_Group, ...]


@functools.cache
def profile_words() -> ProfileWords:
    """The word tables, read and checked once (the file ships with the package); a wrong table
    fails here, naming the row, rather than leaving a fact silently unread."""
    text = resources.files("govhall.assistant").joinpath("data/profile_words.yaml").read_text(encoding="utf-8")
    return ProfileWords.model_validate(yaml.safe_load(text))


_ACROSS = re.compile(
    r"哪些|哪几|哪个事|哪样|什么事|啥事|这些事|那些事|(?<![年月天周次回])(?:都要|都需要|都得)|所有|每个(?![月星礼周])|几个事项"
    r"|哪些业务"
)
"""Words that ask across items; "每年都要…" and "每个月" say how often, not which items."""
_ELIGIBILITY = re.compile(
    r"(?:能|可以|可|该|能够)(?:申请|办理?|享受|领取?|领到)(?:些)?(?:什么|哪些|啥)"
    r"|(?:有|享受)(?:什么|哪些|啥)(?:补贴|补助|政策|待遇|福利|优惠|救助)"
    r"|符合(?:什么|哪些|啥)(?:条件|政策|补贴|事项)?"
)
"""Asks what the citizen qualifies for, always with 什么/哪些/啥: "失业金能申请吗" is about one item."""
_MAX_LISTED = 8


def _with_aliases(text: str) -> str:
    for colloquial, official in profile_words().aliases.items():
        text = text.replace(colloquial, official)
    return text


def asked_document(text: str, mentioned_items: list[str]) -> str | None:
    """The document a cross-item material question asks about ("户口簿" → 居民户口簿), or None.

    A question about one named item ("办居住证要带户口本吗") is the guide's to answer, so it is
    not taken here; two or more named items, or none with a word like 哪些/都要, are.
    """
    if len(mentioned_items) == 1 or not (_ACROSS.search(text) or len(mentioned_items) > 1):
        return None
    if not re.search(r"带|要|需|准备|提供|交|材料", text):
        return None
    found = documents_in(_with_aliases(text))
    return found[0] if found else None


def _required(item: Mapping[str, Any], material: str) -> bool:
    return any(str(m["name"]) == material and m.get("required", True) for m in item.get("materials", []))


def materials_answer(
    index: GraphIndex, document: str, items: Mapping[str, Mapping[str, Any]], only: list[str]
) -> tuple[str, list[dict[str, Any]]]:
    """(answer, citations): which items require ``document``, from item–requires→material edges.

    ``only`` restricts the answer to the items the citizen named (each then gets a yes or no);
    otherwise every active item that needs it is listed. Each listed item cites its guide.
    """
    needing: dict[str, list[str]] = {}
    for edge in index.into.get(NodeKey(NodeKind.MATERIAL, document), []):
        code = edge.source.key
        if edge.relation == Relation.REQUIRES and code in items:
            needing.setdefault(code, []).append(str(edge.attrs.get("material", document)))
    citations: list[dict[str, Any]] = []
    lines: list[str] = []

    def cite(code: str) -> str:
        item = items[code]
        citations.append(
            {
                "kind": "guide",
                "item_code": code,
                "title": f"{item['name']}办事指南",
                "section": "materials",
                "version": item.get("version", 1),
                "path": f"/items/{code}",
            }
        )
        return f"[{len(citations)}]"

    if only:
        for code in only:
            name = items[code]["name"]
            if code in needing:
                materials = "、".join(dict.fromkeys(needing[code]))
                need = "需要" if any(_required(items[code], m) for m in needing[code]) else "可选提供"
                lines.append(f"· {name}：{need}（{materials}）{cite(code)}")
            else:
                lines.append(f"· {name}：不需要{document}{cite(code)}")
        return f"关于{document}：\n" + "\n".join(lines), citations
    if not needing:
        return f"目前事项目录中没有哪个事项要求提供{document}。", citations
    codes = sorted(needing, key=lambda c: (not any(_required(items[c], m) for m in needing[c]), c))
    for code in codes[:_MAX_LISTED]:
        item = items[code]
        materials = "、".join(dict.fromkeys(needing[code]))
        optional = "" if any(_required(item, m) for m in needing[code]) else "（非必需）"
        lines.append(f"· {item['name']}（{item['department']}）：{materials}{optional}{cite(code)}")
    more = f"\n另有 {len(codes) - _MAX_LISTED} 个事项也需要，可在事项目录中查看。" if len(codes) > _MAX_LISTED else ""
    others = len([c for c in items if c not in needing])
    return (
        f"需要{document}的事项共 {len(codes)} 个：\n"
        + "\n".join(lines)
        + more
        + f"\n其余 {others} 个事项的材料清单中没有{document}。想办哪一项，告诉我事项名称即可。",
        citations,
    )


def is_eligibility_question(text: str) -> bool:
    """ "我能申请什么" and its variants: asks what the citizen qualifies for, not about one item."""
    return bool(_ELIGIBILITY.search(normalize(text)))


@dataclass
class ProfileReading:
    """What a message says about the citizen: profile fields, groups named, facts not usable."""

    values: dict[str, Any] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    """The facts understood, in Chinese, repeated to the citizen so a misreading shows."""
    ignored: list[str] = field(default_factory=list)

    def profile(self) -> Profile:
        """A valid profile: a contradictory field is dropped (and reported) rather than failing."""
        values = dict(self.values)
        while True:
            try:
                return Profile(**values)
            except ValidationError as exc:
                bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
                if not bad:  # a whole-profile contradiction: keep only the uncontested facts
                    bad = {"unemployment_involuntary", "disability_certified"} & set(values) or set(values)
                for name in bad:
                    values.pop(name, None)
                    self.ignored.append(FIELD_LABELS.get(name, name))


_AGE = re.compile(r"(\d{1,3})\s*(?:周岁|岁)|今年\s*(\d{1,3})(?!\s*年)|年满\s*(\d{1,3})")
_CHILD_AGE = re.compile(
    r"(?:孩子|小孩|儿子|女儿|宝宝)\D{0,3}?(\d{1,2})\s*岁|(\d{1,2})\s*岁的?(?:孩子|小孩|儿子|女儿|宝宝)"
)
_HOUSEHOLD = re.compile(r"(?:家里|家庭|全家|一家)\D{0,2}?(\d{1,2})\s*口|(\d{1,2})\s*口人")
_MONTHS_INSURED = re.compile(
    r"(?:失业保险|社保)\D{0,6}?(\d{1,3})\s*(年|个月)|(\d{1,3})\s*(年|个月)的?(?:失业保险|社保)"
)
_PENSION_YEARS = re.compile(r"养老保险\D{0,6}?(\d{1,2})\s*年")
_INCOME = word_cue("knowledge", "income")


def read_profile(text: str) -> ProfileReading:
    """The profile fields a message states (age, income, household, disability, employment …).

    Numbers are read after ``govhall.text.normalize`` (so "六十五岁" is 65) and amounts with
    ``govhall.text.extract``; an impossible value (age 300) is set aside and reported, not kept.
    """
    norm = normalize(text)
    reading = ProfileReading()
    values = reading.values

    def put(name: str, value: Any, said: str) -> None:
        if name not in values:
            values[name] = value
            reading.said.append(said)

    child = _CHILD_AGE.search(norm)
    if child:
        put("youngest_child_age", int(child.group(1) or child.group(2)), f"孩子 {child.group(1) or child.group(2)} 岁")
    rest = _CHILD_AGE.sub("", norm)
    age = _AGE.search(rest)
    if age:
        years = int(next(g for g in age.groups() if g))
        if 0 <= years <= 130:
            put("age", years, f"{years} 岁")
        else:
            reading.ignored.append(f"年龄 {years}")
    if re.search(r"独居|(?:一|1)个人(?:住|生活|过)|孤寡|孤身|无儿无女|单身独居", norm):
        put("household_size", 1, "独居")
    household = _HOUSEHOLD.search(norm)
    if household:
        size = int(household.group(1) or household.group(2))
        if 1 <= size <= 30:
            put("household_size", size, f"家庭 {size} 口人")
    words = profile_words()
    for flag in words.flags:
        if flag.pattern.search(norm):
            put(flag.field, flag.value, flag.said)
    employment = next((e for e in words.employment if e.pattern.search(norm)), None)
    if employment is not None:
        put("employment_status", employment.status, employment.said)
    if values.get("employment_status") == "失业":
        if re.search(r"辞退|裁员|被裁|开除|解除劳动合同|倒闭", norm):
            put("unemployment_involuntary", True, "非本人意愿失业")
        elif re.search(r"主动辞职|自己辞职|我辞职|辞职了", norm):
            put("unemployment_involuntary", False, "本人辞职")
        if re.search(r"已(?:经)?(?:做|办)了?失业登记|登记失业了", norm):
            put("unemployment_registered", True, "已做失业登记")
    insured = _MONTHS_INSURED.search(norm)
    if insured:
        count, unit = (insured.group(1), insured.group(2)) if insured.group(1) else (insured.group(3), insured.group(4))
        months = int(count) * (12 if unit == "年" else 1)
        if months <= 600:
            put("unemployment_insurance_months", months, f"失业保险缴费 {months} 个月")
    pension = _PENSION_YEARS.search(norm)
    if pension and int(pension.group(1)) <= 60:
        put("pension_contribution_years", float(pension.group(1)), f"养老保险缴费 {pension.group(1)} 年")
    _read_income(text, norm, reading)
    for row in words.groups:
        if row.pattern.search(norm) and row.group not in reading.groups:
            reading.groups.append(row.group)
    if isinstance(values.get("age"), int) and values["age"] >= 60 and "老年人" not in reading.groups:
        reading.groups.append("老年人")
    return reading


def _read_income(text: str, norm: str, reading: ProfileReading) -> None:
    """Monthly income per person from an amount next to 收入/工资: per person only when the message
    says 人均, or gives the household size (then divided), or the citizen lives alone."""
    if not _INCOME.search(norm):
        if re.search(r"没(?:有)?收入|无收入|零收入", norm) and reading.values.get("household_size") == 1:
            reading.values.setdefault("household_income_per_person", 0.0)
            reading.said.append("没有收入")
        return
    amounts = [e for e in extract(text) if e.type == "amount" and isinstance(e.value, int | float)]
    if not amounts:
        if re.search(r"没(?:有)?收入|无收入|零收入", norm) and reading.values.get("household_size") == 1:
            reading.values.setdefault("household_income_per_person", 0.0)
            reading.said.append("没有收入")
        return
    amount = float(amounts[0].value)
    if re.search(r"年收入|一年", norm):
        amount /= 12
    size = reading.values.get("household_size")
    if "人均" in norm:
        per_person = amount
    elif isinstance(size, int):
        per_person = amount / size
    else:
        reading.ignored.append("收入（请说明是家庭人均还是全家合计，以及家庭人口数）")
        return
    reading.values.setdefault("household_income_per_person", round(per_person, 2))
    reading.said.append(f"家庭人均月收入约 {per_person:.0f} 元")


def eligibility_answer(
    reading: ProfileReading, names: Mapping[str, str], index: GraphIndex | None
) -> tuple[str, list[dict[str, Any]]]:
    """(answer, citations): eligible, almost and to-be-checked items with their cited articles.

    ``recommend`` gives the items the facts already decide; items that serve a group the citizen
    named (item–serves→group in the graph) are added with what is still missing. Articles are
    numbered as citations in the order they first appear.
    """
    profile = reading.profile()
    grouped = recommend(profile, dict(names))
    listed = {row["code"] for rows in grouped.values() for row in rows}
    book = default_rulebook()
    serving = _items_serving(index, reading.groups) if index is not None else _rule_items_serving(reading.groups)
    not_for_now: list[dict[str, Any]] = []
    for code in serving:
        if code in listed or code not in names or code not in book.items:
            continue
        result = assess(code, profile, book)
        row = {"name": names[code], **result.to_dict()}
        if result.status in (Status.ELIGIBLE, Status.ALMOST, Status.INSUFFICIENT):
            grouped[result.status.value].append(row)
        else:
            not_for_now.append(row)
        listed.add(code)

    citations: list[dict[str, Any]] = []
    numbers: dict[tuple[str, str], int] = {}

    def cite(reasons: list[dict[str, Any]]) -> str:
        marks = []
        for reason in reasons:
            law, article = reason["basis"]["law"], reason["basis"]["article"]
            if (law, article) not in numbers:
                citations.append({"kind": "article", "title": law, "article": article, "text": reason["condition"]})
                numbers[(law, article)] = len(citations)
            mark = f"[{numbers[(law, article)]}]"
            if mark not in marks:
                marks.append(mark)
        return "".join(marks)

    def calculated(row: dict[str, Any]) -> str:
        calc = row.get("calculation")
        if not calc:
            return ""
        basis = {"basis": calc["basis"], "condition": calc["explanation"]}
        return f"（{calc['name']}：{calc['value']} {calc['unit']}，{calc['explanation']}{cite([basis])}）"

    understood = "、".join([*reading.said, *(g for g in reading.groups if g not in ("老年人",))]) or "暂未提供具体情况"
    parts = [f"根据您提供的情况（{understood}），初步为您匹配："]
    if grouped["eligible"]:
        parts.append("【可以申请】")
        parts += [f"· {r['name']}{cite(r['reasons'])}{calculated(r)}" for r in grouped["eligible"]]
    if grouped["almost"]:
        parts.append("【差一点符合】")
        for r in grouped["almost"]:
            unmet = [x for x in r["reasons"] if x["outcome"] == "unmet"]
            parts.append(f"· {r['name']}：尚不满足“{'；'.join(r['unmet'])}”{cite(unmet)}")
    if grouped["insufficient"]:
        parts.append("【可能符合，还需了解】")
        for r in grouped["insufficient"]:
            missing = "、".join(m["label"] for m in r["missing"])
            parts.append(f"· {r['name']}：还需了解{missing}{cite(r['reasons'])}{calculated(r)}")
    if not_for_now:
        parts.append("【暂不符合】")
        for r in not_for_now[:3]:
            unmet = [x for x in r["reasons"] if x["outcome"] == "unmet"]
            parts.append(f"· {r['name']}：需“{'；'.join(r['unmet'])}”{cite(unmet)}")
    if len(parts) == 1:
        return (
            "我还不能判断您可以申请什么。请告诉我更多情况，例如年龄、是否本地户籍、家庭人口和人均月收入、"
            "就业状况、是否有残疾等，例如“我65岁，本地户口，独居，每月收入800元”。",
            citations,
        )
    related = _group_articles(index, reading.groups, set(numbers)) if index is not None else []
    if related:
        parts.append("【相关政策条款】")
        for law, article, group in related:
            citations.append({"kind": "article", "title": law, "article": article, "text": f"适用于{group}"})
            parts.append(f"· 《{law}》{article}（适用于{group}）[{len(citations)}]")
    if reading.ignored:
        parts.append("以下信息未能采用：" + "；".join(reading.ignored) + "。")
    parts.append(
        "以上为按政策条件的初步判断，以受理部门审核为准。补充上面缺少的信息，我可以帮您判断得更准确；想办哪一项，告诉我事项名称即可。"
    )
    return "\n".join(parts), citations


def _group_articles(
    index: GraphIndex, groups: list[str], cited: set[tuple[str, str]], limit: int = 3
) -> list[tuple[str, str, str]]:
    """(law, article, group) for articles that apply to the named groups (article–applies_to→group),
    surest first, leaving out those already cited for an item's rules."""
    found: list[tuple[float, str, str, str]] = []
    for group in groups:
        node = NodeKey(NodeKind.GROUP, group)
        for edge in index.into.get(node, []):
            if edge.relation != Relation.APPLIES_TO or edge.source.kind != NodeKind.ARTICLE:
                continue
            law, _, article = edge.source.key.partition("#")
            if article and (law, article) not in cited:
                cited.add((law, article))
                found.append((edge.confidence, law, article, group))
    found.sort(key=lambda f: -f[0])
    return [(law, article, group) for _c, law, article, group in found[:limit]]


def _items_serving(index: GraphIndex, groups: list[str]) -> list[str]:
    """Items linked to the groups by item–serves→group edges, in the order the groups were named."""
    codes: list[str] = []
    for group in groups:
        for edge in index.into.get(NodeKey(NodeKind.GROUP, group), []):
            if edge.relation == Relation.SERVES and edge.source.key not in codes:
                codes.append(edge.source.key)
    return codes


def _rule_items_serving(groups: list[str]) -> list[str]:
    book = default_rulebook()
    return [code for group in groups for code, spec in book.items.items() if group in spec.groups]
