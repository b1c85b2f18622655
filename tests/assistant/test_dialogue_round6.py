"""Dialogue causes found on dev sets written apart from the code (sixth round), each tested with
wording written for this file."""

from __future__ import annotations

from govhall import catalog
from govhall.assistant.dialogue import _about_item, _applies_now, _grievance, _really_asks
from tests.assistant.conftest import Chat, Person


def test_a_complaint_keeps_the_matter_told_beside_the_name_and_number(chat: Chat) -> None:
    reply = chat.say("我要投诉区车管所，换证材料交了三个礼拜了还没寄到。我叫周红，手机13812345678，需要回复")
    assert reply.service is not None and reply.service["code"] == "complaint-12345"
    assert "交了三个礼拜了还没寄到" in reply.form["content"]
    assert "13812345678" not in reply.form["content"] and "周红" not in reply.form["content"]
    assert not chat.say("我反映的问题有结果了吗？").reply.startswith("好的，我来帮您通过12345热线登记")


def test_the_grievance_leaves_out_the_form_talk() -> None:
    told = _grievance("我想反映下水道堵了半个月，臭得没法进门。我叫李兰，电话13900001111，不用回复")
    assert "下水道堵了半个月" in told and "李兰" not in told and "回复" not in told
    assert _grievance("我要投诉。我叫李兰，电话13900001111") == ""
    told = _grievance("社保卡挂失打了三次电话都没人答复，材料提交了一个月也没人管。我叫王芳，电话13900002222")
    assert "没人答复" in told and "没人管" in told and "王芳" not in told
    assert "张伟家的狗" in _grievance("隔壁张伟家的狗天天半夜叫，敲门也不开")


def test_a_date_told_before_the_complaint_opens_is_its_date(chat: Chat) -> None:
    chat.say("公积金提取批下来以后多久能到账？")
    chat.say("可我2026年11月3号就审核通过了，钱一直没到账，打电话也没人接")
    reply = chat.say("我要投诉公积金中心，电话13912345678，要回复")
    assert reply.form.get("incident_date") == "2026-11-03"


def test_a_delay_told_to_complain_of_it_opens_the_complaint_not_the_case_status(chat: Chat) -> None:
    reply = chat.say("我要投诉区医保中心，报销材料交了两个月了还没批下来。我电话13911112222，要回复")
    assert reply.service is not None and reply.service["code"] == "complaint-12345"
    assert "登录" not in reply.reply


def test_a_question_about_the_hotline_is_answered_before_the_complaint_opens(chat: Chat) -> None:
    reply = chat.say("在这上面反映问题的话，多久会有人答复？我想反映一下菜场门口占道摆摊的事")
    assert "5 个工作日" in reply.reply or "5个工作日" in reply.reply
    assert reply.stage == "filling"


def test_a_law_quoted_beside_a_guide_must_be_about_its_item(chat: Chat) -> None:
    items = {str(i["code"]): i for i in catalog.current_contents(chat.db)}
    assert not _about_item("生育津贴按照职工所在用人单位上年度职工月平均工资计发。", items["elderly-allowance"])
    assert _about_item("国家鼓励地方建立80周岁以上低收入老年人高龄津贴制度。", items["elderly-allowance"])
    assert _about_item("适龄儿童、少年接受义务教育的权利", items["school-enrolment"])


def test_each_question_of_a_message_gets_its_sentence_of_the_guide(chat_e5: Chat) -> None:
    # the first question is answered by the summary; the second by the FAQ's sentence on payment
    reply = chat_e5.say("我外婆九十了，高龄补贴是每个月都有吗？钱会打到哪里？")
    assert "社会保障卡" in reply.reply


def test_a_question_taken_back_in_the_same_message_is_not_answered(chat: Chat) -> None:
    chat.say("帮我申请高龄津贴")
    reply = chat.say("这个审批要多久啊？……算了不问了，我电话是13912345678")
    assert reply.form.get("phone") == "13912345678"
    assert "工作日" not in reply.reply
    # "回头再问问我老公" is no question taken back: the question before it is answered
    reply = chat.say("居住证多久能办好？我回头再问问我老公")
    assert "10 个工作日" in reply.reply


def test_a_need_asked_in_a_question_is_no_request_to_apply() -> None:
    assert not _applies_now("办好以后还要每年去弄一下吗？")
    assert not _applies_now("帮老人办高龄津贴需要本人去吗？")
    assert _applies_now("能帮我办一下吗？")
    assert _applies_now("我想办一个居住证，要带什么？")


def test_a_follow_up_that_opens_with_another_item_switches_to_it(chat: Chat) -> None:
    chat.say("驾照到期换证一般几天能办好？")
    reply = chat.say("那护照呢？从交材料到拿到手要几天")
    assert reply.service is not None and reply.service["code"] == "passport"
    assert "7" in reply.reply


def test_severance_is_the_law_s_figure_not_the_insurance_benefit(chat: Chat) -> None:
    reply = chat.say("我在单位干了5年4个月，单位要跟我解除合同，我能拿几个月的补偿？")
    assert "5.5个月工资的经济补偿" in reply.reply
    assert "失业保险金最长" not in reply.reply


def test_what_someone_going_in_the_citizen_s_place_brings_is_said(chat: Chat) -> None:
    chat.say("社保缴费记录怎么查？")
    reply = chat.say("要是我走不开，让我老公拿着我的身份证去窗口帮我打呢？要带些啥？")
    assert reply.reply.startswith("由他人代办的，还需要授权委托书")
    assert "不需要单独提供" not in reply.reply
    assert "由他人代办" not in chat.say("窗口让我去社区开个证明，还要带什么？").reply


