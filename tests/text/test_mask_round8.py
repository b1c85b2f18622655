"""Masking, eighth round of issue 19: kinds dev set 11 probes (written before the masker was read).
Every example here is new wording (none is in a dev set); where the rules alone (no model) must
hide the secret, the import's gate must flag the post too."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text.mask import needs_mask


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # a permit or passport label with both 码 and a copula, or in English
        ("我儿子的护照号码是 EB7654321，学校要复印件。", "EB7654321"),
        ("居留证件号码为 CAN220198765432，请核对。", "CAN220198765432"),
        ("PASSPORT NO. K45678123 已过期，能否先办理登记？", "K45678123"),
        ("passport G87654312 丢在出租车上了。", "G87654312"),
        # digits read out as on a radio (洞 for 0), a plate and a house number spaced out
        ("回电请打幺三九洞洞幺二洞三四五。", "幺二洞"),
        ("肇事车是 浙B 3K 7Q1，开得飞快。", "3K 7Q1"),
        ("住 址 建 设 路 2 6 号", "2 6"),
        # a starred ID or card number after its label that still shows its last digits
        ("身份证号：110105*********23X 已经登记过了。", "23X"),
        ("银行卡6217*******3321 被冻结了。", "3321"),
        ("账号@Authesis 被封了。", "Authesis"),
        # an account named by its handle after @
        ("就是抖音上那个@爱跳舞的阿彬，天天直播我家门口。", "爱跳舞的阿彬"),
        ("转发自//@lily_2024:这事得管管", "lily_2024"),
        # a landline with an em dash after its area code, a student card's number, a neighbour's room
        ("家里座机 0739—5326789，白天没人。", "5326789"),
        ("学生证号 2022030456 找不到了。", "2022030456"),
        ("对门1203天天往楼道里扔垃圾。", "1203"),
        # a household counted from a landmark in a village without house numbers
        ("我家就在老祠堂往东第四户。", "第四户"),
        ("找不到门牌，就是卫生室对面第2家。", "第2家"),
        # a speaker opening a quoted or bracketed chat line
        ("他发来一段话：“熊立新：下午两点前必须搬走。”", "熊立新"),
        ("我截了图，「邵明辉：押金不退」，就这一句。", "邵明辉"),
        # a lone surname and a name-like word opening a letter's second sentence
        ("电梯又坏了。孟庆华昨天被困了半小时。", "孟庆华"),
        ("我要反映情况。邵红梅多次占用消防通道。", "邵红梅"),
        # a full name the segmenter's dictionary holds, or a surname before a given name it tags
        # as a person's, with no cue before it
        ("这件事是刘建华一手办的。", "刘建华"),
        ("工地老板欠了高桂英三个月工资。", "高桂英"),
        ("居委会叫了吴玉兰过来调解。", "吴玉兰"),
        # a Tibetan name of two common parts, a Uyghur name with 古丽, with no cue
        ("洛桑平措家的牦牛被车撞死了。", "洛桑平措"),
        ("阿依古丽的女儿今年考上了大学。", "阿依古丽"),
        # the name on the papers beside a pet name, a Latin name after an English honorific
        ("小孙女叫妞妞，大名付思琪，在实验小学上学。", "付思琪"),
        ("接待的是 Ms. Laura Becker，她说会转交。", "Laura Becker"),
        # a given name that is a word before the kin word neighbours call someone by
        ("找了村里的保国叔帮忙。", "保国"),
    ],
)
def test_a_secret_of_each_kind_is_masked_by_the_rules_and_flagged(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert needs_mask(text)


@pytest.mark.parametrize(
    "text",
    [
        # a quoted slogan before a comma is no speaker
        "门口天天喊“收旧家电、旧手机”，吵得很。",
        # after a sentence's end a surname before a noun, verb or pronoun is a sentence
        "问题已经反映多次。祝大家工作顺利。",
        "我打了三次电话。钱突然退回来了，也没说原因。",
        "盼早日解决。何时能修好请给个答复。",
        # 洞 outside a long run of spoken digits, k after a group of a model name, a bus row
        "山洞口有三个洞，路面漏洞很多。",
        "这款摩托叫TRE899K，很好看。",
        "我坐在司机后面第一排，窗户关不上。",
        # 大名 inside a street's or a phrase's name, an English title
        "我要去东大名路办事，那边停车难。",
        "剧名叫《Mr.Sunshine》，挺好看。",
        "扎西德勒，祝大家新年快乐！",
        # an em dash as punctuation, not between digits
        "请尽快处理——这是第三次反映了。",
        # a starred phone is every masker's own shape
        "来电号码138****5678，没有接通。",
        # three-character words the segmenter's dictionary tags as names, without given-name characters
        "他们的安全感很差，高水平的服务没有。",
        "这碗牛肉汤太咸了，毛毛虫爬进了菜里。",
        # a dictionary name-like word after a surname that makes a word with it, or after a function word
        "作为一名高中生，想问问助学金。",
        "受害村民多次向德山经济开发区反映。",
    ],
)
def test_slogans_and_sentences_opening_with_a_surname_character_stay(text: str) -> None:
    assert mask(text, ner=False) == text


def test_a_place_the_model_reads_in_a_full_name_is_masked_where_it_does_what_a_person_does() -> None:
    """The model tags some full names as places (a river's or a mountain's words); where the name
    stands before a person's deed it is masked as a name (no cue, so the model is needed)."""
    masked = mask("那天黄河源就站在门口，亲眼看见的。", ner=True)
    assert "黄河源" not in masked


def test_an_e_mails_at_sign_opens_no_handle() -> None:
    """The e-mail's own mask keeps its domain; the handle rule must not hide the domain too."""
    assert mask("回执请发 zhoulin@sina.com 就行。", ner=False) == "回执请发 z***@sina.com 就行。"
