"""Figures an article states as a rule over a count rather than a table, applied to the citizen's own
numbers: "每满1年支付1个月工资…6个月以上不满1年的，按1年计算；不满6个月的，…支付半个月工资" (years of
service → months of wages) and "…享受98天产假…每多生育1个婴儿，增加产假15天" (twins → days); round 10:
figures graded by the disability grade ("七级伤残为13个月的本人工资", "二级伤残为本人工资的85%") for the
grade the citizen names, and a share of the wage ("约定工资的百分之80") in money at the wage stated.

The article is the calculator: the numbers are read from its (normalised) text, never from a table
of ours, so an amended article changes the answer. Each reader returns the plain sentence that states
the result and how it follows, and the details for ``Answer.computed``; None when the article holds no
such rule or the question gives no number for it. Pure functions over text (``compose`` calls them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from govhall.policies._word_lists import cue_words
from govhall.text.durations import paid_months

__all__ = [
    "Applied",
    "double_wages",
    "in_money",
    "monthly_wage",
    "multiple_of_amount",
    "per_extra_child",
    "per_grade",
    "per_year_of_service",
    "share_of_wage",
]


@dataclass(frozen=True)
class Applied:
    sentence: str
    details: dict[str, Any]


_RULE_WORDS = cue_words("rules", ("leaving", "asks_sum", "lump_sum", "asks_amount", "asks_multiple", "pays"))
"""The word cues this module's rules read (``data/cue_words.yaml``, ``rules``): words are data, patterns code."""
_NUMBER = r"(\d+(?:\.\d+)?)"
# normalised text: half-width punctuation, Arabic digits ("每满1年支付1个月工资")
_PER_YEAR = re.compile(rf"每满1年支付{_NUMBER}个月工资")
_ROUND_UP = re.compile(rf"{_NUMBER}个月以上不满1年的,按1年计算")
_HALF = re.compile(rf"不满{_NUMBER}个月的,[^。;]{{0,20}}半个月工资")
# the rule is read only for a question about leaving a job and what is owed for it
_SEVERANCE = re.compile(r"补偿|辞退|裁员|裁掉|解除|开除|辞掉|被辞|炒|赔|遣散|[Nn]\+1")
_LEAVING = _RULE_WORDS["leaving"]


def _service_months(question: str) -> float | None:
    """The length of service the citizen names ("干了4年零8个月", "3年半", "干了8个月"), in months.

    A question about what leaving a job is owed is a question about how long the job lasted, so when
    no clause says working or paying ("入职3年被辞退") the first length said is the service.
    """
    months = paid_months(question)
    return months if months is not None else paid_months(question, answer=True)


def _months_text(months: float) -> str:
    years, rest = divmod(int(months), 12)
    if not rest:
        return f"{years}年"
    return f"{years}年{rest}个月" if years else f"{rest}个月"


def per_year_of_service(question: str, article: str) -> Applied | None:
    """Months of wages for a length of service under a "每满1年支付N个月工资" rule with its rounding
    ("6个月以上不满1年的，按1年计算") and its half ("不满6个月的…半个月工资")."""
    rule = _PER_YEAR.search(article)
    months = _service_months(question)
    if rule is None or not _SEVERANCE.search(question) or months is None:
        return None
    if _NO_CONTRACT.search(question) and not _LEAVING.search(question):
        return None  # "没签合同能赔多少" asks for the double wages (double_wages), not for severance
    per_year = float(rule.group(1))
    years, rest = divmod(months, 12)
    round_up = _ROUND_UP.search(article)
    half = _HALF.search(article)
    due = years * per_year
    said = f"满{int(years)}年支付{_figure(due)}个月工资" if years else ""
    if rest:
        if round_up is not None and rest >= float(round_up.group(1)):
            due += per_year
            said += f"{'，剩下的' if said else ''}{_figure(rest)}个月满{round_up.group(1)}个月，按1年计算"
        elif half is not None and rest < float(half.group(1)):
            due += per_year / 2
            said += f"{'，剩下的' if said else ''}{_figure(rest)}个月不满{half.group(1)}个月，支付半个月工资"
        else:
            return None
    sentence = f"按您说的工作{_months_text(months)}计算：{said}，共{_figure(due)}个月工资的经济补偿。"
    return Applied(sentence, {"input_months": months, "value": due, "unit": "个月工资"})


