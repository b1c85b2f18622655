"""Whose value it is (issue 17, slots): a relative's phone said by the speaker, a number reused for a
second field by reference, and a parent's own ID number on a form about their child.

Every example is written for this file; none is copied from a conversation set.
"""

from __future__ import annotations

from typing import Any

import pytest

from govhall.assistant.slots import fill
from govhall.text import id_check_digit


def _id(first17: str) -> str:
    return first17 + id_check_digit(first17)


def _values(form: dict[str, Any], text: str, **current: Any) -> dict[str, Any]:
    return fill(form, text, current=current, pending=[]).values


def _form(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _text(title: str) -> dict[str, Any]:
    return {"type": "string", "title": title}


def _phone(title: str) -> dict[str, Any]:
    return {"type": "string", "title": title, "format": "cn-mobile"}


def _id_field(title: str) -> dict[str, Any]:
    return {"type": "string", "title": title, "format": "cn-id-card"}


ELDER = _form(
    applicant_name=_text("老年人姓名"),
    id_number=_id_field("公民身份号码"),
    phone=_phone("联系电话"),
    agent_name=_text("代办人姓名"),
    agent_phone=_phone("代办人联系电话"),
)
WARD = _form(
    applicant_name=_text("申请人姓名"),
    id_number=_id_field("公民身份号码"),
    phone=_phone("联系电话"),
    guardian_name=_text("监护人姓名"),
    guardian_phone=_phone("监护人联系电话"),
)
TRAVEL = _form(
    applicant_name=_text("申请人姓名"),
    id_number=_id_field("公民身份号码"),
    phone=_phone("联系电话"),
    emergency_contact_name=_text("紧急联系人姓名"),
    emergency_contact_phone=_phone("紧急联系人电话"),
)


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("代办人就是我，手机15011112222，联系电话留我妈的13722223333", "13722223333"),
        ("我当代办人，我的号15011112222；联系电话写我老爸的吧，13722223333", "13722223333"),
    ],
)
def test_a_relatives_phone_said_with_my_is_the_relatives_not_the_speakers(text: str, relative: str) -> None:
    values = _values(ELDER, text, applicant_name="柏秀兰", agent_name="柏志远", agent_phone="15011112222")
    assert values["phone"] == relative
    assert values.get("agent_phone", "15011112222") == "15011112222"


def test_my_own_number_for_the_contact_phone_is_still_mine() -> None:
    values = _values(ELDER, "联系电话也留我的", applicant_name="柏秀兰", agent_phone="15011112222")
    assert values["phone"] == "15011112222"


@pytest.mark.parametrize(
    "text",
    [
        "我是她舅舅，我来代她申请，电话15833334444，联系电话也留这个",
        "我是她舅舅，我的手机15833334444，电话也写这个号",
        "监护人是我，手机15833334444，联系电话也填同一个",
    ],
)
def test_a_number_reused_by_reference_fills_the_second_field(text: str) -> None:
    values = _values(WARD, text, applicant_name="沈小禾")
    assert values["guardian_phone"] == "15833334444"
    assert values["phone"] == "15833334444"


def test_reuse_without_an_earlier_number_fills_nothing() -> None:
    assert "phone" not in _values(WARD, "联系电话也留这个", applicant_name="沈小禾")


def test_a_parents_own_id_does_not_fill_the_childs_id() -> None:
    parent = _id("44030519790615002")
    values = _values(TRAVEL, f"我是他爸爸，我的身份证{parent}，电话都留我的13955556666", applicant_name="程一舟")
    assert "id_number" not in values
    assert values["phone"] == "13955556666"


def test_the_childs_id_said_beside_the_parents_fills_the_childs_field() -> None:
    parent, child = _id("44030519790615002"), _id("44030520120308001")
    values = _values(TRAVEL, f"我是他妈妈，儿子身份证{child}，我的身份证{parent}", applicant_name="程一舟")
    assert values["id_number"] == child


def test_a_guardians_own_id_does_not_fill_the_wards_id() -> None:
    guardian = _id("32010219850920003")
    values = _values(WARD, f"我是她姑姑，我身份证号{guardian}", applicant_name="沈小禾")
    assert "id_number" not in values


def test_the_applicants_own_id_still_fills_the_field() -> None:
    own = _id("32010219850920003")
    assert _values(TRAVEL, f"我叫程海，身份证{own}")["id_number"] == own


BIRTH = _form(
    child_name=_text("新生儿姓名"),
    birth_date={"type": "string", "title": "出生日期", "format": "date"},
    father_name=_text("父亲姓名"),
    mother_name=_text("母亲姓名"),
)


def test_a_rename_goes_to_the_field_whose_old_name_it_drops() -> None:
    current = {"child_name": "邵知远", "mother_name": "梁素琴", "father_name": "邵峰"}
    values = _values(BIRTH, "对了，孩子他妈说不叫知远了，改成邵知行", **current)
    assert values == {"child_name": "邵知行"}


def test_a_mothers_new_name_without_an_old_one_quoted_stays_hers() -> None:
    values = _values(BIRTH, "孩子妈妈叫梁素琴", child_name="邵知远")
    assert values["mother_name"] == "梁素琴"
    assert values.get("child_name", "邵知远") == "邵知远"


@pytest.mark.parametrize(
    "text",
    ["娃叫邵知远，2025年3月9号下午四点多生的", "我们娃娃叫邵知远，是2025年3月9日夜里出生的"],
)
def test_a_babys_name_and_birth_day_said_with_the_hour(text: str) -> None:
    values = _values(BIRTH, text)
    assert values["child_name"] == "邵知远"
    assert values["birth_date"] == "2025-03-09"


def test_a_day_without_a_birth_word_is_no_birth_date() -> None:
    assert "birth_date" not in _values(BIRTH, "2025年3月9号下午四点我去窗口办")


HUKOU = _form(
    relation={"type": "string", "title": "申报人与新生儿关系", "enum": ["父亲", "母亲", "其他监护人"]},
    hukou_follow={"type": "string", "title": "落户方式", "enum": ["随父落户", "随母落户"]},
)


@pytest.mark.parametrize(
    ("text", "option"),
    [("户口随孩子他妈那边，她是本市户口", "随母落户"), ("户口就跟她爸走吧", "随父落户")],
)
def test_the_parent_the_baby_follows_named_by_the_citizens_word(text: str, option: str) -> None:
    assert _values(HUKOU, text, relation="父亲")["hukou_follow"] == option


def test_the_parent_followed_is_no_relation_of_the_speaker() -> None:
    values = _values(HUKOU, "那就随她爸爸吧，她爸户口在县里")
    assert values["hukou_follow"] == "随父落户"
    assert "relation" not in values


ENROL = _form(
    child_name=_text("学生姓名"),
    child_id_number=_id_field("学生公民身份号码"),
    applicant_name=_text("监护人姓名"),
    id_number=_id_field("监护人公民身份号码"),
)


@pytest.mark.parametrize("text", ["学校我还得跟孩子他妈商量商量", "这事我再和孩子妈妈合计合计"])
def test_a_verb_after_a_person_led_by_a_preposition_is_no_name(text: str) -> None:
    values = _values(ENROL, text, child_name="韦小川", applicant_name="韦国栋")
    assert not {"applicant_name", "child_name"} & set(values)


def test_a_name_right_after_the_person_word_is_still_read() -> None:
    assert _values(ENROL, "孩子韦小川，我是他爸韦国栋")["child_name"] == "韦小川"
