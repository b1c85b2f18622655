"""Consultations that went wrong on a dev set written apart from the code, each tested with new
wording: someone else applying, a fee asked in passing, a state told (not an action wanted), a
withdrawn complaint, a remark that is no complaint, an emergency followed by "whom do I call"."""

from __future__ import annotations

from govhall.assistant.guide import guide_answer, guide_aspect, guide_detail, is_question
from govhall.assistant.understand import _CONDITIONAL
from govhall.routing import _names_at
from tests.assistant.conftest import Chat

GUIDE = {
    "code": "boat-licence",
    "name": "游船驾驶证核发",
    "summary": "在本市水域驾驶游船的人员申领游船驾驶证",
    "department": "交通运输局",
    "time_limit_days": 10,
    "fee": "考试费每人100元",
    "online": "窗口办理",
    "conditions": ["年满18周岁、身体健康", "行动不便的可委托家属代为递交材料，但考试须本人参加"],
    "materials": [{"name": "居民身份证", "form": "原件", "count": 1, "required": True}],
    "faq": [
        {"question": "考试不过可以补考吗？", "answer": "可以补考一次，补考另收费50元。"},
        {"question": "证件多久换一次？", "answer": "有效期6年，期满前3个月内申请换证。"},
    ],
}


def test_someone_else_applying_is_answered_from_the_guide_rule_on_agents() -> None:
    for asked in ("我儿子能替我去交材料吗", "可以让我爱人帮我去递交吗", "我腿脚不好，去不了现场怎么办"):
        assert guide_aspect(asked) == "proxy", asked
    answer, citation = guide_answer(GUIDE, "可以让我爱人帮我去递交吗")
    assert "委托家属代为递交" in answer and "本人参加" in answer and citation["section"] == "proxy"
    silent, _ = guide_answer({**GUIDE, "conditions": []}, "能委托别人办吗")
    assert "没有写明能否由他人代办" in silent


def test_a_fee_asked_without_a_figure_word_takes_only_a_sentence_that_charges() -> None:
    # "要掏钱吗" asks the fee: the sentence on how long the licence lasts answers nothing of it
    found = guide_detail(GUIDE, "换证要掏钱吗", None, None, "fee")
    assert found is None or "费" in found.text or "元" in found.text


def test_who_and_a_tag_question_are_questions() -> None:
    assert is_question("孩子落户跟谁走")
    assert is_question("那就是按天数乘工资对吧")
    assert not is_question("谁知道他们一拖就是半年")


def test_a_long_changed_case_keeps_the_item_discussed(chat: Chat) -> None:
    chat.say("被单位辞退了能领失业金吗")
    result = chat.say("那如果是单位一直不给我交社保，我受不了才主动辞职的呢")
    assert result.service is not None and result.service["code"] == "unemployment-benefit"


def test_an_item_already_obtained_is_a_circumstance_not_a_request(chat: Chat) -> None:
    chat.say("低保怎么申请")
    result = chat.say("我老伴前几年办了残疾证，家里就靠我一个人")
    assert result.service is not None and result.service["code"] == "dibao"
    assert result.stage != "filling" or result.service["code"] == "dibao"


def test_a_complaint_withdrawn_in_passing_is_cleared(chat: Chat) -> None:
    chat.say("我要投诉公交站那个售票员，态度恶劣")
    result = chat.say("唉，想想还是不投诉了")
    assert result.stage == "idle" and "不登记投诉" in result.reply


def test_a_short_remark_is_offered_the_hotline_not_opened_as_a_complaint(chat: Chat) -> None:
    result = chat.say("今天真冷，排个队手都冻僵了")
    assert result.stage == "idle" and result.service is None
    assert "12345" in result.reply


def test_whom_to_call_after_an_emergency_gets_the_numbers_again(chat: Chat) -> None:
    first = chat.say("厨房里有股很浓的煤气味，好像漏气了")
    assert "119" in first.reply and "无法回答" not in first.reply
    again = chat.say("那我应该打哪个电话")
    assert "119" in again.reply and "110" in again.reply


def test_a_hand_off_about_an_item_names_it(chat: Chat) -> None:
    result = chat.say("字太小我看不清，想找个真人问问给我妈办高龄津贴的事")
    assert result.handoff
    assert result.service is not None and result.service["code"] == "elderly-allowance"


def test_an_ellipsis_repeats_the_aspect_asked_not_the_context_word(chat: Chat) -> None:
    # "从递交材料到拿证" is context: the time was asked, and "那…呢" asks the time of the next item
    chat.say("办营业执照从递交材料到拿到执照要几天")
    result = chat.say("那办残疾证呢")
    assert "20 个工作日" in result.reply and "需要准备以下材料" not in result.reply


def test_a_deadline_to_apply_is_a_condition_not_the_processing_time(chat: Chat) -> None:
    chat.say("我妈住院花的钱没能直接结算，回来能报销吗")
    result = chat.say("最晚得在多久之内来报，会不会过期")
    assert "1年" in result.reply and "承诺办理时限" not in result.reply


def test_an_amount_asked_mid_form_brings_the_policy_library(chat: Chat) -> None:
    chat.say("我要申请失业金")
    result = chat.say("失业金每个月大概能领多少钱")
    assert "相关政策" in result.reply and result.stage == "filling"


