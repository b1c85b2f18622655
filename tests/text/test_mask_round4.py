"""Masking leaks by kind, fourth round of issue 19: a landline with an extension, QQ written 扣扣,
permits after their label, plates written with a space or in lower case, rooms and village groups
without 号, e-mails that dodge the @, and a name that recurs without its cue; and what must stay."""

from __future__ import annotations

import pytest

from govhall.text import extract, mask
from govhall.text.mask import needs_mask
from govhall.text.normalize import normalize


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("有问题打我座机（010）62345678-206，白天都在。", "62345678"),
        ("不方便接电话，扣扣382910475留言就行。", "382910475"),
        ("港澳通行证号码C61827394丢了", "C61827394"),
        ("台胞证号：01234567", "01234567"),
        ("车牌浙 A12345的车", "A12345"),
        ("浙a12345的车停在消防通道", "a12345"),
        ("车牌号是 川A-8B2C3", "8B2C3"),
        ("住宿舍，工业园区宿舍楼B栋305", "B栋305"),
        ("幸福里小区5号楼3门201的住户", "3门201"),
        ("我们是白沙镇黄泥村三组的", "黄泥村三组"),
        ("邮箱zhangli#163.com（#换成@）", "zhangli#163.com"),
        ("邮箱 zhang_li(at)163.com", "zhang_li(at)163.com"),
        ("身份证：A123456789（台湾）", "A123456789"),
        ("身份证号码是A123456(7)", "A123456"),
        ("家住城南村，门牌号18号", "门牌号18号"),
        ("地址：城西区 胜利路 56号 3楼", "56号"),
        ("我家就在阳光小区，物业不作为", "阳光小区"),
    ],
)
def test_a_secret_of_each_kind_is_masked_and_flagged(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert needs_mask(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("联系人：杜鹃，手机13912345678。杜鹃是我姐姐。", "杜鹃"),
        ("申请人：甘露。情况说明：甘露与丈夫离婚后独自抚养女儿。", "甘露"),
    ],
)
def test_a_name_read_once_is_masked_wherever_it_recurs(text: str, name: str) -> None:
    masked = mask(text, ner=False)
    assert name not in masked
    assert masked.count("*") >= 2 * (len(name) - 1)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("同批业主还有陶建新、褚丽、晏小波等四十多户。", ["陶建新", "褚丽", "晏小波"]),
        ("参加调解的有黄志刚、冯丽、蒋海涛三个人", ["黄志刚", "冯丽", "蒋海涛"]),
    ],
)
def test_every_name_of_a_list_is_masked(text: str, names: list[str]) -> None:
    masked = mask(text, ner=True)
    assert not [name for name in names if name in masked]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("请带好身份证、户口本，联系人王芳、电话13912345678", "身份证、户口本"),
        ("王芳、王芳的丈夫和孩子", "的丈夫和孩子"),
    ],
)
def test_a_list_beside_a_name_holds_names_only_where_a_surname_fills_a_slot(text: str, kept: str) -> None:
    assert kept in mask(text, ner=True)


def test_an_occupation_before_a_name_is_a_role() -> None:
    assert "阚淑贞" not in mask("我是第三小学的退休教师阚淑贞，住校内家属楼", ner=False)


def test_a_local_number_and_its_extension_stay_apart() -> None:
    assert normalize("座机8765 4321 206") == "座机8765 4321 206"
    assert normalize("手机 138 1234 5678") == "手机 13812345678"
    phones = [e.value for e in extract("有问题打我座机（010）62345678-206") if e.type == "phone"]
    assert phones == ["010-62345678"]


def test_a_local_landline_keeps_only_its_last_four_digits() -> None:
    assert mask("联系电话：8765 4321") == "联系电话：****4321"


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("办公室电话0571-87652310转8023", []),
        ("不方便接电话，扣扣382910475留言就行", []),
        ("我转了3000给他", [3000]),
        ("工资被扣3000", [3000]),
    ],
)
def test_an_extension_or_qq_number_is_no_money(text: str, amounts: list[int]) -> None:
    assert [e.value for e in extract(text) if e.type == "amount"] == amounts


@pytest.mark.parametrize(
    "text",
    [
        "新A股行情不错",
        "请问办理港澳通行证需要带什么材料？",
        "我们小区的电梯又坏了",
        "我的订单号20261103004521，商家不发货",
    ],
)
def test_words_and_numbers_that_are_no_personal_data_stay(text: str) -> None:
    assert mask(text, ner=False) == text


def test_a_birthday_without_a_year_is_masked_in_the_citizens_words() -> None:
    assert mask("我生日是3月12号，想问生日当天能不能办") == "我生日是*月**号，想问生日当天能不能办"
    assert mask("孩子出生于2020年6月8日") == "孩子出生于2020-**-**"
