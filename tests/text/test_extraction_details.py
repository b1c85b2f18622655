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
    ],
)
def test_spoken_amounts_with_a_tail(text: str, amount: float) -> None:
    assert _values(text, "amount") == [amount]


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
