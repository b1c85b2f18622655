"""Dialogue causes found on dev sets written apart from the code (fifth round), each tested with
wording written for this file: a state told with an item's keyword is no misspelt item name."""

from __future__ import annotations

from govhall import catalog
from tests.assistant.conftest import Chat


def test_a_state_told_with_a_keyword_is_no_misspelt_item_name(chat: Chat) -> None:
    # "退休了" is the keyword 退休 said as a state, not a misspelling of 退休金
    router = chat.helper.router({str(i["code"]): i for i in catalog.current_contents(chat.db)})
    assert router.mentioned("我退休了两年多，上个月在外地住院，钱是自己先垫的") == []
    assert router.mentioned("高铃津贴怎么申请") == ["elderly-allowance"]
    reply = chat.say("我早退休了，今年夏天回老家住院，那边医院没给直接结算，全是自己掏的钱")
    assert reply.service is not None and reply.service["code"] == "medical-reimbursement"