def test_a_remark_naming_an_item_makes_it_the_topic(chat: Chat) -> None:
    first = chat.say("残疾证啊，我们家老人也有一个")
    assert first.service is not None and first.service["code"] == "disability-certificate"
    assert "无法回答" not in first.reply and first.stage == "idle"
    then = chat.say("换证要带照片吗")
    assert then.service is not None and then.service["code"] == "disability-certificate"


def test_a_form_word_asked_about_leaves_the_document_to_the_question() -> None:
    item = {
        "code": "x",
        "name": "示例登记",
        "materials": [
            {"name": "居民户口簿", "form": "原件", "count": 1, "required": True},
            {"name": "居民身份证", "form": "原件", "count": 1, "required": True},
        ],
    }
    answer, _ = guide_answer(item, "户口本要带原件吗", "materials")
    assert answer.startswith("需要：居民户口簿") and "不需要单独提供" not in answer


def test_an_item_word_telling_a_state_names_no_item() -> None:
    assert _names_at("我早就退休了想问问公积金能不能全取出来", "退休") == -1
    assert _names_at("孩子前年办过残疾证", "残疾证") == -1
    assert _names_at("我想办退休了", "退休") >= 0
    assert _names_at("退休了还能领失业金吗退休证要带吗", "退休") >= 0  # the second one asks about it


def test_a_changed_case_may_run_over_several_clauses() -> None:
    assert _CONDITIONAL.search("如果是单位半年没交社保，我实在没办法才走的呢")
    assert not _CONDITIONAL.search("那我先回去了，明天再来")


def test_thanks_for_something_done_is_social_however_long(chat: Chat) -> None:
    first = chat.say("前阵子你帮我弄好了公积金提取，钱昨天已经到账了，专门回来道声谢谢")
    assert first.stage == "idle" and "不客气" in first.reply and "账号登记" not in first.reply
    second = chat.say("降温了，你们也多注意身体")
    assert "无法回答" not in second.reply and "保重" in second.reply


def test_a_complaint_asked_for_mid_form_opens_the_complaint(chat: Chat) -> None:
    chat.say("我要办居住证")
    result = chat.say("我要投诉，上回去派出所窗口，工作人员把我的材料弄丢了")
    assert result.service is not None and result.service["code"] == "complaint-12345"
    assert result.stage == "filling"


def test_whether_one_must_go_in_person_brings_the_rule_on_agents() -> None:
    answer, _ = guide_answer(GUIDE, "考试一定要本人去吗", "visit")
    assert "委托家属代为递交" in answer


def test_declining_a_transfer_is_acknowledged_and_a_bare_no_is_not_one(chat: Chat) -> None:
    chat.say("你们这儿有人工吗")
    declined = chat.say("那先不用转了，我自己问问")
    assert declined.handoff is False and "先不转人工" in declined.reply


def test_telling_the_assistant_off_and_asking_for_a_person_is_a_hand_off(chat: Chat) -> None:
    chat.say("我的低保申请被退回来两次了，也不说哪里不对")
    assert chat.say("别再跟我讲这些了，我要找人工，现在就要").handoff is True


def test_thanks_closing_a_story_with_an_embedded_question_is_social(chat: Chat) -> None:
    result = chat.say("没事，我就看看这个好不好用，上次在大厅等了一上午，谢谢啦")
    assert result.stage == "idle" and result.service is None and "不客气" in result.reply


def test_documents_handed_in_are_no_contribution_period(chat: Chat) -> None:
    result = chat.say("低保的材料交上去以后多久能批下来")
    assert "承诺办理时限" in result.reply


def test_a_few_days_as_a_span_asks_nothing() -> None:
    assert not is_question("我们隔几天就过去看看她")
    assert not is_question("过几天再来办")
    assert is_question("要等几天")


def test_someone_asking_to_apply_for_a_relative_asks_about_agents() -> None:
    assert guide_aspect("我是她孙子，能帮她在网上申请吗") == "proxy"
    assert _names_at("我们还没领结婚证这影响上户口吗", "结婚证") == -1


def test_a_question_told_with_the_request_is_no_story_for_the_form(chat: Chat) -> None:
    result = chat.say("开网店要不要办营业执照，我想办个个体户")
    assert result.stage == "filling"
    assert not any("营业执照" in str(value) for value in result.form.values())


def test_asking_about_an_item_is_no_application(chat: Chat) -> None:
    result = chat.say("我想问问公租房的事")
    assert result.stage != "filling" and result.service is not None
    assert result.service["code"] == "public-rental-housing"


def test_find_me_a_person_after_a_failed_answer_is_a_hand_off(chat: Chat) -> None:
    chat.say("我想问问低保的事")
    result = chat.say("算了，你讲不清楚，给我找个人")
    assert result.handoff is True


def test_a_grievance_someone_ignores_is_a_complaint_however_short(chat: Chat) -> None:
    result = chat.say("隔壁饭馆天天半夜搬货，物业也不管")
    assert result.service is not None and result.service["code"] == "complaint-12345"


def test_the_hotline_offered_is_taken_by_agreeing(chat: Chat) -> None:
    offered = chat.say("候车亭的座椅太凉了")
    assert offered.stage == "idle" and "12345" in offered.reply
    taken = chat.say("那就帮我登记一下吧")
    assert taken.service is not None and taken.service["code"] == "complaint-12345"
    assert taken.stage == "filling"


def test_a_longer_well_wishing_is_no_complaint(chat: Chat) -> None:
    result = chat.say("这几天降温降得厉害，你们上班路上也多注意，别冻着了哈")
    assert result.service is None and "保重" in result.reply
