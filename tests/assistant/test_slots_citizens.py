"""Slot filling on citizens' own phrasing (issue 17): typed values before free text, no dates from ID
numbers, durations and amounts in words, denials, whose value it is, and options by everyday meaning.

Every example is written for this file; none is copied from a conversation set.
"""

from __future__ import annotations

from typing import Any

import pytest

from govhall.assistant.slots import fill
from govhall.text import id_check_digit


def _id(first17: str) -> str:
    return first17 + id_check_digit(first17)


def _form(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _values(form: dict[str, Any], text: str, pending: tuple[str, ...] = (), **current: Any) -> dict[str, Any]:
    return fill(form, text, current=current, pending=list(pending)).values


CLINIC = {"type": "string", "title": "就诊医疗机构", "maxLength": 100}
COST = {"type": "number", "title": "医疗费用总额（元）", "minimum": 0}
STORY = {"type": "string", "title": "困难情况说明", "minLength": 10, "maxLength": 1000}
HOUSEHOLD = {"type": "integer", "title": "共同生活家庭成员人数", "minimum": 1, "maximum": 20}
MONTHS = {"type": "integer", "title": "累计缴费月数", "minimum": 0}
WHEN = {"type": "string", "format": "date", "title": "出生日期"}
PICKUP = {"type": "string", "title": "领取方式", "enum": ["邮寄送达", "窗口自取"]}
FIRST = {"type": "string", "title": "申请类别", "enum": ["首次申领", "到期换领", "遗失补领"]}


def test_an_amount_in_words_answers_the_amount_not_the_pending_clinic() -> None:
    form = _form(clinic=CLINIC, cost=COST)
    assert _values(form, "前前后后自己掏了九千八百零五块三毛", ("clinic",)) == {"cost": 9805.3}


def test_a_clinic_with_dates_keeps_only_the_clinic_words() -> None:
    form = _form(clinic=CLINIC, cost=COST)
    found = _values(form, "市第三人民医院，2026年3月2号去的", ("clinic",))
    assert found["clinic"] == "市第三人民医院"


def test_a_household_count_does_not_become_the_story() -> None:
    form = _form(story=STORY, size=HOUSEHOLD)
    assert _values(form, "我们家五口人，爷爷奶奶我和两个娃", ("story",)) == {"size": 5}


def test_a_story_with_a_date_in_it_is_still_the_story() -> None:
    form = _form(story=STORY, size=HOUSEHOLD)
    text = "去年8月发大水把一楼全淹了，家电全泡坏了"
    assert _values(form, text, ("story",))["story"] == text


def test_the_digits_of_a_date_or_an_address_are_no_head_count() -> None:
    form = _form(size=HOUSEHOLD)
    assert "size" not in _values(form, "2026年5月18号搬进来的，就是幸福路3栋502", ("size",))


def test_a_birth_date_is_never_taken_from_an_id_number() -> None:
    form = _form(birth=WHEN, father_id={"type": "string", "format": "cn-id-card", "title": "父亲公民身份号码"})
    found = _values(form, f"我身份证是{_id('11010119880412123')}", ("birth",))
    assert "birth" not in found


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("四年零七个月", 55),
        ("十五年整", 180),
        ("缴了8年了", 96),
        ("两年半", 30),
        ("差不多十个月", 10),
    ],
)
def test_durations_in_words_fill_a_months_field(text: str, months: int) -> None:
    assert _values(_form(months=MONTHS), text, ("months",)) == {"months": months}


def test_a_calendar_year_is_no_duration() -> None:
    assert "months" not in _values(_form(months=MONTHS), "2019年开始交的", ("months",))


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("两千零六十块五毛", 2060.5),
        ("一共四百三十七块零五分", 437.05),
        ("七万三千二百块", 73200),
        ("一千零八块二", 1008.2),
    ],
)
def test_amounts_with_jiao_and_fen_in_words(text: str, amount: float) -> None:
    assert _values(_form(cost=COST), text, ("cost",)) == {"cost": amount}


