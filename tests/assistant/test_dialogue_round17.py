"""Seventeenth round: a place told as a landmark and the road it is on; where the citizen lives is not
where the matter happened; the person of one clause carries into the next that names nobody; a
parent told as the baby's is told by the other parent; "我叫…，她叫…" by a parent names the partner.

Every message here was written for this file, in new words; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from govhall.assistant._people import assign, people_of
from tests.assistant.conftest import FORMS, Chat
from tests.assistant.conftest import fill_item as _fill

# --- a place told over clauses


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("人民公园北门对面，新华路上那个修地铁的工地，半夜还在挖", "人民公园北门对面，新华路上那个修地铁的工地"),
        ("长途汽车站出口往东走两百米，胜利大街上有个井盖没了", "长途汽车站出口往东走两百米，胜利大街上"),
        ("第三中学门口那个公交站，就在建国路上，站牌倒了一个月", "第三中学门口那个公交站，就在建国路上"),
        ("小区叫金桂园，就在区政府旁边，光明路边上，门口垃圾堆成山", "金桂园，就在区政府旁边，光明路边上"),
    ],
)
def test_a_landmark_and_the_road_it_is_on_are_one_place(text: str, place: str) -> None:
    found = str(_fill("complaint-12345", text).values.get("incident_address"))
    assert place in found and "挖" not in found and "井盖" not in found and "垃圾" not in found


def test_a_clause_that_says_more_than_where_stays_out_of_the_place() -> None:
    found = str(_fill("complaint-12345", "建设银行门口那个报刊亭，天天占着盲道卖东西").values.get("incident_address"))
    assert found.startswith("建设银行门口") and "盲道" not in found


def test_where_the_citizen_lives_does_not_replace_where_it_happened() -> None:
    known = {"incident_address": "东风路和团结路交叉口那个烧烤摊", "request_type": "投诉"}
    text = "我家就住在旁边的东风小区，窗户关上都能闻到油烟"
    assert "incident_address" not in _fill("complaint-12345", text, known, ["phone"]).values
    # with no place known, the home is the place the matter is at
    first = _fill("complaint-12345", "我住在和平路18号和平小区，楼上天天半夜剁肉")
    assert "和平路18号" in str(first.values.get("incident_address"))


def test_a_place_said_as_ours_is_replaced_when_it_is_named() -> None:
    known = {"incident_address": "我们小区"}
    update = _fill("complaint-12345", "小区是翠湖花园，就在湿地公园对面", known)
    assert "翠湖花园" in str(update.values.get("incident_address"))


# --- the person of one clause carries into the next


@pytest.mark.parametrize(
    "text",
    [
        "家里四口人，我爱人去年出了车祸，落下残疾干不了活，我在饭店洗碗一个月一千八",
        "我儿子小时候发高烧，留下了残疾，干不了活，我们老两口就靠种地",
    ],
)
def test_a_relatives_disability_told_over_two_clauses(text: str) -> None:
    assert _fill("dibao", text).values.get("hardship_reason") == "家庭成员残疾"


def test_a_clause_with_its_own_person_takes_nobody_from_the_one_before() -> None:
    update = _fill("dibao", "我老伴走得早。我前年摔断了腿，干不了活")
    assert update.values.get("hardship_reason") == "无劳动能力"


# --- which parent speaks


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("我的户口在外省，孩子爸爸是这边的户口，想让孩子跟他", "母亲"),
        ("我叫方志远，宝宝他妈妈是本市户口", "父亲"),
    ],
)
def test_a_parent_told_as_the_babys_is_told_by_the_other(text: str, relation: str) -> None:
    assert _fill("newborn-hukou", text).values.get("applicant_relation") == relation


def test_a_grandparent_telling_of_the_babys_father_is_no_parent() -> None:
    text = "我儿子在外地上班，我叫吴秀珍，孩子爸爸让我来给孙女办户口"
    assert _fill("newborn-hukou", text).values.get("applicant_relation") not in ("父亲", "母亲")


@pytest.mark.parametrize(
    ("speaker", "text", "expected"),
    [
        ("父亲", "我叫邱明辉，她叫章雨桐", {"father_name": "邱明辉", "mother_name": "章雨桐"}),
        ("母亲", "我叫章雨桐，他叫邱明辉", {"mother_name": "章雨桐", "father_name": "邱明辉"}),
    ],
)
def test_a_pronoun_next_to_the_speakers_own_name_is_the_partner(
    speaker: str, text: str, expected: dict[str, str]
) -> None:
    values, _ = assign(people_of(FORMS["newborn-hukou"]), text, speaker=speaker)
    assert {k: values.get(k) for k in expected} == expected


def test_a_home_that_is_the_place_of_the_matter_still_replaces_a_vague_one() -> None:
    known = {"incident_address": "我们楼"}
    text = "我家在南岗区学府路66号丽水家园5栋，暖气一直不热"
    assert "学府路66号" in str(_fill("complaint-12345", text, known).values.get("incident_address"))


def test_who_said_what_names_no_place() -> None:
    text = "社区说归街道管，街道又说是小区物业的问题，推来推去"
    assert "incident_address" not in _fill("complaint-12345", text).values


# --- what a business does, told after where it stands


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("我在夜市有个摊位卖烤冷面和炸串就我一个人弄", "卖烤冷面和炸串"),
        (
            "办个执照。我在建材市场做窗帘、墙纸，顺带接点安装的活，铺子是东湖路9号建材市场二排3号",
            "做窗帘、墙纸，顺带接点安装的活",
        ),
    ],
)
def test_the_deed_after_the_stall_is_the_scope(text: str, scope: str) -> None:
    assert _fill("sole-proprietor-registration", text).values.get("business_scope") == scope


def test_a_past_job_at_a_workplace_is_no_scope() -> None:
    found = _fill("sole-proprietor-registration", "我以前在厂里做会计，现在想开个网店卖衣服").values
    assert "会计" not in str(found.get("business_scope"))


# --- a day told alone goes on from the date told before


def test_a_day_alone_takes_the_month_of_the_date_known() -> None:
    known = {"admission_date": "2026-09-21", "visit_type": "住院"}
    update = _fill("medical-reimbursement", "前后住了一个礼拜，28号出的院", known)
    assert update.values.get("discharge_date") == "2026-09-28"


def test_a_hospital_called_by_its_affiliation() -> None:
    update = _fill("medical-reimbursement", "半夜送到湘雅二附院急诊，打了两天吊瓶")
    assert update.values.get("hospital_name") == "湘雅二附院"


def test_a_village_group_after_whose_village_it_is() -> None:
    update = _fill("elderly-allowance", "户口在我们村，双河镇石板桥村五组")
    assert update.values.get("address") == "双河镇石板桥村五组"


def test_a_visit_to_a_relative_told_in_the_clause_before() -> None:
    update = _fill("passport", "我儿子在新加坡读书，明年暑假想过去看看他")
    assert update.values.get("purpose") == "探亲访友"


def test_the_name_now_beats_the_name_before() -> None:
    update = _fill("real-estate-registration", "我以前叫李二狗，后来改了名，现在身份证上叫李振华")
    assert update.values.get("applicant_name") == "李振华"


def test_a_denial_inside_a_description_denies_nothing() -> None:
    update = _fill("temporary-assistance", "上周我被一辆没挂牌的摩托撞了，肋骨断了两根")
    assert update.values.get("hardship_type") == "火灾、交通事故等意外事件"


# --- read again once the speaker is known


def test_household_following_me_is_read_again_once_the_parent_says_who_they_are(chat: Chat) -> None:
    chat.say("我想给孩子上户口，我闺女上个月25号生的，叫温语桐，户口就跟我")
    turn = chat.say("我是孩子妈妈，叫罗佳慧，身份证430102199205153024")
    assert turn.form.get("applicant_relation") == "母亲"
    assert turn.form.get("hukou_follow") == "随母落户"


def test_a_question_in_a_complaint_changes_no_guessed_kind(chat: Chat) -> None:
    chat.say("我们楼下那个菜市场天天早上四点就开始卸货，吵得整栋楼睡不了觉")
    turn = chat.say("这个反映了以后大概多久会有人处理？")
    assert turn.form.get("request_type") == "投诉"


# --- round 17c: restatements, spouses, students, both of us, values typed with spaces


def test_a_message_that_is_all_scope_restates_a_shorter_one() -> None:
    known = {"business_scope": "卖手工皂"}
    update = _fill("sole-proprietor-registration", "卖自己熬的羊奶皂、精油皂这些，都在网上卖", known)
    assert update.values.get("business_scope") == "卖自己熬的羊奶皂、精油皂这些，都在网上卖"


@pytest.mark.parametrize(
    ("text", "known", "follow"),
    [
        ("我是孩子妈妈，户口跟我老公落", {}, "随父落户"),
        ("户口落我媳妇那边", {"applicant_relation": "父亲"}, "随母落户"),
        ("户口就跟我爱人", {"applicant_relation": "母亲"}, "随父落户"),
    ],
)
def test_the_speakers_spouse_is_the_other_parent(text: str, known: dict[str, str], follow: str) -> None:
    assert _fill("newborn-hukou", text, known).values.get("hukou_follow") == follow


def test_a_year_of_college_is_study() -> None:
    update = _fill("residence-permit", "我在城市学院读大二，平时住校")
    assert update.values.get("basis") == "连续就读"


def test_a_paralysed_husband_is_a_family_members_disability() -> None:
    update = _fill("dibao", "我男人前年中风瘫痪了，家里就靠我摆摊")
    assert update.values.get("hardship_reason") == "家庭成员残疾"


def test_a_clause_of_both_goes_on_about_both() -> None:
    update = _fill("marriage-registration", "我俩打算去登记，都是头一回结婚")
    assert update.values.get("applicant_marital_status") == update.values.get("partner_marital_status") == "未婚"


def test_a_month_said_again_exactly_is_one_date() -> None:
    update = _fill("retirement", "1993年7月进的厂，具体是1993年7月20日，一直干到现在")
    assert update.values.get("work_start_date") == "1993-07-20"
    assert "retirement_date" not in update.values


def test_values_typed_with_spaces_are_one_value_each() -> None:
    text = (
        "吕思远 11010519900308151X 13699998888 住北湖区樱花路6号 "
        + "店名 思远面馆 店在北湖区樱花路10号 经营范围面食 资金五万"
    )
    values = _fill("sole-proprietor-registration", text).values
    assert values.get("trade_name") == "思远面馆"
    assert "樱花路10号" in str(values.get("business_address")) and values.get("business_scope") == "面食"


def test_a_workplace_typed_alone_between_spaces() -> None:
    text = "邹海平 110105196601011013 13511112222 示例市纺织机械厂 1984年9月参加工作"
    assert _fill("retirement", text).values.get("employer") == "示例市纺织机械厂"


def test_a_shops_name_with_a_surname_in_it_is_the_shops() -> None:
    values = _fill("sole-proprietor-registration", "店就叫司马车行吧，主要修电动车").values
    assert values.get("trade_name") == "司马车行" and "applicant_name" not in values


def test_a_house_number_is_no_day_of_the_dates_told_before() -> None:
    known = {"work_start_date": "1988-06-01", "retirement_date": "2027-01-01"}
    update = _fill("retirement", "通讯地址：北湖区机床厂宿舍3栋2号", known, ["address"])
    assert "work_start_date" not in update.values and "retirement_date" not in update.values


@pytest.mark.parametrize(
    ("item", "text", "field", "value"),
    [
        (
            "housing-fund-withdrawal",
            "方振东 110105198504041332 13312345678 公积金账号 2019008812345",
            "fund_account",
            "2019008812345",
        ),
        (
            "driving-licence-renewal",
            "方振东 110105198504041332 13312345678 档案编号 440300778899",
            "licence_file_no",
            "440300778899",
        ),
    ],
)
def test_a_label_typed_alone_labels_the_next_piece(item: str, text: str, field: str, value: str) -> None:
    assert _fill(item, text).values.get(field) == value


def test_a_change_then_submit_at_the_summary_submits_the_changed_form(chat: Chat) -> None:
    chat.say("我租房住，想提公积金交房租")
    chat.say("名字是欧阳慧 身份证110105199609191403 电话18512341234")
    turn = chat.say("公积金账号 660012345678，提取金额九千，打到6225880011223344556")
    assert turn.stage == "confirming"
    turn = chat.say("哦 金额改成九千五吧，然后提交")
    assert turn.stage == "submitted" and turn.case is not None
    turn = chat.say("好的提交吧")  # nothing left to submit twice
    assert turn.stage == "submitted"


def test_a_filing_said_done_is_a_filing_made() -> None:
    update = _fill("medical-reimbursement", "我在外地住的院，异地备案过了，就是出院的时候没能直接结算")
    assert update.values.get("reimbursement_reason") == "异地就医已备案但未能直接结算"


def test_someones_wrongdoing_is_reported() -> None:
    update = _fill("complaint-12345", "城东那个洗车店天天偷排污水到雨水井里，路边全是泡沫")
    assert update.values.get("request_type") == "举报"


# --- a name told whole after its cue, whatever its surname


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫努尔艾力·吐尔洪 身份证110105198811020806 电话15987654321", "努尔艾力·吐尔洪"),
        ("名字是索朗旺姆，电话17712345678", "索朗旺姆"),
        ("斯琴高娃 110105199202141623 18899990000", "斯琴高娃"),
        ("我叫澹台明远，电话13912345678", "澹台明远"),
    ],
)
def test_a_name_told_after_its_cue_is_taken_whole(text: str, name: str) -> None:
    assert _fill("maternity-allowance", text).values.get("applicant_name") == name


@pytest.mark.parametrize("text", ["我叫张伟明天过去", "我是外地的，想办个居住证", "我叫他们先等等"])
def test_words_after_a_cue_that_are_no_name_stay_out(text: str) -> None:
    name = _fill("residence-permit", text).values.get("applicant_name")
    assert name is None or len(name) <= 3


@pytest.mark.parametrize(
    ("text", "name"),
    [("姓名严志强，身份证110105198811020806", "严志强"), ("经营者马国栋 110105198811020806 13662580417", "马国栋")],
)
def test_a_label_before_the_name_is_no_part_of_it(text: str, name: str) -> None:
    assert _fill("sole-proprietor-registration", text).values.get("applicant_name") == name


def test_a_bare_call_after_a_place_names_the_place_not_the_speaker() -> None:
    values = _fill("complaint-12345", "地方是光明路菜场对面的底商，叫阿强烧烤").values
    assert "applicant_name" not in values
    asked = _fill("complaint-12345", "叫古丽米拉", {}, ["applicant_name"]).values
    assert asked.get("applicant_name") == "古丽米拉"
