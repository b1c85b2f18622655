"""Amounts by cause (issue 19, third round): money after a clause break, spaced and approximate
ten-thousands, more money words and verbs, a number before a money noun, pay per period, and
numbers beside money words that are rates, counts or places in a form."""

from __future__ import annotations

import pytest

from govhall.text import extract
from govhall.text.normalize import normalize


def _amounts(text: str) -> list[object]:
    return [e.value for e in extract(text, ner=False) if e.type == "amount"]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("工资很低，3000元一个月", [3000]),
        ("房租1500，押金3000", [1500, 3000]),
        ("本次申请，金额2000元。", [2000]),
        ("总计：1,500元，其中押金500元", [1500, 500]),
    ],
)
def test_a_clause_break_before_a_number_does_not_hide_the_amount(text: str, amounts: list[float]) -> None:
    assert _amounts(text) == amounts


def test_a_lone_numeral_after_digits_does_not_run_into_them() -> None:
    assert normalize("房租1500一个月") == "房租1500一个月"  # not 15001个月
    assert normalize("一个月") == "1个月"


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("申请贷款 20 万元", "申请贷款 200000元"),
        ("欠款二十多万", "欠款200000多"),
        ("手术费要十来万", "手术费要100000来"),
        ("总共1万零500元", "总共10500元"),
        ("欠款1点5万", "欠款15000"),
        ("3仟元", "3000元"),
    ],
)
def test_ten_thousands_written_apart_or_approximately_are_numbers(text: str, normalised: str) -> None:
    assert normalize(text) == normalised


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("拖欠工资 3.5 万元。", [35000]),
        ("欠款二十多万", [200000]),
        ("5000RMB", [5000]),
        ("每月房贷3500，车贷2000", [3500, 2000]),
        ("存款：无；负债：20万", [200000]),
        ("每个月能拿到手四千二", [4200]),
        ("保证金1万", [10000]),
        ("年终奖2万没发", [20000]),
        ("医疗费共：12,680.50", [12680.5]),
        ("被盗刷4999.00", [4999]),
        ("我垫了八百", [800]),
        ("开销大概每个月两千五", [2500]),
        ("还了我3000", [3000]),
        ("一年下来挣了不到两万", [20000]),
        ("补偿5000就算了", [5000]),
        ("房租1500包水电", [1500]),
        ("房租从2800涨到3200了", [2800, 3200]),
        ("家庭年收入（万元）：6.5", [65000]),
        ("亏了2万", [20000]),
        ("充了500进去", [500]),
        ("汇了2000给他", [2000]),
        ("医药费自己掏了八千", [8000]),
        ("房产一套，价值约80万", [800000]),
        ("贷款3百万", [3000000]),
        ("拾万元整", [100000]),
        ("用了3000", [3000]),
        ("还欠着3000", [3000]),
        ("卡里剩3000", [3000]),
        ("还差500", [500]),
        ("押了2000", [2000]),
        ("取了5000", [5000]),
    ],
)
def test_money_words_verbs_and_form_units(text: str, amounts: list[float]) -> None:
    assert _amounts(text) == amounts


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("每月2000生活费不够", [2000]),
        ("每月1200低保", [1200]),
        ("每月能领到1200的低保", [1200]),
        ("我在超市上班一个月2800", [2800]),
        ("每年12000，一次交清", [12000]),
        ("每平米12000", [12000]),
        ("每亩补800", [800]),
        ("每人每月300", [300]),
        ("工资的话，一个月下来大概也就三千", [3000]),
        ("工资3500一个月", [3500]),
        ("护工300一天", [300]),
        ("猪肉15一斤", [15]),
        ("住宿200一晚", [200]),
        ("大概两千左右吧", [2000]),
        ("一千出头", [1000]),
        ("3000人民币", [3000]),
    ],
)
def test_a_number_before_a_money_noun_or_after_a_pay_period(text: str, amounts: list[float]) -> None:
    assert _amounts(text) == amounts


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("两块五一斤", [2.5]),
        ("涨到了4块一斤", [4]),
        ("1200元一亩", [1200]),
        ("花了我20块零5毛", [20.5]),
        ("三十五块零八毛", [35.8]),
    ],
)
def test_spoken_tails_stop_at_a_measure_word(text: str, amounts: list[float]) -> None:
    assert _amounts(text) == amounts


@pytest.mark.parametrize(
    "text",
    [
        "这3款产品都不行。",
        "交2寸照片2张",
        "补贴申请表第3栏",
        "房贷利率4.2%",
        "存款利率3.1",
        "12楼的房租涨了",
        "每月3次，每年12天",
        "每月15号发",
        "贷款期限30年",
        "工资问题打12333",
        "拖欠工资可以拨打12345",
        "费用问题请致电96123",
        "补贴政策2024版",
        "欠款人住在302",
        "一个月内打了三次120",
        "每月300度电，每个月要跑120公里",
        "一年前在302住",
        "一年级1200人",
        "每户3人，每天8小时，每次15分钟",
        "用了3天，差3分，少3个人",
        "提了3次意见，取3号，剩下2个",
        "还差2年退休，提前3天",
        "用地2000平方米",
        "身高170左右",
        "考了600左右",
        "下午3点左右",
    ],
)
def test_rates_counts_and_places_beside_money_words_are_no_amounts(text: str) -> None:
    assert _amounts(text) == []
