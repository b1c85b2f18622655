"""A duration said alone right after a computed figure recomputes it."""

from __future__ import annotations

import pytest

from tests.assistant.conftest import Chat


@pytest.mark.parametrize(("follow", "months"), [("十二年呢", "24个月"), ("要是7年的话", "18个月")])
def test_a_bare_duration_after_a_figure_recomputes_it(chat: Chat, follow: str, months: str) -> None:
    first = chat.say("失业保险我交了两年，失业金最多能领几个月？")
    assert "12个月" in first.reply
    assert months in chat.say(follow).reply.split("[1]")[0]


def test_a_bare_duration_without_a_figure_before_it_computes_nothing(chat: Chat) -> None:
    chat.say("护照办下来要几天？")
    assert "失业保险金最长可领取" not in chat.say("十二年呢").reply
