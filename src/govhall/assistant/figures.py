"""Figures a regulation fixes (计算类回答): "交了四年，能领多久" → "最长可领取 12 个月".

An item whose benefit depends on the citizen's situation names a calculator of
``govhall.knowledge_graph.calculators``; a question about how long (or how much) that benefit is
gets the computed figure with the article it rests on, before anything else. When the message does
not give the input, the answer states the rule's tiers, so the fact is still said.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govhall.knowledge_graph import Profile, maternity_allowance, unemployment_benefit_months
from govhall.text import extract, normalize

__all__ = ["ITEM_CALCULATORS", "Figure", "allowance_figure", "allowance_inputs", "benefit_figure"]

ITEM_CALCULATORS: Mapping[str, str] = {
    "unemployment-benefit": "unemployment_benefit_months",
    "maternity-allowance": "maternity_allowance",
}
"""Item code → the calculator its benefit questions use: how long (unemployment), how much (maternity)."""

_TIERS = (
    "累计缴费满1年不足5年的，最长领取12个月；满5年不足10年的，最长18个月；10年以上的，最长24个月；不满1年的不能领取"
)


@dataclass(frozen=True)
class Figure:
    """A computed answer: its sentence, the input it used (None: tiers only) and the article."""

    text: str
    months_paid: int | None
    citation: dict[str, Any]
    inputs: Mapping[str, float] | None = None
    """What a figure of another kind was computed from (生育津贴: the wage and the days), for a
    follow-up that changes one of them ("要是128天呢")."""


def _law_citation(law: str, article: str) -> dict[str, Any]:
    """The citation of the article a calculator applies, in the shape a policy answer cites one."""
    return {"kind": "law", "title": law, "section": article, "law": law, "article": article, "path": ""}


def benefit_figure(item_code: str, months_paid: int | None) -> Figure | None:
    """The benefit-duration figure for ``item_code`` (None when the item has no calculator)."""
    if ITEM_CALCULATORS.get(item_code) != "unemployment_benefit_months":
        return None
    citation = _law_citation("失业保险条例", "第十七条")
    if months_paid is None:
        return Figure(f"按《失业保险条例》第十七条：{_TIERS}[1]。告诉我您累计缴费多久，我帮您算。", None, citation)
    row = unemployment_benefit_months(Profile(unemployment_insurance_months=min(months_paid, 600)))
    assert row is not None
    paid = (
        f"{months_paid // 12}年" + (f"{months_paid % 12}个月" if months_paid % 12 else "")
        if months_paid >= 12
        else f"{months_paid}个月"
    )
    if row["value"] == 0:
        text = f"累计缴费{paid}，不满1年，不能领取失业保险金[1]。"
    else:
        text = f"累计缴费{paid}，失业保险金最长可领取{row['value']}个月（{row['explanation']}）[1]。"
    return Figure(text, months_paid, citation)


_ALLOWANCE_RULE = "生育津贴按用人单位上年度职工月平均工资除以30、再乘以产假天数计发"
_WAGE_WORDS = re.compile(r"工资|平均|月均|缴费基数|基数")
_LEAVE_DAYS = re.compile(r"(\d{2,3})\s*天")


def allowance_inputs(text: str) -> dict[str, float]:
    """The maternity allowance's inputs a message states: ``wage`` (an amount said with 工资/平均/
    基数 before it: "单位去年平均工资是九千") and ``days`` ("产假一百五十八天")."""
    norm = normalize(text)
    found: dict[str, float] = {}
    for entity in extract(text):
        if entity.type == "amount" and _WAGE_WORDS.search(text[max(0, entity.start - 10) : entity.start]):
            found["wage"] = float(entity.value)
    days = _LEAVE_DAYS.search(norm)
    if days is not None:
        found["days"] = float(days.group(1))
    return found


def allowance_figure(inputs: Mapping[str, float]) -> Figure:
    """The maternity allowance for the wage and days given, or the rule and what to tell."""
    citation = _law_citation("女职工劳动保护特别规定", "第八条")
    wage, days = inputs.get("wage"), inputs.get("days")
    if wage is None or days is None:
        missing = "、".join(w for w, v in (("单位上年度职工月平均工资", wage), ("产假天数", days)) if v is None)
        return Figure(f"{_ALLOWANCE_RULE}[1]。告诉我{missing}，我帮您算。", None, citation, dict(inputs))
    row = maternity_allowance(wage, int(days))
    text = f"{_ALLOWANCE_RULE}：{row['explanation']} = {row['value']} 元[1]。"
    return Figure(text, None, citation, dict(inputs))
