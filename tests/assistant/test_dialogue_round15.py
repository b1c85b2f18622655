"""Fifteenth round: stories that belong to an item, not to the hotline; shops and their places;
endings that ask nothing; misspellings that name nothing.

Every message here was written for this file, in new words; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from govhall.assistant._options import distinct_option
from govhall.assistant.guide import ASPECTS, is_question
from govhall.assistant.understand import question_type_of
from govhall.catalog import builtin_items
from govhall.routing import Mentions
from govhall.text import normalize
from tests.assistant.conftest import Chat
from tests.assistant.conftest import fill_item as _fill

# --- "…吧" that checks a reading is a question; "…吧" that asks for an act is not


@pytest.mark.parametrize(
    "text", ["我这种情况应该能报销吧", "交满十五年的话够条件吧", "孩子户口不在这也可以上学吧，他爸在这上班"]
)
def test_a_modal_and_ba_checks_a_reading(text: str) -> None:
    assert is_question(text)
    assert question_type_of(normalize(text)) == "can"


@pytest.mark.parametrize("text", ["那就这么定吧", "帮我交了吧", "可以吧", "行了吧，提交", "能帮我提交吧", "就算求助吧"])
def test_a_ba_that_asks_for_an_act_is_no_question(text: str) -> None:
    assert not is_question(text)


# --- a story told of one item, blaming no one, is that item's; a plea stays the hotline's


def test_a_situation_naming_one_item_is_taken_up_for_it_not_offered_the_hotline(chat: Chat) -> None:
    turn = chat.say("我在外地打工一直租房子住，一个月房租两千出头，听老乡说公积金能取出来交房租")
    assert turn.service is not None and turn.service["code"] == "housing-fund-withdrawal"
    assert "12345" not in turn.reply


def _open_unasked_complaint(chat: Chat, story: str) -> None:
    turn = chat.say(story)
    if turn.service is None or turn.service["code"] != "complaint-12345" or turn.stage != "filling":
        pytest.fail(f"the story did not open a complaint, the case this test is about: {turn.reply}")
    assert turn.form.get("request_type")  # a guess of the kind, no word named it


def test_an_application_after_a_complaint_nobody_asked_for_opens_that_item(chat: Chat) -> None:
    _open_unasked_complaint(chat, "我楼上邻居家的空调外机滴水，滴了一个多月了，一直滴在我家阳台上")
    turn = chat.say("我叫熊丽娟，身份证420104199103152825，手机13971523648，我想申请失业保险金")
    assert turn.service is not None and turn.service["code"] == "unemployment-benefit"
    assert turn.form.get("id_number") == "420104199103152825"


def test_a_place_named_after_an_item_keeps_the_complaint(chat: Chat) -> None:
    _open_unasked_complaint(chat, "我楼上邻居家的空调外机滴水，滴了一个多月了，一直滴在我家阳台上")
    turn = chat.say("就在幸福里公租房小区8号楼，我住六楼，楼上是七楼")
    assert turn.service is not None and turn.service["code"] == "complaint-12345"


def test_a_plea_to_the_government_keeps_the_complaint(chat: Chat) -> None:
    _open_unasked_complaint(chat, "我楼上邻居家的空调外机滴水，滴了一个多月了，一直滴在我家阳台上")
    turn = chat.say("我腿脚不好上不去楼找他们，想请你们帮忙协调一下，我想申请救助也没用")
    assert turn.service is not None and turn.service["code"] == "complaint-12345"


# --- a shop: where it is, what it mainly sells, how many run it


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("铺子找好了，河西区友谊路33号", "河西区友谊路33号"),
        ("门面已经盘下来了，南开区红旗路218号", "南开区红旗路218号"),
    ],
)
def test_an_address_after_a_clause_about_the_shop_is_where_it_trades(text: str, place: str) -> None:
    update = _fill("sole-proprietor-registration", text)
    assert place in str(update.values.get("business_address"))
    assert "address" not in update.values


def test_a_home_address_is_still_the_home() -> None:
    update = _fill("sole-proprietor-registration", "我家住南开区黄河道12号3门，店还没找")
    assert update.values.get("address") == "南开区黄河道12号3门"
    assert "business_address" not in update.values


def test_what_a_shop_mainly_sells_is_its_scope_wherever_it_is_said() -> None:
    text = "我跟我表哥想合伙开个早点铺，营业执照得先办下来。店在红旗路18号，租了两年，主要做包子豆浆油条"
    update = _fill("sole-proprietor-registration", text)
    assert "包子豆浆油条" in str(update.values.get("business_scope"))


def test_a_past_job_deep_in_a_long_message_is_no_scope() -> None:
    text = "我以前在机械厂上班，后来厂子黄了，在家闲了半年，现在想自己开个店，做过会计"
    assert "business_scope" not in _fill("sole-proprietor-registration", text).values


@pytest.mark.parametrize("text", ["就我跟我弟两个人干", "店里三个人忙活，一共三个人", "几个人轮着看店"])
def test_a_count_of_people_picks_no_option_by_its_characters(text: str) -> None:
    assert distinct_option(["个人经营", "家庭经营"], text) is None


@pytest.mark.parametrize("text", ["个人的", "一个人", "我个人弄"])
def test_the_option_still_picked_by_its_own_words(text: str) -> None:
    assert distinct_option(["个人经营", "家庭经营"], text) == "个人经营"


# --- the end of an application


_PASSPORT_LAST = "紧急联系人我妈宋桂英，13911357924，窗口领"


def _passport_to_summary(chat: Chat, last: str | None = _PASSPORT_LAST) -> None:
    """A passport application told up to its last value (``last``: the message that gives it, None
    to stop before it); with the default the summary is shown."""
    chat.say("我要办护照")
    chat.say("宋雅琴，身份证110101199207153425，电话13800246810")
    chat.say("第一次办，去日本玩，2027年4月10号走")
    if last is not None:
        assert chat.say(last).stage == "confirming"


def test_a_check_that_all_is_there_before_submitting_asks_nothing(chat: Chat) -> None:
    _passport_to_summary(chat)
    assert chat.say("都弄好了吧？那就提交").stage == "submitted"


def test_the_last_value_with_submit_this_way_submits(chat: Chat) -> None:
    _passport_to_summary(chat, last=None)
    assert chat.say("紧急联系人我妈宋桂英，13911357924，窗口领，就这么提交吧").stage == "submitted"


# --- what a name is not, what an item's name does not ask for


def test_a_holiday_is_no_name() -> None:
    update = _fill("marriage-registration", "那我们等他元旦放假回来再一起去登记")
    assert "partner_name" not in update.values
    assert "applicant_name" not in update.values


def test_holding_a_permit_is_no_request_for_it() -> None:
    items = [
        {"code": i.code, "name": i.name, "department": i.department, "keywords": i.keywords} for i in builtin_items()
    ]
    mentions = Mentions(items)
    assert "residence-permit" not in mentions.mentioned("我和孩子他爸都在这打工，有居住证，孩子明年上小学")
    assert "residence-permit" in mentions.mentioned("我在这打工两年了，想办居住证")


@pytest.mark.parametrize("text", ["住院费用能报多少", "这些费用可以报销吗", "看病的费用能不能报"])
def test_expenses_paid_back_are_no_fee_question(text: str) -> None:
    fee = dict(ASPECTS)["fee"]
    assert not fee.search(text)


def test_a_fee_question_is_still_one() -> None:
    fee = dict(ASPECTS)["fee"]
    assert fee.search("办这个证要交什么费用吗")


def test_a_misspelt_item_gives_way_to_the_item_the_question_is_about(chat: Chat) -> None:
    turn = chat.say("在外省看病没做备案，这钱能报销吗")
    assert turn.service is not None and turn.service["code"] == "medical-reimbursement"


def test_what_a_shop_does_right_after_opening_it_is_its_scope() -> None:
    text = "好的明白了。我和我表姐想在城东开个花店，卖鲜花绿植，也接婚庆布置"
    update = _fill("sole-proprietor-registration", text)
    assert "卖鲜花绿植" in str(update.values.get("business_scope"))


def test_one_more_value_and_a_close_after_the_summary_submits(chat: Chat) -> None:
    _passport_to_summary(chat)
    turn = chat.say("出发日子改成4月12号，好的就这样吧")
    assert turn.stage == "submitted"
    assert turn.form.get("planned_departure_date") == "2027-04-12"


def test_a_close_alone_with_a_value_before_the_summary_does_not_submit(chat: Chat) -> None:
    chat.say("我要办护照")
    chat.say("宋雅琴，身份证110101199207153425，电话13800246810")
    assert chat.say("第一次办，去日本玩，2027年4月10号走，就这样吧").stage == "filling"


def test_a_question_then_submit_after_the_summary_is_answered_and_submitted(chat: Chat) -> None:
    _passport_to_summary(chat)
    turn = chat.say("大概多久能办好？那就交了")
    assert turn.stage == "submitted"
    assert "工作日" in turn.reply


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("工地是滨江新区的翠湖湾三期，就在大桥南头", "滨江新区的翠湖湾三期"),
        ("在东坝镇杨柳村五组，进村第二个路口", "东坝镇杨柳村五组"),
    ],
)
def test_a_complaints_place_told_as_people_name_it(text: str, place: str) -> None:
    current = {"request_type": "投诉", "content": "半夜施工，吵得整栋楼都睡不着觉"}
    update = _fill("complaint-12345", text, current, ["phone", "need_reply"])
    assert place in str(update.values.get("incident_address"))


def test_leaving_a_complaint_nobody_asked_for_keeps_what_was_told(chat: Chat) -> None:
    _open_unasked_complaint(chat, "我楼上邻居家的空调外机滴水，滴了一个多月了，一直滴在我家阳台上")
    chat.say("我叫熊丽娟，手机13971523648，住江岸区解放大道1099号5栋202")
    turn = chat.say("身份证420104199103152825，我想申请失业保险金")
    assert turn.service is not None and turn.service["code"] == "unemployment-benefit"
    assert turn.form.get("phone") == "13971523648"


def test_a_count_of_people_answering_the_form_question_picks_no_option() -> None:
    update = _fill(
        "sole-proprietor-registration", "就我跟我弟两个人干，忙的时候我爸也来", pending=["organization_form"]
    )
    assert update.values.get("organization_form") != "个人经营"


def test_a_month_said_loosely_gives_way_to_a_day_of_it() -> None:
    text = "我上个月出差去外地，11月16号夜里在当地人民医院看的急诊，没住院"
    update = _fill("medical-reimbursement", text)
    assert update.values.get("admission_date") == "2026-11-16"


def test_details_said_by_voice_with_no_punctuation_are_each_read() -> None:
    text = "店名叫河东区老马五金店我叫马德福身份证110101199003071217手机号码13912345678家住河东区十一经路45号"
    update = _fill("sole-proprietor-registration", text, pending=["trade_name"])
    assert update.values.get("trade_name") == "河东区老马五金店"
    assert update.values.get("applicant_name") == "马德福"
    assert update.values.get("phone") == "13912345678"
    assert update.values.get("address") == "河东区十一经路45号"


def test_a_punctuated_message_is_read_as_typed() -> None:
    from govhall.assistant.slots import _voice_clauses

    assert _voice_clauses("我叫马德福，手机13912345678") == "我叫马德福，手机13912345678"


def test_asking_to_be_told_the_outcome_wants_a_reply() -> None:
    current = {"request_type": "投诉", "content": "小区门口的早餐店天天占道经营，车都开不过去"}
    update = _fill("complaint-12345", "我叫岳明，手机13507311234，处理了跟我说一声", current, ["phone", "need_reply"])
    assert update.values.get("need_reply") is True


def test_a_grudging_close_after_the_summary_with_one_more_value_submits(chat: Chat) -> None:
    _passport_to_summary(chat)
    assert chat.say("紧急联系人电话是13911357925，行吧就这样").stage == "submitted"


def test_never_having_been_abroad_is_a_first_passport() -> None:
    update = _fill("passport", "我活了大半辈子还没出过国，孙子在澳洲读书，想去看看他")
    assert update.values.get("application_type") == "首次申领"


def test_a_certificate_about_to_run_out_renewed_is_renewed_at_expiry() -> None:
    update = _fill("disability-certificate", "那也快满了，我换个新的")
    assert update.values.get("application_type") == "到期换领"


def test_the_residents_scheme_named_as_farmers_say_it() -> None:
    update = _fill("social-insurance-record", "我交的是新农保，查一下", pending=["insurance_type"])
    assert update.values.get("insurance_type") == "城乡居民基本养老保险"


def test_both_written_as_me_names_no_one_called_both() -> None:
    current = {"applicant_name": "隋悦"}
    update = _fill(
        "passport", "我是她妈张红，电话和紧急联系人都填我，13645021187", current, ["phone", "emergency_contact_name"]
    )
    assert update.values.get("emergency_contact_name") not in ("都填", "都填我")


def test_an_optional_field_left_shows_its_default_in_the_summary(chat: Chat) -> None:
    chat.say("我想申请失业保险金")
    chat.say("我叫宁海燕，身份证110101199207153425，电话13800246810")
    chat.say("原来在北京恒远商贸有限公司，合同到期公司不续了，11月30号走的")
    turn = chat.say("失业保险交了五年，钱打到6222021001122334458")
    assert turn.stage == "confirming", turn.reply
    assert turn.form.get("job_seeking") is True
    assert "是否有求职要求：是" in turn.reply


def test_a_complaint_left_unsaid_on_confidentiality_keeps_the_forms_default(chat: Chat) -> None:
    chat.say("我要投诉，小区门口的早餐店天天占道经营，三轮车都过不去")
    chat.say("在幸福路和建设街路口，今天早上七点多")
    turn = chat.say("电话13507311234，要回复")
    assert turn.stage == "confirming"
    assert turn.form.get("keep_confidential") is True
    assert "是否要求保密个人信息：是" in turn.reply
