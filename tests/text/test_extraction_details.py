"""Extraction details from issue 19: bracketed area codes, rooms after buildings, spoken amount
tails, and numbers that are what their label says."""

from __future__ import annotations

import pytest

from govhall.text import extract, mask


def _values(text: str, kind: str) -> list[object]:
    return [e.value for e in extract(text, ner=False) if e.type == kind]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("电话(010)62345678", "010-62345678"),
        ("座机（0571）88886666，白天打", "0571-88886666"),
        ("固话0755-26543210", "0755-26543210"),
        ("座机(021)6234-5678", "021-62345678"),
        ("联系电话 010 - 62345678", "010-62345678"),
        ("办公电话：0755-8888-6666", "0755-88886666"),
        ("电话：87654321，白天打", "87654321"),
    ],
)
def test_landlines_with_bracketed_area_codes(text: str, phone: str) -> None:
    assert _values(text, "phone") == [phone]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("花了两块五", 2.5),
        ("一共十二块五", 12.5),
        ("3块5毛", 3.5),
        ("存款三万三", 33000),
        ("房租一万三千五", 13500),
        ("一共花了一万三千六百八十块五毛", 13680.5),
        ("买药花了八十八块八毛八", 88.88),
        ("报销金额4,582.30元", 4582.3),
        ("押金三千多元", 3000),
        ("赔了2000余元", 2000),
        ("五毛钱", 0.5),
        ("工资三千五一个月", 3500),
        ("共欠款人民币贰万叁仟元整", 23000),
        ("一千二百三十四点五元", 1234.5),
        ("三点五万元的车", 35000),
        ("月薪8k", 8000),
        ("金额：350.00", 350),
        ("被骗了两万五", 25000),
        ("一万三的装修款还没退", 13000),
        ("工资2万5千元", 25000),
        ("月入3千5", 3500),
        ("罚了1千2百块", 1200),
        ("物业费每月320", 320),
        ("每月缴存公积金1200", 1200),
    ],
)
def test_spoken_amounts_with_a_tail(text: str, amount: float) -> None:
    assert _values(text, "amount") == [amount]


@pytest.mark.parametrize(
    ("text", "amounts"), [("补助标准每人每月500-800元", [500, 800]), ("月收入：3000-5000", [3000, 5000])]
)
def test_both_ends_of_a_range_are_amounts(text: str, amounts: list[int]) -> None:
    assert _values(text, "amount") == amounts


@pytest.mark.parametrize(
    "text",
    [
        "家住幸福花园小区3幢501室",
        "收件地址是解放路12号",
        "打12345热线",
        "借了3本书",
        "公积金账号12345678901",
        "社保卡号1234567",
    ],
)
def test_a_money_verb_or_word_nearby_does_not_make_a_number_money(text: str) -> None:
    assert _values(text, "amount") == []


def test_a_tail_digit_before_a_measure_word_is_not_tenths() -> None:
    assert _values("100元5个人分", "amount") == [100]


@pytest.mark.parametrize(
    "text",
    ["社保卡号13912345678", "订单号15012345678的退款", "会员账号13698765432", "缴费户号13800001111"],
)
def test_an_eleven_digit_number_labelled_otherwise_is_not_a_phone(text: str) -> None:
    assert _values(text, "phone") == []


def test_a_phone_label_nearer_than_a_card_label_keeps_the_phone() -> None:
    assert _values("卡号尾号不记得了，电话13912345678", "phone") == ["13912345678"]


def test_a_labelled_account_number_is_masked_whatever_its_length() -> None:
    masked = mask("公积金账号12345678901，单位没给我交")
    assert "12345678901" not in masked


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("住杭州市西湖区文三路100号3幢2单元501室", "3幢2单元501室"),
        ("地址：广州市天河区体育西路101号2栋3单元402房", "2栋3单元402房"),
        ("家住南京市鼓楼区中山路18号5栋1202", "5栋1202"),
    ],
)
def test_a_room_after_the_building_stays_in_the_address(text: str, tail: str) -> None:
    addresses = _values(text, "address")
    assert len(addresses) == 1 and str(addresses[0]).endswith(tail)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("住址：杭州市西湖区文三路一百号三幢二单元五零一室", "浙江省杭州市西湖区文三路一百号三幢二单元五零一室"),
        ("我家住在杭州市西湖区文三路100号3幢楼下有个垃圾站", "浙江省杭州市西湖区文三路100号3幢"),
        ("地址：南京市鼓楼区中山路18号门口经常堵车", "江苏省南京市鼓楼区中山路18号"),
        ("住址：长沙市雨花区劳动东路139号12栋1502室（东门进）", "湖南省长沙市雨花区劳动东路139号12栋1502室"),
    ],
)
def test_an_address_keeps_the_citizen_wording_and_ends_before_what_follows(text: str, address: str) -> None:
    assert _values(text, "address") == [address]


@pytest.mark.parametrize("text", ["村民王某反映路灯坏了。", "当事人张某某已经离开。", "李某，男，35岁。"])
def test_a_name_already_withheld_is_not_reported(text: str) -> None:
    assert [e.value for e in extract(text) if e.type == "name"] == []


def test_a_name_opening_a_record_before_a_bracket_is_found() -> None:
    assert _values("武平国（13912345678）反映小区路灯坏了。", "name") == ["武平国"]
