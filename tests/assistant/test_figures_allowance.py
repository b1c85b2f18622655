"""The maternity allowance computed from the citizen's own wage and days (issue 17: "answer first,
with the computed figure where a calculator gives one"). Messages written for this file."""

from __future__ import annotations

from govhall.assistant.figures import allowance_figure, allowance_inputs
from govhall.knowledge_graph import maternity_allowance
from tests.assistant.conftest import Chat


def test_the_allowance_is_the_wage_over_thirty_times_the_days() -> None:
    row = maternity_allowance(6000, 98)
    assert row["value"] == 19600
    assert row["basis"] == {"law": "女职工劳动保护特别规定", "article": "第八条"}
    assert maternity_allowance(7000, 128)["value"] == 29866.67


def test_the_inputs_are_read_from_words_and_figures() -> None:
    assert allowance_inputs("公司上年度月平均工资六千五，产假一百二十八天") == {"wage": 6500.0, "days": 128.0}
    assert allowance_inputs("我休了98天产假") == {"days": 98.0}
    assert allowance_inputs("孩子生了三天了") == {}  # no wage, and three days are no leave of two digits


def test_without_both_inputs_the_rule_is_stated_and_what_is_missing_asked() -> None:
    figure = allowance_figure({"days": 98.0})
    assert "除以30" in figure.text and "月平均工资" in figure.text and "我帮您算" in figure.text


def test_the_figure_is_answered_first_and_a_changed_day_count_recomputed(chat: Chat) -> None:
    first = chat.say("我们公司去年月平均工资是六千，产假九十八天，生育津贴能拿多少？")
    assert "19600" in first.reply
    assert first.citations and first.citations[0]["law"] == "女职工劳动保护特别规定"
    again = chat.say("那要是一百五十八天呢？")
    assert "31600" in again.reply


def test_a_general_question_keeps_the_guides_answer(chat: Chat) -> None:
    turn = chat.say("生育津贴是按什么算的？")
    assert "除以30" in turn.reply
