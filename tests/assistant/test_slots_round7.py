"""Slot filling, round 7 (issue 17): forms about two people, two addresses told apart by the
citizen's own cue words, options decided by the speaker's role, a number against an option's bound
or two districts compared, and a story that describes a situation. Every example is written here,
not copied from the dev sets."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govhall.assistant._options import option_by_months_left
from govhall.assistant.slots import SlotUpdate, fill, narrative
from govhall.catalog import builtin_items
from govhall.text import normalize

FORMS: dict[str, dict[str, Any]] = {item.code: item.form for item in builtin_items()}
TODAY = date(2026, 12, 6)


def _fill(code: str, text: str, *pending: str, **current: Any) -> SlotUpdate:
    return fill(FORMS[code], text, current=current, pending=list(pending), today=TODAY)


# -- two parties -----------------------------------------------------------------------------------


def test_a_clause_that_names_nobody_goes_on_about_the_last_person_named() -> None:
    values = _fill(
        "marriage-registration",
        "我以前从没结过婚，他结过一回，前年离掉了。",
        "applicant_marital_status",
        applicant_name="钟晓岚",
        partner_name="程磊",
    ).values
    assert values["applicant_marital_status"] == "未婚"
    assert values["partner_marital_status"] == "离婚"


@pytest.mark.parametrize("declared", ["男方是我", "我是男方"])
def test_the_speaker_who_says_they_are_one_party_is_the_applicant(declared: str) -> None:
    values = _fill(
        "marriage-registration",
        f"{declared}，柯远航，440105199202143318，头一回结婚",
        partner_name="詹慧敏",
        partner_id_number="440106199408235124",
    ).values
    assert values["applicant_name"] == "柯远航"
    assert values["id_number"] == "440105199202143318"
    assert values["applicant_marital_status"] == "未婚"
    assert "partner_name" not in values and "partner_id_number" not in values


# -- two addresses ---------------------------------------------------------------------------------


def test_a_generic_address_word_labels_neither_of_two_address_fields() -> None:
    values = _fill(
        "residence-permit",
        "老家的户口地址是湖南省邵阳市隆回县桃洪镇新村7组，现在住示例市云杉区青松路27号3栋802",
        "hukou_address",
        "address",
    ).values
    assert values["hukou_address"].startswith("湖南省邵阳市隆回县")
    assert values["address"] == "示例市云杉区青松路27号3栋802"


def test_an_address_after_a_cue_the_recogniser_does_not_know_fills_its_field() -> None:
    values = _fill(
        "sole-proprietor-registration",
        "我姓程，住示例市云杉区青松路27号3栋802，铺面在示例市云杉区青松路29号",
        "address",
        "business_address",
    ).values
    assert values["address"] == "示例市云杉区青松路27号3栋802"
    assert values["business_address"] == "示例市云杉区青松路29号"


def test_a_kind_of_place_then_where_it_is_takes_the_exact_address() -> None:
    values = _fill(
        "residence-permit",
        "户籍地址：江西省赣州市于都县贡江镇。现在住单位宿舍，示例市北城区工业园8栋305。",
        "hukou_address",
        "address",
    ).values
    assert values["address"] == "示例市北城区工业园8栋305"


def test_an_address_written_whole_keeps_the_citizens_words() -> None:
    values = _fill("residence-permit", "户口在湖南省浏阳市集里街道光明路8号", "hukou_address").values
    assert values["hukou_address"] == "湖南省浏阳市集里街道光明路8号"


def test_the_household_registration_fills_no_address_lived_at() -> None:
    values = _fill("school-enrolment", "户口在洪山区", address="武汉市洪山区珞喻路8号").values
    assert "address" not in values


# -- options decided by role, number or comparison -------------------------------------------------


def test_an_agent_who_lives_with_the_old_person_is_their_child() -> None:
    values = _fill(
        "elderly-allowance", "他平时就跟我一起住", "living_status", applicant_name="柯德旺", agent_name="柯远航"
    ).values
    assert values["living_status"] == "与子女同住"


def test_an_agent_who_names_their_own_relative_is_not_who_the_old_person_lives_with() -> None:
    values = _fill(
        "elderly-allowance",
        "她跟我姥爷两个人住，我们常去看",
        "living_status",
        applicant_name="柯德芳",
        agent_name="柯远航",
    ).values
    assert values["living_status"] == "与配偶同住"


def test_the_old_person_who_lives_with_their_spouse_is_not_read_as_living_with_a_child() -> None:
    values = _fill("elderly-allowance", "我跟老伴一起住", "living_status", applicant_name="柯德旺").values
    assert values["living_status"] == "与配偶同住"


def test_a_change_of_mind_is_read_as_the_speaker_means_it() -> None:
    values = _fill(
        "newborn-hukou",
        "落户就跟我吧……算了，还是跟她妈，她妈那边离学校近",
        "hukou_follow",
        applicant_relation="父亲",
    ).values
    assert values["hukou_follow"] == "随母落户"


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("护照还剩三个月就过期了", True),
        ("我的护照后年二月才到期", False),
        ("护照明年四月到期，想先换了", True),
        ("护照有效期剩下不到半年", True),
        ("护照还有两年多才到期", False),
    ],
)
def test_the_months_left_on_a_passport_against_the_options_bound(text: str, chosen: bool) -> None:
    options = list(FORMS["passport"]["properties"]["application_type"]["enum"])
    picked = option_by_months_left(options, normalize(text), TODAY)
    assert (picked == "换发（有效期不足6个月）") is chosen


def test_a_day_a_document_runs_out_is_no_departure() -> None:
    values = _fill("passport", "护照明年四月到期，想先换了").values
    assert values.get("application_type") == "换发（有效期不足6个月）"
    assert "planned_departure_date" not in values


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("孩子户口落在北城区他爷爷家，我们住在示例市南湖区东风路6号", "本市其他区户籍"),
        ("户口在南湖区，住示例市南湖区东风路6号2栋", "本区户籍"),
        ("户口就在咱们区", "本区户籍"),
    ],
)
def test_the_household_registration_district_against_the_address(text: str, option: str) -> None:
    assert _fill("school-enrolment", text, "hukou_type").values["hukou_type"] == option


def test_a_guardian_by_a_court_is_the_other_guardian() -> None:
    values = _fill("school-enrolment", "他爸妈都不在了，法院判的由我来当监护人").values
    assert values["relationship"] == "其他法定监护人"


def test_two_dates_said_as_a_range_start_and_end_the_query() -> None:
    values = _fill("social-insurance-record", "查2020.3.1-2025.6.30这段", "query_start_date").values
    assert values["query_start_date"] == "2020-03-01"
    assert values["query_end_date"] == "2025-06-30"


# -- numbers and stories ---------------------------------------------------------------------------


def test_a_count_beside_an_amount_is_no_amount() -> None:
    values = _fill("dibao", "家里三口人，每月就靠我那点退休金，一千八百六", "family_size").values
    assert values["monthly_income_amount"] == 1860
    assert values["family_size"] == 3


def test_a_flats_area_is_not_each_ones_area() -> None:
    values = _fill("public-rental-housing", "一家五口挤在三十个平方的老屋里").values
    assert "per_capita_area" not in values
    assert _fill("public-rental-housing", "人均才六个平方", "per_capita_area").values["per_capita_area"] == 6


def test_a_story_that_chose_the_reason_also_describes_the_hardship() -> None:
    values = _fill("dibao", "前年查出肝癌，一直在化疗，地里的活一点干不了", "bank_card").values
    assert values["hardship_reason"] == "患重大疾病"
    assert "化疗" in values["hardship_description"]


def test_a_dictated_story_labels_no_count_inside_it() -> None:
    values = _fill(
        "dibao",
        "要填困难情况的话你就写：儿子脑瘫常年卧床，一家子就靠我一个人打零工",
        family_size=3,
    ).values
    assert values["hardship_description"].startswith("儿子脑瘫")
    assert "family_size" not in values


def test_a_plan_is_no_business_scope() -> None:
    form = FORMS["sole-proprietor-registration"]
    assert narrative(form, "我和我姐想在菜市场门口开个卖卤味的小摊子", {}) == {}


# -- whose value, once the applicant is known ------------------------------------------------------


def test_the_speaker_who_names_themselves_after_the_child_is_the_guardian() -> None:
    values = _fill(
        "disability-certificate", "我叫包晓红，手机13905712286", "phone", applicant_name="包一鸣", id_number="x"
    ).values
    assert values["guardian_name"] == "包晓红"
    assert values["guardian_phone"] == values["phone"] == "13905712286"
    assert "applicant_name" not in values


def test_she_with_no_relative_named_is_the_emergency_contact() -> None:
    values = _fill(
        "passport",
        "那个座机白天没人，换成她手机13588042176吧",
        applicant_name="甘立群",
        phone="13905712286",
        emergency_contact_name="甘小雨",
        emergency_contact_phone="0571-86012345",
    ).values
    assert values == {"emergency_contact_phone": "13588042176"}


def test_a_rename_goes_to_the_name_it_is_most_like() -> None:
    values = _fill(
        "newborn-hukou",
        "孩子名字要改，她奶奶说叫洪若溪更好听",
        child_name="洪若曦",
        father_name="洪振东",
        mother_name="葛兰",
        applicant_relation="父亲",
    ).values
    assert values == {"child_name": "洪若溪"}


def test_a_value_the_fields_description_gives_for_a_situation_is_taken() -> None:
    values = _fill("retirement", "我一直是灵活就业，自己在社保局交的钱").values
    assert values["employer"] == "灵活就业"
    assert "employer" not in _fill("retirement", "我不是灵活就业的，一直在厂里").values


def test_a_name_inside_a_shops_name_is_nobodys_name() -> None:
    values = _fill("sole-proprietor-registration", "店名打算叫示例市云杉区翠兰面馆", applicant_name="何翠兰").values
    assert values["trade_name"] == "示例市云杉区翠兰面馆"
    assert "applicant_name" not in values and "business_address" not in values


def test_a_birth_day_before_the_hospital_it_happened_in_is_the_birth_date() -> None:
    values = _fill("newborn-hukou", "闺女是11月28号在示例市妇幼保健院生的").values
    assert values["birth_date"] == "2026-11-28"


def test_the_count_of_children_said_in_everyday_words() -> None:
    values = _fill("maternity-allowance", "没保住，孩子数是零", "bank_card").values
    assert values["newborn_count"] == 0


# -- bodies, days and figures said the way people say them -----------------------------------------


def test_a_name_said_as_its_own_clause_after_the_person() -> None:
    values = _fill("passport", "紧急联系人写我爸，甘树林，13588042176", "emergency_contact_name").values
    assert values["emergency_contact_name"] == "甘树林"
    assert values["emergency_contact_phone"] == "13588042176"


def test_the_words_after_the_second_of_two_dates_tell_its_field() -> None:
    values = _fill("medical-reimbursement", "示例市中心医院，2026年10月8号住进去10月19号出的院", "hospital_name").values
    assert values["hospital_name"] == "示例市中心医院"
    assert values["admission_date"] == "2026-10-08"
    assert values["discharge_date"] == "2026-10-19"


def test_the_exact_day_of_a_month_said_loosely_before_replaces_it() -> None:
    values = _fill("medical-reimbursement", "示例市第二医院急诊，2026年11月21号", admission_date="2026-11-01").values
    assert values["admission_date"] == "2026-11-21"
    assert "discharge_date" not in values


def test_a_rough_income_then_the_figure_to_count() -> None:
    values = _fill("public-rental-housing", "两个人一个月挣五千左右，就按五千三算").values
    assert values["monthly_income_amount"] == 5300


@pytest.mark.parametrize(("said", "day"), [("就写后面那次吧", "2026-11-30"), ("按头一次算", "2026-11-16")])
def test_of_two_days_the_one_the_citizen_points_to(said: str, day: str) -> None:
    text = f"11月16号和11月30号都去窗口问过，{said}"
    assert _fill("complaint-12345", text, request_type="投诉").values["incident_date"] == day


def test_signing_up_for_school_names_no_school() -> None:
    assert "intended_school" not in _fill("school-enrolment", "帮儿子报名上初中").values
    assert (
        _fill("school-enrolment", "想上示例市实验小学", "intended_school").values["intended_school"] == "示例市实验小学"
    )


def test_a_place_that_starts_a_schools_name_is_no_address() -> None:
    values = _fill(
        "residence-permit",
        "我们租房住，杭州市西湖区文三路90号2幢501。孩子在杭州市西湖区实验小学",
        "address",
        hukou_address="安徽省阜阳市临泉县城关镇",
    ).values
    assert values["address"] == "杭州市西湖区文三路90号2幢501"


def test_an_address_kept_as_written_answers_no_second_address_field() -> None:
    values = _fill("residence-permit", "户口在江西宜春市袁州区秀江东路26号", "hukou_address", "address").values
    assert values["hukou_address"] == "江西宜春市袁州区秀江东路26号"
    assert "address" not in values
