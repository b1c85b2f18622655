"""Questions asked with values, goodbyes and praise, stories told before a form opens, and what a
confirmation means after the summary and after the case is filed (own examples, written for these tests)."""

from __future__ import annotations

from govhall.text import luhn_check_digit
from tests.assistant.conftest import Chat

COMPLAINT = "我要投诉，小区楼下的烧烤摊每天半夜还在营业，油烟和噪音特别大"


def _card(prefix: str = "621700123456789012") -> str:
    return prefix + luhn_check_digit(prefix)


def test_a_question_that_comes_with_a_value_mid_form_is_answered_and_the_value_kept(chat_e5: Chat) -> None:
    chat = chat_e5
    chat.say("我想提取住房公积金")
    card = _card()
    reply = chat.say(f"收款卡号{card}，钱批下来以后几天能打到卡里？")
    assert reply.form.get("bank_card") == card
    assert "1-3个工作日" in reply.reply
    assert reply.stage == "filling"


def test_a_detail_question_is_answered_with_the_guide_sentence_that_holds_it(chat_e5: Chat) -> None:
    reply = chat_e5.say("小孩出生了，最晚什么时候得去报户口？")
    assert "一个月" in reply.reply
    assert reply.stage != "filling"


def test_a_goodbye_is_said_back_and_opens_nothing(chat: Chat) -> None:
    reply = chat.say("好啦不打扰你了，我得去上班了")
    assert "再见" in reply.reply and reply.stage != "filling" and reply.service is None


def test_praise_is_taken_kindly_and_opens_nothing(chat: Chat) -> None:
    reply = chat.say("你这个小助手讲得挺清楚，比我自己瞎找方便多了")
    assert "谢谢您的肯定" in reply.reply and reply.stage != "filling" and reply.service is None


def test_a_remark_about_a_past_wait_said_with_thanks_is_no_complaint(chat: Chat) -> None:
    reply = chat.say("哦我就问问，前年办证在窗口等了一上午，谢谢你啊")
    assert reply.stage != "filling" and "投诉" not in reply.reply


def test_a_complaint_keeps_the_story_told_before_it_was_asked_for(chat: Chat) -> None:
    chat.say("我们楼的电梯坏了快两个礼拜了，物业一直说在等配件，八十多岁的老人只能爬九楼")
    opened = chat.say("这个我要投诉")
    assert opened.service is not None and opened.service["code"] == "complaint-12345"
    assert "电梯坏了快两个礼拜" in str(opened.form.get("content", ""))


def test_agreeing_with_a_change_at_the_summary_is_a_correction_not_a_submission(chat: Chat) -> None:
    chat.say(COMPLAINT)
    chat.say("电话13912345678")
    assert chat.say("需要回复").stage == "confirming"
    changed = chat.say("对对，就是诉求类型写成建议吧")
    assert changed.case is None and changed.form.get("request_type") == "建议"


def test_confirming_again_after_the_case_was_filed_files_nothing_new(chat: Chat) -> None:
    chat.say(COMPLAINT)
    chat.say("电话13912345678")
    chat.say("需要回复")
    done = chat.say("确认")
    assert done.case is not None
    again = chat.say("都对，提交吧")
    assert "已经提交" in again.reply and done.case["number"] in again.reply
    assert again.stage == "submitted" and again.case is None


def test_a_trouble_told_without_a_question_offers_the_hotline_not_a_law(chat: Chat) -> None:
    told = chat.say("楼道里的声控灯坏了好几次，物业来看过两回还是不亮，晚上上下楼全靠手机照")
    assert "12345" in told.reply and not told.citations and "已记录" not in told.reply
    # read as a complaint, the form opens with the story; read as unsure, the hotline is offered
    opened = told if told.stage == "filling" else chat.say("那就投诉吧")
    assert opened.service is not None and opened.service["code"] == "complaint-12345"
    assert "声控灯坏了好几次" in str(opened.form.get("content", ""))


def test_a_follow_up_touching_another_items_word_stays_on_the_item_discussed(chat: Chat) -> None:
    chat.say("公积金提取一般几天能办完")
    follow = chat.say("那要是我退休了再提取，得准备什么材料")
    assert follow.service is not None and follow.service["code"] == "housing-fund-withdrawal"
    switch = chat.say("那居住证呢")
    assert switch.service is not None and switch.service["code"] == "residence-permit"


def test_the_time_asked_leads_over_the_documents_mentioned(chat: Chat) -> None:
    reply = chat.say("居住证的材料递上去以后，多长时间能办下来")
    assert "个工作日" in reply.reply and "需要准备以下材料" not in reply.reply


def test_asking_whether_there_is_a_person_is_answered_and_a_declined_handoff_is_not_made(chat: Chat) -> None:
    asked = chat.say("你们这边有真人吗")
    assert not asked.handoff and "转人工" in asked.reply
    declined = chat.say("本来想找人工的，算了不用转了，我就问问居住证在几楼办")
    assert not declined.handoff and "一楼" in declined.reply  # the residence permit window is on the first floor


def test_the_halls_hours_are_answered_without_an_item(chat: Chat) -> None:
    reply = chat.say("你们中心晚上几点关门")
    assert "办理时间" in reply.reply and "17:00" in reply.reply


def test_an_emergency_gets_the_emergency_numbers_first(chat: Chat) -> None:
    reply = chat.say("我家厨房现在一股天然气味，阀门关了还有味道，我想反映一下")
    assert reply.reply.startswith("如有燃气泄漏") and "119" in reply.reply


def test_asking_whether_a_parent_may_apply_is_answered_not_a_form_opened(chat: Chat) -> None:
    reply = chat.say("我女儿听力不好，我们做家长的可以替她申请残疾证吗？")
    assert reply.stage != "filling"
    assert reply.service is not None and reply.service["code"] == "disability-certificate"


def test_the_document_asked_about_is_the_one_that_shares_most_of_its_name(chat: Chat) -> None:
    chat.say("公积金提取要多久到账")
    reply = chat.say("那要交退休证明吗")
    assert "退休证明" in reply.reply and reply.service is not None
    assert reply.service["code"] == "housing-fund-withdrawal"


def test_a_complaints_place_without_a_postal_address_is_taken_as_the_incident_place(chat: Chat) -> None:
    opened = chat.say("我要投诉，昨天在你们三楼社保窗口排队，有人插队工作人员也不管")
    assert opened.form.get("incident_address") == "三楼社保窗口"
    other = Chat(chat.helper, chat.db, chat.user)
    crossing = other.say("我要举报，人民路和解放路路口那个工地天天半夜打桩")
    assert crossing.form.get("incident_address") == "人民路和解放路路口那个工地"
