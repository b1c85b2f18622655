"""``name_at``: the name a caller knows stands at a place ("她…", "紧急联系人…") is no day.

Every text here was written for this file; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from govhall.text import name_at


@pytest.mark.parametrize(
    ("text", "start"), [("等她元旦放假回来", 2), ("说是他春节前后到", 2), ("她周末才有空", 1), ("他除夕那天到家", 1)]
)
def test_a_time_word_after_a_pronoun_is_no_name(text: str, start: int) -> None:
    assert name_at(text, start) is None


@pytest.mark.parametrize(
    ("text", "start", "name"),
    [
        ("对方叫元丽华", 3, "元丽华"),
        ("联系人周建国，", 3, "周建国"),
        ("她叫元春华", 2, "元春华"),
        ("对方叫元宝山", 3, "元宝山"),
    ],
)
def test_a_name_whose_surname_opens_a_time_word_is_still_read(text: str, start: int, name: str) -> None:
    assert name_at(text, start) == name
