"""Twelfth round: what was said before the form opened, whose name a name is, labels inside labels.

Every message here was written for this file, in new words; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from govhall.assistant import AssistantSession
from govhall.assistant.dialogue import TOLD_TURNS
from govhall.assistant.option_reader import plain_parts
from govhall.assistant.service import record_feedback
from tests.assistant.conftest import Chat
from tests.assistant.conftest import fill_item as _fill

# --- the form opened after a consultation reads what was said, not the masked log


def test_a_name_said_while_asking_fills_the_form_when_it_opens(chat: Chat) -> None:
    asked = chat.say("我叫郝建军，想在菜市场边上开个早餐铺子，办营业执照要交钱吗？")
    assert asked.stage == "offered"
    opened = chat.say("行，那就办吧")
    assert opened.stage == "filling"
    assert opened.form["applicant_name"] == "郝建军"


def test_a_date_said_while_asking_fills_the_form_when_it_opens(chat: Chat) -> None:
    assert chat.say("闺女2026年11月28号出生的，户口要在多长时间里报上？").stage == "offered"
    opened = chat.say("知道了，那现在就办")
    assert opened.stage == "filling"
    assert opened.form["birth_date"] == "2026-11-28"


def test_the_log_stays_masked_and_keeps_only_the_last_few_messages_as_said(chat: Chat) -> None:
    chat.say("我叫郝建军，想在菜市场边上开个早餐铺子，办营业执照要交钱吗？")
    for text in ("要多久能办好", "在哪里办", "要带什么"):
        chat.say(text)
    row = chat.db.scalar(select(AssistantSession).where(AssistantSession.public_id == chat.sid))
    assert row is not None
    logged = [t["text"] for t in row.turns["items"] if t["role"] == "user"]
    assert "郝建军" not in logged[0]  # the log is masked
    assert len(row.turns["said"]) == TOLD_TURNS
    assert all("郝建军" not in said for said in row.turns["said"])  # the oldest has gone


def test_feedback_keeps_what_was_said(chat: Chat) -> None:
    chat.say("我叫郝建军，开早餐铺子办执照要钱吗？")
    turn = chat.say("好的")
    record_feedback(chat.db, chat.user, chat.sid, turn.turn, "up")
    row = chat.db.scalar(select(AssistantSession).where(AssistantSession.public_id == chat.sid))
    assert row is not None and len(row.turns["said"]) == 2


# --- whose name a name is


def test_a_name_introduced_as_someone_elses_does_not_replace_the_applicants() -> None:
    current = {"applicant_name": "孔令军", "registration_type": "转移登记（买卖）"}
    update = _fill("real-estate-registration", "证上还要写我媳妇，她叫沈月梅", current)
    assert "applicant_name" not in update.values and "applicant_name" not in update.corrected


def test_a_correction_of_the_name_still_replaces_it() -> None:
    update = _fill("real-estate-registration", "不对，她叫沈月梅", {"applicant_name": "孔令军"})
    assert update.values["applicant_name"] == "沈月梅"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("跟我爱人薛红英共同共有", "薛红英，共同共有"),
        ("证上写我和我弟弟包志强，一人一半", "包志强，一人一半，按份共有"),
    ],
)
def test_a_co_owner_and_the_share_told_without_the_label(text: str, expected: str) -> None:
    update = _fill("real-estate-registration", text, {"applicant_name": "孔令军"})
    assert update.values["co_owners"] == expected
    assert "applicant_name" not in update.values


def test_a_labelled_co_owner_keeps_the_citizens_words() -> None:
    update = _fill("real-estate-registration", "共有人是我闺女庞雪，按份共有，她占三成", {"applicant_name": "孔令军"})
    assert update.values["co_owners"].startswith("我闺女庞雪，按份共有")
    assert "applicant_name" not in update.values


def test_shares_without_a_named_person_fill_no_co_owner() -> None:
    update = _fill("real-estate-registration", "我们两口子共同共有", {"applicant_name": "孔令军"})
    assert "co_owners" not in update.values


@pytest.mark.parametrize("text", ["这个钱我能领不", "我会去窗口交材料", "我想下个月再办"])
def test_a_modal_verb_after_i_is_no_name(text: str) -> None:
    assert "applicant_name" not in _fill("elderly-allowance", text).values


def test_a_name_after_a_relative_word_is_still_read() -> None:
    assert _fill("elderly-allowance", "帮我奶奶办，我奶奶鲁秀珍八十四了").values["applicant_name"] == "鲁秀珍"


# --- labels


def test_a_label_that_ends_in_shi_needs_no_second_shi() -> None:
    update = _fill("retirement", "单位是长沙市天心区湘江机械厂，1990年3月参加工作", pending=["employer"])
    assert update.values["employer"] == "长沙市天心区湘江机械厂"


def test_a_reply_that_answers_the_other_asked_field_is_not_the_plain_one() -> None:
    update = _fill("retirement", "缴费算下来有三十一年零两个月", pending=["employer", "contribution_months"])
    assert update.values == {"contribution_months": 374}


def test_a_reply_with_both_asked_fields_fills_both() -> None:
    update = _fill("retirement", "湘江机械厂，缴费三十一年", pending=["employer", "contribution_months"])
    assert update.values["employer"] == "湘江机械厂" and update.values["contribution_months"] == 372


def test_the_phones_label_is_not_the_id_numbers() -> None:
    update = _fill("disability-certificate", "身份证110105195803124417，电话号码是13716259083", pending=["id_number"])
    assert update.values["id_number"] == "110105195803124417" and "id_number" not in update.problems


# --- the option reader reads a sentence of several clauses


def test_a_sentence_of_several_clauses_is_read_beside_its_clauses() -> None:
    text = "我叫苗青。房子是跟人买的，二手的，钱也付完了。电话还没换"
    parts = plain_parts(text)
    assert "房子是跟人买的，二手的，钱也付完了" in parts
    assert "电话还没换" not in parts  # a denial is read only within its message


def test_one_sentence_is_not_read_twice() -> None:
    assert plain_parts("房子是跟人买的，二手的") == ["房子是跟人买的", "二手的"]


# --- complaints: the place told by a landmark, a proposal or a call to act


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("火车站后面那块空地天天有人烧轮胎", "火车站后面那块空地"),
        ("人民医院后门对面那家“好再来”饭店天天半夜往外倒垃圾", "人民医院后门对面那家“好再来”饭店"),
        ("我们住的是体育馆隔壁那栋老楼，水管爆了三天了", "体育馆隔壁那栋老楼"),
    ],
)
def test_a_place_told_by_a_landmark_and_what_stands_beside_it(text: str, place: str) -> None:
    assert _fill("complaint-12345", text).values["incident_address"] == place


def test_what_was_done_at_a_place_is_not_the_place() -> None:
    update = _fill("complaint-12345", "农贸市场东门那家店，伙计把一桶脏油倒进门口的下水道")
    assert "把" not in update.values.get("incident_address", "")


def test_a_proposal_asked_as_can_you_is_registered_as_a_suggestion(chat: Chat) -> None:
    result = chat.say("提个建议：河滨公园晚上十点就锁门了，夏天散步的人多，能不能开到十二点？")
    assert result.stage == "filling" and result.form["request_type"] == "建议"
    assert "登记建议" in result.reply


def test_a_call_to_send_someone_is_registered(chat: Chat) -> None:
    result = chat.say("小区门口人行道的地砖翘起来好几块，老人绊倒好几回了，麻烦尽快派人修一下")
    assert result.stage == "filling" and (result.service or {}).get("code") == "complaint-12345"
    assert f"登记{result.form['request_type']}" in result.reply


def test_a_question_of_policy_with_can_you_is_no_complaint(chat: Chat) -> None:
    result = chat.say("公积金贷款年限能不能延长到三十年？")
    assert result.stage != "filling"


# --- nicknames, the agent's own phone, never having had the item


@pytest.mark.parametrize("text", ["我儿子小名叫乐乐，今年七岁，一只眼睛看不见", "我孙子小名叫乐乐，一只眼睛看不见"])
def test_a_nickname_is_no_name_for_the_form(text: str) -> None:
    assert "applicant_name" not in _fill("disability-certificate", text).values


def test_a_relative_word_after_i_is_no_name() -> None:
    assert _fill("disability-certificate", "我孙子今年七岁，一只眼睛看不见").values.get("applicant_name") != "孙子今"


def test_the_agents_own_phone_goes_to_the_agent_not_the_old_person() -> None:
    current = {"applicant_name": "商玉珍", "phone": "13165020719"}
    update = _fill("elderly-allowance", "我叫商建华，是她儿子，我电话是18653118290", current)
    assert update.values["agent_phone"] == "18653118290" and "phone" not in update.values


def test_the_contact_phone_by_its_label_is_still_the_applicants() -> None:
    assert _fill("elderly-allowance", "联系电话是13165020719", {"applicant_name": "商玉珍"}).values == {
        "phone": "13165020719"
    }


def test_never_having_had_the_item_is_why_one_applies(chat: Chat) -> None:
    result = chat.say("下个月公司派我去泰国出差，我还从来没办过护照，叫聂文涛")
    assert (result.service or {}).get("code") == "passport" and "12345" not in result.reply


# --- who a message's names are, which date, which number


def test_a_child_named_before_i_in_one_message_is_the_applicant_and_i_the_guardian() -> None:
    update = _fill(
        "disability-certificate",
        "孩子叫龙小宇，身份证320106201706231513。我叫龙海燕，电话15951873620",
        {"disability_type": "听力残疾"},
    )
    assert update.values["applicant_name"] == "龙小宇" and update.values["guardian_name"] == "龙海燕"


def test_a_single_character_of_a_title_after_the_date_does_not_choose_it() -> None:
    update = _fill("medical-reimbursement", "上周三夜里我吐血叫了救护车送急诊")
    assert "discharge_date" not in update.values and "admission_date" in update.values


def test_a_valid_number_beats_a_mislabelled_one() -> None:
    update = _fill(
        "elderly-allowance", "身份证370102194003122426，她那个老人机号码是13165020719", pending=["id_number"]
    )
    assert update.values["id_number"] == "370102194003122426" and "id_number" not in update.problems


def test_a_co_owner_beside_a_number_already_given_keeps_the_number() -> None:
    current = {"applicant_name": "孔令军", "building_area": 90.0}
    update = _fill("real-estate-registration", "面积是98平，和我老婆罗静共同共有", current)
    assert update.values["co_owners"] == "罗静，共同共有" and update.values.get("building_area") == 98


def test_never_having_had_it_and_not_wanting_it_is_a_refusal(chat: Chat) -> None:
    result = chat.say("我从来没办过护照，也不想办，就问问别的")
    assert result.stage != "filling"


def test_asking_how_to_apply_for_longer_hours_is_no_call_to_act() -> None:
    from govhall.assistant.dialogue import _ASKS_FOR_ACTION

    assert _ASKS_FOR_ACTION.search("怎么申请延长路灯开放时间") is None
    assert _ASKS_FOR_ACTION.search("请问增加窗口了吗") is None
    assert _ASKS_FOR_ACTION.search("麻烦尽快派人来看看") is not None
