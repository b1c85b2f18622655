"""Sixteenth round: a hardship told over several messages is one account; where one works told as
the place joined or named after the kind of place; how many run a shop told as who runs it.

Every message here was written for this file, in new words; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from govhall.assistant.slots import fill, plain_letters, story_field, story_with
from tests.assistant.conftest import FORMS, TODAY, Chat
from tests.assistant.conftest import fill_item as _fill

# --- a hardship told over several messages is one account


def test_the_story_field_of_a_form_is_its_one_description() -> None:
    assert story_field(FORMS["temporary-assistance"]) == "hardship_description"
    assert story_field(FORMS["passport"]) is None


def test_a_later_message_adds_to_the_story_what_it_does_not_hold() -> None:
    form = FORMS["dibao"]
    first = "我婆婆中风瘫在床上两年了，我得在家伺候她"
    more = story_with(form, first, "每个月光是药钱和尿不湿就要一千多，我男人在工地上一个月挣不到三千")
    assert more.startswith(first) and "尿不湿" in more
    assert story_with(form, more, "我男人在工地上一个月挣不到三千") == more  # told already
    assert story_with(form, more, "好的") == more  # too short to be any of it
    # an identifier is the form's own field, no part of the story
    assert "13" not in story_with(form, first, "我手机13907316624")


def test_the_story_told_before_the_form_opened_is_kept_with_what_came_after(chat: Chat) -> None:
    chat.say("我家那口子上个月在车间被机器轧了手，三根手指没保住")
    chat.say("厂里只赔了五千块，后面做手术又花了四万多，家里还有两个上学的孩子")
    turn = chat.say("这种情况能不能申请临时救助？")
    assert turn.service is not None and turn.service["code"] == "temporary-assistance"
    assert turn.stage != "filling"  # asked of one item: answered, no hotline form nobody asked for
    turn = chat.say("那我申请一下")
    assert turn.stage == "filling" and turn.service is not None
    assert turn.service["code"] == "temporary-assistance"
    story = plain_letters(str(turn.form.get("hardship_description")))
    assert "三根手指没保住" in story and "四万多" in story


def test_more_of_the_story_at_the_confirmation_is_added_not_ignored(chat: Chat) -> None:
    chat.say("我儿子得了白血病在省儿童医院化疗，我辞了工作陪着他，想申请临时救助")
    chat.say("我叫尹海燕，身份证430102198605213027，手机13975108834")
    chat.say("户口在长沙市芙蓉区五一大道388号3栋502，家里三口人")
    turn = chat.say("骨髓配型那块还要再准备二十万，亲戚朋友能借的都借了")
    story = plain_letters(str(turn.form.get("hardship_description")))
    assert "白血病" in story and "骨髓配型" in story


# --- where one works


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("我在南门一家面馆打工，店名叫老街牛肉面，住在单位宿舍", "老街牛肉面"),
        ("我在城西一个厂里上班，厂名是鑫源塑料厂", "鑫源塑料厂"),
        ("前年过来进的比亚迪，在车间干活", "比亚迪"),
        ("我是去年三月进了申洲针织，一直在那打工", "申洲针织"),
    ],
)
def test_a_workplace_named_after_its_kind_or_as_the_one_joined(text: str, body: str) -> None:
    assert _fill("residence-permit", text).values.get("employer_or_school") == body


@pytest.mark.parametrize(
    "text",
    [
        "我老公进了中通快递，我在家带孩子，也在楼下超市打零工",  # his workplace
        "我爸前年进了医院就一直没出来，我在厂里上班",  # a hospital is no job
        "进了城以后一直打零工",  # no name
    ],
)
def test_joining_what_is_no_workplace_of_the_applicant_names_none(text: str) -> None:
    assert _fill("residence-permit", text).values.get("employer_or_school") in (None, "楼下超市")


# --- how many run a shop


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("卖烧饼，就我自己", 1),
        ("店里我一个人干", 1),
        ("我跟我媳妇两口子一起弄，不请人", 2),
        ("店是我和我姐一起打理", 2),
        ("我们俩合伙开的", 2),
    ],
)
def test_who_runs_the_shop_counts_those_who_work_in_it(text: str, count: int) -> None:
    assert _fill("sole-proprietor-registration", text).values.get("employee_count") == count


@pytest.mark.parametrize(
    "text",
    [
        "请了两个伙计帮着看店",  # is the owner one of them? asked, not guessed
        "我跟我妈一起吃饭的时候商量好了要开店",
        "想开个店卖文具",
    ],
)
def test_no_count_from_hired_help_or_from_no_work_together(text: str) -> None:
    assert "employee_count" not in _fill("sole-proprietor-registration", text).values


def test_a_count_is_only_for_a_field_of_people_who_work() -> None:
    assert "family_size" not in _fill("dibao", "就我自己").values


# --- a shop's place and trade told around the shop's opening


def test_the_place_after_a_short_clause_about_the_shop_is_where_it_trades() -> None:
    values = _fill("sole-proprietor-registration", "想开个包子铺，门面已经谈妥了，就在建新路北段17号临街一楼").values
    assert values.get("business_address", "").startswith("建新路北段17号")
    assert "address" not in values


def test_a_home_after_a_clause_about_the_shop_is_still_the_home() -> None:
    values = _fill("sole-proprietor-registration", "门面还在找，我住在建新路17号").values
    assert values.get("address") == "建新路17号" and "business_address" not in values


def test_what_is_sold_after_the_shop_is_opened_and_placed_is_its_scope() -> None:
    text = "我打算开个卤味店，档口已经租下了，就在菜市场东门，主要卖卤鸭脖、卤豆干"
    assert "卤鸭脖" in _fill("sole-proprietor-registration", text).values.get("business_scope", "")


# --- the second person of a form, changed or described


_PASSPORT_SO_FAR = {
    "applicant_name": "罗慧敏",
    "id_number": "440106199203154425",
    "phone": "13926015587",
    "emergency_contact_name": "罗建军",
    "emergency_contact_phone": "13802216734",
}


@pytest.mark.parametrize(
    "text",
    [
        "紧急联系人还是填我妹吧，罗慧芳，电话13711520846",
        "紧急联系人改成我妹，罗慧芳，电话13711520846",
        "紧急联系人换成我妹妹吧，罗慧芳，13711520846",
    ],
)
def test_a_contact_changed_to_a_relative_with_a_name_alike_is_the_contact(text: str) -> None:
    values = _fill("passport", text, current=_PASSPORT_SO_FAR).values
    assert values.get("emergency_contact_name") == "罗慧芳"
    assert values.get("emergency_contact_phone") == "13711520846"
    assert "applicant_name" not in values and "phone" not in values


def test_a_rename_of_the_applicant_still_renames() -> None:
    values = _fill("passport", "我名字写错了，改成罗慧珉", current=_PASSPORT_SO_FAR).values
    assert values.get("applicant_name") == "罗慧珉"


def test_who_the_labelled_person_is_to_the_speaker_keeps_the_clause_theirs() -> None:
    current = {k: v for k, v in _PASSPORT_SO_FAR.items() if not k.startswith("emergency")}
    values = _fill("passport", "紧急联系人电话13802216734，是我爸，叫罗建军", current=current).values
    assert values.get("emergency_contact_name") == "罗建军"
    assert "applicant_name" not in values


# --- which parent speaks, by how the other parent is named


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("我媳妇剖腹产还在医院，我先来给闺女办户口", "父亲"),
        ("我丈夫出差了，我自己来给儿子办", "母亲"),
        ("我老公户口在这边，孩子跟他", "母亲"),
    ],
)
def test_the_parent_speaking_is_told_by_how_they_name_the_other(text: str, relation: str) -> None:
    assert _fill("newborn-hukou", text).values.get("applicant_relation") == relation


@pytest.mark.parametrize(
    "text",
    [
        "我是孩子姥姥，她爸她妈都上班",
        "我爱人户口在老家",
        "孩子爸爸妈妈都是本地户口",
        "孩子他爸出差了，我来办",  # a grandmother says 孩子他爸 too
        "我是宝宝的舅舅，我老婆让我来问问",
    ],
)
def test_no_parent_read_when_said_outright_or_both_ways_or_neither(text: str) -> None:
    assert _fill("newborn-hukou", text).values.get("applicant_relation") in (None, "其他监护人")


def test_the_parent_read_so_owns_the_speakers_name() -> None:
    values = _fill("newborn-hukou", "我老公叫蒋立新，我叫何婉清").values
    assert values.get("father_name") == "蒋立新" and values.get("mother_name") == "何婉清"


# --- options told as the situation they are for


def test_the_value_a_fields_description_names_is_read_from_the_situation() -> None:
    values = _fill("retirement", "我一直没有单位，社保都是个人交社保，平时在夜市摆摊").values
    assert values.get("employer") == "灵活就业"


def test_a_body_of_the_past_replaces_no_employer_given() -> None:
    current = {"employer": "灵活就业"}
    values = _fill("retirement", "以前在东风针织厂干过几年，后来厂子倒闭了", current, ["work_start_date"]).values
    assert values.get("employer", "灵活就业") == "灵活就业"


@pytest.mark.parametrize(
    "text",
    ["老爷子一直跟我们两口子住", "我婆婆现在跟我们一家住，我们照顾她", "她跟我哥家住，我哥管她吃住"],
)
def test_an_elder_living_with_the_speakers_household_lives_with_children(text: str) -> None:
    assert _fill("elderly-allowance", text).values.get("living_status") == "与子女同住"


def test_an_elder_speaking_of_their_spouse_still_lives_with_the_spouse() -> None:
    assert _fill("elderly-allowance", "我跟老伴两个人住").values.get("living_status") == "与配偶同住"


@pytest.mark.parametrize("text", ["儿媳妇在新西兰要生了，我过去伺候她坐月子", "闺女在英国生孩子，我去照顾一阵"])
def test_going_to_care_for_a_child_abroad_is_visiting_family(text: str) -> None:
    assert _fill("passport", text).values.get("purpose") == "探亲访友"


def test_naming_every_scheme_is_all_of_them() -> None:
    values = _fill("social-insurance-record", "单位要我开社保证明，养老、失业、工伤三样都要").values
    assert values.get("insurance_type") == "全部险种"


# --- a correction at the confirmation that also asks to submit


def _elder_to_summary(chat: Chat) -> None:
    chat.say("帮我外婆申请高龄津贴，她八十八了，家里是低保户")
    chat.say("外婆叫常玉珍，身份证410102193807152020，户口在郑州市中原区建设路街道伏牛路15号")
    chat.say("她跟我们一家住，电话留我的15837140926，我叫孟凡，我代办")
    turn = chat.say("钱打她的卡6222021702004319752")
    if turn.stage != "confirming":
        pytest.fail(f"the form did not reach its summary, the case this test is about: {turn.reply}")


def test_a_changed_option_with_submit_is_changed_then_submitted(chat: Chat) -> None:
    _elder_to_summary(chat)
    turn = chat.say("等等，外婆是特困供养的，不是低保，改一下就可以提交了")
    assert turn.stage == "submitted"
    assert turn.form.get("economic_status") == "特困供养人员"


def test_a_wait_at_the_end_still_holds_the_form(chat: Chat) -> None:
    _elder_to_summary(chat)
    turn = chat.say("外婆是特困供养的，不是低保，我再想想先别提交")
    assert turn.stage == "confirming"


# --- dates, amounts and counts that say what they are by the words around them


def test_a_day_after_next_month_said_is_in_that_months_year() -> None:
    values = _fill("marriage-registration", "我们俩下个月去登记，约1月12号那天上午").values
    assert values.get("appointment_date") == "2027-01-12"


def test_a_day_in_this_month_stays_in_this_year() -> None:
    values = _fill("marriage-registration", "这个月28号去登记").values
    assert values.get("appointment_date") == "2026-12-28"


def test_an_unworded_date_before_a_worded_one_is_the_form_s_earlier_date() -> None:
    text = "10月28号夜里肚子疼得厉害，送到市第三医院住院做了手术，11月2号出院"
    values = _fill("medical-reimbursement", text).values
    assert values.get("admission_date") == "2026-10-28" and values.get("discharge_date") == "2026-11-02"


@pytest.mark.parametrize("text", ["我在物流公司开车，一个月四千出头", "我老伴每个月退休金两千三"])
def test_a_wage_told_is_no_expense(text: str) -> None:
    assert "expense_amount" not in _fill("temporary-assistance", text).values


@pytest.mark.parametrize(("text", "amount"), [("每个月药费要两千", 2000), ("一个月房租一千五", 1500)])
def test_a_monthly_cost_is_still_an_expense(text: str, amount: int) -> None:
    assert _fill("temporary-assistance", text).values.get("expense_amount") == amount


def test_who_earns_is_no_count_of_the_household() -> None:
    text = "我爱人和两个孩子年后过来，一共四个人申请，挣钱的就我一个人"
    assert _fill("public-rental-housing", text).values.get("family_size") == 4


def test_the_partner_s_first_marriage_told_as_first_time() -> None:
    values = _fill("marriage-registration", "我是二婚，他是头一回").values
    assert values.get("applicant_marital_status") == "离婚"
    assert values.get("partner_marital_status") == "未婚"


# --- names of shops and deeds that look like names of bodies


def test_a_repair_shop_s_name_is_the_trade_name_not_a_person() -> None:
    values = _fill("sole-proprietor-registration", "名字就叫小军电脑维修，本钱一万五").values
    assert values.get("trade_name") == "小军电脑维修" and "applicant_name" not in values


def test_minding_a_relative_s_shop_is_work_but_names_no_employer() -> None:
    values = _fill("residence-permit", "我是来帮我姑姑看店的，她开了个服装店").values
    assert values.get("basis") == "合法稳定就业"
    assert "employer_or_school" not in values


def test_asking_whether_all_is_there_and_to_submit_if_so_submits(chat: Chat) -> None:
    chat.say("我想申请失业金，我叫包海燕，身份证150102198811232022，手机15848126637")
    chat.say("原来在呼和浩特市万达物业上班，11月20号合同到期单位不续了，交了五年社保")
    turn = chat.say("卡号6222021908003310128。都好了吧？没问题就提交")
    assert turn.stage == "submitted", turn.reply


def test_the_place_that_is_its_own_clause_after_the_shop_is_where_it_trades() -> None:
    values = _fill("sole-proprietor-registration", "铺面刚租下来，园林路52号临街门面，做早点").values
    assert values.get("business_address", "").startswith("园林路52号")
    values = _fill("sole-proprietor-registration", "门面还没定，我住在园林路52号").values
    assert values.get("address") == "园林路52号" and "business_address" not in values


def test_goods_listed_right_after_the_shop_is_opened_are_its_scope() -> None:
    values = _fill("sole-proprietor-registration", "我想在菜场边上开个熟食店，卤肉、凉拌菜、烧鸡这些").values
    assert values.get("business_scope", "").startswith("卤肉、凉拌菜、烧鸡")


@pytest.mark.parametrize("text", ["店里就我们娘俩", "就我们爷俩干"])
def test_a_parent_and_child_running_it_are_two_and_a_family(text: str) -> None:
    values = _fill("sole-proprietor-registration", text).values
    assert values.get("employee_count") == 2


def test_a_co_owner_named_after_the_share_as_she_is_no_applicant() -> None:
    text = "身份证370102198506143018，电话15806412273。房子是我跟我老婆一起的，共同共有，她叫邵敏"
    values = _fill("real-estate-registration", text).values
    assert values.get("co_owners") == "邵敏，共同共有"
    assert "applicant_name" not in values


def test_acting_for_a_relative_named_as_she_keeps_her_the_applicant() -> None:
    values = _fill("real-estate-registration", "帮我姨办的，她叫邵敏，房子她一个人的").values
    assert values.get("applicant_name") == "邵敏"


@pytest.mark.parametrize(
    ("code", "text", "field", "option"),
    [
        ("retirement", "人社局说我明年五月到退休年龄，先把手续办了", "retirement_type", "正常退休"),
        ("passport", "月底要去曼谷跑业务，谈个订单", "purpose", "商务"),
        ("residence-permit", "我是江城理工学院大二的学生，想办居住证", "basis", "连续就读"),
    ],
)
def test_an_option_told_as_the_situation_it_is_for(code: str, text: str, field: str, option: str) -> None:
    assert _fill(code, text).values.get(field) == option


def test_the_building_and_room_after_the_kind_of_place_is_the_address() -> None:
    current = {"hukou_address": "江西省赣州市章贡区解放街道"}
    text = "居住地址就写单位宿舍 城东区物流园3号楼208"
    values = _fill("residence-permit", text, current, ["address"]).values
    assert values.get("address") == "城东区物流园3号楼208"


def test_a_hotline_form_nobody_asked_for_gives_way_to_a_question_about_one_item(chat: Chat) -> None:
    turn = chat.say("我家前天晚上着火了，插线板短路烧起来的，客厅全熏黑了")
    if turn.service is None or turn.service["code"] != "complaint-12345":
        pytest.fail(f"the story did not open a hotline form, the case this test is about: {turn.reply}")
    turn = chat.say("我爸妈年纪大了也帮不上忙，像我们家这样能申请临时救助吗")
    assert turn.service is not None and turn.service["code"] == "temporary-assistance"
    assert turn.stage != "filling"


def test_a_trade_told_by_voice_after_the_shop_is_its_scope() -> None:
    values = _fill("sole-proprietor-registration", "我要办执照 开洗车店 洗车打蜡贴膜那些").values
    assert values.get("business_scope", "").startswith("洗车打蜡贴膜")


def test_working_as_a_teacher_somewhere_is_employment() -> None:
    values = _fill("residence-permit", "我在城南一所小学当老师，住学校宿舍").values
    assert values.get("basis") == "合法稳定就业"


# --- 养老保险 with no scheme said


@pytest.mark.parametrize("text", ["开个社保证明，查养老保险就行", "买房要用，查一下养老保险交了几年"])
def test_a_pension_with_no_scheme_is_the_employees_one(text: str) -> None:
    values = _fill("social-insurance-record", text).values
    assert values.get("insurance_type") == "企业职工基本养老保险"


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("查养老保险，我交的是村里的新农保", "城乡居民基本养老保险"),
        ("不是养老保险，是失业保险", "失业保险"),
    ],
)
def test_the_residents_scheme_or_another_option_keeps_its_own_reading(text: str, option: str) -> None:
    assert _fill("social-insurance-record", text).values.get("insurance_type") == option


def test_a_default_pension_gives_way_to_the_scheme_said_later() -> None:
    first = _fill("social-insurance-record", "查养老保险就行")
    assert "insurance_type" in first.inferred
    later = fill(
        FORMS["social-insurance-record"],
        "哦对了我是城乡居民的那种",
        current=dict(first.values),
        pending=["delivery_method"],
        inferred=first.inferred,
        today=TODAY,
    )
    assert later.values.get("insurance_type") == "城乡居民基本养老保险"


@pytest.mark.parametrize(
    ("text", "field", "day"),
    [
        ("出院日期不是16号是17号", "discharge_date", "2026-11-17"),
        ("哦入院不是九号，半夜过了零点了，算十号", "admission_date", "2026-11-10"),
    ],
)
def test_a_day_said_wrong_then_the_right_one_corrects_the_day(text: str, field: str, day: str) -> None:
    current = {"admission_date": "2026-11-09", "discharge_date": "2026-11-16"}
    update = _fill("medical-reimbursement", text, current)
    assert update.values.get(field) == day and field in update.corrected


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("今年年底到退休年龄，不过我想延迟退休", "弹性延迟退休"),
        ("快到退休年龄了，我是特殊工种", "特殊工种提前退休"),
        ("到了退休年龄还想再干几年", None),
    ],
)
def test_reaching_retirement_age_gives_way_to_any_other_kind_spoken_of(text: str, option: str | None) -> None:
    assert _fill("retirement", text).values.get("retirement_type") == option