def test_the_card_the_money_goes_to_is_no_fee_question(chat: Chat) -> None:
    chat.say("帮我申请低保")
    reply = chat.say("收钱的那张卡，用我的还是用我女儿的？")
    assert "收费情况" not in reply.reply
    assert "收费情况" in chat.say("办这个收钱的吗？").reply


def test_whether_one_may_complain_is_answered_and_registering_waits_to_be_asked(chat: Chat) -> None:
    reply = chat.say("隔壁饭店的排风扇正对着我家窗户吹，一天到晚嗡嗡响，这个能投诉吗？")
    assert reply.reply.startswith("可以。") and reply.stage != "filling"
    reply = chat.say("行，那帮我登记")
    assert reply.service is not None and reply.service["code"] == "complaint-12345"
    assert reply.stage == "filling"


def test_a_grievance_that_asks_what_to_do_is_no_question_about_the_hotline(chat: Chat) -> None:
    reply = chat.say("楼上漏水漏到我家好几天了，物业一直不处理，怎么办？")
    assert "承诺办理时限" not in reply.reply


def test_a_question_about_the_hotline_opens_no_complaint(chat: Chat) -> None:
    reply = chat.say("在你们这投诉了以后，一般多长时间会处理？")
    assert "5个工作日" in reply.reply and reply.stage != "filling"
    reply = chat.say("那先不投了，我再跟物业谈谈")
    assert reply.stage != "filling" and "不登记投诉" in reply.reply


def test_who_goes_for_someone_who_cannot_is_the_guide_s_proxy_rule(chat: Chat) -> None:
    chat.say("护照快过期了想换一本")
    reply = chat.say("我妈腿脚不好自己去不了，能让谁替她去办？")
    assert "由他人代办" in reply.reply


def test_a_question_word_inside_a_grievance_asks_nothing(chat: Chat) -> None:
    assert not _really_asks("窗口的人说我材料不对，错在哪也不讲，让我白跑了两趟")
    assert not _really_asks("登记呀，我刚才说了半天啥情况你没看见")
    assert _really_asks("窗口的人让我白跑两趟，这算不算违规")
    reply = chat.say("我替我爸反映个事，他去社保窗口交材料，那个小伙子嫌他慢，问啥都不耐烦，老爷子气得回家都没吃饭")
    assert reply.service is not None and reply.service["code"] == "complaint-12345"


def test_a_deadline_to_apply_is_the_condition_that_sets_it_not_the_processing_time(chat: Chat) -> None:
    reply = chat.say("看病自己垫的钱，报销最晚要在多长时间内交材料？")
    assert "1年内" in reply.reply
    assert not reply.reply.startswith("办理“医疗费用报销”需要准备以下材料")


def test_whether_a_child_can_start_school_is_answered_by_the_conditions(chat: Chat) -> None:
    reply = chat.say("儿子是2020年9月3号生的，今年秋天能上小学吗？")
    assert "8月31日前年满6周岁" in reply.reply


def test_asking_whether_anything_is_missing_is_answered_by_the_form(chat: Chat) -> None:
    chat.say("我想办护照")
    reply = chat.say("就这些了吧？能交了吗")
    assert reply.reply.startswith("还有必填信息没有提供") and reply.stage == "filling"


def test_a_law_answer_offers_the_item_whose_basis_it_is_on_a_weaker_guess(chat: Chat) -> None:
    reply = chat.say("我爱人下个月生，她的产假一共能休几天？")
    assert "天" in reply.reply
    assert reply.service is not None and reply.service["code"] == "maternity-allowance"


def test_a_correction_that_ends_asking_to_submit_is_taken_and_submitted(chat: Chat) -> None:
    person = Person(seed=7)
    chat.say("我想申请失业保险金")
    chat.say(f"我叫林小燕，身份证号{person.id_number}，电话13912345678")
    chat.say("原单位是示范市宏达机械厂，2026年10月8日离职")
    chat.say("合同到期单位不续了")
    chat.say("累计缴费48个月")
    summary = chat.say(person.bank_card)
    assert summary.stage == "confirming"
    done = chat.say("电话写错了，改成13812345678。好了，提交。")
    assert done.case is not None and done.case["number"] in done.reply
    assert done.reply.startswith("已将联系电话更正。")


def test_a_question_mid_form_with_no_section_word_gets_the_guide_sentence_on_it(chat: Chat) -> None:
    chat.say("帮我申请低保")
    card = Person(seed=5).bank_card
    reply = chat.say(f"卡号{card}，收钱的卡得是谁名下的？")
    assert "申请人本人名下" in reply.reply and reply.form.get("bank_card") == card


def _at_the_application_type(chat: Chat) -> None:
    """A disability-card application filled up to its 申请类型 question, the last field left."""
    chat.say("帮我办残疾证")
    chat.say(f"我叫刘大海，身份证{Person(seed=3).id_number}，电话13912345678")
    assert "申请类型" in chat.say("家住北京市朝阳区朝阳路88号3栋202，腿脚不好使").reply


def test_an_option_described_in_no_option_s_words_is_listed_then_picked_by_number(chat: Chat) -> None:
    _at_the_application_type(chat)
    reply = chat.say("嗯……这个我也说不好")
    assert "回复序号" in reply.reply and "\n4. 遗失补领" in reply.reply
    assert chat.say("第四个").form.get("application_type") == "遗失补领"


def test_a_listed_option_that_gets_no_pick_either_offers_a_person_when_it_is_the_last_field(chat: Chat) -> None:
    _at_the_application_type(chat)
    assert "回复序号" in chat.say("嗯……这个我也说不好").reply
    after = chat.say("还是说不好")
    assert "转人工" in after.reply and "回复序号" not in after.reply and after.stage == "filling"
