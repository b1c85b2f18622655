"""Entity extraction per type, with negatives: what is found, its value and its original span."""

from __future__ import annotations

from datetime import date

import pytest

from govhall.errors import GovhallError
from govhall.text import MAX_TEXT_CHARS, Entity, TextTooLong, extract
from govhall.text.validators import id_check_digit

TODAY = date(2025, 6, 15)
ID = "11010519800307" + "123" + id_check_digit("11010519800307123")


def found(text: str, kind: str) -> list[Entity]:
    return [e for e in extract(text, today=TODAY) if e.type == kind]


def values(text: str, kind: str) -> list[object]:
    return [e.value for e in found(text, kind)]


def test_issue_example_fills_every_entity_with_spans() -> None:
    text = f"我叫王建国，身份证{ID}，电话一三九一二三四五六七八，住朝阳区建国路88号"
    entities = extract(text, today=TODAY)
    by_type = {e.type: e for e in entities}
    assert by_type["name"].value == "王建国"
    assert by_type["id_card"].value == ID
    assert by_type["phone"].value == "13912345678"
    assert text[by_type["phone"].start : by_type["phone"].end] == "一三九一二三四五六七八"
    assert by_type["address"].value == "北京市朝阳区建国路88号"
    for entity in entities:
        assert entity.to_dict()["start"] == entity.start


def test_id_card_yields_birth_date_gender_region() -> None:
    (entity,) = found(f"身份证号：{ID}", "id_card")
    assert entity.extra["birth_date"] == "1980-03-07"
    assert entity.extra["gender"] == "男"
    assert entity.extra["region"] == "北京市朝阳区"
    assert set(entity.to_dict()) >= {"type", "value", "start", "end", "confidence", "birth_date"}


def test_id_card_lower_case_x_is_normalised() -> None:
    base = "44010619900101002"
    number = base + id_check_digit(base)
    assert values(f"证件号{number.lower()}", "id_card") == [number.upper()]


@pytest.mark.parametrize(
    "text",
    [
        "身份证11010519800307123" + ("0" if ID[-1] != "0" else "1"),  # wrong check digit
        "案号110105198013071234",  # month 13
        "编号990105198003071234",  # no such province
        "订单号20230307123456789012",
    ],
)
def test_invalid_id_like_numbers_are_not_reported(text: str) -> None:
    assert values(text, "id_card") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手机13912345678", "13912345678"),
        ("电话 +86 139 1234 5678", "13912345678"),
        ("打 139-1234-5678 找我", "13912345678"),
        ("座机010-62345678", "010-62345678"),
        ("电话０７５５－８２３４５６７８", "0755-82345678"),
    ],
)
def test_phone_values(text: str, expected: str) -> None:
    assert values(text, "phone") == [expected]


def test_phone_negatives() -> None:
    assert values("快递单号12345678901", "phone") == []
    assert values("数字23912345678", "phone") == []


def test_bank_card_needs_luhn() -> None:
    assert values("卡号6222021234567890128", "bank_card") == ["6222021234567890128"]
    assert values("卡号6222021234567890129", "bank_card") == []
    assert values("订单号6222021234567890128", "bank_card") == []


def test_email() -> None:
    assert values("邮箱 Zhang.Wei@Example.com 谢谢", "email") == ["zhang.wei@example.com"]
    assert values("不是邮箱 a@b", "email") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我叫王芳今年三十岁", "王芳"),
        ("姓名：欧阳娜娜，女", "欧阳娜娜"),
        ("申请人张伟 电话13912345678", "张伟"),
        ("李秀英，女，身份证" + ID, "李秀英"),
        ("联系刘建华先生", "刘建华"),
    ],
)
def test_names_from_cues(text: str, expected: str) -> None:
    assert values(text, "name") == [expected]


@pytest.mark.parametrize("text", ["我是本地户籍", "我叫不出名字", "请问低保怎么申请", "王先生您好", "我是来办证的"])
def test_no_names_without_a_person(text: str) -> None:
    assert values(text, "name") == []


def test_name_of_a_relative_has_a_role() -> None:
    (entity,) = found("我儿子李小明今年上小学", "name")
    assert entity.value == "李小明"
    assert entity.extra["role"] == "子女"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("家住广州天河区天河路123号", "广东省广州市天河区天河路123号"),
        ("地址：浙江省杭州市西湖区文三路90号2幢301室", "浙江省杭州市西湖区文三路90号2幢301室"),
        ("户籍地：河南省周口市", "河南省周口市"),
        ("住在幸福小区3栋2单元", "幸福小区3栋2单元"),
    ],
)
def test_addresses(text: str, expected: str) -> None:
    assert values(text, "address") == [expected]


def test_a_city_alone_is_not_an_address() -> None:
    assert values("我在深圳上班", "address") == []


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("2023年3月7日提交的", "date", "2023-03-07"),
        ("2023-03-07", "date", "2023-03-07"),
        ("85年3月7号出生", "birth_date", "1985-03-07"),
        ("出生日期：1990年12月1日", "birth_date", "1990-12-01"),
        ("去年十月失业", "date", "2024-10-01"),
        ("上个月5号", "date", "2025-05-05"),
        ("三天前", "date", "2025-06-12"),
        ("上周三去的", "date", "2025-06-04"),
        ("3月7号", "date", "2025-03-07"),
    ],
)
def test_dates(text: str, kind: str, expected: str) -> None:
    assert values(text, kind) == [expected]


def test_dates_not_real_are_dropped() -> None:
    assert values("2023年2月30日", "date") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("月收入三千五百元", 3500), ("存款3.5万元", 35000), ("工资5000", 5000), ("¥120.50", 120.5), ("两千块钱", 2000)],
)
def test_amounts(text: str, expected: float) -> None:
    assert values(text, "amount") == [expected]


def test_amount_negatives() -> None:
    assert values("今年30岁，住3号楼", "amount") == []


def test_empty_and_blank_text() -> None:
    assert extract("") == []
    assert extract("   \n\t") == []


def test_too_long_text_raises_a_value_error() -> None:
    with pytest.raises(TextTooLong) as info:
        extract("啊" * (MAX_TEXT_CHARS + 1))
    assert isinstance(info.value, ValueError)


def test_too_long_text_is_one_of_the_projects_errors() -> None:
    with pytest.raises(GovhallError) as info:
        extract("啊" * (MAX_TEXT_CHARS + 1))
    assert info.value.code == "text_too_long"
    assert info.value.status == 413
    assert info.value.message == f"文本过长：{MAX_TEXT_CHARS + 1} 个字符，上限为 {MAX_TEXT_CHARS} 个字符"


def test_limit_sized_text_is_fast_enough() -> None:
    text = ("我叫王建国电话13912345678住朝阳区建国路88号。" * 4000)[:MAX_TEXT_CHARS]
    entities = extract(text, today=TODAY)
    assert sum(e.type == "phone" for e in entities) > 3000


def test_binary_garbage_does_not_crash() -> None:
    garbage = bytes(range(256)).decode("latin-1") * 10 + "\x00\ud800"[:1]
    assert isinstance(extract(garbage), list)


def test_a_county_that_became_a_city_and_a_street_name_holding_a_stop_character_are_read_whole() -> None:
    text = "老家在四川省射洪市太和街道美丰路56号"
    found = [e for e in extract(text) if e.type == "address"]
    assert [text[e.start : e.end] for e in found] == ["四川省射洪市太和街道美丰路56号"]
    near = "我家在永和路12号，离这不远"
    assert [near[e.start : e.end] for e in extract(near) if e.type == "address"] == ["永和路12号"]
