"""Round 9 (issue 18): a figure asked with a unit of time ("领多少个月", "交多少年") is a duration, not
money; and a figure computed from the citizen's own time must be of the kind asked (the probation
brackets of a contract's length do not answer "能要多少钱"). Questions written for these tests."""

from __future__ import annotations

import pytest

from govhall.policies.compose import compute_figure
from govhall.policies.qtypes import detect_qtype
from tests.policies.samples import policy_hit


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("失业保险金能领多少个月", "多久"),
        ("工伤了停工留薪能给多少个月", "多久"),
        ("养老保险要交多少年才能按月领", "多久"),
        ("罚多少天的拘留", "多久"),
        # months of wages are money
        ("被辞退了公司应该赔多少个月工资", "多少钱"),
        ("公司拖欠工资要赔多少", "多少钱"),
        ("每个月能领多少补贴", "多少钱"),
    ],
)
def test_a_unit_of_time_after_a_verb_and_duoshao_asks_how_long(question: str, qtype: str) -> None:
    assert detect_qtype(question) == qtype


_PROBATION = policy_hit(
    title="中华人民共和国劳动合同法",
    article="第十九条",
    text="劳动合同期限三个月以上不满一年的，试用期不得超过一个月；劳动合同期限一年以上不满三年的，"
    "试用期不得超过二个月；三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。",
    paragraphs=[
        "劳动合同期限三个月以上不满一年的，试用期不得超过一个月；劳动合同期限一年以上不满三年的，"
        "试用期不得超过二个月；三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。"
    ],
)


def test_brackets_of_another_kind_do_not_answer_a_money_question() -> None:
    assert compute_figure("干了五个月老板还不签合同，能多要多少钱", None, [_PROBATION]) is None


def test_brackets_of_the_kind_asked_still_apply() -> None:
    figure = compute_figure("签了两年的合同，试用期最多能定多久", None, [_PROBATION])
    assert figure is not None and "2个月" in figure.sentence


_SEVERANCE = policy_hit(
    title="中华人民共和国劳动合同法",
    article="第四十七条",
    text="经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。六个月以上不满一年的，"
    "按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。",
)


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("我月薪七千，在厂里干了两年被辞退，补偿能拿多少", 14000),
        ("一个月挣四千五，干了三年半单位裁员，赔多少", 18000),
        ("工资1个月3000块，做了五个月就被辞了，补多少", 1500),
    ],
)
def test_months_of_wages_are_said_in_money_at_the_wage_the_citizen_states(question: str, amount: int) -> None:
    figure = compute_figure(question, None, [_SEVERANCE])
    assert figure is not None and figure.details["amount_yuan"] == amount
    assert f"约{amount}元" in figure.sentence


def test_no_wage_no_money_and_a_small_count_is_no_wage() -> None:
    for question in ("干了两年被辞退，补偿多少", "每月加班10天，干了两年被辞退，补偿多少"):
        figure = compute_figure(question, None, [_SEVERANCE])
        assert figure is not None and "amount_yuan" not in figure.details
