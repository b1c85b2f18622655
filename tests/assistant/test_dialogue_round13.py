"""Thirteenth round: whose number a correction fixes, households counted, second people's details.

Every message here was written for this file, in new words; none comes from an evaluation set.
"""

from __future__ import annotations

from govhall.assistant.dialogue import _said_for_the_case
from govhall.assistant.slots import title_keys
from tests.assistant.conftest import Chat
from tests.assistant.conftest import fill_item as _fill

# --- a corrected number goes to the field whose number it nearly equals

PASSPORT = {
    "applicant_name": "苗振东",
    "id_number": "110105198803076534",
    "phone": "13911112222",
    "emergency_contact_name": "苗秀英",
    "emergency_contact_phone": "15833334444",
}


def test_a_relatives_number_with_two_digits_swapped_corrects_the_relatives_field() -> None:
    update = _fill("passport", "我姐的手机号我念错了，应该是15833334404", PASSPORT)
    assert update.values == {"emergency_contact_phone": "15833334404"}
    assert update.corrected == ["emergency_contact_phone"]
    assert not update.problems  # no 号码 of 公民身份号码 read from a phone number


def test_the_last_four_digits_told_again_correct_the_id_they_belong_to() -> None:
    current = {
        "applicant_name": "祁海涛",
        "id_number": "320102198507121231",
        "child_name": "祁小满",
        "child_id_number": "320102202002034561",
    }
    update = _fill("school-enrolment", "娃的身份证后四位我抄错了，是320102202002039872", current)
    assert update.values.get("child_id_number") == "320102202002039872"
    assert "id_number" not in update.values


def test_a_new_number_like_none_given_still_goes_where_the_words_point() -> None:
    update = _fill("passport", "我换号了，电话改成18600001111", PASSPORT)
    assert update.values == {"phone": "18600001111"}


def test_a_number_given_before_moves_to_the_person_it_belongs_to() -> None:
    current = {"applicant_name": "苗振东", "emergency_contact_name": "苗秀英", "phone": "15833334444"}
    update = _fill("passport", "前面那个号码是我姐的，紧急联系人就用它，我自己的是18600001111", current)
    assert update.values["phone"] == "18600001111"
    assert update.values["emergency_contact_phone"] == "15833334444"


def test_a_relatives_phone_answers_the_contact_phone_of_a_one_person_form() -> None:
    update = _fill("unemployment-benefit", "号码就留我闺女的吧 13700005555，我这手机快坏了", {}, ["phone"])
    assert update.values == {"phone": "13700005555"}


# --- households: members counted, a total added to, counts inside dictated text ignored


def test_a_household_listed_over_two_clauses_is_counted_whole() -> None:
    update = _fill("dibao", "家里有我、我媳妇、公公，另外还有三个孩子", {}, ["family_size"])
    assert update.values["family_size"] == 6


def test_a_household_size_and_who_comes_on_top_of_it_are_added() -> None:
    update = _fill("temporary-assistance", "房子塌了一半，一家三口加上我岳母只能住到学校里", {})
    assert update.values["family_size"] == 4


def test_we_two_with_a_child_are_three() -> None:
    update = _fill("public-rental-housing", "家里就我们两口子带一个儿子", {}, ["family_size"])
    assert update.values["family_size"] == 3


def test_a_count_inside_dictated_text_changes_no_household_size() -> None:
    text = "卡号6222021704112988379，情况说明就写丈夫车祸住院，一人照顾一人上班，入不敷出"
    update = _fill("temporary-assistance", text, {"family_size": 4}, ["bank_card"])
    assert "family_size" not in update.values and "family_size" not in update.corrected


def test_an_income_told_when_the_household_is_asked_raises_no_size_error() -> None:
    update = _fill("public-rental-housing", "两个人的工资加起来一个月七千八", {}, ["family_size"])
    assert "family_size" not in update.problems


# --- names: no name cut from a word, a person's own phone, a child named by its sex


def test_a_body_part_after_a_person_word_is_no_name() -> None:
    update = _fill("disability-certificate", "我妈的残疾证找不着了，她右手截肢二十年了", {})
    assert "applicant_name" not in update.values


