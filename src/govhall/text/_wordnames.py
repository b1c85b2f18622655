"""Given names that are ordinary words (江山, 海燕, 平安, 建国), where the sentence uses them as a person.

Parents name children with good words, so a surname-less given name is often a dictionary word
that the segmenter, the model and the vetoes all read as the word: 江山 is a landscape, 平安 is
safety, 长城 a wall. The word alone cannot tell; its position can. A two-character word is read as
a name here only where both hold:

* it is made of characters that given names are made of (:data:`_GIVEN_CHARS`: 江 and 山 are, 现
  and 在 are not), and it is none of the everyday words built from them that stand in those
  positions too (:data:`NOT_NAMES`: 学生, 中国, 大家);
* it stands where a person stands: after a naming word (我叫平安, 名字叫泰山, 有个叫平安的老人),
  addressed at a sentence's opening (海燕, 你明天…; 建国你别急; “江山, 这事…”), after a role or
  relation word before what a person does (网格员建华态度很好, 我老公建国在外地), as a letter's
  signature (…——海燕; 江山 2026.12.01), as the subject of what only a person does at a sentence's
  opening (江山说下周还钱, 长城借了我两万), or after a verb that takes a person before what that
  person is to do (让志强去处理).

So 江山如画, 平安无事, 祝平安健康 and 长城汽车 are left alone (no such position), which the
non-personal corpus and the 121,161 real posts of ../shared/data check (benchmarks/bench_text_overmask.py,
benchmarks/bench_text_import.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import rjieba

from govhall.text._scan import Scanner
from govhall.text._written import PINYIN_SURNAMES

__all__ = [
    "GIVEN_CHARS",
    "NOT_NAMES",
    "deed_follows",
    "name_after_role",
    "name_like_word",
    "plausible_given_name",
    "word_names",
]

GIVEN_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅建国志海燕春山江文俊德福安林宁成辉鹏飞云龙凤珍"
    "莉琴婷雪慧晶颖倩玲欣宇浩峰斌波东亮庆生荣新利清永祥胜贵金铭婉琳丹晓健光民忠中长城泰河鑫淑惠翠芬芝兵彬宏鸿"
    "鹤嘉佳晨子涵怡思雨梓轩博瑞睿昊然泽若诗萱悦雅婧琪瑶璐露蕾薇菲婕妍媛蓉芸香花菊莲荷芹秋冬夏晴阳旭昌盛兴旺"
    "财富贤良仁义礼智信孝顺美喜乐欢佩珊瑛琼彩霖振宗保全世立启维武威毅坚松柏森青翔腾跃驰骏豪彤桐璇琦瑜瑾宝珠"
    "钰锦绣月星辰正远航达凯力康伦亚茂岳峻岭溪泉源洪浪润淳洁澜滨晖耀灿炜煜红梦婵娇妮娅媚姗嫣秀巧莹"
)
"""Characters that Chinese given names are made of (the common ones, from public name statistics)."""

# Everyday words made of those characters that do stand where a name would (我是学生, 中国说…).
_NOT_NAME_WORDS = (
    "学生 中国 美国 英国 德国 国家 国民 民生 民警 人民 东西 春节 国庆 中秋 元旦 华为 新华 中华人 全国 全民 平时 "
    "安全 保安 公安 长官 成员 家长 生日 明天 今天 永远 文明 和平 光明 正常 成功 新生 学员 全家 天天 星期 "
    "立即 建议 保证 保险 宝宝 贵宾 财务 健康 宏观 东方 阳光 青年 红包 金额 利息 子女 欢迎 喜欢 "
    "美好 良好 顺利 清楚 明白 然后 思想 若是 正是 达到 力量 远程 航班 乐意 信息 财产 "
    # adverbs, verbs and nouns the real posts hold in those positions (明明说了不要辣, 为老公庆生)
    "明明 明星 成长 庆生 保健 美梦 福利 全文 "
    # provinces and countries (——泰国, 山东你快…)
    "山东 福建 江西 江苏 浙江 安徽 广东 广西 海南 湖南 湖北 河南 河北 山西 陕西 四川 云南 贵州 青海 甘肃 宁夏 新疆 "
    "西藏 吉林 辽宁 北京 天津 上海 重庆 香港 澳门 台湾 泰国 法国 韩国 日本 越南 印度 巴西"
)
NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
"""Everyday words of given-name characters that are no given names (学生, 中国, 平时)."""

_GIVEN_CLASS = "[" + "".join(sorted(GIVEN_CHARS)) + "]"
_W = rf"(?P<name>{_GIVEN_CLASS}{{2}})"
# A clause ends or a speaker stops right after the name.
_END = r"(?=\s*(?:[,.!?;:、。!?\n”\"]|$))"

# 我叫平安, 名字叫泰山, 我是建华, 我是志强他妈 (a parent introduced by the child's name).
_NAMING = re.compile(
    rf"(?:我叫|俺叫|名叫|叫做|名字叫|名字是|姓名是|本人|我是|俺是){_W}"
    rf"(?:{_END}|(?=[啊呀哈]|[他她][妈爸]|的[妈爸]|[她他]?家长|家属|本人))"
)
# 有个叫平安的老人, 一个叫长城的人: a person named by 叫 before the person word.
_CALLED = re.compile(rf"叫{_W}的(?=[老男女小]?(?:人|孩子|人员|同事|同学|老人|师傅|老师|员工|家伙|大爷|大妈|阿姨))")
# Addressed at a sentence's opening: 海燕, 你明天… / 建国你别急 / 志强啊, / “江山, 这事…
# Where a sentence or a quotation opens; the patterns that start there are tried only there.
_OPENING = re.compile(rf"[\n.!?;。!?“\"「:]\s*(?={_GIVEN_CLASS}{{2}})")
_OPENS = r"\s*"
_VOCATIVE = re.compile(
    rf"{_OPENS}{_W}(?:[啊呀]?\s*,\s*(?=你|您|记得|回个|回电|快|别|明天|今天|下一个|把|帮|过来)|(?=你|您)|[啊呀]\s*[,!]"
    r"|(?=(?:哥|姐|同学)\s*,))"
)
# Called out in quoted speech: “江山, 这事我管不了”, 喊“海燕, 下一个”.
_QUOTED_CALL = re.compile(rf"[“「\"]{_W}\s*[,!]")
# A letter's signature: the name after a dash, a line break or a space at the text's end, after a
# sentence before the letter's date (。江山 2026.12.01), or before 敬上; not 。平安 alone (a wish).
_DATE = r"(?:\d{4}[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}日?)?|\d{1,2}月\d{1,2}日)"
_SIGNED_END = re.compile(rf"(?:——|—|--|\n|\s)\s*{_W}(?:敬上|谨上|拜上)?\s*$")
_SIGNED_DATE = re.compile(rf"[。!.]\s*{_W}\s*{_DATE}\s*$")
_SIGNED_HUMBLY = re.compile(rf"{_W}(?:敬上|谨上|拜上)")
_SIGNATURES = (_SIGNED_END, _SIGNED_DATE, _SIGNED_HUMBLY)
# What only a person does, right after the name.
_HUMAN = (
    "说|答应|告诉|骂|打了|打我|借了|借我|欠我|欠了|骗了|骗我|推了|回我|回复|态度|上门|接待|收了|拿了|"
    "帮我|跟我|给我|叫我|让我|找我|一直|从来|去医院|在外地|在家|请假|出差|住院|打工|上班|下班|值班|站在|坐在"
)
# A time word may stand between the person and the deed (平安昨天去医院了), not alone (永泰今天起…).
_WHEN = r"(?:也|又|就|都|还|已经|刚|才)?(?:昨天|今天|前天|上周|上个月|去年|那天)?(?:去|来|跟|给|找)?"
# 江山说下周还钱, 长城借了我两万: the subject of what only a person does, at a sentence's opening.
_SUBJECT = re.compile(rf"{_OPENS}{_W}(?={_WHEN}(?:{_HUMAN}))")
# 让志强去处理, 叫海燕来: a verb that takes a person, before what that person is to do.
_TOLD = re.compile(rf"(?:让|叫|喊|通知|告诉|找|请){_W}(?=去|来|过来|处理|负责|办|跑一趟)")


# After a role or relation word (the name cues' own match, see _recall): the name before what a
# person does (网格员建华态度很好, 我老公建国在外地).
_AFTER_ROLE = re.compile(rf"{_W}(?={_WHEN}(?:{_HUMAN}))")
_DEED = re.compile(rf"{_WHEN}(?:{_HUMAN})")


def deed_follows(text: str, pos: int) -> bool:
    """Whether what only a person does stands at ``pos`` (说, 就站在, 昨天去医院)."""
    return _DEED.match(text, pos) is not None


# Initials after a role (经办人ZXQ, 办事员Zhang XY): a name written so that a search misses it; a
# romanised surname may lead. Two or three capitals, then no Latin letter or digit.
# What follows must be what a person does or a clause's end (not 老公DNA检测, 邻居ABC家).
_INITIALS = re.compile(
    rf"(?P<name>(?:[A-Z][a-z]{{1,5}} ?)?[A-Z]{{2,3}})(?![A-Za-z0-9])(?=\s*(?:[(,.:;!?]|$)|{_WHEN}(?:{_HUMAN}))"
)


def _pinyin_initials(word: str) -> bool:
    """Capitals that can be a name's pinyin initials: no syllable of a given name opens with a
    vowel or V (APP, CEO, KTV, VIP are none), and no placeholder repeats one letter (XXX)."""
    return word.isupper() and not set(word) & set("AEIOUV") and len(set(word)) > 1


def name_after_role(text: str, pos: int) -> tuple[int, int] | None:
    """The span of a word name (or a name's initials) at ``pos``, right after a role or relation
    word, or None."""
    if pos < len(text) and "A" <= text[pos] <= "Z":
        initials = _INITIALS.match(text, pos)
        if initials and (_pinyin_initials(initials.group()) or initials.group().split()[0].lower() in PINYIN_SURNAMES):
            return initials.span()
        return None
    match = _AFTER_ROLE.match(text, pos)
    if match and plausible_given_name(match.group("name")):
        return match.span("name")
    # A given name before the person's age (我外甥国庆今年十九): the age says a person was named, so even
    # an everyday word of given-name characters (国庆, 建设) is the name here.
    word = text[pos : pos + 2]
    if len(word) == 2 and word[0] in GIVEN_CHARS and word[1] in GIVEN_CHARS and _AGED.match(text, pos + 2):
        return pos, pos + 2
    return None


_AGED = re.compile(
    r"(?:今年|才|已经|都)?(?:[0-9]{1,3}|[一二三四五六七八九十两]{1,3})(?:岁|周岁)|今年(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})(?![0-9一二三四五六七八九十年月号点块元个次])"
)


def plausible_given_name(word: str) -> bool:
    """True for a two-character word made of given-name characters that is no everyday word of :data:`NOT_NAMES`."""
    return word[0] in GIVEN_CHARS and word[1] in GIVEN_CHARS and word not in NOT_NAMES


@lru_cache(maxsize=1)
def _scanner() -> Scanner:
    """The cue-led patterns as one alternation (one pass where their first characters stand), each
    name group renamed (n0…n3) so that the match's ``lastgroup`` names the name."""
    branches = [
        pattern.pattern.replace("(?P<name>", f"(?P<n{i}>")
        for i, pattern in enumerate((_NAMING, _CALLED, _QUOTED_CALL, _TOLD))
    ]
    return Scanner(re.compile("|".join(f"(?:{branch})" for branch in branches)))


def word_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of normalised ``text`` where a two-character word stands as a person's given name.

    Each pattern is tried only where it can open (a cue's first character, a sentence's opening,
    the text's last characters for a signature): the import's gate runs this on every post."""
    for match in _matches(text):
        group = (match.lastgroup or "name") if match.re is _scanner().pattern else "name"
        name = match.group(group)
        if plausible_given_name(name) and not (match.re in _SIGNATURES and text.count(name) > 1):
            yield match.span(group)  # a signature's word said again before it is a wish (平安 平安)


def _matches(text: str) -> Iterator[re.Match[str]]:
    yield from _scanner().finditer(text)
    for pos in (0, *(found.end() for found in _OPENING.finditer(text))):
        for pattern in (_VOCATIVE, _SUBJECT):
            match = pattern.match(text, pos)
            if match:
                yield match
    tail = text.rstrip()
    if tail and (tail[-1] in GIVEN_CHARS or tail[-1].isdigit() or tail[-1] in "上日"):
        for pattern, reach in ((_SIGNED_END, 16), (_SIGNED_DATE, 24)):
            match = pattern.search(text, max(0, len(tail) - reach))
            if match:
                yield match
    if "敬上" in text or "谨上" in text or "拜上" in text:
        yield from _SIGNED_HUMBLY.finditer(text)


# What the segmenter says a word is, where a given name alone may be such a word (江山 ns, 海燕 nr,
# 平安 a, 春生 n): not a time word, adverb, verb, numeral, pronoun or function word (清晨（6点,
# 刚刚，马云).
_NOT_NAME_TAGS = frozenset(("t", "d", "m", "mq", "q", "r", "p", "c", "u", "f", "v", "vn", "vd", "ad"))


@lru_cache(maxsize=4096)
def name_like_word(word: str) -> bool:
    """A given name that may stand alone where no cue marks it (a list, a name said again): made
    of given-name characters, and a word the segmenter tags as no time word, adverb or verb
    where it knows the word at all (not a time word, adverb or verb)."""
    if not plausible_given_name(word):
        return False
    tags = rjieba.tag(word)
    return len(tags) != 1 or tags[0][1] not in _NOT_NAME_TAGS
