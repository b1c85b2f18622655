"""Slot filling from free text: generic behaviours driven by field titles, formats, enums and word tables."""

from __future__ import annotations

from typing import Any

import pytest

from govhall.assistant._people import person_of
from govhall.assistant.slots import fill


def _form(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _values(form: dict[str, Any], text: str, pending: tuple[str, ...] = ()) -> dict[str, Any]:
    return fill(form, text, current={}, pending=list(pending)).values


KIND = {"type": "string", "title": "申请类型", "enum": ["首次申领", "到期换领", "遗失补领"]}
LIVING = {"type": "string", "title": "居住状况", "enum": ["独居", "与配偶同住", "与子女同住", "入住养老机构"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("我是第一次办", "首次申领"), ("证丢了要补一个", "遗失补领"), ("之前从来没办过证", "首次申领")],
)
def test_enum_value_stated_indirectly_is_found_through_synonyms(text: str, expected: str) -> None:
    assert _values(_form(kind=KIND), text)["kind"] == expected


def test_enum_synonym_works_on_normalised_numbers() -> None:
    assert _values(_form(living=LIVING), "她一个人住") == {"living": "独居"}
    assert _values(_form(living=LIVING), "跟老伴一起住") == {"living": "与配偶同住"}


def test_negated_synonym_is_not_taken() -> None:
    spec = {"type": "string", "title": "领取方式", "enum": ["邮寄送达", "窗口自取"]}
    assert _values(_form(delivery=spec), "不用邮寄") == {}


def test_unrelated_words_do_not_pick_an_enum_value_unless_asked() -> None:
    spec = {"type": "string", "title": "未直接结算原因", "enum": ["异地就医未备案", "其他特殊情况"]}
    assert "reason" not in _values(_form(reason=spec), "其他的等我回家拿了资料再填")


def test_amount_is_not_the_head_count_in_the_same_answer() -> None:
    form = _form(income={"type": "number", "title": "家庭月总收入（元）", "minimum": 0})
    assert _values(form, "三口人，每个月就靠我打零工挣个一千五", pending=("income",)) == {"income": 1500}


def test_lone_zero_is_an_amount_but_not_inside_a_word() -> None:
    form = _form(income={"type": "number", "title": "家庭月总收入（元）", "minimum": 0})
    assert _values(form, "收入是零", pending=("income",)) == {"income": 0}
    assert _values(form, "打零工挣个八百块", pending=("income",)) == {"income": 800}


def test_contribution_in_years_fills_a_months_field() -> None:
    form = _form(months={"type": "integer", "title": "累计缴费月数", "minimum": 0})
    assert _values(form, "社保交了二十年") == {"months": 240}
    assert _values(form, "交了三年", pending=("months",)) == {"months": 36}


def test_person_of_reads_the_person_a_title_names() -> None:
    assert person_of("父亲姓名") == "父亲"
    assert person_of("监护人联系电话") == "监护人"
    assert person_of("申请人公民身份号码") == "本人"
    assert person_of("联系电话") == "本人"


NEWBORN = _form(
    relation={"type": "string", "title": "申报人与新生儿关系", "enum": ["父亲", "母亲", "其他监护人"]},
    child_name={"type": "string", "title": "新生儿姓名"},
    father_name={"type": "string", "title": "父亲姓名"},
    father_id_number={"type": "string", "title": "父亲公民身份号码", "format": "cn-id-card"},
    mother_name={"type": "string", "title": "母亲姓名"},
    mother_id_number={"type": "string", "title": "母亲公民身份号码", "format": "cn-id-card"},
)


def test_relatives_names_and_ids_go_to_the_person_their_clause_names() -> None:
    text = "我是孩子妈妈，叫刘佳，身份证370202199202070241。孩子叫赵一诺，爸爸赵磊，身份证370212199006150132"
    assert _values(NEWBORN, text) == {
        "relation": "母亲",
        "mother_name": "刘佳",
        "mother_id_number": "370202199202070241",
        "child_name": "赵一诺",
        "father_name": "赵磊",
        "father_id_number": "370212199006150132",
    }


def test_grandparent_applying_is_the_other_guardian() -> None:
    assert _values(NEWBORN, "我要给孙子上户口")["relation"] == "其他监护人"


AGENT_FORM = _form(
    applicant_name={"type": "string", "title": "老年人姓名"},
    phone={"type": "string", "title": "联系电话", "format": "cn-mobile"},
    agent_name={"type": "string", "title": "代办人姓名"},
    agent_phone={"type": "string", "title": "代办人联系电话", "format": "cn-mobile"},
)


def test_speaker_who_is_a_relative_is_the_agent_and_he_is_the_applicant() -> None:
    text = "我给我父亲申请。他叫何长庚。我是他儿子何志强，联系电话和代办人电话都留我的13951234567。"
    assert _values(AGENT_FORM, text) == {
        "applicant_name": "何长庚",
        "agent_name": "何志强",
        "phone": "13951234567",
        "agent_phone": "13951234567",
    }


def test_label_owns_its_clause() -> None:
    form = _form(
        applicant_name={"type": "string", "title": "申请人姓名"},
        phone={"type": "string", "title": "联系电话", "format": "cn-mobile"},
        emergency_contact_name={"type": "string", "title": "紧急联系人姓名"},
        emergency_contact_phone={"type": "string", "title": "紧急联系人电话", "format": "cn-phone"},
    )
    text = "我叫沈佳怡，手机13857101234，紧急联系人是我妈妈沈丽华，电话13857105678"
    assert _values(form, text) == {
        "applicant_name": "沈佳怡",
        "phone": "13857101234",
        "emergency_contact_name": "沈丽华",
        "emergency_contact_phone": "13857105678",
    }


def test_shared_enum_goes_to_each_persons_field() -> None:
    status = ["未婚", "离婚", "丧偶"]
    form = _form(
        applicant_name={"type": "string", "title": "申请人姓名"},
        partner_name={"type": "string", "title": "对方姓名"},
        mine={"type": "string", "title": "申请人婚姻状况", "enum": status},
        theirs={"type": "string", "title": "对方婚姻状况", "enum": status},
    )
    assert _values(form, "我离婚了。对方叫何丽，她是丧偶") == {
        "mine": "离婚",
        "partner_name": "何丽",
        "theirs": "丧偶",
    }
    assert _values(form, "我们俩都是第一次结婚") == {"mine": "未婚", "theirs": "未婚"}


def test_free_text_after_a_cue_takes_the_rest_of_its_sentence() -> None:
    form = _form(
        description={"type": "string", "title": "困难情况说明", "minLength": 10, "maxLength": 1000},
        expense_amount={"type": "number", "title": "支出金额（元）"},
    )
    text = "情况说明：厨房电线老化起火，房子烧毁大半，一家人借住在亲戚家。损失三万元。"
    assert _values(form, text)["description"] == "厨房电线老化起火，房子烧毁大半，一家人借住在亲戚家"


def test_free_text_stops_at_another_fields_label() -> None:
    form = _form(
        business_scope={"type": "string", "title": "经营范围", "maxLength": 1000},
        capital_amount={"type": "number", "title": "资金数额（元）"},
    )
    assert _values(form, "经营范围是餐饮服务，资金数额5万元")["business_scope"] == "餐饮服务"


def test_title_alias_from_the_word_table_labels_a_field() -> None:
    form = _form(content={"type": "string", "title": "诉求内容", "minLength": 10, "maxLength": 2000})
    text = "具体情况：老板从3月到5月的工资一直没发，一共拖欠四十多万"
    assert _values(form, text) == {"content": "老板从3月到5月的工资一直没发，一共拖欠四十多万"}


def test_organisation_named_in_passing_fills_the_field_for_that_kind_of_body() -> None:
    form = _form(
        employer={"type": "string", "title": "参保单位名称", "maxLength": 100},
        hospital_name={"type": "string", "title": "分娩或手术医疗机构", "maxLength": 100},
    )
    text = "单位是深圳市星河科技有限公司，3月18日在深圳市妇幼保健院生了宝宝"
    assert _values(form, text) == {"employer": "深圳市星河科技有限公司", "hospital_name": "深圳市妇幼保健院"}
    assert _values(form, "评残要去哪个医院") == {}


def test_addresses_go_to_the_field_whose_words_precede_them() -> None:
    form = _form(
        hukou_address={"type": "string", "title": "户籍地址"},
        address={"type": "string", "title": "居住地址"},
    )
    text = "户籍地址河南省信阳市光山县紫水街道正大街16号，现在住上海市闵行区七宝镇漕宝路3000弄8号302室"
    assert _values(form, text) == {
        "hukou_address": "河南省信阳市光山县紫水街道正大街16号",
        "address": "上海市闵行区七宝镇漕宝路3000弄8号302室",
    }


def test_dates_go_to_the_field_whose_words_stand_next_to_them() -> None:
    form = _form(
        admission_date={"type": "string", "title": "就诊（入院）日期", "format": "date"},
        discharge_date={"type": "string", "title": "出院日期", "format": "date"},
    )
    text = "2025年1月3日入院，1月15日出院"
    assert _values(form, text) == {"admission_date": "2025-01-03", "discharge_date": "2025-01-15"}


def test_yes_no_field_stated_in_passing() -> None:
    form = _form(need_reply={"type": "boolean", "title": "是否需要回复"})
    assert _values(form, "需要回复") == {"need_reply": True}
    assert _values(form, "不用回复，电话是18673001234") == {"need_reply": False}


@pytest.mark.parametrize(
    ("text", "confirms"),
    [
        ("对，提交吧", True),
        ("好的，那就提交", True),
        ("好的，先提交申请吧，确认", True),
        ("我再拍几张照片再提交", False),
    ],
)
def test_confirmation_phrasings(text: str, confirms: bool) -> None:
    from govhall.assistant.dialogue import _CONFIRM

    assert bool(_CONFIRM.search(text)) is confirms
