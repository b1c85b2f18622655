"""Behaviour of whole conversations (issue "Assistant 2.0"): answer first, keep the thread, dialogue
acts handled in every stage, hand-off versus complaint, and slots that are corrected, matched and
validated the way a clerk would. Every example failure the review listed has a test here, written
in other words than the review's."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from govhall.assistant import Assistant
from govhall.assistant.slots import Similarity, fill
from govhall.errors import BadInput
from govhall.text import id_check_digit
from govhall.text.validators import luhn_check_digit
from tests.assistant.conftest import Chat, Person

# -- answer first, then act -----------------------------------------------------------------------


def test_a_question_about_an_item_is_answered_and_no_form_opens(chat: Chat) -> None:
    answer = chat.say("办居住证得准备哪些东西？")
    assert answer.stage == "offered" and answer.form == {} and answer.missing == []
    assert "材料" in answer.reply and "申请人姓名" not in answer.reply
    assert answer.citations and answer.citations[0]["item_code"] == "residence-permit"
    started = chat.say("好，那就办吧")
    assert started.stage == "filling" and started.service and started.service["code"] == "residence-permit"


def test_asking_to_apply_and_asking_a_question_gets_the_answer_before_the_first_form_question(chat: Chat) -> None:
    reply = chat.say("我要申请居住证，需要带些什么材料？").reply
    assert "材料" in reply and "请告诉我" in reply
    assert reply.index("材料") < reply.index("请告诉我")


def test_a_question_in_the_middle_of_an_application_is_answered_for_that_application(chat: Chat) -> None:
    chat.say("我想申请失业保险金")
    chat.say("我叫周建华，电话13912345678")
    side = chat.say("房产证之类的要不要带上？")
    assert side.citations and side.citations[0]["item_code"] == "unemployment-benefit"
    assert side.service and side.service["code"] == "unemployment-benefit"
    assert "继续办理" in side.reply and side.stage == "filling" and side.form["applicant_name"] == "周建华"


def test_a_benefit_duration_question_gets_the_calculated_figure_not_the_processing_time(chat: Chat) -> None:
    answer = chat.say("失业金这块，我缴了三年，最长能拿几个月？")
    assert "12个月" in answer.reply and "工作日" not in answer.reply
    assert any(c.get("article") == "第十七条" for c in answer.citations)


def test_a_changed_condition_is_answered_against_the_last_figure(chat: Chat) -> None:
    chat.say("失业保险缴了两年，能领多长时间的失业金？")
    again = chat.say("要是我缴满了七年呢？")
    assert "18个月" in again.reply


def test_a_statement_about_oneself_starts_no_application(chat: Chat) -> None:
    chat.say("高龄津贴是什么条件？")
    said = chat.say("我早已经退休好些年了")
    assert said.stage != "filling" and said.form == {}
    assert not (said.service and said.service["code"] == "retirement" and said.stage == "filling")


# -- keep the thread ------------------------------------------------------------------------------


def test_an_ellipsis_about_another_item_reuses_the_last_question(chat: Chat) -> None:
    first = chat.say("失业保险金申领一般要多少个工作日？")
    assert "工作日" in first.reply
    second = chat.say("那护照呢？")
    assert second.service and second.service["code"] == "passport"
    assert "工作日" in second.reply and "护照" in second.reply


def test_a_follow_up_without_an_item_is_about_the_item_just_discussed(chat: Chat) -> None:
    chat.say("居住证怎么办理？")
    follow = chat.say("收不收钱？")
    assert follow.service and follow.service["code"] == "residence-permit"
    assert "收费" in follow.reply


# -- dialogue acts in every stage ---------------------------------------------------------------


def test_asking_whether_the_assistant_is_a_person_is_answered_not_handed_off(chat: Chat) -> None:
    reply = chat.say("你到底是真人还是机器人啊？")
    assert reply.handoff is False and "智能助手" in reply.reply


def test_thanks_is_acknowledged_not_greeted(chat: Chat) -> None:
    chat.say("居住证怎么办理？")
    reply = chat.say("好的，多谢了")
    assert "不客气" in reply.reply and "您好" not in reply.reply


def test_thanks_in_the_middle_of_a_form_resumes_the_form(chat: Chat) -> None:
    chat.say("我想申请失业保险金")
    reply = chat.say("谢谢")
    assert "不客气" in reply.reply and "请告诉我" in reply.reply and reply.stage == "filling"


def test_asking_for_a_clerk_is_a_handoff_that_says_who_and_when(chat: Chat) -> None:
    reply = chat.say("可以让你们的工作人员直接跟我讲吗")
    assert reply.handoff is True
    assert reply.service is None or reply.service["code"] != "complaint-12345"
    assert "工作日" in reply.reply and "对话" in reply.reply and "投诉" not in reply.reply


def test_a_handoff_mid_application_keeps_the_form_and_names_the_department(chat: Chat) -> None:
    chat.say("我想申请失业保险金")
    chat.say("我叫周建华")
    reply = chat.say("转人工")
    assert reply.handoff and "人力资源和社会保障局" in reply.reply and reply.form["applicant_name"] == "周建华"


def test_saying_it_is_not_a_complaint_withdraws_the_complaint_form(chat: Chat) -> None:
    opened = chat.say("我要投诉，办事窗口的人爱答不理的")
    assert opened.service and opened.service["code"] == "complaint-12345"
    denied = chat.say("我没有要投诉的意思")
    assert denied.stage == "idle" and denied.form == {}
    assert "不登记投诉" in denied.reply


def test_a_complaint_is_recorded_only_after_the_citizen_confirms(chat: Chat) -> None:
    first = chat.say("我要投诉，小区楼下的烧烤摊每天半夜还在营业，油烟和噪音特别大")
    assert "已记录" not in first.reply
    replies = [first]
    for text in ("电话13912345678", "需要回复"):
        replies.append(chat.say(text))
    assert all("已记录" not in r.reply for r in replies)
    assert replies[-1].stage == "confirming"
    done = chat.say("确认")
    assert done.case is not None and "已记录" in done.reply


@pytest.mark.parametrize(
    "agreeing", ["好嘞，都对，给我交上去", "嗯嗯没错，就这么报上去", "行行行，信息没毛病，帮忙提交一下"]
)
def test_a_confirmation_in_any_wording_submits(chat: Chat, agreeing: str) -> None:
    """The dialogue-act model decides what confirms, not one pattern of "对，提交吧"."""
    chat.say("我要投诉，小区楼下的烧烤摊每天半夜还在营业，油烟和噪音特别大")
    chat.say("电话13912345678")
    assert chat.say("需要回复").stage == "confirming"
    done = chat.say(agreeing)
    assert done.stage == "submitted" and done.case is not None


@pytest.mark.parametrize("holding", ["先别交，我再想想", "等一下，电话好像写错了", "交之前能不能再看一遍材料要求？"])
def test_holding_back_at_the_confirmation_does_not_submit(chat: Chat, holding: str) -> None:
    chat.say("我要投诉，小区楼下的烧烤摊每天半夜还在营业，油烟和噪音特别大")
    chat.say("电话13912345678")
    chat.say("需要回复")
    held = chat.say(holding)
    assert held.case is None and held.stage != "submitted"


def test_cancel_works_from_the_confirmation_too(chat: Chat) -> None:
    chat.say("我要投诉，小区楼下的烧烤摊每天半夜还在营业，油烟和噪音特别大")
    chat.say("电话13912345678，需要回复")
    cancelled = chat.say("算了，不办了")
    assert cancelled.stage == "idle" and cancelled.form == {}


# -- slots ----------------------------------------------------------------------------------------


def _unemployment_until_card(chat: Chat, person: Person) -> None:
    chat.say("我想申请失业保险金")
    chat.say(f"我叫周建华，身份证号{person.id_number}，电话13912345678")
    chat.say("原单位是北京华信科技有限公司，2026年10月8日离职")
    chat.say("被用人单位解除劳动合同")
    chat.say(f"累计缴费36个月，卡号{person.bank_card}")


def test_correcting_the_last_digit_of_the_phone_leaves_the_bank_card_alone(chat: Chat) -> None:
    person = Person()
    _unemployment_until_card(chat, person)
    fixed = chat.say("手机号最后一位打错了，应该是9")
    assert fixed.form["phone"] == "13912345679"
    assert fixed.form["bank_card"] == person.bank_card and fixed.form["id_number"] == person.id_number
    assert "更正" in fixed.reply


def test_correcting_the_last_four_digits_of_the_card_changes_only_the_card(chat: Chat) -> None:
    person = Person()
    _unemployment_until_card(chat, person)
    body = person.bank_card[:-4] + ("000" if person.bank_card[-4:-1] != "000" else "111")
    tail = (body + luhn_check_digit(body))[-4:]
    fixed = chat.say(f"银行卡号后四位应该是{tail}")
    assert fixed.form["bank_card"][-4:] == tail and fixed.form["bank_card"][:-4] == person.bank_card[:-4]
    assert fixed.form["phone"] == "13912345678"


def test_an_invalid_id_number_is_explained_once_asked_again_once_then_left_for_later(chat: Chat) -> None:
    person = Person()
    wrong = person.id_number[:17] + ("0" if id_check_digit(person.id_number[:17]) != "0" else "1")
    chat.say("我想申请失业保险金")
    chat.say("我叫周建华")
    first = chat.say(f"身份证号{wrong}")
    assert "校验位" in first.reply and id_check_digit(person.id_number[:17]) in first.reply
    second = chat.say(f"没错啊，就是{wrong}")
    assert "先跳过" in second.reply and "请告诉我" in second.reply
    third = chat.say("电话13912345678")
    assert "校验位" not in third.reply and third.form["phone"] == "13912345678"


def test_an_impossible_date_is_explained(chat: Chat) -> None:
    chat.say("我想申请失业保险金")
    chat.say("我叫周建华，电话13912345678")
    reply = chat.say("原单位是北京华信科技有限公司，2026年2月30日离职")
    assert "2月没有30日" in reply.reply


def test_an_option_named_by_its_everyday_word_is_matched(chat: Chat) -> None:
    chat.say("我要申请生育津贴")
    chat.say("我叫刘晓燕，电话13912345678")
    reply = chat.say("休的是产假")
    assert reply.form.get("leave_type") == "生育产假"


def test_an_answer_that_fits_two_options_is_asked_about_not_guessed(chat: Chat) -> None:
    person = Person()
    chat.say("我要办居住证")
    chat.say(f"我叫周建华，身份证号{person.id_number}，电话13912345678")
    chat.say("户籍地址是河南省郑州市金水区花园路12号")
    chat.say("现在住在北京市朝阳区望京西园三区5号楼")
    asked = chat.say("2024年3月1日来的")
    assert "申领依据" in asked.reply
    reply = chat.say("稳定的")
    assert "basis" not in reply.form and "请确认申领依据" in reply.reply
    assert "合法稳定就业" in reply.reply and "合法稳定住所" in reply.reply
    chosen = chat.say("住所那个")
    assert chosen.form["basis"] == "合法稳定住所"


def test_an_option_is_never_changed_by_a_question(chat: Chat) -> None:
    person = Person()
    chat.say("我要办居住证")
    chat.say(f"我叫周建华，身份证号{person.id_number}，电话13912345678，申领依据是合法稳定住所")
    asked = chat.say("如果是连续就读的话要带什么证明？")
    assert asked.form["basis"] == "合法稳定住所"


def test_a_kinship_word_fills_the_relation_option(chat: Chat) -> None:
    chat.say("给刚出生的闺女上户口")
    reply = chat.say("我是她爸")
    assert reply.form.get("applicant_relation") == "父亲"


def test_a_number_said_in_groups_is_one_number(chat: Chat) -> None:
    chat.say("我想申请失业保险金")
    chat.say("我叫周建华")
    reply = chat.say("电话一三九，一二三四，五六七八")
    assert reply.form.get("phone") == "13912345678"


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["\ud800", "你好\x00", "\x00\x00"])
def test_surrogates_and_nul_bytes_get_a_clear_answer_not_a_crash(chat: Chat, text: str) -> None:
    try:
        result = chat.say(text)
    except BadInput as exc:
        assert exc.status < 500 and exc.message
    else:
        assert result.reply
    assert chat.say("我想办居住证").stage == "filling"


def test_an_a_not_a_question_naming_an_item_is_a_consultation(chat: Chat) -> None:
    reply = chat.say("办护照收不收钱")
    assert reply.service and reply.service["code"] == "passport" and "120元" in reply.reply
    assert reply.stage == "offered"


def test_a_bare_correction_changes_the_value_given_just_before(chat: Chat) -> None:
    chat.say("我想提取公积金")
    chat.say("我叫杨帆，电话18628001234")
    chat.say("公积金个人账号是510100123456，提取事由是租赁住房")
    first = chat.say("提5万")
    assert first.form["withdrawal_amount"] == 50000
    fixed = chat.say("不对，余额不够，提4万5吧")
    assert fixed.form["withdrawal_amount"] == 45000 and "更正" in fixed.reply
    assert "银行卡" not in fixed.reply.split("请告诉我")[0]  # no invented problem with the card


def test_an_option_is_taken_by_meaning_only_when_clearly_closest() -> None:
    form = {
        "type": "object",
        "properties": {"living": {"type": "string", "title": "居住状况", "enum": ["独居", "与子女同住", "其他"]}},
    }

    def similar(scores: dict[str, float]) -> Similarity:
        return lambda _text, options: [scores[o] for o in options]

    clear = fill(
        form,
        "家里热热闹闹的",
        current={},
        pending=["living"],
        similar=similar({"独居": 0.91, "与子女同住": 0.95, "其他": 0.9}),
    )
    assert clear.values == {"living": "与子女同住"}
    close = fill(
        form,
        "家里热热闹闹的",
        current={},
        pending=["living"],
        similar=similar({"独居": 0.945, "与子女同住": 0.95, "其他": 0.9}),
    )
    assert close.values == {} and close.choose == {"living": ["与子女同住", "独居"]}
    far = fill(
        form,
        "家里热热闹闹的",
        current={},
        pending=["living"],
        similar=similar({"独居": 0.5, "与子女同住": 0.6, "其他": 0.4}),
    )
    assert far.values == {} and far.choose == {}


def test_the_confirmation_shows_the_citizens_own_values_hiding_only_numbers(chat: Chat) -> None:
    person = Person()
    _unemployment_until_card(chat, person)
    summary = chat.say("我没有求职要求")
    assert summary.stage == "confirming"
    assert "周建华" in summary.reply and "北京华信科技有限公司" in summary.reply
    assert person.id_number not in summary.reply and "13912345678" not in summary.reply
    assert person.bank_card not in summary.reply and person.bank_card[-4:] in summary.reply


def test_declining_a_reply_does_not_withdraw_the_complaint(chat: Chat) -> None:
    chat.say("我要投诉一家饭店，后厨卫生很差，苍蝇到处飞")
    chat.say("电话13244445555")
    answered = chat.say("不需要回复")
    assert answered.service and answered.service["code"] == "complaint-12345"
    assert answered.form["need_reply"] is False and answered.stage == "confirming"


def test_an_address_keeps_the_citizens_words(chat: Chat) -> None:
    chat.say("我要申请高龄津贴")
    chat.say("老人叫黄玉兰，电话13566667777")
    reply = chat.say("户口在南京市鼓楼区中山路8号")
    assert reply.form["address"] == "南京市鼓楼区中山路8号"


def test_a_short_a_not_a_question_is_a_question(chat: Chat) -> None:
    reply = chat.say("临时救助收费不")
    assert reply.service and reply.service["code"] == "temporary-assistance" and "不收费" in reply.reply


def test_what_to_bring_lists_the_materials_and_in_person_is_answered(chat: Chat) -> None:
    chat.say("高龄补贴怎么申请？")
    listed = chat.say("要带什么")
    assert "居民户口簿" in listed.reply and "不需要单独提供" not in listed.reply
    visit = chat.say("那需要本人去吗")
    assert "全程网办" in visit.reply and "无需到现场" in visit.reply


def test_what_a_benefit_pays_is_not_answered_with_the_fee(chat: Chat) -> None:
    chat.say("失业保险金怎么申请")
    reply = chat.say("一个月能领多少钱")
    assert "收费情况" not in reply.reply and "不收费" not in reply.reply


def test_asking_to_hurry_the_case_just_looked_up_goes_to_its_department(chat: Chat) -> None:
    person = Person()
    _unemployment_until_card(chat, person)
    done = chat.say("确认")
    assert done.case is not None
    status = chat.say("我的失业金申请到哪一步了")
    assert done.case["number"] in status.reply
    hurry = chat.say("能不能帮我催一下")
    assert hurry.handoff and "人力资源和社会保障局" in hurry.reply and done.case["number"] in hurry.reply


def test_how_many_days_is_a_time_question_even_with_a_verb_of_receiving(chat: Chat) -> None:
    reply = chat.say("补办护照大概多少天能拿到")
    assert "7 个工作日" in reply.reply or "7个工作日" in reply.reply


def test_a_goodbye_after_an_answer_opens_no_form_but_a_plain_yes_does(
    chat: Chat, sqlite_helper: Assistant, sdb: Session
) -> None:
    chat.say("居住证多久能办好")
    bye = chat.say("好的没问题了，再见")
    assert bye.stage == "offered" and "再见" in bye.reply and "请告诉我" not in bye.reply
    other = Chat(sqlite_helper, sdb, chat.user)
    other.say("居住证多久能办好")
    assert other.say("好的").stage == "filling"