def test_his_own_phone_is_his_when_the_speaker_acts_for_him() -> None:
    text = "他自己有手机 13912340000，我是他闺女邢丽，替他办的，我电话15012340000"
    update = _fill("disability-certificate", text, {"applicant_name": "邢德全"})
    assert update.values["phone"] == "13912340000"
    assert update.values["guardian_phone"] == "15012340000"


def test_a_newborn_named_after_boy_or_girl_is_the_childs_name() -> None:
    update = _fill("newborn-hukou", "大前天生的 女孩 叫姚诗涵 我是她妈妈", {})
    assert update.values["child_name"] == "姚诗涵"


def test_a_hospitals_name_is_no_employer() -> None:
    current = {"applicant_name": "萧雅琴", "employer": "长风物流有限公司"}
    update = _fill("maternity-allowance", "是在北京大学第三医院生的", current, ["hospital_name"])
    assert "employer" not in update.values


# --- labels people shorten, and two addresses of which one is labelled


def test_a_number_title_is_also_named_without_bian() -> None:
    assert "档案号" in title_keys("驾驶证档案编号")
    update = _fill("driving-licence-renewal", "档案号110100123456", {})
    assert update.values["licence_file_no"] == "110100123456"


def test_the_unlabelled_of_two_addresses_is_the_other_address_field() -> None:
    text = "户口在河南省周口市郸城县南丰镇李楼村；现在租房子，在朝阳区十里堡北里5号楼302"
    update = _fill("residence-permit", text, {})
    assert update.values["hukou_address"].startswith("河南省周口市郸城县")
    assert update.values["address"].endswith("十里堡北里5号楼302")


# --- complaints and hand-offs


def test_asking_to_keep_the_tellers_name_out_does_not_withdraw_a_complaint(chat: Chat) -> None:
    chat.say("我要举报，小区后门那个废品站天天半夜烧电线，烟呛得人睡不着")
    turn = chat.say("电话15600007777，有结果了回个电话，但别说是我举报的")
    assert turn.stage in ("filling", "confirming")
    assert turn.form["keep_confidential"] is True


def test_asking_for_someone_to_repair_it_is_part_of_the_complaint(chat: Chat) -> None:
    chat.say("我们楼下的下水道堵了一个礼拜了，污水漫到路上")
    turn = chat.say("能不能派个人来修修？电话15600008888")
    assert turn.form.get("phone") == "15600008888"


def test_a_stretch_opening_the_message_is_the_place() -> None:
    update = _fill("complaint-12345", "在新华村小学到加油站那一段，坑坑洼洼的", {"request_type": "投诉"})
    assert update.values["incident_address"] == "新华村小学到加油站那一段"


def test_asking_for_a_human_and_when_they_answer_hands_off(chat: Chat) -> None:
    chat.say("我想给我爸申请高龄津贴")
    turn = chat.say("还是帮我转人工吧，人工啥时候回我？")
    assert turn.handoff
    assert "1 个工作日" in turn.reply


def test_a_changed_case_gets_the_part_of_the_last_line_that_names_it() -> None:
    said = "一般件3个工作日办结，加急件1个工作日办结"
    assert _said_for_the_case(said, "要是加急的呢？") == "加急件1个工作日办结"
    assert _said_for_the_case(said, "那要是我人在外地呢？") is None


# --- names given are not replaced in passing; who is who on a two-party form


def test_a_name_read_in_passing_does_not_replace_the_name_given() -> None:
    update = _fill("housing-fund-withdrawal", "这回只取我自己的。钱转6222021704112988379", {"applicant_name": "鲍志刚"})
    assert "applicant_name" not in update.values


def test_a_name_given_again_with_a_cue_still_replaces_it() -> None:
    update = _fill("housing-fund-withdrawal", "不好意思，申请人姓名是鲍志钢", {"applicant_name": "鲍志刚"})
    assert update.values["applicant_name"] == "鲍志钢"


def test_the_other_side_of_my_partner_is_me() -> None:
    text = "男方伍家豪，没结过婚；女方是我未婚妻童佳怡，她前夫几年前病故了"
    update = _fill("marriage-registration", text, {})
    assert update.values["applicant_name"] == "伍家豪"
    assert update.values["partner_name"] == "童佳怡"
    assert update.values["applicant_marital_status"] == "未婚"
    assert update.values["partner_marital_status"] == "丧偶"


