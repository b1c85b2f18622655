"""Fourteenth round: workplaces and schools told in passing, holidays as dates, stories kept whole.

Every message here was written for this file, in new words; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from govhall.assistant.understand import question_type_of
from govhall.text import normalize
from tests.assistant.conftest import Chat
from tests.assistant.conftest import fill_item as _fill

# --- where someone works or studies, named in passing


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("我现在在咱们这的永固建材厂开叉车", "永固建材厂"),
        ("目前就职于启航职业培训中心，做招生", "启航职业培训中心"),
        ("我在本市的安和物业管理有限公司做保安", "安和物业管理有限公司"),
    ],
)
def test_a_workplace_told_in_passing_is_the_employer(text: str, employer: str) -> None:
    assert _fill("residence-permit", text).values.get("employer_or_school") == employer


def test_a_relatives_workplace_is_still_no_employer_of_the_applicants() -> None:
    update = _fill("residence-permit", "我老婆在春晖幼儿园当老师，我自己在外面跑运输")
    assert "employer_or_school" not in update.values


def test_a_holiday_with_its_year_is_the_day_someone_came() -> None:
    update = _fill("residence-permit", "我是前年国庆过来的，一直租房子住")
    assert update.values.get("residence_start_date") == "2024-10-01"
    assert update.values.get("housing_type") == "租赁住房"


# --- hospitals as people call them, and one day said fills one date field


@pytest.mark.parametrize(
    ("text", "hospital"),
    [
        ("我爸上个月在县医院住了八天", "县医院"),
        ("老伴十月份在市三院做的手术", "市三院"),
        ("出差时候犯了急性肠胃炎，去了华山医院挂的急诊", "华山医院"),
        ("就诊是在区妇幼", "区妇幼"),
    ],
)
def test_a_hospital_named_in_passing_is_the_hospital(text: str, hospital: str) -> None:
    assert _fill("medical-reimbursement", text).values.get("hospital_name") == hospital


def test_one_day_said_is_the_visit_not_also_the_discharge() -> None:
    update = _fill("medical-reimbursement", "上周五半夜孩子抽筋送到市儿童医院急诊")
    assert update.values.get("admission_date") == "2026-12-04"
    assert "discharge_date" not in update.values


def test_going_in_and_coming_out_tell_the_two_dates() -> None:
    update = _fill("medical-reimbursement", "八月六号送进去的，住到十九号")
    assert update.values.get("admission_date") == "2026-08-06"
    assert update.values.get("discharge_date") == "2026-08-19"


def test_a_clause_that_is_only_a_workplace_names_the_employer() -> None:
    update = _fill("retirement", "我叫包振国，在职工，红旗造纸厂的")
    assert update.values.get("employer") == "红旗造纸厂"


# --- replies that answer no field asked


@pytest.mark.parametrize("reply", ["嗯对的", "好的就这样吧", "行，那就交吧", "对对"])
def test_agreeing_answers_no_free_text_field(reply: str) -> None:
    assert _fill("retirement", reply, pending=["employer"]).values == {}
    assert _fill("medical-reimbursement", reply, pending=["hospital_name"]).values == {}


@pytest.mark.parametrize("reply", ["嗯对的", "好的", "是的", "对"])
def test_agreeing_to_a_yes_or_no_question_is_yes(reply: str) -> None:
    assert _fill("complaint-12345", reply, {"request_type": "投诉"}, ["need_reply"]).values == {"need_reply": True}


def test_a_day_told_to_the_address_question_is_no_address() -> None:
    update = _fill("residence-permit", "去年国庆节过来的", pending=["address"])
    assert "address" not in update.values
    assert update.values.get("residence_start_date") == "2025-10-01"


# --- where one lives, beside the household register


def test_an_address_said_after_living_words_is_where_one_lives() -> None:
    update = _fill("residence-permit", "我跟老乡合租，地址是杭州市西湖区文三路218号5幢301")
    assert update.values.get("address") == "杭州市西湖区文三路218号5幢301"
    assert "hukou_address" not in update.values


def test_an_address_asked_as_the_household_register_but_told_as_home_is_home() -> None:
    update = _fill("residence-permit", "我现在住我舅家，宁波市鄞州区钱湖北路66弄3号", pending=["hukou_address"])
    assert update.values.get("address") == "宁波市鄞州区钱湖北路66弄3号"
    assert "hukou_address" not in update.values


def test_a_bare_address_to_the_register_question_stays_the_register() -> None:
    update = _fill("residence-permit", "湖南省邵阳市隆回县桃洪镇东方村", pending=["hukou_address"])
    assert update.values == {"hukou_address": "湖南省邵阳市隆回县桃洪镇东方村"}


def test_the_other_of_two_addresses_goes_to_the_field_left() -> None:
    update = _fill("residence-permit", "房子在常州市武进区湖塘镇花园街9号，老家户口在江西九江修水县")
    assert update.values.get("hukou_address", "").startswith("江西九江修水县")
    assert update.values.get("address") == "常州市武进区湖塘镇花园街9号"


# --- a household listed to the size question


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("我和我爱人，还有一个上幼儿园的儿子", 3),
        ("家里就我跟我妈，还有个外孙女跟着我们住", 3),
    ],
)
def test_a_household_listed_to_its_question_is_counted(text: str, size: int) -> None:
    assert _fill("temporary-assistance", text, pending=["family_size"]).values.get("family_size") == size


def test_a_relative_alone_in_a_list_is_not_the_speaker() -> None:
    update = _fill("temporary-assistance", "家里有我老婆和两个孩子", pending=["family_size"])
    assert update.values.get("family_size") != 3


# --- a misfortune is no complaint; a complaint's kind is read from what is asked for


def test_a_misfortune_told_alone_is_answered_for_the_item_that_helps(chat: Chat) -> None:
    turn = chat.say("上礼拜五夜里我家电线起火，半个屋子都烧没了，衣服被子全没了，一家人只好住到亲戚家")
    assert turn.stage != "filling"  # no complaint opened
    assert turn.service is not None and turn.service["code"] == "temporary-assistance"


def test_saying_it_is_a_complaint_still_makes_it_one(chat: Chat) -> None:
    turn = chat.say("我要投诉，隔壁烧烤店的油烟管子对着我家窗户，一开火家里全是烟")
    assert turn.service is not None and turn.service["code"] == "complaint-12345"


def test_what_the_citizen_goes_on_to_ask_for_tells_a_complaints_kind(chat_e5: Chat) -> None:
    chat_e5.say("我们这片的公交站离小区太远了，走过去要二十多分钟，老人腿脚不好")
    turn = chat_e5.say("我的想法是在小区西门那里新设一个站点，你们能不能考虑一下")
    assert turn.form.get("request_type") == "建议"


def test_a_kind_named_in_words_is_kept(chat_e5: Chat) -> None:
    chat_e5.say("我要投诉，我们这片的公交站离小区太远了，走过去要二十多分钟")
    turn = chat_e5.say("我的想法是在小区西门那里新设一个站点，你们能不能考虑一下")
    assert turn.form.get("request_type") == "投诉"


# --- second people, pronouns and the question a message asks


def test_an_emergency_contact_written_as_a_relative_is_not_the_applicant() -> None:
    current = {"applicant_name": "郝秀兰", "id_number": "530102195204115745", "phone": "13888416290"}
    update = _fill("passport", "紧急联系人就写我外甥周凯，15911223344", current)
    assert update.values == {"emergency_contact_name": "周凯", "emergency_contact_phone": "15911223344"}
    assert not update.corrected


def test_he_named_on_a_newborns_form_is_the_baby() -> None:
    update = _fill("newborn-hukou", "行，那就办吧。他叫邱子墨，出生证明编号N310275846")
    assert update.values.get("child_name") == "邱子墨"
    assert "father_name" not in update.values


def test_the_question_sentence_decides_what_is_asked() -> None:
    assert question_type_of(normalize("残疾人证多少岁可以办？我家孩子三岁，还差几个月")) == "age"
    assert question_type_of(normalize("我爸八十一了，高龄津贴办下来要多久？")) == "how_long"


def test_a_date_before_the_hospital_entered_is_the_admission() -> None:
    update = _fill("medical-reimbursement", "她五月九号住进省人民医院，二十号出的院")
    assert update.values.get("admission_date") == "2026-05-09"
    assert update.values.get("discharge_date") == "2026-05-20"
    assert update.values.get("hospital_name") == "省人民医院"


def test_doing_it_again_after_an_answer_applies_for_the_item_answered(chat: Chat) -> None:
    chat.say("驾驶证快到期了，换证要体检吗")
    turn = chat.say("行，那我换一个")
    assert turn.service is not None and turn.service["code"] == "driving-licence-renewal"
    assert turn.stage == "filling"


def test_a_shop_planned_with_no_request_is_answered_for_the_shop(chat: Chat) -> None:
    turn = chat.say("我跟我姐打算在菜市场边上开个卤味店，主要卖卤鸭卤豆干")
    assert turn.service is not None and turn.service["code"] == "sole-proprietor-registration"
