"""A detail no standard section covers is answered from the guide's own sentences."""

from __future__ import annotations

from collections.abc import Sequence

from govhall.assistant.guide import guide_answer, guide_aspect, guide_detail

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


# -- one sentence of the guide for one detail (guide_detail) -----------------------------------

GUIDE = {
    "code": "pet-licence",
    "name": "养犬登记",
    "summary": "在城区饲养犬只的个人办理养犬登记，领取犬牌，登记后每年年检一次",
    "department": "公安局",
    "time_limit_days": 7,
    "fee": "首次登记每只300元；年检每只50元",
    "online": "全程网办",
    "conditions": ["饲养人年满18周岁、具有完全民事行为能力", "犬只已注射狂犬疫苗并植入电子标识"],
    "materials": [
        {"name": "居民身份证", "form": "原件", "count": 1, "required": True},
        {"name": "狂犬疫苗注射证明", "form": "原件", "count": 1, "required": True, "notes": "疫苗一年内有效"},
    ],
    "steps": [{"name": "领牌", "description": "审核通过后到辖区派出所领取犬牌，或选择邮寄"}],
    "faq": [
        {"question": "犬牌丢了怎么办？", "answer": "可以在网上申请补领，补领每只收费20元。"},
        {"question": "狗走失了要报告吗？", "answer": "犬只走失的应当在24小时内向派出所报告。"},
    ],
}


def test_a_detail_is_answered_with_the_guide_sentence_that_holds_it() -> None:
    found = guide_detail(GUIDE, "狗走失了，多长时间内得报告派出所", "how_long")
    assert found is not None and "24小时内" in found.text and found.section == "faq"


def test_the_sentence_must_hold_the_kind_of_fact_asked_for() -> None:
    found = guide_detail(GUIDE, "犬牌丢了补领一个要交多少钱", "how_much")
    assert found is not None and "20元" in found.text
    assert guide_detail(GUIDE, "犬牌丢了补领要多长时间", "how_long") is None  # the FAQ holds no duration


def test_a_question_about_nothing_in_the_guide_gets_no_detail() -> None:
    assert guide_detail(GUIDE, "可以养几只猫", "how_much") is None
    assert guide_detail(GUIDE, "你好", None) is None


def test_a_close_paraphrase_is_found_by_the_embedder_where_words_differ() -> None:
    def similar(text: str, sentences: Sequence[str]) -> list[float]:
        # a stand-in embedder that finds the vaccine note closest, the rest at the guide's median
        return [0.95 if "疫苗一年内" in s else 0.86 for s in sentences]

    found = guide_detail(GUIDE, "打的那一针管多久", None, similar)
    assert found is not None and "疫苗一年内有效" in found.text and found.section == "materials"
    assert guide_detail(GUIDE, "打的那一针管多久", None, lambda _t, s: [0.86] * len(s)) is None
