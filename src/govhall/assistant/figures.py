"""Figures a regulation fixes (计算类回答): "交了四年，能领多久" → "最长可领取 12 个月".

An item whose benefit depends on the citizen's situation names a calculator of
``govhall.knowledge_graph.calculators``; a question about how long (or how much) that benefit is
gets the computed figure with the article it rests on, before anything else. When the message does
not give the input, the answer states the rule's tiers, so the fact is still said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govhall.knowledge_graph import Profile, unemployment_benefit_months

__all__ = ["ITEM_CALCULATORS", "Figure", "benefit_figure"]

ITEM_CALCULATORS: Mapping[str, str] = {"unemployment-benefit": "unemployment_benefit_months"}
"""Item code → the calculator its benefit-duration questions use (one so far)."""

_TIERS = (
    "累计缴费满1年不足5年的，最长领取12个月；满5年不足10年的，最长18个月；10年以上的，最长24个月；不满1年的不能领取"
)


@dataclass(frozen=True)
class Figure:
    """A computed answer: its sentence, the input it used (None: tiers only) and the article."""

    text: str
    months_paid: int | None
    citation: dict[str, Any]


def benefit_figure(item_code: str, months_paid: int | None) -> Figure | None:
    """The benefit-duration figure for ``item_code`` (None when the item has no calculator)."""
    if ITEM_CALCULATORS.get(item_code) != "unemployment_benefit_months":
        return None
    citation = {
        "kind": "law",
        "title": "失业保险条例",
        "section": "第十七条",
        "law": "失业保险条例",
        "article": "第十七条",
        "path": "",
    }
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