def test_an_area_with_a_spoken_decimal_point() -> None:
    area = {"type": "number", "title": "建筑面积（平方米）"}
    assert _values(_form(area=area), "一百零二点三平", ("area",)) == {"area": 102.3}


def test_a_denied_option_is_not_chosen_even_by_its_shared_part() -> None:
    assert _values(_form(kind=FIRST), "不是首次，早年办过一本", ("kind",)) == {}
    assert _values(_form(kind=FIRST), "不是首次申领", ("kind",)) == {}


def test_denying_one_of_two_options_answers_with_the_other() -> None:
    assert _values(_form(pickup=PICKUP), "别寄，路不远我过去拿", ("pickup",)) == {"pickup": "窗口自取"}
    modes = {"type": "string", "title": "获取方式", "enum": ["在线下载电子证明", "窗口打印"]}
    assert _values(_form(mode=modes), "不想再去窗口排队了", ("mode",)) == {"mode": "在线下载电子证明"}


def test_a_denial_of_one_option_in_passing_chooses_nothing() -> None:
    assert _values(_form(pickup=PICKUP), "不用寄") == {}


MARRIAGE = _form(
    applicant_name={"type": "string", "title": "申请人姓名"},
    id_number={"type": "string", "format": "cn-id-card", "title": "公民身份号码"},
    applicant_marital_status={"type": "string", "title": "申请人婚姻状况", "enum": ["未婚", "离婚", "丧偶"]},
    partner_name={"type": "string", "title": "对方姓名"},
    partner_id_number={"type": "string", "format": "cn-id-card", "title": "对方公民身份号码"},
    partner_marital_status={"type": "string", "title": "对方婚姻状况", "enum": ["未婚", "离婚", "丧偶"]},
)


def test_a_shared_option_goes_to_the_person_of_its_clause() -> None:
    found = _values(MARRIAGE, "我一直单身，她前些年离过婚")
    assert found["applicant_marital_status"] == "未婚"
    assert found["partner_marital_status"] == "离婚"


def test_he_or_she_without_anyone_named_before_is_the_other_party() -> None:
    found = _values(MARRIAGE, "他是头一回结婚", applicant_name="赵琳")
    assert found == {"partner_marital_status": "未婚"}


SCHOOL = _form(
    child_name={"type": "string", "title": "学生姓名"},
    applicant_name={"type": "string", "title": "监护人姓名"},
    relationship={"type": "string", "title": "与学生关系", "enum": ["父亲", "母亲", "其他法定监护人"]},
)


@pytest.mark.parametrize(
    ("text", "relation"),
    [("我是她妈，我叫宁小燕", "母亲"), ("我是孩子他爸", "父亲"), ("我是这娃的奶奶，我叫宁桂兰", "其他法定监护人")],
)
def test_the_relation_the_speaker_declares(text: str, relation: str) -> None:
    assert _values(SCHOOL, text, ("relationship",), child_name="宁可")["relationship"] == relation


ELDER = _form(
    applicant_name={"type": "string", "title": "老年人姓名"},
    phone={"type": "string", "format": "cn-mobile", "title": "联系电话"},
    agent_name={"type": "string", "title": "代办人姓名"},
    agent_phone={"type": "string", "format": "cn-mobile", "title": "代办人联系电话"},
    living={"type": "string", "title": "居住状况", "enum": ["独居", "与配偶同住", "与子女同住"]},
)


def test_the_agent_gives_their_number_for_the_contact_phone_too() -> None:
    found = _values(ELDER, "我是她闺女，叫龙小慧，电话13907314526，老太太不会用手机，联系电话就写我的")
    assert found["agent_phone"] == found["phone"] == "13907314526"


def test_the_contact_phone_from_the_agent_number_given_before() -> None:
    found = _values(ELDER, "联系电话也填我的就行", ("phone",), agent_phone="13907314526")
    assert found == {"phone": "13907314526"}


def test_living_at_the_speakers_home_is_living_with_children() -> None:
    assert _values(ELDER, "这两年一直住我们家", ("living",)) == {"living": "与子女同住"}


