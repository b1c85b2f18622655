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