# "自用工之日起超过1个月不满1年未与劳动者订立书面劳动合同的,应当向劳动者每月支付二倍的工资" (normalised)
_DOUBLE_WAGES = re.compile(
    r"超过(\d+)个月不满(\d+)年未与劳动者订立书面劳动合同的,应当向劳动者每月支付(?:二|两|2)倍的工资"
)
_NO_CONTRACT = re.compile(r"(?:没|未|不|没有)(?:跟我|和我|与我|给我)?签(?:订)?(?:书面)?(?:劳动)?合同|不签|没签|未签")
_ASKS_SUM = _RULE_WORDS["asks_sum"]


def double_wages(question: str, article: str) -> Applied | None:
    """The months of extra wages owed for working without a written contract, from the article's own
    window ("超过1个月不满1年…每月支付二倍的工资"): each month after the first, up to the year, is paid
    twice, so one month's wage more for each; None when the question names no such job and length."""
    rule = _DOUBLE_WAGES.search(article)
    if rule is None or not _NO_CONTRACT.search(question) or not _ASKS_SUM.search(question):
        return None
    months = _service_months(question)
    if months is None:
        return None
    first, last = float(rule.group(1)), float(rule.group(2)) * 12
    due = max(0.0, min(months, last) - first)
    if due <= 0:
        sentence = f"按您说的工作{_months_text(months)}计算：未超过{_figure(first)}个月，还不用支付二倍的工资。"
        return Applied(sentence, {"input_months": months, "value": 0, "unit": "个月工资"})
    sentence = (
        f"按您说的工作{_months_text(months)}未签书面劳动合同计算：超过{_figure(first)}个月的部分每月支付二倍的工资，"
        f"即每月多付1个月工资，共多付{_figure(due)}个月工资。"
    )
    if months >= last:
        sentence += f"用工满{_figure(last / 12)}年仍未订立的，视为已订立无固定期限劳动合同。"
    return Applied(sentence, {"input_months": months, "value": due, "unit": "个月工资"})


_CHILDREN = {"双": 2, "两": 2, "二": 2, "龙凤": 2, "三": 3, "四": 4, "五": 5}
_MULTIPLE = re.compile(r"(双|两|二|三|四|五|\d)胞胎|龙凤胎")
_PER_EXTRA = re.compile(rf"每多(?:生育|哺乳)?1个婴儿,?(?:每天)?增加[^\d,。;]{{0,6}}{_NUMBER}(天|小时)")


def _children(question: str) -> int | None:
    match = _MULTIPLE.search(question)
    if match is None:
        return None
    word = match.group(1) or "龙凤"
    return int(word) if word.isdigit() else _CHILDREN.get(word)


def per_extra_child(question: str, article: str) -> Applied | None:
    """Days or hours for twins or more under "每多生育1个婴儿，增加产假15天", added to the base figure in
    the same unit that the article states first ("享受98天产假", "安排1小时哺乳时间")."""
    children = _children(question)
    rule = _PER_EXTRA.search(article)
    if children is None or children < 2 or rule is None:
        return None
    step, unit = float(rule.group(1)), rule.group(2)
    base = re.search(rf"{_NUMBER}{unit}", article[: rule.start()])
    if base is None:
        return None
    start = float(base.group(1))
    total = start + step * (children - 1)
    sentence = (
        f"按{children}个婴儿计算：{_figure(start)}{unit}，每多1个婴儿增加{_figure(step)}{unit}，"
        f"共{_figure(total)}{unit}。"
    )
    return Applied(sentence, {"children": children, "value": total, "unit": unit})


def _figure(value: float) -> str:
    return f"{value:g}"


# The citizen's monthly wage in a normalised question ("月薪5000", "1个月挣6500", "工资1个月3500",
# "每个月到手7000块"): a wage word next to a month, then the figure.
_WAGE = re.compile(
    r"(?:月薪|(?:每个?月|1个月|月)的?(?:工资|收入|到手|挣|能拿|拿)|(?:工资|收入)(?:每个?月|1个月))"
    r"(?:是|为|有|大概|大约|才|就|能)?(\d+(?:\.\d+)?)(?:元|块)?"
)
# Figures outside this range are no monthly wage (a count of days, a yearly sum).
_WAGE_RANGE = (300.0, 500000.0)
_WAGE_MONTHS = re.compile(rf"{_NUMBER}个月的?(?:本人)?工资")


