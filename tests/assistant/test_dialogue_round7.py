"""Dialogue causes found on dev sets written apart from the code (seventh round), each tested with
wording written for this file."""

from __future__ import annotations

from govhall import catalog
from tests.assistant.conftest import Chat


def test_a_changed_case_gets_the_sentence_on_it_not_the_one_just_said(chat_e5: Chat) -> None:
    first = chat_e5.say("驾驶证快到期了，提前多久能换")
    assert "90日" in first.reply
    reply = chat_e5.say("那要是过期一年多了呢")
    assert "注销" in reply.reply


def test_a_word_of_the_dictionary_is_no_misspelt_item_name(chat: Chat) -> None:
    router = chat.helper.router({str(i["code"]): i for i in catalog.current_contents(chat.db)})
    assert "retirement" not in router.mentioned("我奶奶这两年一直住养老院，身体还行")  # not 养老金
    assert router.mentioned("公基金怎么取") == ["housing-fund-withdrawal"]
    reply = chat.say("我姥爷八十三了住在养老院，听说老人到一定岁数每月能领补贴，得多大岁数？")
    assert reply.service is not None and reply.service["code"] == "elderly-allowance"


def test_leaving_an_optional_field_empty_is_no_cancel(chat: Chat) -> None:
    chat.say("我要给孩子报名上小学")
    reply = chat.say("算了，意向学校就不填了，服从安排")
    assert "已取消" not in reply.reply and reply.stage == "filling"
    assert chat.say("意向学校写实验小学").form.get("intended_school") == "实验小学"
    assert chat.say("意向学校还是不写了").form.get("intended_school") is None


def test_an_item_named_with_a_de_inside_its_keyword_is_that_item(chat: Chat) -> None:
    reply = chat.say("我腿脚不方便，耳朵也背，就想办个老人的津贴")
    assert reply.service is not None and reply.service["code"] == "elderly-allowance"


def test_asking_whether_one_may_apply_here_is_a_question_of_conditions(chat_e5: Chat) -> None:
    reply = chat_e5.say("我是外地户口，在这边上班好几年了，我家老人想办残疾人证，在这边能申请吗？")
    assert "户籍所在地" in reply.reply.split("\n")[0]  # "好几年了" asks no duration


def test_going_there_oneself_asked_mid_application_is_answered(chat: Chat) -> None:
    chat.say("我要办护照")
    reply = chat.say("还有个事，护照还得我自己去一趟吗")
    assert "本人" in reply.reply.split("\n")[0] and reply.stage == "filling"


def test_a_changed_case_after_an_item_stays_with_the_item_even_when_it_names_a_law_subject(chat: Chat) -> None:
    chat.say("职工养老保险至少交满几年才能按月领养老金？")
    reply = chat.say("那我要是2032年才到退休年龄呢，年限要求还是这样吗")
    assert reply.service is not None and reply.service["code"] == "retirement"
    assert "20年" in reply.reply


def test_a_confirmation_with_thanks_submits(chat: Chat) -> None:
    chat.say("我要办护照")
    chat.say("刘芳，身份证110101199003071217，电话13800138000")
    chat.say("首次申领，去旅游，2027年5月1号出发")
    assert chat.say("紧急联系人我老公王强，13900139000，窗口自取").stage == "confirming"
    reply = chat.say("行，就这样交吧，谢谢啦")
    assert reply.stage == "submitted"


def test_a_further_document_some_applicants_bring_is_in_the_list(chat: Chat) -> None:
    reply = chat.say("申请公租房都要准备哪些东西")
    assert "另需提供居住证" in reply.reply


def test_words_that_only_look_like_leaving_a_field_empty() -> None:
    from govhall.assistant.dialogue import _LEAVE_EMPTY
    from govhall.assistant.understand import question_type_of

    assert _LEAVE_EMPTY.match("先别写了") and _LEAVE_EMPTY.match("还是先不填了吧") and _LEAVE_EMPTY.match("不要了")
    assert not _LEAVE_EMPTY.match("别写错了") and not _LEAVE_EMPTY.match("别写实验小学了")
    assert question_type_of("现在还能申请吗?") != "where_apply"  # 在 of 现在 is no place
    assert question_type_of("在老家那边,能申请吗?") != "where_apply"  # the comma ends the place
    assert question_type_of("护照能在这边办吗?") == "where_apply"
    assert question_type_of("住了十几天院,能报多少") != "how_long"


def test_a_two_character_key_inside_another_word_names_no_field(chat: Chat) -> None:
    chat.say("我要申请生育津贴")
    assert "不填了" not in chat.say("联系方式不用填了吧").reply  # not 分娩方式


def test_an_item_held_is_not_the_item_asked_for(chat: Chat) -> None:
    reply = chat.say("我已经办了居住证，想给孩子报个名上初中")
    assert reply.service is not None and reply.service["code"] == "school-enrolment"


def test_a_question_of_its_own_after_an_item_still_reaches_the_library(chat: Chat) -> None:
    chat.say("生育津贴怎么申请")
    assert "98" in chat.say("那要是顺产，产假一共能休几天？").reply


def test_someone_elses_field_is_not_asked_as_the_citizens_own(chat: Chat) -> None:
    from govhall.assistant.slots import ask_text

    forms = {str(i["code"]): i["form"] for i in catalog.current_contents(chat.db)}
    assert ask_text(forms["elderly-allowance"], ["applicant_name"]) == "请告诉我老年人姓名。"
    assert ask_text(forms["dibao"], ["applicant_name"]) == "请告诉我您的申请人姓名。"
