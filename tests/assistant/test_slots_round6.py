"""Slot filling, round 6 (issue 17): options described in the citizen's own words, a numbered list
of options answered by its number or a part of an option, a short message that restates one
option, another field's title that is no option, a recent birth for a delivery date, and words
after a person that are no name. Every example is written here, not copied from the dev sets."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govhall.assistant._options import listed_pick, numbered_choices, numbered_pick
from govhall.assistant.slots import SlotUpdate, ask_text, fill
from govhall.catalog import builtin_items

FORMS: dict[str, dict[str, Any]] = {item.code: item.form for item in builtin_items()}
TODAY = date(2026, 12, 6)


def _fill(code: str, text: str, *pending: str, **current: Any) -> SlotUpdate:
    return fill(FORMS[code], text, current=current, pending=list(pending), today=TODAY)


# -- options in everyday words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "field", "text", "option"),
    [
        ("maternity-allowance", "delivery_mode", "最后还是开刀取出来的", "剖宫产"),
        ("maternity-allowance", "delivery_mode", "医生在我肚子上切了个口子", "剖宫产"),
        ("maternity-allowance", "leave_type", "怀到三个月胎停了，去医院做了清宫", "流产产假"),
        ("maternity-allowance", "leave_type", "宝宝四个多月的时候没保住", "流产产假"),
        ("disability-certificate", "disability_type", "干活时候右手被机器绞断了", "肢体残疾"),
        ("disability-certificate", "disability_type", "小时候得过小儿麻痹，走路一直跛", "肢体残疾"),
        ("marriage-registration", "applicant_marital_status", "我爱人前年病故了", "丧偶"),
        ("elderly-allowance", "living_status", "我妈不和儿女住，一个人守着乡下的房子", "独居"),
        ("elderly-allowance", "economic_status", "就是普普通通的老百姓家", "一般家庭"),
        ("dibao", "hardship_reason", "厂子去年裁员把我也裁了，到现在都没活干", "失业"),
        ("passport", "purpose", "我去悉尼看望我姐姐，顺便住一阵", "探亲访友"),
        ("unemployment-benefit", "separation_reason", "人事找我谈了，赔了N+1我就签字走了", "用人单位提出协商解除"),
        (
            "medical-reimbursement",
            "reimbursement_reason",
            "结账时说我医保断了刷不了，后来补缴才续上",
            "参保信息异常未能结算",
        ),
        ("social-insurance-record", "purpose", "要把户口迁过来，派出所让开这个证明", "落户"),
        ("social-insurance-record", "insurance_type", "只查失业那个险就够了", "失业保险"),
        ("driving-licence-renewal", "licence_class", "我的本只能开两个轮子的摩托", "普通二轮摩托车（D）"),
        ("residence-permit", "basis", "我在本市念大学，今年大三", "连续就读"),
        ("newborn-hukou", "hukou_follow", "孩子户口就挂到她妈名下", "随母落户"),
    ],
)
def test_an_option_described_in_everyday_words_is_read(code: str, field: str, text: str, option: str) -> None:
    assert _fill(code, text, field).values.get(field) == option


def test_a_spouse_who_died_makes_each_speaker_widowed() -> None:
    update = _fill("marriage-registration", "我叫孟大山，我老伴走了八年了。她叫罗秀英，她男人也去世好些年了")
    assert update.values.get("applicant_marital_status") == "丧偶"
    assert update.values.get("partner_marital_status") == "丧偶"


def test_a_dead_spouse_word_in_passing_is_no_marital_status() -> None:
    """死活 is no death, 走一趟 no departure: only a spouse who died or left life counts."""
    update = _fill("marriage-registration", "我老公死活要今年办，我们走一趟登记处就行")
    assert "applicant_marital_status" not in update.values


def test_a_couple_living_on_their_own_is_no_one_living_alone() -> None:
    assert _fill("elderly-allowance", "老两口自己过日子", "living_status").values.get("living_status") == "与配偶同住"


def test_an_unborn_child_is_no_delivery_and_the_delivery_field_title_names_no_leave() -> None:
    update = _fill("maternity-allowance", "孩子没生下来，分娩方式这一栏就谈不上了", "delivery_mode")
    assert update.values.get("delivery_mode") == "不适用"
    assert "leave_type" not in update.values  # 分娩 here is the field's title, no birth


# -- a numbered list of options ------------------------------------------------------------------

OPTIONS = ["小型汽车（C1）", "小型自动挡汽车（C2）", "三轮汽车（C4）", "普通二轮摩托车（D）", "轻便摩托车（E）"]


def test_the_listed_question_numbers_every_option() -> None:
    text = numbered_choices("准驾车型", OPTIONS)
    assert "1. 小型汽车（C1）" in text and "5. 轻便摩托车（E）" in text


@pytest.mark.parametrize(
    ("reply", "option"),
    [
        ("3", "三轮汽车（C4）"),
        ("第四个", "普通二轮摩托车（D）"),
        ("选2吧", "小型自动挡汽车（C2）"),
        ("最后一个", "轻便摩托车（E）"),
        ("自动挡", "小型自动挡汽车（C2）"),
        ("轻便", "轻便摩托车（E）"),
    ],
)
def test_a_listed_option_is_picked_by_number_or_by_its_own_words(reply: str, option: str) -> None:
    assert listed_pick(reply, OPTIONS) == option


@pytest.mark.parametrize("reply", ["9", "第七个", "汽车", "随便"])
def test_a_number_off_the_list_or_words_of_several_options_pick_nothing(reply: str) -> None:
    assert listed_pick(reply, OPTIONS) is None


def test_a_number_is_no_pick_when_the_reply_is_a_sentence() -> None:
    assert numbered_pick("我家有2辆车", OPTIONS) is None


def test_ask_text_lists_the_options_of_a_field_asked_before() -> None:
    form = FORMS["driving-licence-renewal"]
    text = ask_text(form, ["licence_class"], listed=True)
    assert "1. 小型汽车（C1）" in text and "回复序号" in text
    assert "1." not in ask_text(form, ["licence_class"])


def test_the_place_of_an_option_in_the_question_answers_it() -> None:
    update = _fill("passport", "第二个", "purpose")
    assert update.values == {"purpose": "探亲访友"}


def test_a_bare_number_answers_a_count_asked_with_an_option_not_the_option() -> None:
    update = _fill("dibao", "3", "family_size", "hardship_reason")
    assert update.values.get("family_size") == 3
    assert "hardship_reason" not in update.values


def test_a_number_picks_between_the_two_options_asked_about() -> None:
    form = FORMS["maternity-allowance"]
    update = fill(form, "2", current={}, pending=["leave_type"], options=["流产产假", "计划生育手术休假"])
    assert update.values == {"leave_type": "计划生育手术休假"}


# -- a short message that restates one option ----------------------------------------------------


def test_a_short_message_about_one_option_changes_it_and_says_so() -> None:
    update = _fill("retirement", "就按岁数到点退，不往后延", "bank_card", retirement_type="弹性延迟退休")
    assert update.values.get("retirement_type") == "正常退休"
    assert update.corrected == ["retirement_type"]


def test_a_long_story_does_not_change_an_option_in_passing() -> None:
    story = "我那时候在厂里干了二十多年，后来厂里改制我就去了私企，到点退的同事都说手续挺麻烦的，你们看着办吧"
    update = _fill("retirement", story, "bank_card", retirement_type="弹性延迟退休")
    assert "retirement_type" not in update.values


def test_a_question_restating_an_option_changes_nothing() -> None:
    form = FORMS["retirement"]
    update = fill(form, "到点退可以吗", current={"retirement_type": "弹性延迟退休"}, pending=[], question=True)
    assert "retirement_type" not in update.values


# -- dates, time words and names -----------------------------------------------------------------


def test_a_recent_birth_fills_the_delivery_date_when_another_field_is_asked_with_it() -> None:
    update = _fill("maternity-allowance", "九月二十号生的，去年，在市第一人民医院", "employer", "delivery_date")
    assert update.values.get("delivery_date") == "2025-09-20"
    assert update.values.get("employer") is None  # 去年 is when, no employer


def test_a_year_said_as_its_own_clause_after_the_day_is_that_days_year() -> None:
    update = _fill("passport", "三月十号出发，明年的", "planned_departure_date")
    assert update.values.get("planned_departure_date") == "2027-03-10"


def test_the_mothers_own_birth_is_no_delivery() -> None:
    update = _fill("maternity-allowance", "我是1994年3月2号出生的，在纺织厂上班")
    assert update.values.get("delivery_date") != "1994-03-02"


@pytest.mark.parametrize(
    ("code", "text", "field", "name"),
    [
        ("newborn-hukou", "孩子他妈叫白晓雨。户口就上她妈那儿", "mother_name", "白晓雨"),
        ("elderly-allowance", "我叫郑春梅，我来代办，老人不会用手机", "agent_name", None),
        ("marriage-registration", "对方叫何丽君，她那口子前几年病逝了", "partner_name", "何丽君"),
    ],
)
def test_words_right_after_a_person_word_are_no_name(code: str, text: str, field: str, name: str | None) -> None:
    value = _fill(code, text).values.get(field)
    assert value in (name, "郑春梅") if name is None else value == name


# -- labels of other fields and people -------------------------------------------------------------


def test_a_co_owner_after_its_label_is_no_new_applicant_and_keeps_the_manner_of_ownership() -> None:
    update = _fill("real-estate-registration", "共有人：周小禾，按份共有，各占一半", applicant_name="汪海峰")
    assert update.values.get("co_owners") == "周小禾，按份共有，各占一半"
    assert "applicant_name" not in update.values


def test_a_certificate_number_right_after_its_label_is_read() -> None:
    number = "苏(2019)无锡市不动产权第0034521号"
    assert _fill("real-estate-registration", f"老证号{number}").values.get("certificate_no") == number


def test_the_speakers_relative_named_after_another_persons_label_is_that_person() -> None:
    current = {"applicant_name": "汪海峰", "phone": "13700001111"}
    update = _fill("passport", "紧急联系人填我姐姐汪海燕，手机13900002222", **current)
    assert update.values.get("emergency_contact_name") == "汪海燕"
    assert update.values.get("emergency_contact_phone") == "13900002222"
    assert "applicant_name" not in update.values and "phone" not in update.values


def test_on_a_form_about_one_person_the_relative_the_speaker_acts_for_is_the_applicant() -> None:
    text = "我妈叫石玉兰，身份证在这，我是她儿子石磊，电话13800003333"
    update = _fill("medical-reimbursement", text, "applicant_name")
    assert update.values.get("applicant_name") == "石玉兰"


def test_a_speaker_who_applies_for_themselves_keeps_their_own_name() -> None:
    update = _fill("medical-reimbursement", "我叫石磊，我妈叫石玉兰，她陪我去看的病", "applicant_name")
    assert update.values.get("applicant_name") != "石玉兰"


@pytest.mark.parametrize(
    ("code", "field", "text", "option"),
    [
        ("disability-certificate", "disability_type", "他中风以后左边胳膊腿都不听使唤", "肢体残疾"),
        ("elderly-allowance", "living_status", "爷爷一直和我爸妈一块住", "与子女同住"),
    ],
)
def test_an_option_described_with_the_speakers_family_is_read(code: str, field: str, text: str, option: str) -> None:
    assert _fill(code, text, field).values.get(field) == option


def test_a_child_called_wa_is_the_student() -> None:
    update = _fill("school-enrolment", "我家娃叫林沐阳，身份证440305201903150018", "child_name", "child_id_number")
    assert update.values.get("child_name") == "林沐阳"
    assert "applicant_name" not in update.values


def test_a_birth_said_loosely_then_by_its_day_takes_the_day() -> None:
    update = _fill("newborn-hukou", "宝宝是上周五生的，就是11月27号", "birth_date")
    assert update.values.get("birth_date") == "2026-11-27"


@pytest.mark.parametrize(
    ("text", "end"),
    [("查到上个月底", "2026-11-30"), ("截止到这个月末", "2026-12-31")],
)
def test_the_end_of_a_month_said_with_di_is_its_last_day(text: str, end: str) -> None:
    update = _fill("social-insurance-record", f"从2021年3月1号开始，{text}", "query_start_date", "query_end_date")
    assert update.values.get("query_start_date") == "2021-03-01"
    assert update.values.get("query_end_date") == end


def test_a_period_that_ends_with_a_relative_month_ends_on_its_last_day() -> None:
    update = _fill("social-insurance-record", "从2021年3月1号开始，查到上个月", "query_start_date", "query_end_date")
    assert update.values.get("query_end_date") == "2026-11-30"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("账上估计五万多，准确是五万一千三百零八块七", 51308.7),
        ("一共是四万六千二百块零五毛", 46200.5),
    ],
)
def test_the_asked_amount_is_the_exact_one_with_its_jiao(text: str, amount: float) -> None:
    update = _fill("housing-fund-withdrawal", text, "withdrawal_amount")
    assert update.values.get("withdrawal_amount") == amount


def test_a_month_with_its_year_then_the_exact_day_is_that_day() -> None:
    update = _fill("retirement", "1988年9月参加的工作，准确说是9月21号", "work_start_date")
    assert update.values.get("work_start_date") == "1988-09-21"


def test_an_old_couple_not_living_with_their_children_live_with_each_other() -> None:
    update = _fill("elderly-allowance", "我奶奶和我爷爷两个老人住老宅，没跟我们住", "living_status")
    assert update.values.get("living_status") == "与配偶同住"


def test_a_complaint_place_runs_on_to_its_last_place_word_and_restates_a_vaguer_one() -> None:
    form = next(i.form for i in builtin_items() if i.code == "complaint-12345")
    asked = ["phone", "need_reply"]
    update = fill(
        form, "就在火车站南广场西门出租车候车区，天天有人拉客", current={"incident_address": "火车站"}, pending=asked
    )
    assert update.values.get("incident_address") == "火车站南广场西门"
    assert "incident_address" in update.corrected
    update = fill(form, "是城关镇派出所。我电话13912345678", current={}, pending=asked)
    assert update.values.get("incident_address") == "城关镇派出所"
    same = fill(form, "就在火车站", current={"incident_address": "火车站南广场西门"}, pending=asked)
    assert "incident_address" not in same.values


def test_one_exact_day_among_loose_mentions_is_the_date() -> None:
    form = next(i.form for i in builtin_items() if i.code == "complaint-12345")
    update = fill(form, "上个月就开始了，2026年11月18号那天最严重", current={}, pending=["phone"])
    assert update.values.get("incident_date") == "2026-11-18"
    update = fill(form, "2026年11月2号和11月18号都去过", current={}, pending=["phone"])
    assert "incident_date" not in update.values
