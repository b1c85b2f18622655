"""Rules over a count read off the article itself: years of service → months of wages (劳动合同法
第四十七条), twins → days of leave or hours of nursing (女职工劳动保护特别规定 第七条、第九条); round 10:
the disability grade's figures (工伤保险条例 第三十五至三十七条) and a share of the wage (劳动合同法 第二十条)."""

from __future__ import annotations

import pytest

from govhall.policies.rules import double_wages, per_extra_child, per_grade, per_year_of_service, share_of_wage
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


GRADES = normalize(
    "职工因工致残被鉴定为一级至四级伤残的，享受以下待遇：（一）从工伤保险基金按伤残等级支付一次性伤残补助金，"
    "标准为：一级伤残为27个月的本人工资，二级伤残为25个月的本人工资，三级伤残为23个月的本人工资，四级伤残为21个月的本人工资；"
    "（二）从工伤保险基金按月支付伤残津贴，标准为：一级伤残为本人工资的90%，二级伤残为本人工资的85%，"
    "三级伤残为本人工资的80%，四级伤残为本人工资的75%。"
)


def test_the_grade_named_picks_its_figures_and_the_wage_makes_them_money() -> None:
    # a digit grade reads as the article's 三级; the lump sum and the allowance both, in money
    both = per_grade(normalize("我爸评了3级伤残，原来每个月工资4000，工伤待遇能拿多少"), GRADES)
    assert both is not None
    assert "23个月的本人工资" in both.sentence and "约92000元" in both.sentence
    assert "本人工资的80%" in both.sentence and "每月约3200元" in both.sentence
    # the allowance alone when it is the one asked about, the months alone without a wage
    allowance = per_grade(normalize("四级伤残退出岗位以后，伤残津贴每月按多少发"), GRADES)
    assert allowance is not None and "75%" in allowance.sentence and "21个月" not in allowance.sentence
    lump = per_grade(normalize("一级伤残的一次性补助金是多少"), GRADES)
    assert lump is not None and "27个月的本人工资" in lump.sentence and "元" not in lump.sentence


def test_no_grade_figure_for_another_grade_or_a_question_not_about_an_amount() -> None:
    assert per_grade(normalize("评了八级伤残，一次性补助金有多少"), GRADES) is None  # not in this article
    assert per_grade(normalize("二级伤残以后还能不能继续上班"), GRADES) is None
    assert per_grade(normalize("伤残补助金能拿多少"), GRADES) is None  # no grade named


def test_a_share_of_the_wage_in_money_at_the_wage_stated() -> None:
    clause = normalize("劳动者在试用期的工资不得低于本单位相同岗位最低档工资或者劳动合同约定工资的百分之八十。")
    applied = share_of_wage(normalize("说好月薪八千，试用期那三个月最少发多少"), clause)
    assert applied is not None and "约为6400元" in applied.sentence
    # no wage, no amount asked, or several shares (a table by grade) compute nothing
    assert share_of_wage(normalize("试用期工资最少发多少"), clause) is None
    assert share_of_wage(normalize("月薪八千，试用期能不能只发一半"), clause) is None
    assert share_of_wage(normalize("月薪八千，伤残津贴多少"), GRADES) is None


NO_CONTRACT = normalize(
    "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。"
)


def test_months_without_a_written_contract_owe_a_second_wage_after_the_first() -> None:
    applied = double_wages(normalize("在饭店端盘子七个月了，老板一直不签合同，能多拿几个月工资"), NO_CONTRACT)
    assert applied is not None and applied.details["value"] == 6 and "共多付6个月工资" in applied.sentence
    # the window ends at the year: at most eleven months, and the contract is deemed open-ended
    long = double_wages(normalize("干了两年都没签合同，能多要多少钱"), NO_CONTRACT)
    assert long is not None and long.details["value"] == 11 and "无固定期限劳动合同" in long.sentence
    # within the first month nothing is owed yet
    early = double_wages(normalize("刚上班1个月，还没签合同，能要多少钱"), NO_CONTRACT)
    assert early is not None and early.details["value"] == 0


def test_no_contract_without_leaving_is_no_severance_question() -> None:
    # "没签合同能赔多少" asks for the double wages; being dismissed as well asks for severance
    assert per_year_of_service(normalize("没签合同干了八个月，能赔我多少"), SEVERANCE) is None
    dismissed = per_year_of_service(normalize("没签合同干了两年被辞退，能补偿几个月"), SEVERANCE)
    assert dismissed is not None and dismissed.details["value"] == 2
    assert double_wages(normalize("签了合同干了八个月，能要多少钱"), NO_CONTRACT) is None
