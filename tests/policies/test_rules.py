"""Rules over a count read off the article itself: years of service → months of wages (劳动合同法
第四十七条), twins → days of leave or hours of nursing (女职工劳动保护特别规定 第七条、第九条)."""

from __future__ import annotations

import pytest

from govhall.policies.rules import per_extra_child, per_year_of_service
from govhall.text import normalize

SEVERANCE = normalize(
    "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。六个月以上不满一年的，"
    "按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。"
)
LEAVE = normalize(
    "女职工生育享受98天产假，其中产前可以休假15天；难产的，增加产假15天；生育多胞胎的，每多生育1个婴儿，增加产假15天。"
)
NURSING = normalize(
    "用人单位应当在每天的劳动时间内为哺乳期女职工安排1小时哺乳时间；女职工生育多胞胎的，每多哺乳1个婴儿每天增加1小时哺乳时间。"
)


@pytest.mark.parametrize(
    ("question", "months"),
    [
        ("干了五年零两个月被公司辞退，能补偿几个月工资", 5.5),
        ("在厂里做了两年半，被裁员了给多少补偿", 3),
        ("上班7个月就被解除合同了，有补偿吗", 1),
        ("工作满6年，单位跟我解除劳动合同要赔几个月", 6),
    ],
)
def test_years_of_service_give_months_of_wages(question: str, months: float) -> None:
    applied = per_year_of_service(normalize(question), SEVERANCE)
    assert applied is not None and applied.details["value"] == months
    assert f"共{months:g}个月工资" in applied.sentence


def test_no_rule_without_a_severance_question_or_a_length() -> None:
    assert per_year_of_service(normalize("交了6年社保能领多久失业金"), SEVERANCE) is None
    assert per_year_of_service(normalize("被辞退了补偿怎么算"), SEVERANCE) is None
    assert per_year_of_service(normalize("干了3年被辞退"), LEAVE) is None  # the article has no such rule


def test_a_year_that_is_a_date_is_no_length_of_service() -> None:
    applied = per_year_of_service(normalize("我2015年入职，干了3年被辞退"), SEVERANCE)
    assert applied is not None and applied.details["input_months"] == 36
    assert per_year_of_service(normalize("5年前入职，被辞退了补偿多少"), SEVERANCE) is None


@pytest.mark.parametrize(
    ("question", "article", "total"),
    [
        ("老婆顺产生了双胞胎，产假一共多少天", LEAVE, "113天"),
        ("三胞胎的产假有几天", LEAVE, "128天"),
        ("龙凤胎每天能有多长喂奶时间", NURSING, "2小时"),
    ],
)
def test_each_extra_baby_adds_to_the_articles_own_base(question: str, article: str, total: str) -> None:
    applied = per_extra_child(normalize(question), article)
    assert applied is not None and applied.sentence.endswith(f"共{total}。")


def test_one_baby_or_no_such_rule_computes_nothing() -> None:
    assert per_extra_child(normalize("产假有多少天"), LEAVE) is None
    assert per_extra_child(normalize("双胞胎能领多少失业金"), SEVERANCE) is None