def test_a_relative_without_a_field_is_not_the_applicant() -> None:
    form = _form(
        applicant_name={"type": "string", "title": "申请人姓名"},
        phone={"type": "string", "format": "cn-mobile", "title": "联系电话"},
        contact_name={"type": "string", "title": "紧急联系人姓名"},
        contact_phone={"type": "string", "format": "cn-mobile", "title": "紧急联系人电话"},
    )
    found = _values(form, "我是他爸罗建新，13671002345，电话留我的", applicant_name="罗一帆")
    assert found == {"phone": "13671002345"}


@pytest.mark.parametrize(
    ("spec", "text", "expected"),
    [
        ({"type": "string", "title": "就诊类型", "enum": ["普通门诊", "住院", "急诊"]}, "前阵子住过院", "住院"),
        (
            {
                "type": "string",
                "title": "查询险种",
                "enum": ["全部险种", "企业职工基本养老保险", "城乡居民基本养老保险"],
            },
            "我在厂里上班，查职工那个养老",
            "企业职工基本养老保险",
        ),
        ({"type": "string", "title": "组成形式", "enum": ["个人经营", "家庭经营"]}, "夫妻俩一块儿守着店", "家庭经营"),
        (
            {"type": "string", "title": "未直接结算原因", "enum": ["异地就医未备案", "急诊抢救未能持卡结算"]},
            "在外省看的病，之前没去备案",
            "异地就医未备案",
        ),
        (
            {"type": "string", "title": "未直接结算原因", "enum": ["异地就医未备案", "急诊抢救未能持卡结算"]},
            "半夜送去抢救，社保卡忘了带",
            "急诊抢救未能持卡结算",
        ),
        ({"type": "string", "title": "休假类型", "enum": ["生育产假", "流产产假"]}, "上个月刚生了个闺女", "生育产假"),
    ],
)
def test_options_by_everyday_meaning(spec: dict[str, Any], text: str, expected: str) -> None:
    assert _values(_form(choice=spec), text, ("choice",))["choice"] == expected


CARD = {"type": "string", "format": "bank-card", "title": "收款银行卡号"}


def test_an_invalid_number_is_kept_raw_and_a_partial_correction_fixes_it() -> None:
    form = _form(card=CARD)
    first = fill(form, "卡号是6228481576032195120", current={}, pending=["card"])
    assert first.problems and first.raw == {"card": "6228481576032195120"}
    fixed = fill(form, "尾巴上那四位我打错了，最后四位是8473", current={}, pending=["card"], unchecked=first.raw)
    assert fixed.values == {"card": "6228481576032198473"}


def test_a_partial_correction_that_is_still_invalid_is_explained_again() -> None:
    form = _form(card=CARD)
    first = fill(form, "6228481576032195120", current={}, pending=["card"])
    again = fill(form, "最后一位是1", current={}, pending=["card"], unchecked=first.raw)
    assert "card" in again.problems and again.raw == {"card": "6228481576032195121"}


def test_two_whole_numbers_typed_side_by_side_stay_apart() -> None:
    form = _form(
        id_number={"type": "string", "format": "cn-id-card", "title": "公民身份号码"},
        phone={"type": "string", "format": "cn-mobile", "title": "联系电话"},
    )
    number = _id("44010419910420082")
    found = _values(form, f"韦小宁 {number} 13560278419")
    assert found == {"id_number": number, "phone": "13560278419"}


def test_digit_groups_typed_with_spaces_are_one_number() -> None:
    form = _form(file_no={"type": "string", "title": "档案编号", "pattern": "^[0-9]{12}$"})
    assert _values(form, "编号是 3301 0588 2217", ("file_no",)) == {"file_no": "330105882217"}


def test_one_address_for_two_fields_said_together() -> None:
    form = _form(
        home={"type": "string", "title": "经营者住所", "maxLength": 200},
        shop={"type": "string", "title": "经营场所", "maxLength": 200},
    )
    found = _values(form, "住址跟经营场所都一样，贵阳市南明区花果园路3号2栋1102", ("home",))
    assert found["home"] == found["shop"] == "贵阳市南明区花果园路3号2栋1102"


