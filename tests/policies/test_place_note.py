"""Round 9 (issue 18): a question asked about one place whose quoted article hands the matter to the
place says where to ask there, whom to ask read off that article (texts written for this test)."""

from __future__ import annotations

from govhall.policies.answer import _place_asks
from tests.policies.samples import policy_hit

_SCHOOL = policy_hit(title="中华人民共和国义务教育法", article="第十二条")
_NATIONAL = policy_hit(title="中华人民共和国义务教育法", article="第二十二条")


def test_a_quoted_article_that_hands_the_matter_to_the_place_says_whom_to_ask() -> None:
    quotes = [
        (_NATIONAL, "学校不得分设重点班和非重点班"),
        (_SCHOOL, "随迁子女在居住地接受义务教育的条件，具体办法由省、自治区、直辖市规定"),
    ]
    note = _place_asks("没有本地户口，在我们县读初中要什么条件", quotes)
    assert "当地教育行政部门" in note and "12345" in note


def test_no_note_when_no_quoted_article_leaves_it_to_the_place() -> None:
    assert _place_asks("在我们县读初中要什么条件", [(_NATIONAL, "学校不得分设重点班和非重点班")]) == ""