def test_a_shops_address_after_zai_is_where_it_happened() -> None:
    current = {"request_type": "投诉", "incident_address": "我们楼下"}
    update = _fill("complaint-12345", "那家网吧在城关区兴业路27号", current)
    assert update.values["incident_address"] == "城关区兴业路27号"


# --- what a clause says of whom; counts of earners; validity; the question's own item


def test_she_too_gives_the_other_person_the_same_state() -> None:
    text = "我叫覃志勇，没结过婚；她叫骆晓燕，同样是头一回"
    update = _fill("marriage-registration", text, {})
    assert update.values["applicant_marital_status"] == "未婚"
    assert update.values["partner_marital_status"] == "未婚"


def test_an_organisation_word_inside_an_address_is_no_employer() -> None:
    text = "退休金打这张卡6227001820034567894，通讯地址写新华区和平西路水泥厂家属院3栋101"
    update = _fill("retirement", text, {"employer": "新华水泥厂"}, ["bank_card"])
    assert "employer" not in update.values


def test_two_earners_are_no_household_size() -> None:
    update = _fill("public-rental-housing", "我和我爱人两个人的工资一个月七千出头", {"family_size": 4})
    assert "family_size" not in update.values


def test_the_ba_construction_keeps_a_complaint_confidential() -> None:
    update = _fill("complaint-12345", "不要把我的电话透露给那个老板", {"request_type": "投诉"})
    assert update.values["keep_confidential"] is True


def test_a_span_up_to_today_leaves_the_day_it_began() -> None:
    update = _fill("complaint-12345", "路灯11月29号就不亮了，一直到今天都没人管", {"request_type": "投诉"})
    assert update.values["incident_date"] == "2026-11-29"


def test_how_many_years_a_card_can_be_used_is_its_validity(chat: Chat) -> None:
    turn = chat.say("我的残疾证是前几年办的，能用几年啊？")
    assert "10年" in turn.reply


def test_a_question_mid_complaint_is_about_the_complaint_not_the_tellers_shop(chat: Chat) -> None:
    chat.say("我们小区门口那条路天天有大货车半夜按喇叭，吵得睡不着")
    turn = chat.say("我在小区里开小超市的，电话13512345670。这个一般几天能答复？")
    assert "12345" in turn.reply and "工作日" in turn.reply
    assert "个体工商户" not in turn.reply


def test_a_hospital_read_as_an_address_too_is_still_the_hospital() -> None:
    text = "住的是湖南省示例第二人民医院 3月2号住院 3月9号出院"
    update = _fill("medical-reimbursement", text, {}, ["hospital_name", "admission_date"])
    assert update.values["hospital_name"] == "湖南省示例第二人民医院"


def test_a_day_told_for_a_plan_changes_no_date_given() -> None:
    current = {"applicant_name": "柯文静", "query_start_date": "2023-03-01", "query_end_date": "2026-11-30"}
    update = _fill("social-insurance-record", "我后天刚好路过政务大厅，去窗口拿就行", current, ["delivery_method"])
    assert "query_start_date" not in update.values and "query_end_date" not in update.values


def test_a_date_restated_with_its_figure_still_changes_it() -> None:
    update = _fill("temporary-assistance", "事情其实是11月28号出的", {"incident_date": "2026-11-25"})
    assert update.values["incident_date"] == "2026-11-28"


# --- other parties of the matter are not the applicant; the speaker saying who they are is


def test_a_seller_or_a_brother_named_is_no_new_applicant() -> None:
    current = {"applicant_name": "祝永康"}
    assert "applicant_name" not in _fill("real-estate-registration", "房子是二手的，卖家叫危国强", current).values
    assert "applicant_name" not in _fill("real-estate-registration", "我姐叫祝永红，也有份", current).values


def test_the_speaker_saying_who_they_are_replaces_a_name_read_before() -> None:
    update = _fill("real-estate-registration", "本人祝永康，电话13612348888", {"applicant_name": "危国强"})
    assert update.values["applicant_name"] == "祝永康"
