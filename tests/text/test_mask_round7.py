"""Masking, seventh round of issue 19: given names that are ordinary words (江山, 海燕, 平安) in
every position a name takes — introductions, vocatives, quoted calls, roles and relatives before
what a person does, signatures, subjects of what only a person does, lists beside a name, the
given name said again after the full name — and the same words left alone where they are words.
Every example here is new (none is in the dev sets); the rules alone (no model) must hide them,
so the import's gate flags them too."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text._wordnames import name_like_word, plausible_given_name, word_names
from govhall.text.mask import needs_mask


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("你好，我叫春燕，是五号楼的租户，暖气不热。", "春燕"),
        ("我是秀英她妈，孩子的医保卡丢了。", "秀英"),
        ("村里有个叫玉兰的老人，低保被人冒领了。", "玉兰"),
        ("秀英，你快回家一趟，户口本找到了。", "秀英"),
        ("国华你先别走，章还没盖。", "国华"),
        ("“明华，把表拿过来”，他一喊我才知道。", "明华"),
        ("我们组长国华态度特别差，当众骂人。", "国华"),
        ("早上九点多，网格员丽华上门登记了。", "丽华"),
        ("我媳妇玉兰在外地打工，低保的事我来问。", "玉兰"),
        ("麻烦领导看看。\n——秀兰", "秀兰"),
        ("望回复，谢谢。丽萍 2026年11月30日", "丽萍"),
        ("此事拖了半年，恳请过问。桂英敬上", "桂英"),
        ("建军说明天把钱还上，到现在也没还。", "建军"),
        ("主任让春生去处理，结果没人来。", "春生"),
        ("参加调解的有张伟、桂英和玉兰三人。", "玉兰"),
    ],
)
def test_a_word_name_where_a_person_stands_is_masked_and_flagged(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert needs_mask(text)


def test_the_given_name_said_again_at_a_clause_opening_is_masked() -> None:
    masked = mask("我叫刘春生，在菜市场卖菜。春生这个名字是我爷爷起的。", ner=False)
    assert "春生" not in masked
    assert "刘春生" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "祖国江山如画，家乡越来越好。",
        "愿大家平安喜乐，身体健康。",
        "长城宽带的网络天天断。",
        "学生说食堂的饭不好吃。",
        "中国说到做到。",
        "明明说了不要辣，还是放了辣椒。",
        "祝好。平安",
        "请求取缔白沙、春华等9个镇的洗沙场。",
    ],
)
def test_the_same_words_where_they_are_words_are_left_alone(text: str) -> None:
    assert not list(word_names(text.replace("，", ",").replace("。", "。")))


def test_a_word_name_needs_given_name_characters_and_a_name_like_word() -> None:
    assert plausible_given_name("江山") and plausible_given_name("海燕")
    assert not plausible_given_name("现在") and not plausible_given_name("学生")
    assert name_like_word("平安") and name_like_word("长城")
    assert not name_like_word("清晨") and not name_like_word("现在")


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("社保个人编号：1002345678，2023年的缴费没记上", "1002345678"),
        ("我的电脑号是 0098765432，深圳社保查不到", "0098765432"),
        ("参保号 3301008812，单位说已经交了", "3301008812"),
        ("发动机号：LB2341567，年检说对不上", "LB2341567"),
        ("身份证号\n420102\n19950505\n1186\n麻烦核对", "19950505"),
        ("工资卡\n6217 0012 3456\n7890 122\n一直没到账", "3456"),
        ("联系电话：\n158-\n6666-\n1234", "6666"),
        ("窗口经办人LJH（刘建华）不给办", "LJH"),
        ("负责的网格员Wang YF上门时态度很差", "Wang YF"),
    ],
)
def test_numbers_and_initials_of_this_round_are_masked_and_flagged(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert needs_mask(text)


@pytest.mark.parametrize(
    "text",
    ["小区业主APP投票不透明", "楼下KTV太吵了", "副校长XXX宣读方案", "金额\n100\n200\n300", "2024\n12\n01"],
)
def test_acronyms_placeholders_and_columns_of_numbers_stay(text: str) -> None:
    assert mask(text, ner=False) == text
