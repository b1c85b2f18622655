"""What the citizen told before the form opened still counts when it opens."""

from __future__ import annotations

import pytest

from tests.assistant.conftest import Chat


def test_a_situation_told_in_the_consultation_fills_the_options_when_the_form_opens(chat: Chat) -> None:
    asked = chat.say("我从老家出来在本市一家超市上班，现在落脚在我舅舅家，可以办居住证吗？")
    assert asked.stage == "offered"
    opened = chat.say("行，那我申请吧")
    assert opened.stage == "filling"
    assert opened.form["basis"] == "合法稳定就业" and opened.form["housing_type"] == "借住亲友住房"


def test_an_earlier_application_tells_nothing_to_the_next_one(chat: Chat) -> None:
    chat.say("我要办居住证，平时住员工宿舍")
    chat.say("取消")
    opened = chat.say("我要办公租房")
    assert "housing_status" not in (opened.form or {})


@pytest.mark.parametrize("applying", ["明白了，那我申请吧", "好，那我办吧", "那我就报一下"])
def test_then_i_will_apply_after_an_answer_opens_the_item_discussed(chat: Chat, applying: str) -> None:
    assert chat.say("失业金要带什么材料？").stage == "offered"
    opened = chat.say(applying)
    assert opened.stage == "filling" and "失业保险金" in opened.reply
