"""A policy answer leads with the quoted clause that answers the citizen's own question."""

from __future__ import annotations

from govhall.assistant.lead import lead_for

LEAVE = (
    "多胞胎的，每多生育1个婴儿，增加休假15天。根据《某某规定》第五条规定：职工生育可休假98天，"
    "其中产前15天；难产的，增加休假15天；多胞胎的，每多生育1个婴儿，增加休假15天。[1]以上摘自法规原文。"
)
ADD_ON = "多胞胎的，每多生育1个婴儿，增加休假15天。"


def test_a_question_for_the_figure_leads_with_the_base_rule_not_an_add_on() -> None:
    assert lead_for("生孩子一共可以休几天假", LEAVE, ADD_ON).startswith("职工生育可休假98天")


def test_a_stated_condition_leads_with_its_own_clause() -> None:
    assert lead_for("生孩子能休几天假 要是难产呢", LEAVE, ADD_ON).startswith("难产的，增加休假15天。根据")


def test_the_lead_is_kept_when_the_question_states_its_condition() -> None:
    assert lead_for("多胞胎能多休几天", LEAVE, ADD_ON) == LEAVE


def test_a_lead_that_is_no_quoted_clause_stays_first() -> None:
    computed = "按您交的4年计算，最长可领12个月。"
    answer = computed + "根据《某某条例》第十条规定：缴费满1年不足5年的，领取期限最长为12个月。[1]"
    assert lead_for("能领几个月", answer, computed) == answer