def monthly_wage(question: str) -> float | None:
    """The monthly wage the (normalised) question states, or None."""
    match = _WAGE.search(question)
    if match is None:
        return None
    value = float(match.group(1))
    return value if _WAGE_RANGE[0] <= value <= _WAGE_RANGE[1] else None


def in_money(question: str, months_of_wages: str) -> tuple[str, dict[str, float]] | None:
    """A figure in months of wages ("6个月工资", "18个月的本人工资") as money at the wage the citizen
    states: the sentence to add and the details, or None when either is missing. The article's own
    wage base (本人工资, 月平均工资, a cap) may differ from what the citizen calls a wage, so it says 约."""
    wage = monthly_wage(question)
    months = _WAGE_MONTHS.findall(months_of_wages)  # the last is the total ("满5年支付5个月工资…共6个月工资")
    if wage is None or not months:
        return None
    amount = float(months[-1]) * wage
    sentence = f"按您说的月工资{_figure(wage)}元算，约{_figure(amount)}元（以条文所说的工资基数为准）。"
    return sentence, {"monthly_wage": wage, "amount_yuan": amount}


# The disability grade the citizen names ("评了七级伤残", "5级伤残"), read as the article writes it (七级).
_GRADE = re.compile(r"(10|[1-9]|[一二三四五六七八九十])级伤残")
_GRADE_NAMES = "一二三四五六七八九十"
# what the grade's figures are for: a lump sum (一次性伤残补助金) or a monthly allowance (伤残津贴)
_LUMP_SUM = _RULE_WORDS["lump_sum"]
_ALLOWANCE = re.compile(r"津贴")
# a question asking for an amount ("能拿多少", "几个月工资", "怎么算"), not whether or when
_ASKS_AMOUNT = _RULE_WORDS["asks_amount"]


def per_grade(question: str, article: str) -> Applied | None:
    """The figures an article grades by disability grade ("一级伤残为27个月的本人工资", "一级伤残为本人
    工资的90%") for the grade the (normalised) question names, in money at the monthly wage it states:
    the article lists every grade, the citizen asks about one. The lump sum or the allowance alone when
    the question names one of them."""
    found = _GRADE.search(question)
    if found is None or not _ASKS_AMOUNT.search(question):
        return None
    grade = found.group(1)
    name = _GRADE_NAMES[int(grade) - 1] if grade.isdigit() else grade
    months = re.search(rf"{name}级伤残为{_NUMBER}个月的本人工资", article)
    share = re.search(rf"{name}级伤残为本人工资的{_NUMBER}%", article)
    lump, allowance = bool(_LUMP_SUM.search(question)), bool(_ALLOWANCE.search(question))
    if lump and not allowance:
        share = None
    elif allowance and not lump:
        months = None
    if months is None and share is None:
        return None
    wage = monthly_wage(question)
    parts: list[str] = []
    details: dict[str, Any] = {"grade": f"{name}级伤残"}
    if months is not None:
        count = float(months.group(1))
        said = f"一次性伤残补助金为{months.group(1)}个月的本人工资"
        if wage is not None:
            said += f"，按您说的月工资{_figure(wage)}元算，约{_figure(count * wage)}元"
            details["lump_sum_yuan"] = count * wage
        parts.append(said)
        details["lump_sum_months"] = count
    if share is not None:
        percent = float(share.group(1))
        said = f"伤残津贴按月发给，为本人工资的{share.group(1)}%"
        if wage is not None:
            said += f"，按您说的月工资{_figure(wage)}元算，每月约{_figure(percent * wage / 100)}元"
            details["allowance_yuan"] = percent * wage / 100
        parts.append(said)
        details["allowance_percent"] = percent
    if wage is not None:
        details["monthly_wage"] = wage
    base = "（以条文所说的本人工资为准）" if wage is not None else ""
    sentence = f"按您说的{name}级伤残，" + "；".join(parts) + base + "。"
    return Applied(sentence, details)


# A share of a wage in a clause ("约定工资的百分之80", "本人工资的90%"), normalised.
_SHARE_OF_WAGE = re.compile(r"(?:工资|薪酬|报酬)的(?:百分之(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)%)")


