"""Masking leaks by kind (issue 19, third round): a mobile in dotted or slashed groups, labelled
account and record numbers (VX, 户号, 病历号, 车架号), a rarer
surname opening a clause, names in Latin letters, spaced out or after a bracketed label, and a
relation word with 儿; and the non-personal words next to them that stay."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text.normalize import normalize


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("电话 139.1234.5678", "139.1234.5678"),
        ("电话139_1234_5678", "139_1234_5678"),
        ("电话139，1234，5678", "139，1234，5678"),
        ("电话：139/1234/5678", "139/1234/5678"),
    ],
)
def test_a_mobile_in_groups_with_any_separator_is_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("VX：wang123456", "wang123456"),
        ("v信 zhang888", "zhang888"),
        ("抖音号：dy_wang123", "dy_wang123"),
        ("户号：3301234567", "3301234567"),
        ("病历号12345678", "12345678"),
        ("学号20230101123", "20230101123"),
        ("车架号LSVAM4187C2184847", "LSVAM4187C2184847"),
    ],
)
def test_a_number_its_label_calls_an_account_or_record_of_a_person_is_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)


@pytest.mark.parametrize("text", ["金额1,391,234.56元", "IP 192.168.1.100", "版本139.1234.5678.9"])
def test_thousands_decimals_and_dotted_numbers_are_no_mobile(text: str) -> None:
    assert normalize(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("向危素反映过情况。", "危素"),
        ("被仝卓骗了五千块。", "仝卓"),
        ("ZHANG Wei，护照号E12345678", "ZHANG Wei"),
        ("我叫Wang Xiaoming，是留学生", "Wang Xiaoming"),
        ("联系人：Tom Smith", "Tom Smith"),
        ("投诉人：王 小 明", "王 小 明"),
        ("户主（姓名）：谷雨", "谷雨"),
        ("我媳妇儿全红婵", "全红婵"),
        ("邻居方圆天天吵。", "方圆"),
        ("我女儿时光在外地读书。", "时光"),
        ("高兴，身份证在附件里。", "高兴"),
    ],
)
def test_names_in_unusual_forms_are_masked_without_the_model(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)


@pytest.mark.parametrize(
    "text",
    [
        "申请时应当提交身份证明。",
        "原工作单位出具的证明",
        "我用的是Apple Pay付的",
        "在Hello Kitty店买的",
        "请下载PDF File",
        "由父母双方协商确定。",
        "由父亲、母亲或其他监护人申报。",
        "我老公明天去办。",
        "邻居家里漏水。",
    ],
)
def test_phrases_and_latin_words_that_are_no_names_stay(text: str) -> None:
    assert mask(text, ner=False) == text
