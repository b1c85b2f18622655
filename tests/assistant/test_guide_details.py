"""A detail no standard section covers is answered from the guide's own sentences."""

from __future__ import annotations

from govhall.assistant.guide import guide_answer, guide_aspect

ITEM = {
    "code": "demo",
    "name": "示例证件办理",
    "summary": "示例",
    "department": "示例局",
    "time_limit_days": 5,
    "fee": "不收费",
    "online": "窗口办理",
    "faq": [{"question": "多久能拿到？", "answer": "一般5个工作日制证，可以选择邮寄送达。"}],
    "steps": [{"name": "领证", "description": "到窗口领取，或由邮政寄到填写的地址"}],
}


def test_a_delivery_question_is_answered_from_the_guide_text_not_the_time_limit() -> None:
    assert guide_aspect("办好了能快递到家吗") == "delivery"
    answer, citation = guide_answer(ITEM, "办好了能快递到家吗")
    assert "邮寄送达" in answer and "由邮政寄到" in answer and citation["section"] == "delivery"


def test_a_guide_that_says_nothing_about_delivery_says_so() -> None:
    answer, _ = guide_answer({**ITEM, "faq": [], "steps": []}, "能邮寄吗")
    assert "没有写明能否邮寄" in answer