def share_of_wage(question: str, clause: str) -> Applied | None:
    """A clause's share of a wage ("不得低于…约定工资的百分之80") in money at the monthly wage the
    (normalised) question states; None when either is missing or the clause names several shares
    (a table by grade is ``per_grade``'s)."""
    shares = _SHARE_OF_WAGE.findall(clause)
    wage = monthly_wage(question)
    if wage is None or len(shares) != 1 or not _ASKS_AMOUNT.search(question):
        return None
    percent = float(shares[0][0] or shares[0][1])
    amount = percent * wage / 100
    sentence = f"按您说的月工资{_figure(wage)}元算，条文所说的工资的{_figure(percent)}%约为{_figure(amount)}元。"
    return Applied(sentence, {"monthly_wage": wage, "percent": percent, "amount_yuan": amount})


# A sum of money the citizen states ("骗了医保2万元" → 20000元 once normalised, "欠我工资1万块").
_SUM = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:元|块)")
# A figure an article sets as a multiple or share of an amount (normalised): "处骗取金额2倍以上5倍以下的罚款",
# "按应付金额百分之50以上百分之100以下的标准…加付赔偿金", "人均可支配收入的20倍"; the base word before it.
_MULTIPLE_RANGE = re.compile(r"(金额|数额|款物|收入|所得|费用)(?:的)?(\d+(?:\.\d+)?)倍以上(\d+(?:\.\d+)?)倍以下")
_SHARE_RANGE = re.compile(
    r"(金额|数额|款物|收入|所得|费用)(?:的)?(?:百分之(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)%)以上"
    r"(?:百分之(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)%)以下"
)
_MULTIPLE_ONE = re.compile(r"(收入|金额|数额|工资)的(\d+(?:\.\d+)?)倍")
# the question asks what the multiple comes to ("罚多少", "能多要多少", "怎么算")
_ASKS_MULTIPLE = _RULE_WORDS["asks_multiple"]
_PAYS = _RULE_WORDS["pays"]
# which words name the base in the question, by the article's base word
_BASE_WORDS = {
    "收入": re.compile(r"收入"),
    "所得": re.compile(r"所得|挣|赚"),
    "工资": re.compile(r"工资|月薪|薪水"),
}


def _yuan(value: float) -> str:
    """A sum as written in an answer: whole yuan without an exponent (1000000, not 1e+06), else cents."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def multiple_of_amount(question: str, clause: str) -> Applied | None:
    """A figure a (normalised) clause sets as a multiple or share of an amount ("处骗取金额2倍以上5倍以下的
    罚款", "按应付金额百分之50以上百分之100以下…加付赔偿金", "人均可支配收入的20倍") in money at the one sum
    the (normalised) question states ("骗了2万元" → 40000元至100000元). None when the question states no
    sum or several, asks for no amount, or names another base than the article's (an income for an
    income; any sum for 金额, the amount the matter is about)."""
    sums = {float(value) for value in _SUM.findall(question)}
    if len(sums) != 1 or not _ASKS_MULTIPLE.search(question):
        return None
    amount = sums.pop()
    ranged = _MULTIPLE_RANGE.search(clause)
    shared = _SHARE_RANGE.search(clause) if ranged is None else None
    single = _MULTIPLE_ONE.search(clause) if ranged is None and shared is None else None
    found = ranged or shared or single
    if found is None:
        return None
    base = found.group(1)
    if base in _BASE_WORDS and not _BASE_WORDS[base].search(question):
        return None
    # the multiple is of a fine, damages or a grant, and the question asks about that one ("罚多少"
    # is not met by a grant's multiple, "工资5000，公积金交多少" by no fine)
    if not any(word in question for word in _PAYS.findall(clause)):
        return None
    if ranged is not None:
        low, high = float(ranged.group(2)), float(ranged.group(3))
        rule = f"{_figure(low)}倍以上{_figure(high)}倍以下"
    elif shared is not None:
        low = float(shared.group(2) or shared.group(3)) / 100
        high = float(shared.group(4) or shared.group(5)) / 100
        rule = f"{_figure(low * 100)}%以上{_figure(high * 100)}%以下"
    else:
        low = high = float(found.group(2))
        rule = f"{_figure(low)}倍"
    said = f"{_yuan(low * amount)}元至{_yuan(high * amount)}元" if low != high else f"{_yuan(low * amount)}元"
    sentence = f"条文按{base}的{rule}计，按您说的{_yuan(amount)}元算，为{said}。"
    details = {"amount_yuan": amount, "low": low, "high": high, "low_yuan": low * amount, "high_yuan": high * amount}
    return Applied(sentence, details)
