"""Conversations in citizens' own words (issue 17, second round): the general causes found on text
the team never saw, each with examples written for this file (not taken from any evaluation set).

Confirmation in colloquial words, values given before they are asked, options described rather than
named, several people in one message, "never mind, change it to…", separators and letter case in
numbers, consultations that ask two things or a duration inside a condition, step questions that are
not status look-ups, misspelt item names and hand-off requests in many wordings.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import accounts, catalog
from govhall.accounts import NewUser, Role, User
from govhall.assistant import Assistant, AssistantSession
from govhall.assistant.slots import fill
from govhall.db import transaction
from tests.assistant.conftest import Chat, Person
from tests.conftest import PASSWORD

# -- confirmation ------------------------------------------------------------------------------------


def _dibao_until_summary(chat: Chat, person: Person) -> None:
    reply = chat.say(
        f"办低保，我叫许芳，身份证{person.id_number}，电话13811112222，户籍地址上海市徐汇区漕溪路7号，"
        f"家里两个人，月收入1000，卡号{person.bank_card}"
    )
    assert reply.stage == "confirming"


@pytest.mark.parametrize(
    "agreeing", ["中，都对，递上去", "行，就这么交了吧", "嗯嗯 全部正确 提交哈", "没毛病，发过去吧"]
)
def test_a_colloquial_ok_with_a_submit_verb_submits(chat: Chat, agreeing: str) -> None:
    _dibao_until_summary(chat, Person())
    done = chat.say(agreeing)
    assert done.stage == "submitted" and done.case is not None


@pytest.mark.parametrize("holding", ["好的，不过先别交", "行，等我改一下电话再提交"])
def test_an_ok_word_with_a_holding_word_does_not_submit(chat: Chat, holding: str) -> None:
    _dibao_until_summary(chat, Person())
    held = chat.say(holding)
    assert held.case is None and held.stage != "submitted"


def test_never_mind_followed_by_a_new_value_is_a_correction_not_a_cancel(chat: Chat) -> None:
    _dibao_until_summary(chat, Person())
    corrected = chat.say("算了，电话改成13899990000吧")
    assert corrected.stage == "confirming" and corrected.form["phone"] == "13899990000"
    assert corrected.form["applicant_name"] == "许芳"


def test_never_mind_alone_still_cancels(chat: Chat) -> None:
    _dibao_until_summary(chat, Person())
    assert chat.say("算了，不弄了").stage == "idle"


# -- values given before they are asked ---------------------------------------------------------------


def test_a_hospital_and_a_date_in_the_first_message_are_kept(chat: Chat) -> None:
    first = chat.say("我想领生育津贴，我叫陈静，3月5号在市妇幼保健院顺产生的")
    assert first.form["hospital_name"] == "市妇幼保健院"
    assert first.form["delivery_mode"] == "顺产" and first.form["delivery_date"].endswith("-03-05")


def test_an_exact_day_wins_over_a_loose_month_in_the_same_message(chat: Chat) -> None:
    reply = chat.say("我和对象想去领证结婚，约在海淀区婚姻登记处，下个月的2026年1月8号")
    assert reply.form["appointment_date"] == "2026-01-08"
    assert reply.form["registration_office"] == "海淀区婚姻登记处"


# -- several people in one message ----------------------------------------------------------------


def test_the_other_partys_name_and_id_do_not_overwrite_the_applicants(chat: Chat) -> None:
    me, her = Person(3), Person(4)
    chat.say("我们要去登记结婚")
    chat.say(f"我叫李强，身份证{me.id_number}，第一次结婚")
    reply = chat.say(f"女方叫王丽，她身份证{her.id_number}，她也是头婚")
    assert reply.form["applicant_name"] == "李强" and reply.form["id_number"] == me.id_number
    assert reply.form["partner_name"] == "王丽" and reply.form["partner_id_number"] == her.id_number
    assert reply.form["partner_marital_status"] == "未婚"
    assert "更正" not in reply.reply


# -- options from everyday descriptions -------------------------------------------------------------


def _items(chat: Chat) -> dict[str, dict[str, Any]]:
    return {str(item["code"]): item for item in catalog.current_contents(chat.db)}


def _form(code: str, chat: Chat) -> dict[str, Any]:
    form: dict[str, Any] = _items(chat)[code]["form"]
    return form


@pytest.mark.parametrize(
    ("code", "text", "field", "expected"),
    [
        ("elderly-allowance", "家里是吃低保的", "economic_status", "低保家庭"),
        ("elderly-allowance", "家里条件一般般吧", "economic_status", "一般家庭"),
        ("elderly-allowance", "她跟我爷爷俩人过", "living_status", "与配偶同住"),
        ("passport", "想出去玩玩", "purpose", "旅游"),
        ("passport", "到窗口拿就行", "delivery_method", "窗口自取"),
        ("marriage-registration", "我离过一次婚", "applicant_marital_status", "离婚"),
        ("real-estate-registration", "我家自己盖的房子，头一次办房产证", "registration_type", "首次登记"),
    ],
)
def test_an_option_described_in_everyday_words_is_found(
    chat: Chat, code: str, text: str, field: str, expected: str
) -> None:
    assert fill(_form(code, chat), text, current={}).values.get(field) == expected


def test_me_in_an_option_means_who_the_speaker_is(chat: Chat) -> None:
    form = _form("newborn-hukou", chat)
    as_mother = fill(form, "户口落我这边", current={"applicant_relation": "母亲"}).values
    as_father = fill(form, "户口落我这边", current={"applicant_relation": "父亲"}).values
    assert as_mother["hukou_follow"] == "随母落户" and as_father["hukou_follow"] == "随父落户"


def test_an_optional_option_given_in_passing_is_kept(chat: Chat) -> None:
    person = Person(5)
    chat.say(
        f"帮我爸申请高龄津贴，他叫赵老根，身份证{person.id_number}，电话13966667777，户口在浙江省杭州市西湖区龙井路8号"
    )
    chat.say("我爸一直跟我们住一块儿")
    reply = chat.say("家里条件一般般吧")
    assert reply.form["living_status"] == "与子女同住" and reply.form["economic_status"] == "一般家庭"


# -- normalisation of numbers -----------------------------------------------------------------------


def test_a_card_written_in_hyphen_groups_is_one_number(chat: Chat) -> None:
    card = Person(6).bank_card
    grouped = "—".join(card[i : i + 4] for i in range(0, len(card), 4))
    chat.say("我要申请失业金")
    reply = chat.say(f"卡号是{grouped}")
    assert reply.form.get("bank_card") == card


def test_a_dated_value_with_hyphens_is_not_joined_into_a_number(chat: Chat) -> None:
    form = _form("medical-reimbursement", chat)
    assert "2024-06-10" in fill(form, "2024-06-10那天入院", current={}).values.values()


def test_a_certificate_number_in_lower_case_is_accepted(chat: Chat) -> None:
    chat.say("孩子出生了要上户口，我是孩子妈妈")
    reply = chat.say("孩子叫郑小雨，女孩，2025年10月1日出生的，出生证明编号q440012345")
    assert reply.form.get("birth_certificate_no") == "Q440012345"
    assert "格式不正确" not in reply.reply


# -- consultations --------------------------------------------------------------------------------


def test_a_question_with_two_aspects_gets_both_answered(chat: Chat) -> None:
    reply = chat.say("办居住证要多少钱，多久能拿到？")
    assert "10 个工作日" in reply.reply and "不收费" in reply.reply
    assert reply.stage != "filling"


def test_how_long_inside_a_condition_is_answered_from_the_conditions(chat: Chat) -> None:
    reply = chat.say("在这要住多久才能办居住证")
    assert "半年" in reply.reply and "承诺办理时限" not in reply.reply


def test_a_question_about_a_step_is_not_a_status_lookup(chat: Chat) -> None:
    reply = chat.say("公租房审核通过以后要公示几天？")
    assert "7天" in reply.reply and "为您查到" not in reply.reply
    assert reply.service is not None and reply.service["code"] == "public-rental-housing"


def test_an_item_name_with_one_wrong_character_is_still_the_item(chat: Chat) -> None:
    reply = chat.say("高铃津贴要啥材料")
    assert reply.service is not None and reply.service["code"] == "elderly-allowance"


def test_a_word_of_its_own_is_not_a_misspelt_item(chat: Chat) -> None:
    router = chat.helper.router(_items(chat))
    assert "residence-permit" not in router.mentioned("我的居住地在朝阳区")
    assert router.mentioned("哪些事要带户口簿？") == []  # 带户口 is no misspelt 上户口
    assert router.mentioned("公基金怎么取") == ["housing-fund-withdrawal"]


# -- hand-off ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asking", ["你们这机器说不明白，给我找个活人来", "能不能请个客服接一下", "我想跟窗口的人直接聊聊公积金的事"]
)
def test_a_handoff_in_many_wordings_hands_off_and_says_when(chat: Chat, asking: str) -> None:
    reply = chat.say(asking)
    assert reply.handoff is True and "工作日" in reply.reply
    assert reply.stage not in ("filling", "confirming")


# -- prefill from the account -------------------------------------------------------------------


@pytest.fixture
def registered(sdb: Session) -> User:
    """A citizen whose account holds a name, an ID number and a mobile."""
    person = Person(8)
    with transaction(sdb):
        return accounts.create_user(
            sdb,
            NewUser(
                "citizen-known", PASSWORD, "严小梅", role=Role.CITIZEN, phone="13677778888", id_number=person.id_number
            ),
        )


def test_the_accounts_details_are_shown_masked_and_used_only_when_accepted(
    sqlite_helper: Assistant, sdb: Session, registered: User
) -> None:
    chat = Chat(sqlite_helper, sdb, registered)
    offered = chat.say("我想申请失业金")
    assert "严小梅" in offered.reply and "136****8888" in offered.reply
    assert str(registered.id_number) not in offered.reply and offered.form == {}
    accepted = chat.say("对，本人")
    assert accepted.form["applicant_name"] == "严小梅" and accepted.form["phone"] == "13677778888"
    assert accepted.form["id_number"] == registered.id_number


def test_an_offer_is_not_taken_when_the_reply_gives_other_values(
    sqlite_helper: Assistant, sdb: Session, registered: User
) -> None:
    chat = Chat(sqlite_helper, sdb, registered)
    chat.say("我想申请失业金")
    other = Person(9)
    reply = chat.say(f"我叫王五，身份证{other.id_number}")
    assert reply.form["applicant_name"] == "王五" and reply.form["id_number"] == other.id_number
    assert "phone" not in reply.form


def test_no_offer_when_applying_for_someone_else(sqlite_helper: Assistant, sdb: Session, registered: User) -> None:
    chat = Chat(sqlite_helper, sdb, registered)
    reply = chat.say("帮我妈申请低保")
    assert "账号登记" not in reply.reply
    assert chat.say("是的").form == {}


# -- more consultations ----------------------------------------------------------------------------


def test_a_subject_heading_naming_an_item_is_a_consultation_not_a_complaint_or_a_form(chat: Chat) -> None:
    fee = chat.say("不动产登记收费标准")
    assert fee.stage == "offered" and "80元" in fee.reply
    steps = chat.say("公积金提取流程")
    assert steps.stage == "offered" and "流程" in steps.reply


def test_asking_to_apply_for_another_item_after_an_answer_opens_that_item(chat: Chat) -> None:
    chat.say("公积金提取要什么材料")
    reply = chat.say("我要办护照")
    assert reply.service is not None and reply.service["code"] == "passport"


def test_a_follow_up_asking_how_long_without_a_question_mark_stays_on_the_item(chat: Chat) -> None:
    chat.say("办残疾证要带啥")
    reply = chat.say("要多长时间")
    assert reply.service is not None and reply.service["code"] == "disability-certificate"
    assert "工作日" in reply.reply


def test_holding_back_while_filling_is_not_a_failure(chat: Chat) -> None:
    chat.say("工地晚上十一点还在施工，噪音太大了，我要投诉")
    reply = chat.say("先不提交了，我再想想")
    assert "没能从您的回复中识别" not in reply.reply and reply.case is None


# -- the log -------------------------------------------------------------------------------------


def test_the_logged_reply_hides_the_names_and_numbers_the_summary_shows(chat: Chat) -> None:
    person = Person(10)
    _dibao_until_summary(chat, person)
    row = chat.db.scalar(select(AssistantSession).where(AssistantSession.public_id == chat.sid))
    assert row is not None
    logged = row.turns["items"][-1]["text"]
    assert "申请人姓名" in logged and "许芳" not in logged and "许*" in logged
    assert person.id_number not in logged and "13811112222" not in logged


# -- more slots ----------------------------------------------------------------------------------


def test_a_shop_called_something_is_not_a_new_applicant_name(chat: Chat) -> None:
    form = _form("sole-proprietor-registration", chat)
    update = fill(form, "店名叫阿梅粉面馆，开在深圳市福田区振兴路22号", current={"applicant_name": "阮小梅"})
    assert "applicant_name" not in update.values and update.values["trade_name"] == "阿梅粉面馆"
    answered = fill(_form("residence-permit", chat), "叫谭小雨", current={"applicant_name": "宿舍"})
    assert answered.values["applicant_name"] == "谭小雨"  # a name given as such still replaces a misread one


@pytest.mark.parametrize(("text", "amount"), [("想提3万", 30000), ("提三万块就够", 30000), ("要提两千块", 2000)])
def test_an_amount_said_in_passing_fills_the_forms_one_money_field(chat: Chat, text: str, amount: int) -> None:
    assert fill(_form("housing-fund-withdrawal", chat), text, current={}).values.get("withdrawal_amount") == amount


def test_no_amount_is_guessed_from_a_bare_number_or_several_numbers(chat: Chat) -> None:
    form = _form("housing-fund-withdrawal", chat)
    assert "withdrawal_amount" not in fill(form, "交了36个月", current={}).values
    assert "withdrawal_amount" not in fill(form, "先提2万，下个月再提1万", current={}).values


def test_a_description_that_mentions_a_date_is_still_the_description(chat: Chat) -> None:
    form = _form("temporary-assistance", chat)
    said = "2025年10月15日出的事，老人住院手术花了8万多，家里积蓄全花光了还欠了债"
    update = fill(form, said, current={}, pending=["hardship_description", "bank_card"])
    assert update.values["hardship_description"] == said


def test_asking_to_keep_the_name_private_names_nobody(chat: Chat) -> None:
    update = fill(_form("complaint-12345", chat), "我的手机号13600004444，不需要回复，名字别公开", current={})
    assert "applicant_name" not in update.values
    assert update.values["keep_confidential"] is True and update.values["need_reply"] is False


def test_asking_for_someone_in_charge_is_a_handoff(chat: Chat) -> None:
    assert chat.say("我不想跟机器说，找个领导来").handoff is True


def test_an_open_option_question_survives_a_reply_about_something_else(chat: Chat) -> None:
    person = Person(12)
    chat.say("我要办居住证")
    chat.say(f"我叫周建华，身份证号{person.id_number}，电话13912345678")
    chat.say("户籍地址是河南省郑州市金水区花园路12号，现在住在北京市朝阳区望京西园三区5号楼")
    chat.say("2024年3月1日来的")
    assert "请确认申领依据" in chat.say("稳定的").reply
    other = chat.say("住的是租的房子")
    assert other.form["housing_type"] == "租赁住房" and "请确认申领依据" in other.reply
    assert chat.say("住所那个").form["basis"] == "合法稳定住所"


@pytest.mark.parametrize(
    ("question", "applying"),
    [
        ("高龄津贴怎么申请", "我想给我妈弄一个"),
        ("护照多少钱", "知道了，我要办一本"),
        ("居住证要什么材料", "行，那我现在就办"),
    ],
)
def test_asking_to_apply_after_an_answer_in_everyday_words_opens_the_form(
    chat: Chat, question: str, applying: str
) -> None:
    assert chat.say(question).stage == "offered"
    assert chat.say(applying).stage == "filling"


def test_can_i_get_it_is_answered_with_the_conditions(chat: Chat) -> None:
    reply = chat.say("我65岁了能领高龄津贴吗")
    assert "八十周岁" in reply.reply and "需要符合以下条件" in reply.reply and reply.stage == "offered"


def test_the_story_of_a_first_message_fills_the_required_description(chat: Chat) -> None:
    person = Person(13)
    reply = chat.say(
        f"帮我办个临时救助。我叫黄志强，身份证{person.id_number}，电话13600001111，上个月2号家里着火了，东西都烧没了"
    )
    assert reply.form["hardship_description"] == "上个月2号家里着火了，东西都烧没了"
    assert reply.form["hardship_type"] == "火灾、交通事故等意外事件"


def test_a_yes_no_question_with_a_verb_of_receiving_opens_no_form(chat: Chat) -> None:
    reply = chat.say("退休了还能领失业金吗")
    assert reply.stage == "offered" and "条件" in reply.reply


def test_a_changed_condition_about_an_item_is_checked_against_its_conditions(chat: Chat) -> None:
    chat.say("居住证怎么办理")
    reply = chat.say("要是我住的是亲戚家呢")
    assert "需要符合以下条件" in reply.reply and reply.service is not None
    assert reply.service["code"] == "residence-permit"


def test_when_will_it_be_done_after_a_status_lookup_gives_the_cases_time_limit(chat: Chat) -> None:
    _dibao_until_summary(chat, Person(14))
    chat.say("确认")
    chat.say("我的申请到哪一步了")
    reply = chat.say("什么时候能办好")
    assert "承诺办理时限" in reply.reply and "个工作日" in reply.reply and "为您查到" not in reply.reply


@pytest.mark.parametrize(
    "asking",
    ["帮我接通客服", "说了半天没用，叫你们管事的来", "这个问题太复杂了，你们有没有专人负责", "能让窗口的同志联系我吗"],
)
def test_more_ways_of_asking_for_a_person_hand_off(chat: Chat, asking: str) -> None:
    assert chat.say(asking).handoff is True


def test_a_complaint_that_mentions_a_clerk_is_still_a_complaint(chat: Chat) -> None:
    reply = chat.say("我找工作人员好几次都没人理，我要投诉")
    assert reply.handoff is False and reply.service is not None and reply.service["code"] == "complaint-12345"


def test_no_offer_of_the_accounts_identity_once_another_name_is_given(
    sqlite_helper: Assistant, sdb: Session, registered: User
) -> None:
    chat = Chat(sqlite_helper, sdb, registered)
    chat.say("失业金要带什么材料")
    reply = chat.say("我叫贺明远，手机13912340000")  # no ID yet: the account's ID is not this man's
    assert "账号登记" not in reply.reply and reply.form["applicant_name"] == "贺明远"


@pytest.mark.parametrize("reply", ["是给我自己办", "给我自己申请的", "为本人办"])
def test_saying_it_is_for_oneself_accepts_the_accounts_details(
    sqlite_helper: Assistant, sdb: Session, registered: User, reply: str
) -> None:
    chat = Chat(sqlite_helper, sdb, registered)
    chat.say("我想申请失业金")
    accepted = chat.say(reply)
    assert accepted.form.get("applicant_name") == "严小梅" and accepted.form.get("id_number") == registered.id_number
