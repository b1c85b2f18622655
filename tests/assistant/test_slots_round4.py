"""Slot filling, round 4 (issue 17): causes found on conversations written apart from the code,
each tested with examples written here (not copied from the dev sets)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govhall.assistant._numbers import spoken_decimals
from govhall.assistant._options import distinct_option
from govhall.assistant.slots import SlotUpdate, fill
from govhall.text import normalize


def _form(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _fill(form: dict[str, Any], text: str, *pending: str, **kwargs: Any) -> SlotUpdate:
    return fill(form, text, current=kwargs.pop("current", {}), pending=list(pending), **kwargs)


HOUSEHOLD = _form(
    family_size={"type": "integer", "title": "共同生活家庭成员人数"},
    income={"type": "number", "title": "家庭月总收入（元）"},
)
AREA = _form(
    area={"type": "number", "title": "现人均住房建筑面积（平方米）"},
    size={"type": "integer", "title": "共同申请家庭人数"},
)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("我带着两个闺女过，一共三口人", 3),
        ("本来说四个人，后来我妈也过来了，是五口人", 5),
        ("我们两口子，再加一个老人，总共三个人", 3),
        ("家里就我跟俩孩子，三个人", 3),
    ],
)
def test_the_household_is_the_total_said_not_a_part_of_it(text: str, size: int) -> None:
    assert _fill(HOUSEHOLD, text, "family_size").values["family_size"] == size
    assert _fill(HOUSEHOLD, text).values["family_size"] == size


@pytest.mark.parametrize("text", ["两口子一个月挣六千", "一个月就一千块", "两个孩子都在上学"])
def test_a_count_said_in_passing_is_no_household_size(text: str) -> None:
    assert "family_size" not in _fill(HOUSEHOLD, text, current={"family_size": 4}).values


def test_a_measure_said_with_the_fields_own_words_wins() -> None:
    values = _fill(AREA, "一套老房子三十平，住五个人，人均六平", "area").values
    assert values["area"] == 6
    assert values["size"] == 5


LEAVE = _form(
    leave={"type": "string", "title": "假期类型", "enum": ["生育产假", "流产产假"]},
    clinic={"type": "string", "title": "分娩或手术医疗机构"},
    day={"type": "string", "format": "date", "title": "分娩或手术日期"},
)


def test_a_reply_that_chooses_an_option_names_no_hospital() -> None:
    values = _fill(LEAVE, "不是生娃，是小产的那种", "day", "clinic").values
    assert values == {"leave": "流产产假"}


def test_a_hospital_named_with_an_option_word_still_fills() -> None:
    values = _fill(LEAVE, "在市妇幼保健院流产的", "clinic").values
    assert values["clinic"] == "市妇幼保健院"


KIND = _form(
    kind={"type": "string", "title": "残疾类别", "enum": ["智力残疾", "精神残疾", "肢体残疾"]},
    centre={"type": "string", "title": "评定机构"},
)


def test_an_option_is_not_read_from_another_fields_value() -> None:
    values = _fill(KIND, "鉴定打算去省精神卫生中心做", "kind").values
    assert values == {"centre": "省精神卫生中心"}


def test_an_option_part_inside_another_word_does_not_choose_it() -> None:
    classes = ["小型汽车（C1）", "小型自动挡汽车（C2）", "三轮汽车（C4）"]
    assert distinct_option(classes, "平时开手动挡的车") is None
    assert distinct_option(classes, "开的是自动挡") == "小型自动挡汽车（C2）"
    pensions = ["企业职工基本养老保险", "城乡居民基本养老保险"]
    assert distinct_option(pensions, "单位给交的职工养老") == "企业职工基本养老保险"


MARRIAGE = _form(
    applicant_name={"type": "string", "title": "申请人姓名"},
    id_number={"type": "string", "format": "cn-id-card", "title": "申请人公民身份号码"},
    partner_name={"type": "string", "title": "对方姓名"},
    partner_id_number={"type": "string", "format": "cn-id-card", "title": "对方公民身份号码"},
)


def test_an_invalid_number_is_the_problem_of_the_person_it_was_said_for() -> None:
    current = {"applicant_name": "王丽", "id_number": "110101199003077571"}
    update = _fill(MARRIAGE, "她叫陈静，身份证号110101199204150023", "partner_id_number", current=current)
    assert update.values == {"partner_name": "陈静"}
    assert list(update.problems) == ["partner_id_number"]
    assert update.raw == {"partner_id_number": "110101199204150023"}


def test_an_invalid_number_typed_again_corrects_its_own_field() -> None:
    current = {"applicant_name": "王丽", "id_number": "110101199003077571", "partner_name": "陈静"}
    update = _fill(
        MARRIAGE,
        "不好意思我写错一位，是110101199204150026",
        "partner_id_number",
        current=current,
        unchecked={"partner_id_number": "110101199204150023"},
    )
    assert update.values == {"partner_id_number": "110101199204150026"}


FILE_NO = _form(
    file_no={"type": "string", "title": "驾驶证档案编号", "pattern": "^[0-9]{12}$"},
    klass={"type": "string", "title": "准驾车型", "enum": ["小型汽车（C1）", "小型自动挡汽车（C2）"]},
)


def test_a_number_with_a_pattern_is_found_wherever_it_stands() -> None:
    values = _fill(FILE_NO, "刚才漏了一位数，完整的是 3201 0512 3456", "file_no", "klass").values
    assert values == {"file_no": "320105123456"}


SHOP = _form(
    owner={"type": "string", "title": "经营者姓名"},
    trade_name={"type": "string", "title": "字号名称"},
    premises={"type": "string", "title": "经营场所"},
    scope={"type": "string", "title": "经营范围", "maxLength": 2000},
)


def test_a_clause_that_starts_with_another_fields_own_label_is_not_this_fields_answer() -> None:
    values = _fill(SHOP, "店在西湖区，杭州市西湖区文三路90号一楼", "trade_name", "premises").values
    assert "trade_name" not in values


def test_a_corrected_text_replaces_the_value_it_resembles() -> None:
    current = {"owner": "林建华", "trade_name": "鼓楼区阿华小吃店", "scope": "小吃"}
    update = _fill(SHOP, "我想想还是换一下，叫鼓楼区林记小吃店，顺口", "premises", current=current)
    assert update.values == {"trade_name": "鼓楼区林记小吃店"}


PASSPORT = _form(
    applicant_name={"type": "string", "title": "申请人姓名"},
    purpose={"type": "string", "title": "出境事由", "enum": ["旅游", "商务", "学习"]},
)


def test_a_city_said_like_a_name_fills_no_name() -> None:
    values = _fill(PASSPORT, "要去越南胡志明那边跑生意", "purpose", current={"applicant_name": "林建华"}).values
    assert "applicant_name" not in values


@pytest.mark.parametrize(
    ("text", "written"),
    [("一共四百三十七块零五分", "437.05元"), ("花了一千二百块六毛", "1200.6元"), ("八十九点五平", "89.5平")],
)
def test_decimals_said_in_words_come_from_the_amount_recogniser(text: str, written: str) -> None:
    assert written in spoken_decimals(normalize(text))


BABIES = _form(
    newborn_count={"type": "integer", "title": "生育胎儿数"},
    clinic={"type": "string", "title": "分娩或手术医疗机构"},
)


def test_a_count_of_babies_said_in_passing_is_the_number_of_babies() -> None:
    assert _fill(BABIES, "上周在区妇幼生的，顺产，一个闺女").values["newborn_count"] == 1


def test_declining_to_fill_something_answers_nothing() -> None:
    assert _fill(BABIES, "钱单位代领，银行卡先不用填", "clinic").values == {}


MODE = _form(
    mode={"type": "string", "title": "申请保障方式", "enum": ["实物配租", "租赁补贴"]},
    income={"type": "number", "title": "家庭月总收入（元）"},
)


def test_a_change_of_mind_changes_the_option_chosen_before() -> None:
    current = {"mode": "租赁补贴"}
    update = _fill(MODE, "想了想还是决定要分套房子，不想一直租了", "income", current=current)
    assert update.values["mode"] == "实物配租"
    assert "mode" not in _fill(MODE, "房子的事我再想想", "income", current=current).values


MOVED = _form(since={"type": "string", "format": "date", "title": "来本地居住日期"})


def test_a_day_said_after_its_year_on_its_own_keeps_that_year() -> None:
    values = _fill(MOVED, "2024年春节过完来的，3月2号到的", "since", today=date(2026, 12, 6)).values
    assert values == {"since": "2024-03-02"}
    assert _fill(MOVED, "3月2号来的", "since", today=date(2026, 12, 6)).values == {"since": "2026-03-02"}


EMPLOYER = _form(
    employer={"type": "string", "title": "原工作单位"},
    months={"type": "integer", "title": "累计缴费月数"},
)


def test_a_body_pointed_at_names_no_employer() -> None:
    values = _fill(EMPLOYER, "保险交了六年半，一直在这家公司交的", "months").values
    assert values == {"months": 78}


HARDSHIP = _form(
    expense={"type": "number", "title": "自付费用总额（元）"},
    story={"type": "string", "title": "困难情况说明", "maxLength": 1000},
    card={"type": "string", "format": "bank-card", "title": "收款银行卡号"},
)


def test_a_dictated_story_keeps_its_words_and_changes_no_amount_given() -> None:
    said = "困难情况就写：我爸骑车摔断了腿，做手术花了六万多，家里就靠我一个人"
    update = _fill(HARDSHIP, said, "card", current={"expense": 63480})
    assert update.values == {"story": "我爸骑车摔断了腿，做手术花了六万多，家里就靠我一个人"}


def test_a_value_dictated_to_the_assistant_replaces_the_field() -> None:
    form = _form(
        content={"type": "string", "title": "诉求内容", "maxLength": 1000},
        phone={"type": "string", "title": "联系电话", "format": "cn-mobile"},
    )
    said = "诉求内容你就写：南门公交站的雨棚漏雨半个月了，请尽快修"
    update = fill(form, said, current={"content": "雨棚坏了"}, pending=[])
    assert update.values["content"] == "南门公交站的雨棚漏雨半个月了，请尽快修"
