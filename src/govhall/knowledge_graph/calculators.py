"""Benefits whose amounts or durations a regulation fixes, computed with the article cited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from govhall.knowledge_graph.profile import Profile


def unemployment_benefit_months(profile: Profile) -> dict[str, Any] | None:
    """Longest period of unemployment benefit by contribution time (失业保险条例 第十七条)."""
    months = profile.unemployment_insurance_months
    if months is None:
        return None
    if months < 12:
        value, why = 0, "累计缴费不满 1 年，不能领取失业保险金"
    elif months < 60:
        value, why = 12, "累计缴费满 1 年不足 5 年，领取期限最长为 12 个月"
    elif months < 120:
        value, why = 18, "累计缴费满 5 年不足 10 年，领取期限最长为 18 个月"
    else:
        value, why = 24, "累计缴费 10 年以上，领取期限最长为 24 个月"
    return {
        "name": "失业保险金最长领取期限",
        "value": value,
        "unit": "个月",
        "explanation": why,
        "basis": {"law": "失业保险条例", "article": "第十七条"},
    }


def maternity_allowance(monthly_wage: float, leave_days: int) -> dict[str, Any]:
    """Maternity allowance for the days of leave (女职工劳动保护特别规定 第八条: at the employer's
    average monthly wage of the last year; paid by the day as that wage ÷ 30, as the funds compute it)."""
    value = round(monthly_wage / 30 * leave_days, 2)
    return {
        "name": "生育津贴",
        "value": int(value) if value == int(value) else value,
        "unit": "元",
        "explanation": f"{monthly_wage:g} ÷ 30 × {leave_days} 天",
        "basis": {"law": "女职工劳动保护特别规定", "article": "第八条"},
    }


CALCULATORS: dict[str, Callable[[Profile], dict[str, Any] | None]] = {
    "unemployment_benefit_months": unemployment_benefit_months,
}