def test_the_citizens_own_label_is_not_part_of_a_text_value() -> None:
    form = _form(cert={"type": "string", "title": "原不动产权证书号", "maxLength": 60}, area=AREA)
    found = _values(form, "旧证的号码是桂（2012）南宁市不动产权第0098765号", ("cert", "area"))
    assert found == {"cert": "桂（2012）南宁市不动产权第0098765号"}


AREA = {"type": "number", "title": "建筑面积（平方米）"}


def test_an_option_taken_back_right_after_it_is_said_is_not_chosen() -> None:
    reason = {"type": "string", "title": "提取事由", "enum": ["购买自住住房", "租赁住房"]}
    found = fill(
        _form(reason=reason), "买房的事先不弄了，还是按租房来提", current={"reason": "购买自住住房"}, pending=[]
    )
    assert found.values == {"reason": "租赁住房"} and found.corrected == ["reason"]


def test_a_relative_with_a_disability_is_the_household_option() -> None:
    spec = {"type": "string", "title": "主要困难原因", "enum": ["无劳动能力", "家庭成员残疾", "失业"]}
    assert _values(_form(why=spec), "老伴是残疾人，常年干不了活") == {"why": "家庭成员残疾"}


def test_a_corrected_day_changes_the_day_of_the_date_given_before() -> None:
    form = _form(birth=WHEN)
    found = fill(form, "不对，出生日期是9号，8号是办住院那天", current={"birth": "2026-10-08"}, pending=[])
    assert found.values == {"birth": "2026-10-09"} and found.corrected == ["birth"]


def test_answers_given_in_another_order_than_asked_still_count() -> None:
    kind = {"type": "string", "title": "退休类别", "enum": ["正常退休", "弹性提前退休", "特殊工种提前退休"]}
    form = _form(months=MONTHS, kind=kind)
    assert _values(form, "按正常年龄退，不想提前", ("months", "kind")) == {"kind": "正常退休"}
    assert _values(form, "视同缴费也算上，总共十九年整", ("months", "kind")) == {"months": 228}


def test_a_story_leaves_out_the_clause_another_field_took() -> None:
    form = _form(content={"type": "string", "title": "诉求内容", "maxLength": 2000}, phone=PHONE)
    found = _values(form, "小区门口的路灯坏了一个月没人修，我手机13811112222", ("content", "phone"))
    assert found == {"content": "小区门口的路灯坏了一个月没人修", "phone": "13811112222"}


PHONE = {"type": "string", "format": "cn-mobile", "title": "联系电话"}


def test_an_area_said_with_a_bare_ping() -> None:
    assert _values(_form(area=AREA), "建筑面积是七十六点八平") == {"area": 76.8}


def test_a_school_the_pupil_wants_to_attend() -> None:
    school = {"type": "string", "title": "意向学校", "maxLength": 100}
    assert _values(_form(school=school), "打算让她去读城东实验小学") == {"school": "城东实验小学"}


def test_a_daughter_named_as_闺女_is_the_child_and_a_girl() -> None:
    form = _form(
        child_name={"type": "string", "title": "新生儿姓名"},
        child_gender={"type": "string", "title": "性别", "enum": ["男", "女"]},
        father_name={"type": "string", "title": "父亲姓名"},
        mother_name={"type": "string", "title": "母亲姓名"},
    )
    found = _values(form, "我是孩子妈妈，闺女叫苗苗苗")
    assert found["child_name"] == "苗苗苗" and found["child_gender"] == "女"


def test_a_correction_said_with_a_question_mark_still_corrects() -> None:
    form = _form(birth=WHEN)
    found = fill(form, "不对，出生日期应该是9号吧？", current={"birth": "2026-10-08"}, pending=[], question=True)
    assert found.values == {"birth": "2026-10-09"}


def test_a_plain_question_changes_no_value() -> None:
    form = _form(birth=WHEN)
    found = fill(form, "出生日期填9号可以吗？", current={"birth": "2026-10-08"}, pending=[], question=True)
    assert found.values == {}
