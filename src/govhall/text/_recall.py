"""Name spans for masking, recall first: every reading that could be a person's name.

Extraction reports a name only where the model and the rules agree (:func:`~govhall.text.names.find_names`);
a masker that publishes text cannot wait for agreement, because a missed name is a privacy
incident while a masked ordinary word costs a reader one character. So masking also hides:

* every ``PER`` span the model proposes (particles it attaches, 老李都, trimmed off), even where
  the rules reject it (no known surname, a title only: 老王, 汪大爷);
* a known surname and the one or two characters after it where a role or relation word, or a
  self-introduction, stands right before (邻居王家明, 我叫陈有才): the rules' stop characters and
  dictionary vetoes are for extraction's precision, not here;
* words the segmenter (jieba with its HMM) had to invent that start with a common surname
  (柳如烟, 卢振宇), and a lone surname token followed by one or two characters (杨/为民): jieba
  invents words mostly for names it does not know;
* transliterated names joined by a middle dot (买买提·艾力), names in Latin letters with a romanised
  surname (ZHANG Wei, Wang Xiaoming, liu jianguo), and whatever fills a name label (申请人：央金卓玛,
  姓名：王 小 明); names spaced out or quoted after the word that introduces them (see ``_written``).

None of these rules may take part of a body's or a service's name for a person (公安局 after 联系,
失业金 before 可以): :class:`~govhall.text._vetoes.Vetoes` rejects a reading inside an ``ORG`` span,
a domain word or a word with an organisation suffix, or one that is itself an ordinary dictionary
word. The model's own ``PER`` spans are kept: the model has seen the context.

Each span is a ``name`` hit, so its mask keeps the first and the last character (王*明).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, chain, compress, islice
from operator import itemgetter

import rjieba

from govhall.text._context import RELATIONS
from govhall.text._dotted import dotted_names
from govhall.text._model import Hit
from govhall.text._resources import role_words, surnames, titles, word_cue, word_table
from govhall.text._scan import Scanner
from govhall.text._vetoes import FUNCTION_SURNAMES, Vetoes
from govhall.text._wordnames import (
    GIVEN_CHARS,
    NOT_NAMES,
    deed_follows,
    name_after_role,
    name_like_word,
    plausible_given_name,
    word_names,
)
from govhall.text._written import PINYIN_SURNAMES, written_names
from govhall.text.chars import HAN as _HAN
from govhall.text.names import _ordinary_word, ends_time_word, labelled_runs
from govhall.text.ner import NerSpan, Proposals

__all__ = ["has_name_span", "listed_names", "name_spans_for_masking"]

# Characters the model attaches to a name that are never part of it (老李都说, 王强也来了).
_TRAILING = frozenset("都也说的了和跟与在是就还又把被给让叫等们吗呢啊呀吧")
# A name opening the message or a sentence before a comma or bracket (武平国（139…）, 曾有，身份证…).
_OPENING = re.compile(rf"(?:^|(?<=[\n。！？!?；;]))\s*([{_HAN}]{{2,4}})(?=\s*[,，(（:：、])")
# A speaker opening a quotation or a bracket before a colon: a forwarded chat line (转发：“付国庆：
# 明天八点集合”); not before a comma, where quoted slogans stand (“包沙发、翻新旧沙发”).
_QUOTED_SPEAKER = re.compile(rf"[“「『【\"]\s*([{_HAN}]{{2,4}})(?=\s*[:：])")
_RECORD_WORDS = re.compile(r"\s*[,，(（:：、]\s*(?:身份证|电话|手机|联系|男|女|性别|[0-9])")
# A gender on its own after the opening name (洪水，男，…): a record whatever the surname.
_GENDER_AFTER = re.compile(r"\s*[,，(（、]\s*[男女](?=[,，、)）;；.。\s]|$)")
_SELF = (
    "我叫|我是|俺叫|名叫|叫做|名字叫|名字是|姓名是|姓名|本人|申请人|户主|联系人|经办人|落款|署名|签名|"
    "我和|我跟|我们和|找了|找过|联系了|打给|交给|问了|问过"
)
# The name on the papers beside a pet name (阿福, 大名房文福), not 东大名路 or 四大名楼: looked for
# apart from the cues, only where 名 stands (in the cues' alternation it cost every post).
_PAPER_NAME = re.compile(r"(?:[,的](?:大名|学名)|(?:大名|学名|本名|真名|全名)(?:叫|是)|曾用名)\s*[:：]?\s*")
# Romanised names (passports, bank cards, foreign forms: ZHANG Wei, Wei ZHANG, Wang Xiaoming):
# two Latin words, one of them a romanised surname written in capitals or as a capitalised word
# before a capitalised given name.
_PINYIN_NAME = re.compile(r"(?<![A-Za-z])([A-Z][A-Za-z]{1,9}) ([A-Z][A-Za-z]{1,11})(?![A-Za-z])")
# A Latin name after an English honorific (Mr. David Johnson, Ms Anna Weber): whatever its origin.
# A space after it (Mr.Big and Mr.Sunshine are titles), and a given name with the surname: Mr. Smith
# alone is a surname and a title, like 王老师.
# A surname alone after one is the person too (Dr. Sun, Mr Li).
_LATIN_HONORIFIC = Scanner(
    re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?![A-Za-z])")
)
# A Latin given name after 叫 or a name's label (网红，叫Amy, 英文名叫Kevin, 我叫Tony): a capitalised
# word, not an app's, a shop's or a brand's after their nouns (这个软件叫Keep, 那家店叫Bella).
_LATIN_CALLED = re.compile(
    r"(?:叫做?|英文名(?:字)?(?:叫|是)?|网名(?:叫|是)?|昵称(?:叫|是)?)[:\s]{0,2}([A-Z][a-z]{1,11})(?![A-Za-z])"
)
_NOT_A_PERSON_CALLED = re.compile(
    r"(?:软件|app|APP|App|应用|平台|公司|店|品牌|牌子|网站|小程序|游戏|产品|机构|商场|餐厅|酒店|群|公众号|节目|歌|电影|书)"
    r"(?:的名字|名字|名)?(?:也|就|都)?$"
)
# Names without a Han surname and without a cue, which only the model saw (扎西多吉师傅摔伤了,
# 帕提古丽反映…): a Tibetan name is two of its common parts (扎西 and 多吉, 达瓦 and 央金), and 古丽
# (flower), rare in Chinese words, is part of a Uyghur woman's name with the syllables on either
# side (帕提古丽, 古丽米拉).
_TIBETAN_PARTS = (
    "扎西|多吉|次仁|达瓦|央金|卓玛|格桑|拉巴|旺堆|普布|平措|索朗|德吉|白玛|顿珠|洛桑|强巴|丹增|贡嘎|边巴|次旦|"
    "曲珍|拉姆|巴桑|央宗|措姆|旺姆|益西|仁增|琼达|普琼|米玛|嘎玛|泽仁|群培|土登|次珠|桑珠|欧珠|罗布|嘉措|加措"
)
_TIBETAN_NAME = re.compile(rf"(?:{_TIBETAN_PARTS})(?:{_TIBETAN_PARTS})")
# Four characters of the parts' first and second characters in turn: a cheap search that most posts
# fail, before the alternation of the parts is tried.
_FIRSTS = "".join(sorted({part[0] for part in _TIBETAN_PARTS.split("|")}))
_SECONDS = "".join(sorted({part[1] for part in _TIBETAN_PARTS.split("|")}))
_TIBETAN_SHAPE = re.compile(f"[{_FIRSTS}][{_SECONDS}][{_FIRSTS}][{_SECONDS}]")
_UYGHUR_NAME = re.compile(r"(?:阿依|帕提|努尔|再努尔|阿娜尔)?古丽(?:米拉|娜尔|娜|巴哈尔|扎尔|仙|尼格尔)?")
# Characters that cannot be the second character of a name, so nothing after a cue is masked
# (邻居说…, 我是在…): the first character of the next clause or a function word.
_NOT_GIVEN = frozenset("的了在是和与及我你他她们说也都就还不没很这那哪个有要会能去来到把被给让对从向于以")


@lru_cache(maxsize=1)
def _cue() -> re.Pattern[str]:
    words = [*role_words(), *RELATIONS, *_SELF.split("|")]
    alternatives = "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?P<cue>{alternatives})(?:的名字|的)?(?:叫|是|为)?\s*[:：]?\s*")


@lru_cache(maxsize=1)
def _strict_roles() -> frozenset[str]:
    return frozenset(word for word, is_strict in role_words().items() if is_strict)


@lru_cache(maxsize=1)
def _titles_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(title) for title in titles()))


def _title_at(text: str, *positions: int) -> bool:
    """Whether a title (科长, 师傅…) starts at any of ``positions`` (one compiled match each, not a
    loop over the titles: the model-backed readings ask this for every candidate)."""
    pattern = _titles_pattern()
    return any(pattern.match(text, pos) is not None for pos in positions)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A model span without the particles and punctuation it took in (彭。 is 彭)."""
    while end - start > 1 and (text[end - 1] in _TRAILING or not _name_char(text[end - 1])):
        end -= 1
    while end - start > 1 and not _name_char(text[start]):
        start += 1
    return start, end


def _name_char(char: str) -> bool:
    return char.isalnum() or char == "·"


def _surname_len(text: str, start: int, common_only: bool) -> int:
    single, compound, common = surnames()
    if text[start : start + 2] in compound:
        return 2
    return 1 if text[start : start + 1] in (common if common_only else single) else 0


def _after_surname(text: str, start: int) -> int:
    """End of a surname + 1–2 given characters at ``start`` (``start`` when there is none)."""
    surname = _surname_len(text, start, common_only=True) or _surname_len(text, start, common_only=False)
    if not surname:
        return start
    # After a common surname any character may start the given name (黄以德, 史和红); after a rare
    # one (和, 于) a function word means the cue was followed by an ordinary clause.
    rare = surname == 1 and not _surname_len(text, start, common_only=True)
    end = start + surname
    for _ in range(2):
        if end < len(text) and "\u4e00" <= text[end] <= "\u9fff" and not (rare and text[end] in _NOT_GIVEN):
            end += 1
        else:
            break
    if end == start + surname:
        return start
    # A title right after the surname (王主任, 李阿姨) is no given name: mask the surname's title only.
    rest = text[start + surname : start + surname + 3]
    for title in titles():
        if rest.startswith(title):
            return start
    return end


# Last characters of invented words that name places, bodies and jobs, not people (安监员, 岳词街).
_NOT_NAME_ENDS = frozenset("员局长村镇乡区街路巷所站院校厂店科处办队组委会部室楼栋号馆场园苑庭城府社镇县市省港湾桥")
# Second characters that make an invented word a phrase (戴着, 高一些, 高吗): an aspect or degree word,
# a question word or an everyday verb no given name holds (钱哪来的, 一周吃到).
_NOT_SECOND = _NOT_GIVEN | frozenset("着过上些吗又么点吃喝")
# Surnames that are mostly a word or a word's part in running text (时, 位, 但, 车, 全…).
_WORDLIKE_SURNAMES = frozenset(
    "时应区原位路来项车米能但满索全费须权查国相支单扶元南初干越别平成古普通连居明双简乌巴丰楼谷"
)
# Rarer surnames that are seldom a word of their own in running text.
_RARE_SURNAMES = frozenset(surnames()[0]) - FUNCTION_SURNAMES - _WORDLIKE_SURNAMES
_BEFORE_RARE = frozenset(word_table("before_rare_surname"))
_BEFORE_LONE_SURNAME = frozenset(word_table("before_lone_surname"))
# A sentence's end before a lone surname is the text's opening again: a letter's second sentence
# names its person as its first does (…该修了。郭/明亮昨晚还在装修). There the word after the
# surname must be one the segmenter tags as a name, place, proper noun or adjective (明亮, 新平,
# 红梅) or does not know: a noun, pronoun, verb or adverb after it is a sentence (。祝/大家,
# 。邱/领导, 。钱/突然), as 6 in 10 such readings in the real posts were before this test.
_SENTENCE_END = frozenset("。!?;\n")
_NAME_LIKE_TAGS = frozenset(("nr", "nrt", "nrfg", "ns", "nz", "a"))


def _person_tagged(given: str, word: str = "") -> bool:
    """A given name of given-name characters that the segmenter tags as a person's name, alone
    (把曹/海波, 请了熊/大伟) or in ``word`` with its surname (李秀英, 赵文华): where a surname opens it,
    a person, whatever stands before. The segmenter's dictionary tags many other three-character
    words as names too (安全感, 牛肉汤, 毛毛虫), which the given-name characters leave out."""
    if not plausible_given_name(given):
        return False
    tags = rjieba.tag(word or given)
    return len(tags) == 1 and tags[0][1] in _PERSON_TAGS


_PERSON_TAGS = frozenset(("nr", "nrt", "nrfg", "nz"))


def _name_tagged(word: str) -> bool:
    tags = rjieba.tag(word)
    return not rjieba.has_word(word) or (len(tags) == 1 and tags[0][1] in _NAME_LIKE_TAGS)


def _han(token: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in token)


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Characters a token must open with for :func:`_segmenter_names` to read a name in it."""
    _, compound, common = surnames()
    return frozenset(common) | _RARE_SURNAMES | frozenset(word[0] for word in compound)


# A surname the segmenter cuts off alone right before a title of two or more characters (儿科的|常|
# 主任, 后勤的|杭|处长, 后来|关|老师) names one person by a post as 王主任 does, wherever it
# stands; the model tags such a surname alone, or nothing, where it does not know it (常, 雷, 杭).
# The segmenter keeps the words that end in a title whole (班主任, 副主任, 女老师, 实习医生, 宿管|阿姨).
# Not a function word's surname (和主任说, 向主任反映, 跟老师讲, 给医生看), one that is mostly a word
# (是|位|女士, 同|车|女士, 但|律师, 上课|时|老师, 原主任: the former one), one that says which post
# (那医生), a class or a section of a school or a body (特色班|老师, 低|段|老师), nor a verb
# before an address (祝|书记新年快乐).
_POST_TITLES = frozenset(title for title in titles() if len(title) >= 2)
_POST_TITLE_AT = re.compile("|".join(sorted(_POST_TITLES, key=len, reverse=True)))
_NOT_BEFORE_POST = FUNCTION_SURNAMES | _WORDLIKE_SURNAMES | frozenset("那班段祝")


def _ends_a_name(token: str) -> bool:
    """Whether the segmenter's token before a lone surname and a title may hold the start of a name
    whose last character that surname is (晏子|轩|同志, 秦国|强|书记: the title follows a full name,
    which other readings hide; the title stays): a person's or a place's word, or a surname alone."""
    if len(token) == 1:
        return token in surnames()[0]
    tags = rjieba.tag(token)
    return len(tags) == 1 and tags[0][1].startswith(("nr", "ns"))


@lru_cache(maxsize=8)
def _cut(text: str) -> tuple[str, ...]:
    """The segmenter's words of ``text``, for the two readings that walk them (one cut a text)."""
    return tuple(rjieba.cut(text))


def _surname_posts(text: str) -> Iterator[tuple[int, int]]:
    """A lone surname before a post's title (儿科的|常|主任, 后勤的|杭|处长): a person known by a
    post. No veto applies: the model reads some of these as a body (物业的|华|师傅: ORG), and the
    segmenter's cut and the title already say what the words are."""
    if not _POST_TITLE_AT.search(text):
        return  # most texts name no post: no walk over the segmenter's words
    tokens = _cut(text)
    offsets = list(accumulate(map(len, tokens), initial=0))
    single = surnames()[0]
    for i in compress(range(1, len(tokens)), map(_POST_TITLES.__contains__, islice(tokens, 1, None))):
        token = tokens[i - 1]
        if token in single and token not in _NOT_BEFORE_POST and (i == 1 or not _ends_a_name(tokens[i - 2])):
            yield offsets[i - 1], offsets[i + 1]


def _segmenter_names(text: str) -> Iterator[tuple[int, int]]:
    """Invented words that start with a common surname (or a rarer one opening a clause), and a
    lone surname before a short word."""
    _, compound, common = surnames()
    title_set = frozenset(titles())
    starters = _starters()
    tokens = _cut(text)
    # Offsets and the tokens a surname of some list opens, found in C (map, accumulate, compress):
    # most tokens open with none, and a Python loop over every token was most of this function.
    offsets = list(accumulate(map(len, tokens), initial=0))
    for i in compress(range(len(tokens)), map(starters.__contains__, map(itemgetter(0), tokens))):
        token = tokens[i]
        start, pos = offsets[i], offsets[i + 1]
        if token[0] not in common and token[:2] not in compound:
            # A rarer surname (危, 仝) starts an invented word that is a name only right after a
            # preposition or verb that takes a person (被仝卓骗了, 向危素反映); elsewhere 时应当,
            # 元左右, 南邻, 别买 are phrases (292 such readings in 6,000 real posts).
            before = tokens[i - 1] if i else "。"
            if token[0] not in _RARE_SURNAMES or before not in _BEFORE_RARE:
                continue
        if len(token) == 1:
            if token in FUNCTION_SURNAMES or i + 1 >= len(tokens):
                continue
            after = tokens[i + 1]
            if (
                1 <= len(after) <= 2
                and _han(after)
                and after not in title_set
                and after[0] not in _NOT_GIVEN
                and after[-1] not in _NOT_NAME_ENDS
                and (
                    i == 0
                    or len(tokens[i - 1]) > 1
                    or tokens[i - 1] in _BEFORE_LONE_SURNAME
                    or (tokens[i - 1] in _SENTENCE_END and _name_tagged(after))
                    or (len(after) == 2 and _person_tagged(after))
                )
            ):
                yield start, pos + len(after)
        elif (
            len(token) <= 4
            and token[1] not in _NOT_SECOND
            and token[-1] not in _NOT_NAME_ENDS
            and _han(token)
            and (
                not rjieba.has_word(token)
                # not 高中生, 黄金*: a surname and the first given character make no word of their own
                # nor 向德山, 于世嘉: a function word's character before a name-like word
                or (
                    len(token) == 3
                    and token[0] not in FUNCTION_SURNAMES
                    and not rjieba.has_word(token[:2])
                    and _person_tagged(token[1:], token)
                )
            )
        ):
            yield start, pos


def name_spans_for_masking(text: str, proposals: Sequence[NerSpan]) -> list[Hit]:
    """Spans of normalised ``text`` that a masker hides as names besides the extracted names
    (see the module docstring); they may overlap each other and the extracted ones."""
    spans = [
        _trimmed(text, span.start, span.end)
        for span in proposals
        if span.type == "PER" and not _after_time_word(text, span.start)
    ]
    # (a kin word the model read as a person is none: 她孙女 holds the surname 孙, not a name)
    # (nor is a kin word that opens the model's span: 孙女甜甜 is 甜甜)
    spans = [_without_kin(text, start, end) for start, end in spans if text[start:end] not in RELATIONS]
    spans.extend((start, end) for start, end, _ in dotted_names(text, proposals))
    spans.extend(_places_as_people(text, proposals))
    if isinstance(proposals, Proposals):
        spans.extend(_nearly_tagged_names(text, proposals))
        spans.extend(_likely_full_names(text, proposals))
        spans.extend(_nearly_tagged_short_names(text, proposals))
        spans.extend(_function_surname_names(text, proposals))
        spans.extend(_given_names_alone(text, proposals))
        spans.extend(_word_names_doing(text, proposals))
        spans.extend(_given_names_doing(text, proposals))
        if "的" in text:
            spans.extend(_given_names_before_kin(text, proposals))
        spans.extend(_names_in_slots(text, proposals))
        spans.extend(_taken_names(text, proposals))
        spans.extend(_names_after_time(text, proposals))
        spans.extend(_given_names_nearly_read(text, proposals))
        if ":" in text:
            spans.extend(_names_opening_a_field(text, proposals))
        spans.extend(_names_opening_a_clause(text, proposals))
        if _SPOKEN.search(text):
            spans.extend(_word_names_spoken(text, proposals))
    spans.extend(_quoted_names(text))
    spans.extend(_surname_before_place(text, proposals))
    spans.extend(_named_before_a_pronoun(text))
    spans.extend(_rule_spans(text, Vetoes(text, proposals)))
    spans = [_without_kin(text, a, b) for a, b in spans]
    return [Hit("name", text[a:b], a, b, 0.5) for a, b in spans if b - a >= 2]


_WHOSE = frozenset("他她我你的家俺咱")


def _without_kin(text: str, start: int, end: int) -> tuple[int, int]:
    """A reading without the two-character kin word it opens with (孙女甜甜 → 甜甜, 孙女妞 → 妞,
    dropped): a kin word that opens with a surname's character (孙女, 孙子) is no name's start;
    孙女士 is Ms Sun. Only after whose kin it is (她孙女…, 我家孙子…): 孙子明来过 may be a name."""
    if (
        text[start : start + 2] in RELATIONS
        and text[start - 1 : start] in _WHOSE
        and start > 0
        and text[start + 2 : start + 3] != "士"
    ):
        return start + 2, max(end, start + 2)
    return start, end


def _after_time_word(text: str, start: int) -> bool:
    """Whether a model ``PER`` span at ``start`` follows a time word it took the last character of
    (下周|来, 上周|再来: the model read 周来 as a person; no name there), not where the time word's
    first character belongs to the word before it (核实一下|周冀雨: 一下, not 下周), as the
    segmenter reads it (一下周 is one of its words, 下 is no time there), nor where the segmenter
    ends another word right before the span (傍晚|春兰, not 晚春)."""
    if not ends_time_word(text, start):
        return False
    if start >= 2 and _ENDS_A_WORD.match(text[start - 2 : start]):
        return False
    # 傍晚|春兰: the segmenter reads the time word that ends before the span (傍晚), not the one
    # the span's first character ends (晚春), so the span is no time word's tail.
    return not _segmenter_cuts_at(text, start)


def _segmenter_cuts_at(text: str, pos: int) -> bool:
    """Whether the segmenter, reading the few characters around ``pos``, ends a word of two or more
    characters right before it."""
    left = max(0, pos - 6)
    offset = 0
    for token in rjieba.cut(text[left : pos + 6]):
        offset += len(token)
        if left + offset == pos:
            return len(token) >= 2
        if left + offset > pos:
            return False
    return False


# Two characters that make one word, whose last is the first of a time word that follows (一下|周,
# 以下|周, 如下|周): the time word is not read there.
_ENDS_A_WORD = re.compile(r"[一以如之底]下|[一之以]上")


def _places_as_people(text: str, proposals: Sequence[NerSpan]) -> Iterator[tuple[int, int]]:
    """A place or body the model read in a full name (黄河清, a river's words: LOC) that does what
    only a person does (当时黄河清就站在旁边): a surname and two given-name characters before a
    person's deed are a person, whatever the model's tag."""
    common = surnames()[2]
    shaped: set[tuple[int, int]] | None = None
    for span in proposals:
        start, end = span.start, span.end
        if span.type not in ("LOC", "ORG") or end - start != 3:
            continue
        if (
            text[start] in common
            and text[start] not in FUNCTION_SURNAMES
            and plausible_given_name(text[start + 1 : end])
            and deed_follows(text, end)
        ):
            yield start, end
            continue
        # A rarer surname's full name the model took for a body (转告桑德贵明天来): the shape
        # rule's own context, which the body's span would otherwise veto.
        if shaped is None:
            shaped = set(_shaped_full_names(text))
        if (start, end) in shaped:
            yield start, end


# What a person does right after their full name, besides :func:`deed_follows`'s list: an adverb of
# a person's habit or stance (竟然, 早就, 偷偷) or a preposition that opens what they did to
# something (把车停在…, 和保安吵起来, 被…): after a surname and two given-name characters, these are
# a person's sentence. A possessive only before a home or what only a person has (…家的狗, …的工资),
# not before a house or a shop (an estate's name: 比华利山的房子).
_FULL_NAME_DEED = re.compile(
    r"(?:竟然|居然|早就|早已|已经|经常|总是|老是|天天|每天|多次|曾经|私自|擅自|偷偷|硬是|一再|非要|故意)"
    r"|(?:把|和|跟|被|对我|向我|替我|帮忙)"
    r"|(?:自己|本人|这个人|那个人|一家|两口子|夫妇|心里|为人)"
    # what one says of a person's character (…人很好, …人挺好的, …人不错)
    r"|人(?:很|挺|真|蛮|太|特别|非常|不错|还行|还可以|实在)"
    r"|家(?:的|里|门口|装修|楼上|楼下)|的(?:车|狗|猫|补助|低保|工资|工钱|孩子|儿子|女儿|老婆|老公)"
    # what a citizen does in a letter (…反映：, …想问一下) and a stance (…根本不, 又喝醉了)
    r"|(?:反映|想问|想咨询|想了解|来电|根本|喝醉|喝酒|偷)"
    # what a person runs, rents or signed, named by its deed (…开的黑车, …租的门面, …签的字)
    r"|(?:开|租|养|盖|签|借|雇|停|种|承包)的"
    # a record's next field: a mobile number, an age, a sex (…，男，…; … 139…; …，七十多岁)
    r"|[\s,]?\s*(?:1[3-9][0-9]{9}(?![0-9])|[0-9]{1,3}多?岁|[男女](?=[\s,.;]))"
)
# A verb that takes a person, right before the name (转告…明天来, 多亏了…帮忙, 你们去问问…).
# (a table of cue_words.txt: 通知过…要清理, 提醒过, 批评了, 社区帮…申请了, 分给 are the deeds done to
# someone that round 14 added.)
_TAKES_PERSON = word_table("takes_person")


# Given-name characters beyond :data:`GIVEN_CHARS` (爱民, 东升, 卫东, 继红), for full names by their
# shape only, where a person's deed or a verb that takes a person stands beside them: alone they
# are too common in words for the cue-led rules. No function or everyday verb characters (来, 发,
# 进, 学, 家, 心).
_MORE_GIVEN = frozenset(
    "爱升卫继富君雄锋冰艺爽勤俭钢铁锐昭晋彦卿绍廷蓓苗茜萌楠栋枫焕熙琛玮敬昕晟曦朗植楷殿汉沛渊湘炳琨皓盼硕祖禄"
    "秉筱紫纯绪群翰聪舒芮茹莎菁蕊虹衡谦豫贞遥邦郁钧银锡闯雁雷霆韬颂馨魁鸣鹰麟鼎景善奇"
)


@lru_cache(maxsize=1)
def _given_chars() -> frozenset[str]:
    return GIVEN_CHARS | _MORE_GIVEN


@lru_cache(maxsize=1)
def _full_name_shape() -> re.Pattern[str]:
    """A surname and two given-name characters (the shape of most full names), found in one pass."""
    _, _, common = surnames()
    firsts = "".join(sorted((common | _RARE_SURNAMES) - FUNCTION_SURNAMES))  # not 来, 全, 区, 满: words first
    given = "".join(sorted(GIVEN_CHARS | _MORE_GIVEN))
    return re.compile(f"[{firsts}][{given}]{{2}}")


def _word_not_name(word: str) -> bool:
    """A dictionary word that the segmenter does not tag as a person's name (余额, 武汉; not 艾青)."""
    if not rjieba.has_word(word):
        return False
    tags = rjieba.tag(word)
    return not (len(tags) == 1 and tags[0][1].startswith("nr"))


# Place and body endings, less 栋 and 长, which end given names (国栋, 永长) and, after a surname and a
# given-name character, no title (科长, 村长 hold none).
_SHAPE_NOT_ENDS = _NOT_NAME_ENDS - frozenset("栋长")
_CODE_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz*")


def _shaped_full_names(text: str) -> Iterator[tuple[int, int]]:
    """A full name by its shape where no cue announces it and the model missed it (前几天仝爱民把车
    停在…, 后来浦东升告诉我…, 麻烦转告蓝天佑明天来): a surname and two given-name characters that
    make no dictionary word, not glued to the word before, followed by what a person does or after
    a verb that takes a person. The model misses names with rarer surnames most (仝, 訾, 浦, 门)."""
    for match in _full_name_shape().finditer(text):
        start, end = match.span()
        if text[start + 1 : end] in NOT_NAMES or rjieba.has_word(text[start:end]):
            continue
        if text[end - 1] in _SHAPE_NOT_ENDS or (start and text[start - 1].isascii() and text[start - 1] in _CODE_CHARS):
            continue  # 怡海星城: an estate; A2区鑫源, ***区成立: a district's 区 after its code or a mask
        if _word_not_name(text[start : start + 2]):
            continue  # 武汉出差, 余额宝和…, 黄金…: the surname and the first given character make a word
        if start and rjieba.has_word(text[start - 1 : start + 1]):
            continue  # 文明城 in 创建文明城: the surname's character belongs to the word before
        taken = any(text.endswith(verb, 0, start) for verb in _TAKES_PERSON)
        if deed_follows(text, end) or _FULL_NAME_DEED.match(text, end) or taken:
            yield start, end


# How much lower the model's best path may score with a full name's span read as one person, for
# the span to count as the model's vote (:meth:`~govhall.text.ner.Proposals.person_gap`). Round 10
# set 3.5 where the real posts' non-names in a person's context first came (4.6); round 11 favours
# recall, as a publisher of masked posts does: at 6, 4 of 20,000 real posts mask one word more (a
# village, a rail line) and dev set 13's 应春来 (the model's margin 7) is hidden; at 8, 10 posts and
# no more names. See docs/benchmarks.md (text, rounds 10 and 11).
PERSON_GAP = 6.0
# The same vote for a two-character full name (:func:`_nearly_tagged_short_names`), lower: two
# characters make words far more often. At 5, 1 of 20,000 real posts masks a word (把钱花在…: 钱花)
# and 应春来 (whose 来 the three-character shape leaves out) is hidden by its first two; at 6, 3 more.
SHORT_PERSON_GAP = 5.0
# The same with no person's context at all (那份协议荣艳到现在都…, 说到底管宏才是…): the model must be
# all but sure; a listed given character only. At 1.5, 5 of 20,000 real posts change (a brand's or a
# dish's first two characters); see docs/benchmarks.md (text, round 12).
FREE_SHORT_PERSON_GAP = 1.5
# The same for a given character the lists do not hold (柴丰, 单凌, 季杉): firmer, as for three.
UNLISTED_SHORT_PERSON_GAP = 2.5
_NUMERAL_CHARS = frozenset("一二三四五六七八九十百千万两几零")
# Verbs that take a person besides _TAKES_PERSON, for the model-backed reading only: 问 alone (你去问
# 某某吧) opens too many questions (问高新区…) for a shape with no other support.
_ASKS = word_table("asks")


def _nearly_tagged_names(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """Full names by their shape whose given-name characters the lists do not hold (符德才, 包立新:
    才 and 立新's 包立 fail the shape rule's lists), where a person's deed or a verb that takes a
    person stands beside them and the model nearly read them as a person: its best path scores
    less than :data:`PERSON_GAP` above the best path that reads the span as ``PER``. The lists'
    readings (:func:`_shaped_full_names`) need no vote; these need one instead of the lists."""
    for match in _voted_shape().finditer(text):
        start = match.start()
        end = start + 3
        if text[end - 1] in _SHAPE_NOT_ENDS or (start and (text[start - 1] in _CODE_CHARS or text[start - 1] == "*")):
            continue
        if not _person_context(text, start, end):
            continue
        if text[start + 1 : end] in NOT_NAMES or rjieba.has_word(text[start:end]) or text[start + 1] == "家":
            continue  # 孙家营, 马家坟: a village named after a family
        if _title_at(text, start + 1, start + 2):
            continue  # 周部长, 彭敏主任: a title, which the masker's title rules read
        # A surname that makes a word with the character before (文明城, 上午时建国) needs a firmer vote.
        glued = bool(start) and rjieba.has_word(text[start - 1 : start + 1])
        if proposals.person_gap(start, end) < PERSON_GAP - (1.0 if glued else 0.0):
            yield start, end


def _nearly_tagged_short_names(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """Two-character full names (a surname and one given-name character: 武军, 史健, 高军) where a
    person's context stands around them and the model nearly read them as a person, as
    :func:`_nearly_tagged_names` does for three: the model misses short names most where no cue
    stands before them (这件事武军一直不肯…, 上个月高军在…). Not a dictionary word (石英, 金华, 高丽:
    those stay, the price of keeping the words), nor a surname before a title (周部长). A given
    character outside the lists (柴丰, 季杉) asks a firmer vote (:data:`UNLISTED_SHORT_PERSON_GAP`);
    with no person's context at all, a listed one is read where the model is all but sure
    (:data:`FREE_SHORT_PERSON_GAP`: 那份协议荣艳到现在都不肯…)."""
    given = _given_chars()
    firsts = _voted_firsts()
    for start in range(len(text) - 1):
        if text[start] not in firsts:
            continue
        listed = text[start + 1] in given
        if not listed and (
            not "\u4e00" <= text[start + 1] <= "\u9fff"
            or text[start + 1] in _NOT_SHORT_GIVEN
            or text[start + 1] in _THING_CHARS
        ):
            continue
        end = start + 2
        if start and (text[start - 1] in _CODE_CHARS or text[start - 1] == "*"):
            continue
        if rjieba.has_word(text[start:end]):
            continue
        if start and rjieba.has_word(text[start - 1 : start + 1]):
            continue  # 这件事|钱, 上午|时: the surname's character ends the word before
        if rjieba.has_word(text[start + 1 : end + 1]) or _title_at(text, start + 1):
            continue  # 高新区 (新区), 周部长: the given character opens a word or a title
        if _person_context(text, start, end):
            limit = SHORT_PERSON_GAP if listed else UNLISTED_SHORT_PERSON_GAP
        else:
            limit = FREE_SHORT_PERSON_GAP if listed else 0.0
        if limit and proposals.person_gap(start, end) < limit:
            yield start, end


def _word_names_doing(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A two-character name that is a word of the dictionary — an adjective or a place's or a
    proper name (舒城, 华丽, 温和: a surname and a given character) — right before what only a
    person does or says (…说, …答应, …不同意, …会过来帮), where the model nearly read it as a
    person (:data:`WORD_NAME_GAP`): a place or a quality says nothing and comes to no one's door.
    Nouns, verbs, time words and adverbs stay words (门卫那儿, 冷面不给, 夏天去说): they do such things
    in running text. Not a word that goes on into a longer one (金华路), nor where the surname's
    character ends the word before."""
    firsts = _voted_firsts()
    for start in range(len(text) - 1):
        end = start + 2
        if text[start] not in firsts or text[start + 1] in _NOT_SHORT_GIVEN or not rjieba.has_word(text[start:end]):
            continue
        if text[start:end] in NOT_NAMES or text[start:end] in _NOT_NAME_WORDS_2:
            continue
        if start and (
            text[start - 1] in _CODE_CHARS or text[start - 1] == "*" or rjieba.has_word(text[start - 1 : end - 1])
        ):
            continue
        tags = rjieba.tag(text[start:end])
        if len(tags) != 1 or tags[0][1] not in _WORD_NAME_TAGS:
            continue
        if rjieba.has_word(text[start : end + 1]) or rjieba.has_word(text[start + 1 : end + 1]):
            continue
        if _title_at(text, start + 1):
            continue
        after = _ADVERBS.match(text, end)
        pos = after.end() if after else end
        if not (deed_follows(text, end) or deed_follows(text, pos) or _STANCE.match(text, pos)):
            continue
        if proposals.person_gap(start, end) < WORD_NAME_GAP:
            yield start, end


# The segmenter's tags of words that may be a person's name in a deed's subject: adjectives and
# proper names (华丽, 温和, 舒城, 秦岭), not nouns, verbs, time words or adverbs, nor brands (nz: 蒙牛说…).
_WORD_NAME_TAGS = frozenset(("a", "ad", "an", "ns", "nr", "nrt", "nrfg"))
_NOT_NAME_WORDS_2 = frozenset(word_table("not_name_words_2"))
# How much lower the model's best path may score with such a word read as a person: 6 adds no
# change on 20,000 real posts (the nouns there, 门卫, 冷面, are tagged n).
WORD_NAME_GAP = 6.0


# Characters that are no given name's single character after a surname: function words, numerals,
# and the words' characters a person's context opens with (…又来, …那里, …手上).
_NOT_SHORT_GIVEN = _NOT_GIVEN | _NUMERAL_CHARS | frozenset("又那这手家里上下中前后时")


# How much lower the model's best path may score with a full name's span read as one person, for
# the span to be hidden with no person's context around it (:func:`_likely_full_names`): recall
# first. The dev sets' names scored 0–9 but for words (文明, 平安, 国庆: 9–14); with the shape's
# filters, the real posts' non-names come in slowly as it rises — 5 of 20,000 posts change at 5,
# 14 at 9, 149 with no vote at all — and the over-masking corpus not before the vote is dropped;
# see docs/benchmarks.md (text, round 11).
FREE_PERSON_GAP = 9.0
# The same where the surname's character ends the word before (了解|振华, 蒙牛|长富, 药明|康德, 为何|
# 成龙): on 60,000 real posts, news and reviews among them, most of the free reading's non-names were
# such brand and word runs, while no dev name needed more than this.
GLUED_FREE_PERSON_GAP = 3.5


# The same for a full name whose given name has a character the lists do not hold (池树兵, 荣杏传,
# 柏溪川: given names use far more characters than the lists, and a blind writer's do): its shape
# says less, so the model must be nearly sure. See docs/benchmarks.md (text, round 12).
UNLISTED_FREE_PERSON_GAP = 2.5
# Characters of food, drink, medicine, animals and the body's wastes, which parents do not give (华夫|饼,
# 马陆|虫, 汤泡|饭, 曲鲁|唑): where a given character is outside the lists, none of these.
_THING_CHARS = frozenset(
    "虫饼菜饭汤面肉鸡鸭鱼蛋奶糖酒茶药油盐酱醋粉粥饺卷串锅碗瓶盒袋箱桶唑胺酸碱屎尿屁病疮痛死尸坟鬼狗猪牛羊驴猫鼠蛇"
)


# Surnames that are also function words and common as surnames (向红军, 于海洋, 任志刚, 安秀兰,
# 戴国平); the other FUNCTION_SURNAMES (把, 被, 给…) are too rare as surnames to read.
_FUNCTION_WORD_SURNAMES = frozenset("向于任安戴")


def _function_surname_names(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A surname that is also a preposition or verb (向, 于, 任) and a given name of given-name
    characters, where a person's context follows (那天向国庆喝了酒, 门口那堆沙子是于建华的) and the
    model nearly read the three as a person (:data:`FREE_PERSON_GAP`). Read either way the two
    characters are a person (向建华说: told 建华, or 向建华 said), so hiding them is right either way;
    without the context the preposition is read (向社会公开, 于建国初期)."""
    for start, char in enumerate(text[:-2]):
        if char not in _FUNCTION_WORD_SURNAMES:
            continue
        end = start + 3
        given = text[start + 1 : end]
        if given in NOT_NAMES or not all(ch in _given_chars() for ch in given):
            continue  # 向东升: 升 is a given name's character beyond the cue rules' lists
        if not _person_context(text, start, end):
            continue
        if start and (text[start - 1] in _CODE_CHARS or text[start - 1] == "*"):
            continue
        if _title_at(text, start + 1, start + 2):
            continue
        if proposals.person_gap(start, end) < FREE_PERSON_GAP:
            yield start, end


# A comma and a singular personal pronoun opening the next clause (…，他当时就在现场), not 他们.
_PRONOUN_NEXT = re.compile(r"[,，]\s*[他她](?!们)")


def _named_before_a_pronoun(text: str) -> Iterator[tuple[int, int]]:
    """A surname and one or two characters between a verb that takes a person and a clause that
    opens with 他 or 她 (你们问一下马力，他当时就在现场; 我们想表扬石磊，她…): the pronoun says the
    object was a person, so a name that is also a word (马力, 高山) is read here, where every other
    reading rejects it as the word. Not a surname before a title (问过季经理，他…: the title rules'),
    nor one ending in a time word's character (看到车时，他…)."""
    if "他" not in text and "她" not in text:
        return
    single = _voted_firsts()
    for match in _PRONOUN_NEXT.finditer(text):
        end = match.start()
        for size in (2, 3):
            start = end - size
            if start < 0 or text[start] not in single or not all(_name_char(ch) for ch in text[start:end]):
                continue
            if text[end - 1] in "时后前里上中" or _title_at(text, start + 1):
                continue
            if _takes_person_before().search(text, max(0, start - 4), start) or text.endswith(_ASKS, 0, start):
                yield start, end
                break
            if (
                text[start - 1 : start] == "的"
                and _name_tagged(text[start:end])
                and _takes_whose().search(text, max(0, start - 14), start)
            ):
                yield start, end  # 我问了护士站的柳絮，她说…: the person taken, named after whose they are
                break


@lru_cache(maxsize=1)
def _takes_whose() -> re.Pattern[str]:
    """A verb that takes a person, then whose the person is, ending where a reading starts (问了护士站的,
    找过物业的); within one clause."""
    verbs = sorted({*_TAKES_PERSON, *_ASKS}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(verbs)})[了过]?[{_HAN}]{{1,8}}的$")


# How much lower the model's best path may score with a given name alone read as a person, for
# :func:`_given_names_alone`; see docs/benchmarks.md (text, round 11).
GIVEN_ALONE_GAP = 6.5
# What a person does right after a given name alone, perhaps after an adverb of habit or time: the
# deeds of :func:`_person_context` and a verb of handing over (租给, 借给, 卖给, 交给, 转给).
_ALONE_DEED = re.compile(r"[总老常又也还就都才正刚便]{0,2}(?:把|被|给|让|带|租给|借给|卖给|交给|转给)")


def _given_names_alone(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A given name alone (海燕, 玉兰: given-name characters the segmenter does not read as a
    time word or verb; 志刚, tagged an adverb, too: see :func:`_pair_member`) after 的 or a
    cleft's 是, before what a person does (楼下开小卖部的春梅总把货堆在门口, 这间铺面是秀兰租给
    我的), where the model nearly read it as a person (:data:`GIVEN_ALONE_GAP`): the relative
    clause or the cleft stands where a person's name does, and the word names no thing there."""
    for match in _AFTER_DE_OR_SHI.finditer(text):
        start = match.end()
        end = start + 2
        word = text[start:end]
        if len(word) < 2 or not _pair_member(word):
            continue
        if not (deed_follows(text, end) or _ALONE_DEED.match(text, end)):
            continue
        if proposals.person_gap(start, end) < GIVEN_ALONE_GAP:
            yield start, end


_AFTER_DE_OR_SHI = re.compile("(?<=[的是])")


def _given_names_doing(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A given name alone (建军, 秀英, 永强: see :func:`~govhall.text._wordnames.name_like_word`)
    wherever it stands, right before what only a person does or says (…答应过, …不同意, …一直拖着,
    …打电话来, …把车停在, 放在…那里), where the model nearly read it as a person
    (:data:`GIVEN_ALONE_GAP`): a letter names a neighbour or a relative by the given name alone as
    often as by the full name. Not where its first character ends the word before (当|建国…) or
    its two open a longer word (建华路, 海燕路), nor a surname's given name already read."""
    for match in _GIVEN_PAIR.finditer(text):
        start = match.start()
        end = start + 2
        if text[start] == text[start + 1]:
            continue  # 生生把…: a doubled character is an adverb's or a pet name's, not read here
        if start and (
            rjieba.has_word(text[start - 1 : start + 1])
            or rjieba.has_word(text[start - 1 : end])
            or text[start - 1] in _CODE_CHARS
        ):
            continue  # 当|建国…, 硬生生
        if rjieba.has_word(text[start : end + 1]) or rjieba.has_word(text[start + 1 : end + 1]):
            continue
        after = _ADVERBS.match(text, end)
        pos = after.end() if after else end
        if not (
            deed_follows(text, end)
            or deed_follows(text, pos)
            or _STANCE.match(text, pos)
            or _ALONE_DEED.match(text, pos)
            or (_FULL_NAME_DEED.match(text, pos) and text[pos] not in "和跟" and not text.startswith("家的", pos))
            or (pos > end and text.startswith("在", pos))
            or (text.endswith("是", 0, start) and _CLEFT_DEEDS.match(text, end))
        ):
            continue  # not …和, …家的: an estate's, a shop's name (鑫源和诚, 青城家的饭菜); …在 after an adverb only
        if not name_like_word(text[start:end]):
            continue
        if proposals.person_gap(start, end) < GIVEN_ALONE_GAP:
            yield start, end


# How much lower the model's best path may score with a given name alone read as a person, for
# :func:`_given_names_nearly_read`, where nothing in the context is asked for.
NEARLY_GIVEN_GAP = 1.0
# What follows such a name: a possessive, a person's verb of handing or being done to, an adverb, a
# clause's end (not a place's or a shop's next word: 德雅路口, 鑫源和诚, 金泉订了…).
_NEARLY_GIVEN_NEXT = re.compile(r"[的把被给让说也又就都还才已][^的]|[,，。.;；!！?？]|$")


def _given_names_nearly_read(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A given name alone (秀英, 志刚: see :func:`~govhall.text._wordnames.plausible_given_name`)
    that the model all but read as a person (:data:`NEARLY_GIVEN_GAP`), wherever it stands (放在秀英
    的门口, 对门的志刚把…): so near a person's reading, the context already says a person. Not where
    its characters join the word before or after (当|建国, 建华路), as in :func:`_given_names_doing`."""
    for match in _GIVEN_PAIR.finditer(text):
        start = match.start()
        end = start + 2
        if not _NEARLY_GIVEN_NEXT.match(text, end) or text[start] == text[start + 1]:
            continue  # 德雅路口, 鑫源和诚, 在金泉订了: a place's or a shop's name goes on
        if not _pair_member(text[start:end]):
            continue  # (not a verb: 请海涵)
        if start and (rjieba.has_word(text[start - 1 : start + 1]) or rjieba.has_word(text[start - 1 : end])):
            continue
        if rjieba.has_word(text[start : end + 1]) or rjieba.has_word(text[start + 1 : end + 1]):
            continue
        if proposals.person_gap(start, end) < NEARLY_GIVEN_GAP:
            yield start, end


# How much lower the model's best path may score with a name opening a field read as one, for
# :func:`_names_opening_a_field`: the probes' names stood at 0.1–7.6.
FIELD_OPENING_GAP = 8.0
# What a person in a record's field then does or is asked to do (…负责东片区, …同意调解, …第三次来,
# …于本周五前回复), or the field's end (值班表：海燕，…).
_FIELD_DEED = re.compile(
    r"[,，;；]|负责|同意|不同意|第[一二三四五六七八九十几0-9]+次|于本|于[0-9]|在[0-9一二三四五六七八九十]|已经|已于"
)


def _names_opening_a_field(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A name opening what follows a colon (责任到人：鲁有汉负责…, 处理意见：请海波于本周五前回复, 值班表：
    海燕，…), before what a person does there or the field's end, where the model nearly read it as
    a person (:data:`FIELD_OPENING_GAP`): a surname and one or two characters that make no
    dictionary word, or a given name alone (see :func:`_pair_member`)."""
    yield from _names_opening(text, proposals, ":", FIELD_OPENING_GAP, field=True)


# How much lower the model's best path may score with a name opening a clause after a comma read as
# one, for :func:`_names_opening_a_clause`: the probes' names stood at 0.2–4.0, and a clause's subject
# is a thing or a time more often than a field's opening, so the vote asked is firmer.
CLAUSE_OPENING_GAP = 5.0
# What a clause's subject does that a thing does not (…一次都没来看过, …还是不给盖章, …又把音响…).
_CLAUSE_DEED = re.compile(r"一次都|还是不|还是没|又把|也把|就把|从来不|从来没|根本不|根本没|一直不|一直没")


def _names_opening_a_clause(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A name opening a clause after a comma (孩子摔伤以后，海燕一次都没来看过, 前后跑了五趟，吉润还是
    不给盖章), before what only a person does, where the model nearly read it as a person
    (:data:`CLAUSE_OPENING_GAP`); the shapes of :func:`_names_opening_a_field`."""
    yield from _names_opening(text, proposals, ",", CLAUSE_OPENING_GAP, field=False)


def _names_opening(text: str, proposals: Proposals, mark: str, gap: float, *, field: bool) -> Iterator[tuple[int, int]]:
    colon = text.find(mark)
    while colon >= 0:
        start = colon + 1
        if text.startswith(" ", start):
            start += 1
        if field and text.startswith("请", start):
            start += 1
        for size in (3, 2):
            end = start + size
            word = text[start:end]
            if end > len(text) or not _han(word):
                continue
            surname = _surname_len(text, start, common_only=False)
            shaped = (
                surname == 1
                and word[0] not in FUNCTION_SURNAMES
                and not any(ch in _NOT_GIVEN for ch in word[1:])
                and not rjieba.has_word(word)
                and not rjieba.has_word(word[:2])
                and word[-1] not in _NOT_NAME_ENDS
            )
            if not (shaped or (size == 2 and _pair_member(word))):
                continue
            after = _ADVERBS.match(text, end)
            pos = after.end() if after else end
            if not (
                (field and _FIELD_DEED.match(text, end))
                or _CLAUSE_DEED.match(text, end)
                or deed_follows(text, pos)
                or _STANCE.match(text, pos)
                or _FULL_NAME_DEED.match(text, pos)
            ):
                continue
            if not _model_reads_a_place(proposals, start, end) and proposals.person_gap(start, end) < gap:
                yield start, end
                break
        colon = text.find(mark, colon + 1)


def _model_reads_a_place(proposals: Proposals, start: int, end: int) -> bool:
    """Whether the model reads a place or a body over all of ``[start, end)`` (,明发收了首付: 明发 a
    developer's name), which a reading by the model's near vote for a person must not overrule."""
    return any(span.type in ("LOC", "ORG") and span.start <= start and end <= span.end for span in proposals)


# Two given-name characters in a row (overlapping, hence the lookahead).
_GIVEN_PAIR = re.compile(f"(?=[{''.join(sorted(GIVEN_CHARS))}]{{2}})")
# A relative or a fellow only a person has, after a possessive 的 (德福的爷爷, 秀兰的儿子, 志刚的同事).
_KIN_AFTER = re.compile(
    r"的(?:爷爷|奶奶|外公|外婆|姥姥|姥爷|爸爸|妈妈|爸|妈|父亲|母亲|老公|老婆|丈夫|妻子|媳妇|儿子|女儿|儿媳|女婿"
    r"|孩子|哥哥|姐姐|弟弟|妹妹|家人|家属|对象|公公|婆婆|岳父|岳母|舅舅|姑姑|叔叔|同学|同事)"
)


def _given_names_before_kin(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A given name alone (德福, 秀兰: see :func:`~govhall.text._wordnames.name_like_word`) before a
    possessive 的 and a relative's or a fellow's word (…是德福的爷爷留下来的, 我跟秀兰的儿子说过),
    where the model nearly read it as a person (:data:`GIVEN_ALONE_GAP`): only a person has a
    grandfather or a colleague, and a thing's name that looks like a given name has none. Not where
    its first character ends the word before (当初|是, 全国|民…)."""
    for match in _KIN_AFTER.finditer(text):
        end = match.start()
        start = end - 2
        if start < 0 or not name_like_word(text[start:end]):
            continue
        if start and rjieba.has_word(text[start - 1 : start + 1]):
            continue
        if proposals.person_gap(start, end) < GIVEN_ALONE_GAP:
            yield start, end


# Words that end an estate's, a school's or a building's name (the single characters are in
# _SHAPE_NOT_ENDS): what follows a free reading's span there makes the span that place's name.
_PLACE_WORDS = word_table("place_words")


def _likely_full_names(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """Full names by their shape that the model nearly read as a person, wherever they stand
    (请你们核实一下宁德旺到底…, 推给了甄立新，…, 大家都在等芦金山给个说法): a publisher of masked
    posts wants the name hidden more than the word kept, so no person's context is asked for, only
    the model's vote (:data:`FREE_PERSON_GAP`) and the shape's filters — a surname and two
    given-name characters of the shape rule's lists (not 华夫饼, 凤梨太) that make no dictionary
    word, whose first two make no word either (金银花, 林荫道), that open no longer word with what
    follows (区卫健委, 段成群结队), not before a place's ending (康馨佳园, 古岳峰中学), not a
    family's village (孙家营), not a surname before a title (周部长), and a firmer vote
    (:data:`GLUED_FREE_PERSON_GAP`) where the surname's character ends the word before (了解振华)
    or the first two make a word (明春|燕). A given character outside the lists (池树兵, 荣杏传)
    asks the firmest vote (:data:`UNLISTED_FREE_PERSON_GAP`), and no thing's character
    (:data:`_THING_CHARS`) nor a word for the given name (汤|泡饭). A place's ending after the shape
    that opens a clause (路强晟|办事, …|会来) is no place's name."""
    given = _given_chars()
    for match in _voted_shape().finditer(text):
        start = match.start()
        end = start + 3
        listed = text[start + 1] in given and text[start + 2] in given
        if not listed and (
            text[start] == text[start + 1]
            or _word_not_name(text[start + 1 : end])
            or text[start + 1] in _THING_CHARS
            or text[end - 1] in _THING_CHARS
        ):
            continue  # 红红火火; 汤|泡饭, 黄|太极, 有段|日子: a word after a character; 华夫饼, 马陆虫
        if text[end - 1] in _SHAPE_NOT_ENDS or (start and (text[start - 1] in _CODE_CHARS or text[start - 1] == "*")):
            continue
        if text[start + 1 : end] in NOT_NAMES or text[start + 1] == "家" or rjieba.has_word(text[start:end]):
            continue
        # 明春|阳, 单纯|慧, 万源|正: the surname and the first given character make a word, which
        # the model's firmer vote tells from 武汉出差, 余额宝, 黄金周 (never under it there).
        opens_word = _word_not_name(text[start : start + 2])
        if opens_word and not listed:
            continue
        if rjieba.has_word(text[start + 1 : end + 1]) or rjieba.has_word(text[start + 1 : end + 2]):
            continue  # 区|卫健委, 段|成群结队: the given name would open a longer word
        if end < len(text) and (
            (text[end] in _SHAPE_NOT_ENDS and not _OPENS_A_CLAUSE.match(text, end))
            or text[end] == "*"
            or text.startswith(_PLACE_WORDS, end)
            or text.startswith(_PLACE_WORDS, end - 1)
        ):
            continue  # 康馨佳园, 古岳峰中学, 康乐|中心, 高峰兴***路: a place's own name or a masked one's
        if _title_at(text, start + 1, start + 2):
            continue
        glued = bool(start) and rjieba.has_word(text[start - 1 : start + 1])
        limit = _free_limit(listed=listed, opens_word=opens_word, glued=glued)
        if limit and proposals.person_gap(start, end) < limit:
            yield start, end


def _free_limit(*, listed: bool, opens_word: bool, glued: bool) -> float:
    """The vote :func:`_likely_full_names` asks of a shape: the less its characters say (a given
    character the lists lack, a word its first two make, a surname glued to the word before),
    the surer the model must be; a shape that is two of these at once is not read."""
    if glued:
        return GLUED_FREE_PERSON_GAP if listed and not opens_word else 0.0
    if not listed:
        return UNLISTED_FREE_PERSON_GAP
    return GLUED_FREE_PERSON_GAP if opens_word else FREE_PERSON_GAP


# A place's or a body's ending that opens what a person does or a clause's linking word (路强晟|办事,
# …|会过来, …|所以, …|处理, …|站在): after a full name's shape it is no place's name.
_OPENS_A_CLAUSE = re.compile(r"会(?![议长所馆场堂计员展])|所以|所有|办事|办理|办了|办完|处理|站在|站着|组织")


@lru_cache(maxsize=1)
def _shape_firsts() -> frozenset[str]:
    return frozenset((surnames()[2] | _RARE_SURNAMES) - FUNCTION_SURNAMES)


@lru_cache(maxsize=1)
def _voted_firsts() -> frozenset[str]:
    """Surnames for the model-backed reading: every single-character surname but the function
    words' (和, 于, 向…), the everyday ones too (时, 应, 国, 连): the shape rule leaves those out
    because they open words, and the model's vote is what tells 上午时建国 from 时间."""
    return frozenset(surnames()[0]) - FUNCTION_SURNAMES


@lru_cache(maxsize=1)
def _voted_shape() -> re.Pattern[str]:
    """Where a model-backed reading may start: a surname and two characters that are no function
    word or numeral (found in one pass; overlapping, hence the lookahead)."""
    firsts = "".join(sorted(_voted_firsts()))
    not_given = "".join(sorted(_NOT_GIVEN | _NUMERAL_CHARS))
    return re.compile(f"(?=[{firsts}](?:(?![{not_given}])[\u4e00-\u9fff]){{2}})")


def _person_context(text: str, start: int, end: int) -> bool:
    """What stands around ``text[start:end]`` when it is a person: a deed after it, perhaps after an
    adverb or two (…就经常帮, …又把), a verb that takes a person before it, or a cleft's 是…V的."""
    after = _ADVERBS.match(text, end)
    pos = after.end() if after else end
    return bool(
        deed_follows(text, end)
        or deed_follows(text, pos)
        or _FULL_NAME_DEED.match(text, end)
        or _FULL_NAME_DEED.match(text, pos)
        or _VOTED_DEED.match(text, pos)
        or _STANCE.match(text, pos)
        or _takes_person_before().search(text, max(0, start - 4), start) is not None
        or _HANDS_TO.search(text, max(0, start - 3), start) is not None
        or (text.endswith("是", 0, start) and _CLEFT_DEED.match(text, end))
    )


def _surname_before_place(text: str, proposals: Sequence[NerSpan]) -> Iterator[tuple[int, int]]:
    """A surname character right before a two-character place or body the model read (封 + 永昌:
    LOC, 练 + 广福: ORG) where a person's context stands around the three: the model took the given
    name for a place and left the surname out, as it does with given names that are place names."""
    firsts = _voted_firsts()
    for span in proposals:
        start, end = span.start - 1, span.end
        if span.type not in ("LOC", "ORG") or end - span.start != 2 or start < 0 or text[start] not in firsts:
            continue
        if start and "\u4e00" <= text[start - 1] <= "\u9fff" and rjieba.has_word(text[start - 1 : start + 1]):
            continue  # the surname's character ends the word before
        if rjieba.has_word(text[start:end]) or text[end - 1] in _SHAPE_NOT_ENDS:
            continue
        if _person_context(text, start, end):
            yield start, end


# How much lower the model's best path may score with a word right after a verb that takes a
# person read as one, for :func:`_taken_names`: the probes' names stood at 1.8–6.5, the navy after
# 感谢 and a building after 表扬 at 8.1–8.4.
TAKEN_GAP = 7.0
# Verbs of _TAKES_PERSON that take a clause as often (只有…, 听说…, 看到…): no object read after them.
_TAKES_CLAUSE = frozenset(word_table("takes_clause"))
# What may follow a person taken by such a verb: the clause's end, or what the person then does or
# is asked to do (劝劝宏伟别…, 得问志刚才知道, 传唤游根到庭).
_TAKEN_NEXT = re.compile(r"[,，。.;；!！?？”」』\"]|$|才|别|到[庭场案]|来|去|过来|一起|也|又")


# What a person taken by such a verb is told or helped to do (通知过…要清理, 社区帮…申请了, 提醒…按时).
_TAKEN_THEN = re.compile(r"要|申请|办理|按时|尽快|赶紧|马上|去|来|把")


@lru_cache(maxsize=1)
def _takes_person_at() -> re.Pattern[str]:
    verbs = sorted({*_TAKES_PERSON, *_ASKS, "找", "去找", "找了"} - _TAKES_CLAUSE, key=len, reverse=True)
    return re.compile("|".join(verbs))


def _taken_names(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A name as the object of a verb that takes a person, where the object's clause ends right
    after it or the person is told what to do (开除了冬梅，…, 表彰了国强，…, 劝劝宏伟别…, 得问志刚才
    知道), and the model nearly read it as a person (:data:`TAKEN_GAP`): a given name alone, or a
    surname and one or two characters that make no dictionary word (全韬, 游彩). A word the model
    reads as a thing there stays (感谢海军，: the navy; 表扬宏伟的大楼)."""
    for match in _takes_person_at().finditer(text):
        start = match.end()
        for size in (3, 2):
            end = start + size
            if end > len(text) or not _han(text[start:end]):
                continue
            if not (_TAKEN_NEXT.match(text, end) or _TAKEN_THEN.match(text, end) or deed_follows(text, end)):
                continue
            word = text[start:end]
            surname = _surname_len(text, start, common_only=False)
            shaped = (
                surname == 1
                and word[0] not in FUNCTION_SURNAMES
                and not any(ch in _NOT_SECOND for ch in word[1:])
                and not rjieba.has_word(word)
                and not rjieba.has_word(word[:2])
                and word[-1] not in _NOT_NAME_ENDS
            )
            if not (shaped or (size == 2 and name_like_word(word))):
                continue
            if proposals.person_gap(start, end) < TAKEN_GAP:
                yield start, end
                break


# A name in quotes that a signature, a sign or a claim gives (签的是“…”, 写着「…」, 自称“…”), or that
# is then counted as a name's characters (“…”三个字); see :func:`_quoted_names`.
_SIGNS_QUOTED = word_cue("signs_quoted")
_QUOTED_NAME = re.compile(
    rf"(?:(?P<cue>{_SIGNS_QUOTED.pattern})\s?)?[“「『\"]\s?(?P<name>[{_HAN}]{{2,4}})\s?[”」』\"]"
    r"(?P<count>(?:这|那)?[2-4两三四俩仨]个字|这个名字)?"
)


def _quoted_names(text: str) -> Iterator[tuple[int, int]]:
    """A name in quotes where a signature, a sign or a claim gives it (收据上签的是“曲业喜”, 门牌上写着
    「古航天」, 对方自称“永强”) or its characters are counted after it (“国强”三个字): a surname and one
    to three characters that make no dictionary word, or a given name alone. A quoted slogan or
    word stays (写着“平安家园”, 签的是“已收讫”). The quote rule of ``_written`` takes a name after
    叫/称/是 only where the segmenter cuts it as one (曲业|喜 is cut after 曲业)."""
    if "“" not in text and "「" not in text and "『" not in text and '"' not in text:
        return
    for match in _QUOTED_NAME.finditer(text):
        if not match.group("cue") and not match.group("count"):
            continue
        start, end = match.span("name")
        word = match.group("name")
        surname = _surname_len(text, start, common_only=False)
        given = word[surname:]
        shaped = (
            bool(surname)
            and 1 <= len(given) <= 2
            and word[0] not in FUNCTION_SURNAMES
            and not any(ch in _NOT_SECOND for ch in given)
            and not rjieba.has_word(word)
            and not rjieba.has_word(word[:2])
            and word[-1] not in _NOT_NAME_ENDS
        )
        if shaped or (len(word) == 2 and name_like_word(word)):
            yield start, end


# How much lower the model's best path may score with a name right after a time read as one, for
# :func:`_names_after_time`: the probes' names stood at 2.6–5.3.
AFTER_TIME_GAP = 6.0
# A clock's or a day's number ending right before a reading (…七点多|许章, 7月5号|付雪梅).
# What a person then did, after an adverb (…又来催缴, …就在楼下, …打电话给我).
_TIME_DEED = re.compile(r"来|去|到|在|打电话|找|带|说|把|给|让|跟|和|收了|拿了")
_TIME_BEFORE = re.compile(
    r"(?:[0-9]+|[一二三四五六七八九十两]+)(?:点多|点半|点钟|点|号|日|分)|(?:周|星期|礼拜)[一二三四五六日天]"
)


def _names_after_time(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """A name right after a time (上周五|党锐新又来…, 今天早上七点多|许章就在…, 7月5号|付雪梅在…),
    before what a person does, where the model nearly read it as a person (:data:`AFTER_TIME_GAP`):
    the model ends its ``TIME`` span there and reads the name's characters as more of the time or
    as a verb (卜传). A surname and one or two characters that make no dictionary word."""
    ends = {span.end for span in proposals if span.type == "TIME"}
    ends.update(match.end() for match in _TIME_BEFORE.finditer(text))
    for start in sorted(ends):
        if start < 1 or start >= len(text) - 1:
            continue
        if text[start] in FUNCTION_SURNAMES - {"党"} or not _surname_len(text, start, common_only=False):
            continue
        for size in (3, 2):
            end = start + size
            word = text[start:end]
            if end > len(text) or not _han(word) or any(ch in _NOT_SECOND for ch in word[1:]):
                continue
            if rjieba.has_word(word) or rjieba.has_word(word[:2]) or word[-1] in _NOT_NAME_ENDS:
                continue
            after = _ADVERBS.match(text, end)
            pos = after.end() if after else end
            if not (deed_follows(text, end) or deed_follows(text, pos) or _TIME_DEED.match(text, pos)):
                continue
            if proposals.person_gap(start, end) < AFTER_TIME_GAP:
                yield start, end
                break


@lru_cache(maxsize=1)
def _takes_person_before() -> re.Pattern[str]:
    """A verb that takes a person ending where a reading starts (searched with the reading's start
    as the end position: one search instead of an ``endswith`` per verb)."""
    verbs = sorted({*_TAKES_PERSON, *_ASKS, "靠"}, key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(verbs)})$")


_ADVERBS = re.compile(
    r"(?:终于|到现在|至今|一直|正好|从来|始终|当时|已经|每次|每回|总是|老是|天天|经常)?[又也还就都才正刚便]{0,2}"
)
# Contexts the model-backed reading accepts besides the shape rule's: an adverb before what the
# person did (…又把车停在, …也在楼下) or where they were (…在楼下唱歌), and a cleft sentence's
# doer (是…交的, 是…开的门).
_VOTED_DEED = re.compile(r"[又也还就都才正刚便一直]{0,2}(?:把|和|跟|被|在|给|让|带)")
_CLEFT_DEED = re.compile(r"[\u4e00-\u9fff]的")
# A cleft's verb of one or two characters (是建军安排的, 是秀英交的), for a given name alone.
_CLEFT_DEEDS = re.compile(r"[\u4e00-\u9fff]{1,2}的")
# What a person says yes or no to, knows or holds, or where they come and go, for the model-backed
# readings (…不同意, …答应过, …拦着, 放在…那里, …又来了): a thing or a place does none of these.
_STANCE = re.compile(
    r"(?:答应|同意|不同意|不肯|不愿|不让|不给|拦着|承认|否认|拒绝|认为|觉得|知道|不知道|表示"
    r"|来过|来了|来我|来找|回来|过来|走了|搬走|搬到|还没|没有交|那里|那儿|这里|这儿|手里|手上"
    r"|打电话|打来电话|签字|签个字|一句话|一分钱|一个人|会过来|会来|会去|会帮|遇到过|碰到过"
    # the person said again as a pronoun, as speech does (那个永强他把…, 建华她说)
    r"|[他她](?!们)"
    # one beside their own (…和她老公), what a person keeps, buys or sells (…养了三条狗, …卖了房子)
    r"|[和跟][他她](?:的|家)?(?:老公|老婆|丈夫|妻子|媳妇|儿子|女儿|孩子|爸|妈|父亲|母亲)|养了|买了|卖了)"
)
# Verbs of handing to or siding with a person, before the name, for the same readings (交给了…,
# 东西给了…, 得罪…, 陪着…, 要不是…拦着).
# For the model-backed readings only: 除了周末，他… is why the rules' reading before a pronoun has none.
_HANDS_TO = re.compile("(?:给了|交给|转给|卖给|借给|租给|得罪|陪着|陪|要不是|除了)$")


def has_name_span(text: str) -> bool:
    """True when the rules alone (no model) would hide a name in normalised ``text``; stops at
    the first, cheapest checks first (a gate for bulk imports)."""
    return any(b - a >= 2 for a, b in _rule_spans(text, Vetoes(text)))


def _rule_spans(text: str, vetoed: Vetoes) -> Iterator[tuple[int, int]]:
    """The rules' name readings that no veto rejects, lazily and cheapest first (the segmenter last)."""
    # A dotted name (买买提·艾力) is no surname reading: the dot alone marks it (its extent from
    # the segmenter, see _dotted), and a veto would take the words after it for the reading's.
    yield from ((start, end) for start, end, _ in dotted_names(text))
    for match in _PINYIN_NAME.finditer(text):
        first, second = match.group(1), match.group(2)
        if (first.lower() in PINYIN_SURNAMES and (first.isupper() or not second.isupper())) or (
            second.isupper() and second.lower() in PINYIN_SURNAMES
        ):
            yield match.span()
    if "Mr" in text or "Ms" in text or "Dr" in text or "Miss" in text or "Prof" in text:
        yield from (match.span(1) for match in _LATIN_HONORIFIC.finditer(text))
    if "叫" in text or "名" in text:
        for match in _LATIN_CALLED.finditer(text):
            if not _NOT_A_PERSON_CALLED.search(text, max(0, match.start() - 8), match.start()):
                yield match.span(1)
    if "叫" in text or "名下" in text:
        yield from _person_called_or_owning(text)
    if "叫" in text:
        yield from _party_called(text)
    if "姓" in text:
        yield from _named_by_parts(text)
    yield from _kin_pet_names(text)
    if "家" in text:
        yield from _household_names(text)
    if _TIBETAN_SHAPE.search(text):
        yield from (match.span() for match in _TIBETAN_NAME.finditer(text))
    if "古丽" in text:
        yield from (match.span() for match in _UYGHUR_NAME.finditer(text) if match.end() - match.start() > 2)
    # Lower-case pinyin, characters spaced out, a quoted name after 叫/的 (see _written).
    yield from written_names(text)
    yield from _compound_before_title(text)
    if ":" in text or "是" in text:
        yield from _party_field_names(text)
    if "(" in text or "【" in text:
        yield from _bracketed_after_role(text)
    # What a name field holds (申请人：央金卓玛): a name whatever its surname, and no veto applies.
    yield from ((start, end) for start, end, colon in labelled_runs(text) if colon)
    for start, end, trust in _raw_rule_spans(text):
        if trust == _RECORD:
            yield start, end  # 高兴，身份证…: a record's name, whatever word it is
            continue
        kept = vetoed(start, end, lenient=trust == _KIN)
        if kept:
            yield kept
    # A given name that is an ordinary word where the sentence uses it as a person (see _wordnames);
    # last, so that the import's gate stops before it wherever another reading already flags the post.
    yield from word_names(text)


@lru_cache(maxsize=1)
def _bracket_roles() -> frozenset[str]:
    return frozenset((*role_words(), *RELATIONS, *_BRACKET_ROLES))


# What a bracket holds: two to four Han characters (the role word before it is looked up by suffix:
# one alternation of every role word tried at every position cost the import's gate 0.02 ms a post).
_BRACKETED = re.compile(rf"[(【]\s?([{_HAN}]{{2,4}})\s?(?:[)】]|[,，、](?=[^()（）]{{0,20}}[)）]))")


# Parties a complaint or a record names before a bracket besides the role and relation words.
_BRACKET_ROLES = word_table("bracket_roles")


def _bracketed_after_role(text: str) -> Iterator[tuple[int, int]]:
    """What a bracket holds right after a role or a relation word (对方当事人(迟功)拒绝签字, 租客【米纲】
    已经搬走, 三楼住户（苟有）…): the person's name, as a record writes it, where it has a name's shape
    — a surname and one or two given characters that make no dictionary word, or a word the
    segmenter tags as a name (荣锁) — and is no placeholder (业主（本人）, 当事人（甲方）, 住户（一楼）)."""
    roles = _bracket_roles()
    for match in _BRACKETED.finditer(text):
        before = text[max(0, match.start() - 6) : match.start()].rstrip(" :")
        # a role or relation word, or any party a contract or a record names (出租方, 施工负责人)
        if not any(before[-size:] in roles for size in range(1, 6)) and not (
            before[-1:] in ("人", "方") and len(before) >= 2 and "\u4e00" <= before[-2] <= "\u9fff"
        ):
            continue
        start, end = match.span(1)
        word = text[start:end]
        if word in NOT_NAMES or word in _NOT_BRACKETED or word[-1] in _NOT_NAME_ENDS:
            continue
        tags = rjieba.tag(word)
        if (len(tags) == 1 and tags[0][1] == "nr") or _given_alone_end(text, start) == end:
            yield start, end  # a name to the segmenter (荣锁) or a given name alone (发包方（海波，…）)
            continue
        surname = _surname_len(text, start, common_only=False)
        given = word[surname:]
        if (
            surname
            and 1 <= len(given) <= 2
            and not any(ch in _NOT_GIVEN or ch in _NUMERAL_CHARS for ch in given)
            and not rjieba.has_word(word)
        ):
            yield start, end


_NOT_BRACKETED = frozenset(word_table("not_bracketed"))


# A record's field before a colon that names a person by their part (转让人：, 走访对象：, 施工方：) or
# their duty (经办：, 值班：, 复核：), and a bracket it may open.
# (Looked for back from each colon: a scan of the whole text for the label cost the import's gate
# 0.015 ms a post.)
_PARTY_LABEL = re.compile(
    rf"(?:[{_HAN}]{{0,4}}(?:人|对象|者|方|住户|租户|户主|业户)|{word_cue('duty_labels').pattern})\s?$"
)
_AFTER_COLON = re.compile(r"\s?[(【]?\s?")
_FIELD_END = re.compile(r"$|[\s,.;:!?()、。，；：！？（）【】]")


# A speaker's name opening a message or a line before a colon and the speaker's own words (秀英：我家的
# 房子漏雨…, 刁兆：俺们村…).
_SPEAKER_OPENING = re.compile(rf"(?:^|(?<=\n))\s?([{_HAN}]{{2,3}})\s?:\s?(?=我|俺|咱|本人)")
# Tags of a two-character word that may be a given name alone in a person's field (秀英 nr, 建军 n,
# 宏伟 a): not a time, adverb, verb, pronoun or function word (待定, 如下, 本人).
_GIVEN_ALONE_TAGS = frozenset(("n", "nr", "nrt", "nrfg", "nz", "ns", "a", "an"))


def _field_name_end(text: str, start: int) -> int:
    """End of what a person's field holds at ``start`` when it has a name's shape up to the field's
    end, else ``start``: a surname and one or two characters that make no dictionary word and end
    no body's or place's name (骆定, 官绩邦), or a given name alone — two given-name characters the
    segmenter reads as a noun, a name or an adjective (建军, 秀英, 宏伟). A body (物业公司), a word
    (待定, 如下) or a placeholder (本人, 不详) has neither shape."""
    end = _after_surname(text, start)
    if end > start and _FIELD_END.match(text, end):
        word = text[start:end]
        if not (
            word in NOT_NAMES
            or word in _NOT_BRACKETED
            or word[-1] in _NOT_NAME_ENDS
            or (rjieba.has_word(word) and not _person_word(word) and not _RECORD_AFTER.match(text, end))
            or _function_word(word)
            or _someone_by_part(word)
        ):
            return end
    return _given_alone_end(text, start)


# A record's next field after a name (…甘露 电话:…, …于海洋,手机…): a word there is the name.
_RECORD_AFTER = re.compile(r"\s?[,、(]?\s?(?:身份证|电话|手机|联系方式|tel|Tel|TEL)")


def _record_word_name(word: str) -> bool:
    """Whether a word before a record's phone may be the name itself: no dictionary word, or a
    person's, a time's or a quality's word (夏天, 秋分, 白露), not a verb or a thing (解答, 方式)."""
    if not rjieba.has_word(word):
        return True
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1] in ("nr", "nrfg", "nrt", "nz", "t", "a", "an")


def _someone_by_part(word: str) -> bool:
    """A word that names someone by their part, post or kin (居民, 管家, 女儿), not by name."""
    return word in _bracket_roles() or word in _title_set() or any(word.endswith(role) for role in ("民", "家", "工"))


def _person_word(word: str) -> bool:
    """A dictionary word the segmenter tags as a person's name (于海洋: nr)."""
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1] in ("nr", "nrfg", "nrt")


def _given_alone_end(text: str, start: int) -> int:
    """``start + 2`` where two given-name characters the segmenter reads as nouns, names or
    adjectives (建军, 秀英, 国|强) stand at ``start`` up to a stop, else ``start``: a given name
    alone where a person's field or slot holds it."""
    word = text[start : start + 2]
    shaped = len(word) == 2 and all(char in GIVEN_CHARS for char in word) and word not in NOT_NAMES
    if shaped and _FIELD_END.match(text, start + 2) and all(tag in _GIVEN_ALONE_TAGS for _, tag in rjieba.tag(word)):
        return start + 2
    return start


def _party_field_names(text: str) -> Iterator[tuple[int, int]]:
    """A name in a record's field that names a person by their part or duty (走访对象：骆定，…,
    经办：商守，复核：待定, 转让人：（官绩邦）, 值班：建军), and a speaker's name opening a message
    before their own words (秀英：我家的…); see :func:`_field_name_end`."""
    colon = text.find(":")
    while colon >= 0:
        if _PARTY_LABEL.search(text, max(0, colon - 8), colon):
            start = _AFTER_COLON.match(text, colon + 1).end()  # type: ignore[union-attr]  # (matches empty)
            end = _field_name_end(text, start)
            if end > start:
                yield start, end
        colon = text.find(":", colon + 1)
    for match in _SPEAKER_OPENING.finditer(text):
        end = _field_name_end(text, match.start(1))
        if end > match.start(1):
            yield match.start(1), end
    if "是" in text:
        for match in _PARTY_IS.finditer(text):
            end = _field_name_end(text, match.end())
            word = text[match.end() : end]
            if end > match.end() and (len(rjieba.cut(word)[0]) < len(word) - 1 or _person_word(word)):
                yield match.end(), end  # not 我是…的高中生: the segmenter reads a word from its start


# A party's label and 是/为 instead of a colon (预约人是…, 联系人为…), and the writer saying whose
# or where they are before their name (我是东营村五组的…,): a name's shape up to the field's end.
# (Not 我是一名…的高中生: a kind of person, counted, is no place the writer is of.)
_PARTY_IS = re.compile(rf"[{_HAN}]{{1,3}}人(?:是|为)\s?|我是(?![一个位名])[^,.;:!?\s]{{1,12}}的")


def _compound_before_title(text: str) -> Iterator[tuple[int, int]]:
    """A compound surname and one or two given-name characters before a title (司徒永康书记, 欧阳娜
    主任): the segmenter cuts 司徒|永康 (a place), so no reading of a lone surname token reaches it,
    and the title rule for single surnames (秦国强书记) looks three characters back only. Not
    第五人格律师 (人: no given-name character) nor a dictionary word (司马光)."""
    given = _given_chars()
    for match in _compound_title().finditer(text):
        start, end = match.span("name")
        if all(char in given for char in text[start + 2 : end]) and not rjieba.has_word(text[start:end]):
            yield start, end


@lru_cache(maxsize=1)
def _compound_title() -> re.Pattern[str]:
    _, compound, _ = surnames()
    heads = "|".join(sorted(compound))
    words = "|".join(re.escape(title) for title in sorted(titles(), key=len, reverse=True) if len(title) >= 2)
    return re.compile(f"(?P<name>(?:{heads})[{_HAN}]{{1,2}}?)(?:{words})")


# How much a reading's context says it is a name: a relative's or neighbour's word before it
# (我老公方圆, 邻居时光: only a verb, time or function word is vetoed, not a noun), a record's
# words after it (高兴，身份证…: nothing is vetoed), or neither (every veto applies).
_PLAIN, _KIN, _RECORD = 0, 1, 2
# Relatives and neighbours, not stand-ins (监护人申报) nor groups that posts name before a noun of
# theirs (业主利益, 租户严重扰民, 居民休息: in 6,000 real posts those were never names).
_KIN_WORDS = (frozenset(RELATIONS) - frozenset(word_table("kin_not_relations"))) | frozenset(
    word_table("kin_neighbours")
)


# A writer who says whose relative they are (我是她女儿…, 我是老人的儿子…): what follows the kin word
# right up to a stop is the writer's own name, whatever word it makes (甘露, a noun the segmenter
# tags a verb).
_SELF_AS_KIN = re.compile(rf"我是(?:[他她]的?|[{_HAN}]{{1,4}}的)?$")
_STOP_AFTER = re.compile(r"$|[,.;:!?()\s、。，；：！？（）0-9]")


# Last characters of a shop's name after a familiar name (小俞记, 老杨坊), besides _NOT_NAME_ENDS.
_SHOP_ENDS = frozenset("记坊铺屋斋轩阁")


def _function_word(word: str) -> bool:
    """Whether the segmenter reads ``word`` as one conjunction, adverb, pronoun, preposition or
    particle (于是, 但是, 其实): never a name, even where a name's slot stands."""
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1][:1] in ("c", "d", "r", "p", "u", "y")


def _familiar_after_cue(text: str, start: int) -> int:
    """End of 小 or 老 and a common surname right after a role or kin word (邻居小段, 同事老白),
    or ``start``: a familiar name, whatever dictionary word it also makes (小段, 小方, 老白), except
    a kin word or a title (老公, 老师), and not where the three make a word (小龙虾, 老房子) or the
    surname begins a noun with what follows (邻居老钱包…), nor where a shop's or a place's ending
    follows (小俞府)."""
    if text[start : start + 1] not in ("小", "老") or start + 2 > len(text):
        return start
    surname = text[start + 1]
    if surname not in surnames()[2] or surname in _WORDLIKE_SURNAMES or surname in FUNCTION_SURNAMES:
        return start
    word = text[start : start + 2]
    if word in RELATIONS or word in _title_set() or rjieba.has_word(text[start : start + 3]):
        return start
    pair = text[start + 1 : start + 3]
    if rjieba.has_word(pair) and rjieba.tag(pair) == [(pair, "n")]:
        return start  # 老房子漏水: the surname begins a noun (a place's, a time's or a name's word is no noun here)
    if text[start + 2 : start + 3] in _NOT_NAME_ENDS or text[start + 2 : start + 3] in _SHOP_ENDS:
        return start  # 我是小俞府的粉丝, 老杨店: a shop's or a place's name
    return start + 2


@lru_cache(maxsize=1)
def _title_set() -> frozenset[str]:
    return frozenset(titles())


def _own_name_end(text: str, start: int) -> int:
    """End of the writer's own name with no surname after 我是她女儿… (央金, a Tibetan name): two
    characters up to a stop that are no function word, placeholder, relative or role word."""
    word = text[start : start + 2]
    if (
        len(word) == 2
        and _han(word)
        and _STOP_AFTER.match(text, start + 2)
        and word not in NOT_NAMES
        and word not in _NOT_BRACKETED
        and word not in _bracket_roles()
        and not _function_word(word)
    ):
        return start + 2
    return _given_alone_end(text, start)


def _clause_after_cue(text: str, start: int, end: int) -> bool:
    """Whether a reading after a cue word is a clause: a surname that is mostly a function word
    (都, 也, 被, 给) and a verb ended by an aspect particle (孩子都病了, 班长都选好了, 邻居也来过),
    not a word that opens with the particle (于洋了解: 了解)."""
    return (
        text[start] in FUNCTION_SURNAMES
        and end < len(text)
        and text[end] in "了过着"
        and not rjieba.has_word(text[end : end + 2])
    )


# A person said to be called something (骗我钱的人叫…。, 那个男的叫…,) and someone in whose name a
# thing is held (登记在…名下): see :func:`_person_called_or_owning`.
_PERSON_CALLED = re.compile(r"(?:人|男的|女的|[他她]|师傅|老板|家伙|小伙子?|姑娘|大姐|大哥)叫(?:做)?\s?")
_OWNING = re.compile(rf"(?:在|到|于|归|挂在|落在)了?([{_HAN}]{{2,4}})名下")


def _person_called_or_owning(text: str) -> Iterator[tuple[int, int]]:
    """A name where the sentence itself says it is one, whatever word it also makes: after a person
    said to be called (骗我钱的人叫万家乐。: a brand's name too) up to a stop, and right before 名下
    (登记在全国强名下: 全国 opens the name; not a noun: 登记在公司名下, 在单位名下 read nothing). A
    surname and one or two characters, no function or placeholder word, no body's or place's ending."""
    for match in _PERSON_CALLED.finditer(text):
        start = match.end()
        end = _after_surname(text, start)
        if end > start and _STOP_AFTER.match(text, end) and _plain_name(text[start:end]):
            yield start, end
    for match in _OWNING.finditer(text):
        begin = match.start(1)
        word = match.group(1)
        noun = rjieba.has_word(word) and rjieba.tag(word)[0][1][:1] == "n" and not _person_word(word)
        if _after_surname(text[: match.end(1)], begin) == match.end(1) and _plain_name(word) and not noun:
            yield begin, match.end(1)  # (after the word that puts a thing in one's name: 我有…证名下无房 is none)


# 叫 right after a party's role or relation word (俺爹叫…, 中介小哥叫…, 旁边的保安叫…): see _party_called.
_CALLED_AT = re.compile(r"叫(?:做)?\s?")
# Last characters of a party's word that no role table lists (俺爹, 中介小哥, 种粮大户, 那个大姐).
_PARTY_ENDS = frozenset("爹娘爷哥姐叔婶姨嫂舅姑伯户")
# What a verb after 叫 is (叫人来, 叫外卖, 叫开会): the segmenter's verb tags.
_VERB_TAGS = frozenset(("v", "vd", "vn", "vi"))
# 姓宋名词, 姓欧阳名锋: a name given by its parts, surname and given name each named.
_NAMED_BY_PARTS = re.compile(
    rf"姓([{_HAN}]{{1,2}})[,，\s]?名(?:叫|字叫|是)?([{_HAN}]{{1,2}})(?=[^{_HAN}]|$|[的是在,，])"
)


# A pet name of one doubled character right after a kin word (她孙女甜甜让她泼的, 我女儿朵朵今年五岁),
# before a stop or what a person does; not an adverb or a time (儿子天天打游戏, 老公刚刚到), a count
# (孩子个个), a kin word (女儿妈妈) or an everyday doubled word (孩子点点头: no deed follows).
_DOUBLED_PET = re.compile(rf"([{_HAN}])\1(?=[,.;!?\s]|$|[让把被给说也都就还才又今在和跟是])")
_NOT_PET_TAGS = frozenset(("d", "t", "m", "r", "o", "v", "vn", "p", "c", "u"))


def _kin_pet_names(text: str) -> Iterator[tuple[int, int]]:
    for match in _DOUBLED_PET.finditer(text):
        start = match.start()
        if not any(text[start - size : start] in _KIN_WORDS for size in (2, 3, 4) if start >= size):
            continue
        pet = match.group()
        if pet[0] not in _NOT_GIVEN and pet not in RELATIONS and rjieba.tag(pet)[0][1] not in _NOT_PET_TAGS:
            yield match.span()


# A household named by its head (田野家的承包地, 去高峰家里, 跟鲁斌家门口): a name before 家 and what
# a household has or where its home is.
_HOUSEHOLD = re.compile(r"家(?:的|里|门口|院子|院里|那口子|老[大二三四])")
_BEFORE_HOUSEHOLD = frozenset("的是和跟与到去在找给被把从向对帮替")


def _household_names(text: str) -> Iterator[tuple[int, int]]:
    """A surname and one or two given characters before 家的, 家里, 家门口 (田野家的承包地被占了): a
    household is named by its head, so the word is a name whatever else it is (田野 is a field), where
    the segmenter tags it as a name, an adjective or a place, or does not know it (not 房东家的, 商家的,
    国家的: nouns), and the clause opens before it or a word that takes a person stands there."""
    for match in _HOUSEHOLD.finditer(text):
        end = match.start()
        for start in (end - 3, end - 2):
            word = text[max(0, start) : end]
            if (
                start < 0
                or not _han(word)
                or (start > 0 and _han(text[start - 1]) and text[start - 1] not in _BEFORE_HOUSEHOLD)
            ):
                continue
            if (
                _surname_len(text, start, common_only=True) == 1
                and text[start] not in _WORDLIKE_SURNAMES
                and text[start] not in FUNCTION_SURNAMES
                and _plain_name(word)
                and word not in RELATIONS
                and _household_head(word)
                and not rjieba.has_word(text[end - 1 : end + 1])  # 符合|国家的: the last character opens 国家
            ):
                yield start, end
                break


_HEAD_TAGS = frozenset(("nr", "nrt", "nrfg", "ns", "nz"))


def _household_head(word: str) -> bool:
    """A word that may name a household's head: one the segmenter does not know or tags as a name
    or a place (田野 nr, 高原 ns), and whose first two characters make no verb, adjective or adverb
    (方便|家里, 符合国|家的)."""
    for part in (word, word[:2]) if len(word) == 3 else (word,):
        if rjieba.has_word(part):
            tags = rjieba.tag(part)
            if len(tags) != 1 or tags[0][1] not in _HEAD_TAGS:
                return False
    return True


def _party_called(text: str) -> Iterator[tuple[int, int]]:
    """A name after a party said to be called it (俺爹叫万福，, 中介小哥叫万里，, 大户叫温和平，, 保安叫冬生。):
    right after a role or relation word and 叫, up to a stop, whatever word the name also makes
    (万里, 万福 are words; the sentence says they are a name). A surname and one or two given
    characters, or two given-name characters alone (冬生); not a verb 叫 takes (保安叫人来, 老板叫外卖),
    a kin word (孩子叫妈妈) or an everyday word of given-name characters (NOT_NAMES)."""
    roles = _bracket_roles()
    for match in _CALLED_AT.finditer(text):
        before = text[max(0, match.start() - 6) : match.start()]
        if not any(before[-size:] in roles for size in range(2, 7)) and before[-1:] not in _PARTY_ENDS:
            continue
        start = match.end()
        end = _after_surname(text, start)
        if end == start and text[start : start + 2] and all(char in GIVEN_CHARS for char in text[start : start + 2]):
            end = start + 2  # 保安叫冬生: a given name alone
        word = text[start:end]
        if (
            end - start >= 2
            and _STOP_AFTER.match(text, end)
            # (a surname before an everyday word of given-name characters is a full name: 温和平, 李国庆)
            and (_plain_name(word) or (len(word) == 3 and word[1:] in NOT_NAMES))
            and word not in RELATIONS
            and not (rjieba.has_word(word) and rjieba.tag(word)[0][1] in _VERB_TAGS)
        ):
            yield start, end


def _named_by_parts(text: str) -> Iterator[tuple[int, int]]:
    """姓宋名词, 姓欧阳名锋: the surname and the given name, however ordinary the words they make."""
    for match in _NAMED_BY_PARTS.finditer(text):
        if (
            _surname_len(match.group(1), 0, common_only=False) == len(match.group(1))
            and not set(match.group(2)) & _NOT_GIVEN
        ):
            yield match.start(1), match.end(2)


def _plain_name(word: str) -> bool:
    return not (
        word in NOT_NAMES
        or word in _NOT_BRACKETED
        or word[-1] in _NOT_NAME_ENDS
        or _function_word(word)
        or _someone_by_part(word)
        or any(ch in _NOT_GIVEN for ch in word[1:])
    )


def _raw_rule_spans(text: str) -> Iterator[tuple[int, int, int]]:
    strict = _strict_roles()
    for match in _cue().finditer(text):
        familiar = _familiar_after_cue(text, match.end())
        if familiar > match.end():
            yield match.end(), familiar, _RECORD  # 邻居小段, 同事老白: a familiar name after the cue
            continue
        if match.group("cue") in _KIN_WORDS and _SELF_AS_KIN.search(text, max(0, match.start() - 8), match.start()):
            alone = (
                _given_alone_end(text, match.end())
                if _surname_len(text, match.end(), False)
                else _own_name_end(text, match.end())
            )
            if alone > match.end():
                yield match.end(), alone, _RECORD  # 我是她儿媳秀英。: the writer's given name alone
                continue
        after = text[match.end() : match.end() + 1]
        word_name = name_after_role(text, match.end()) if after in GIVEN_CHARS or "A" <= after <= "Z" else None
        if word_name:
            yield word_name[0], word_name[1], _RECORD  # 网格员建华态度很好: a given name that is a word
            continue
        end = _after_surname(text, match.end())
        if end > match.end() and _clause_after_cue(text, match.end(), end):
            continue  # 孩子都病了, 班长都选好了: an adverb's surname and a verb, not a name
        if (
            end > match.end()
            and _RECORD_AFTER.match(text, end)
            and not _function_word(text[match.end() : end])
            and text[match.end() : end] not in NOT_NAMES
            and not _someone_by_part(text[match.end() : end])
            and _record_word_name(text[match.end() : end])
        ):
            yield match.end(), end, _RECORD  # 联系管家夏天,电话…: a record's name, whatever word it is
            continue
        if end > match.end():
            cue = match.group("cue")
            if cue in strict and _ordinary_word(text[match.end() : match.end() + 2]):
                continue  # 书记安排, 感谢通过: after a title or verb, a verb is no name
            kin = cue in _KIN_WORDS
            if (
                kin
                and _SELF_AS_KIN.search(text, max(0, match.start() - 8), match.start())
                and _STOP_AFTER.match(text, end)
                and not _function_word(text[match.end() : end])
            ):
                yield match.end(), end, _RECORD  # 我是她女儿甘露，: the writer's own name
                continue
            yield match.end(), end, _KIN if kin else _PLAIN
    if "名" in text:
        for match in _PAPER_NAME.finditer(text):
            end = _after_surname(text, match.end())
            if end > match.end():
                yield match.end(), end, _PLAIN
    for match in chain(_OPENING.finditer(text), _QUOTED_SPEAKER.finditer(text)):
        start, end = match.span(1)
        surname = _surname_len(text, start, common_only=True) or _surname_len(text, start, common_only=False) == 2
        rare = _surname_len(text, start, common_only=False) == 1 and text[start] not in FUNCTION_SURNAMES
        if (surname and _RECORD_WORDS.match(text, end)) or (rare and _GENDER_AFTER.match(text, end)):
            yield start, end, _RECORD
        elif (
            surname
            and end - start - _surname_len(text, start, common_only=False) <= 2
            and not rjieba.has_word(text[start:end])
        ):
            # (a single surname and three more characters is a heading, not a name: 林权纠纷：…)
            yield start, end, _PLAIN
    yield from ((start, end, _PLAIN) for start, end in _segmenter_names(text))
    yield from ((start, end, _RECORD) for start, end in _surname_posts(text))
    yield from ((start, end, _PLAIN) for start, end in _shaped_full_names(text))


# What may join the names of a list (张三、李四和王五) and what may end one of them.
_LIST_JOINERS = frozenset("、和与及跟,")
_LIST_END = re.compile(r"$|[、,，。;；:：!！?？()（）\s等和与及跟]")
_COUNT = re.compile(r"[两二三四五六七八九几2-9]个?人")
# A list of places or bodies, counted after it (白沙、春华等9个镇): its words are no given names.
_PLACES_COUNTED = re.compile(r"等?\d*个?(?:镇|乡|村|区|县|市|街道|社区|小区|单位|学校|公司)")


def listed_names(text: str, names: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names listed beside a name already read (陶建新、褚丽、晏小波等): a surname and one or two
    characters between the list's joiners, on either side, one after another.

    A list names people of one kind, and the model and the cues often see only its first or last
    member; a reading here must fill the whole slot between two joiners, so 身份证、户口本 beside
    a name is no name (no surname) and 王芳、王芳的丈夫 stops at 的.
    """
    found: list[tuple[int, int]] = []
    seen = set(names)
    todo = list(names)
    while todo:
        start, end = todo.pop()
        for span in (
            _listed_after(text, end),
            _listed_before(text, start),
            _paired_given_after(text, start, end),
            _titled_listed_after(text, end),
            _titled_listed_before(text, start),
        ):
            if span and span not in seen:
                seen.add(span)
                found.append(span)
                todo.append(span)
    return found


def _listed_after(text: str, end: int) -> tuple[int, int] | None:
    if end >= len(text):
        return None
    if text[end] == " ":
        # 褚柳 官守都…, 王磊 海燕、…: a space joins names as a list does, but not a word (…居民 王*, …敬上)
        member = _side_by_side_after(text, end + 1) or _listed_member_at(text, end + 1)
        return member if member and _no_word_in(text[member[0] : member[1]]) else None
    if text[end] not in _LIST_JOINERS:
        return _side_by_side_after(text, end)
    return _listed_member_at(text, end + 1)


def _listed_member_at(text: str, start: int) -> tuple[int, int] | None:
    for size in (2, 3, 4):
        if _list_member(text, start, start + size):
            return start, start + size
    return None


# Posts written after each name of a list (邵立军主任、喻红霞科长和…): the post titles, with the
# deputies and committee words that a list of officials holds too.
_LIST_TITLES = frozenset(chain(_POST_TITLES, word_table("list_titles")))
_LIST_TITLE_AT = re.compile("|".join(sorted(_LIST_TITLES, key=len, reverse=True)))
_TITLED_JOINERS = re.compile(r"\s?(?:[、,，和与及跟]|[,，]?还有)\s?")


def _titled_member(text: str, start: int, end: int) -> bool:
    """A surname and one or two given-name characters filling ``text[start:end]``, no dictionary
    word nor opening one (项目经理, 党委书记, 卫生委员: the surname's character begins a word)."""
    if start < 0 or not _han(text[start:end]):
        return False
    surname = _surname_len(text, start, common_only=False)
    given = text[start + surname : end]
    return (
        bool(surname)
        and 1 <= len(given) <= 2
        and not any(ch in _NOT_SECOND for ch in given)
        and not rjieba.has_word(text[start:end])
        and not rjieba.has_word(text[start : start + 2])
        and text[end - 1] not in _NOT_NAME_ENDS
    )


def _titled_listed_after(text: str, end: int) -> tuple[int, int] | None:
    """The next of a list of names each with a post after it (邵*军主任、喻红霞科长): after the read
    name's title and a joiner, a surname and one or two characters before a title of their own."""
    title = _LIST_TITLE_AT.match(text, end)
    joiner = title and _TITLED_JOINERS.match(text, title.end())
    if not joiner:
        return None
    begin = joiner.end()
    for size in (3, 2):
        if _LIST_TITLE_AT.match(text, begin + size) and _titled_member(text, begin, begin + size):
            return begin, begin + size
    return None


def _titled_listed_before(text: str, start: int) -> tuple[int, int] | None:
    """The one before, read back from the read name over a joiner and a title (吉柏主任、葛*光科长)."""
    if start < 4 or text[start - 1] not in "、,，和与及跟有":
        return None  # (most names follow no joiner: one look before the loops)
    for joiner in ("、", ",", "，", "和", "与", "及", "跟", "，还有", ",还有", "还有"):
        stop = start - len(joiner)
        if stop > 0 and text.startswith(joiner, stop):
            break
    else:
        return None
    for size in sorted({len(title) for title in _LIST_TITLES}, reverse=True):
        if stop - size > 0 and text[stop - size : stop] in _LIST_TITLES:
            for name_size in (3, 2):
                begin = stop - size - name_size
                if _titled_member(text, begin, stop - size):
                    return begin, stop - size
            return None
    return None


# What follows two names said side by side with no joiner, for the pair's second (庄芳鹰德山他们俩…,
# 那次开会孟守朝永生都没来, 这笔钱是振东海林两家…): the pair's count or an adverb of all.
_PAIR_END = word_cue("pair_end")


def _side_by_side_after(text: str, end: int) -> tuple[int, int] | None:
    """A name right after a name read, with no joiner between, where the two are then counted or
    said of together (…都, …他们俩): a surname and one or two characters, or a given name alone."""
    for size in (2, 3):
        start, stop = end, end + size
        if stop <= len(text) and _PAIR_END.match(text, stop) and _han(text[start:stop]):
            member = text[start:stop]
            surname = _surname_len(text, start, common_only=False)
            if (surname == 1 and not any(ch in _NOT_GIVEN for ch in member[1:]) and _no_word_in(member)) or (
                size == 2 and _word_member(member)
            ):
                return start, stop
    return None


def _listed_before(text: str, start: int) -> tuple[int, int] | None:
    if start >= 2 and text[start - 1] == " " and text[start - 2] not in " ":
        end = start - 1
        for size in (2, 3):
            begin = end - size
            if (
                begin >= 0
                and _list_member(text, begin, end)
                and _no_word_in(text[begin:end])
                and (begin == 0 or not _han(text[begin - 1]))
            ):
                return begin, end  # 褚柳 官守都…: a space between two names at a clause's opening
        return None
    if start < 1 or text[start - 1] not in _LIST_JOINERS:
        return None
    end = start - 1
    for size in (2, 3, 4):
        begin = end - size
        if begin < 0 or not _list_member(text, begin, end):
            continue
        # 值班的是平安和俊杰, 作证的人有车建平、柏玉兰: a list may open after 是/有 too (有车, 有侯: the
        # surname's character makes a word with 有, so the segmenter hides the name's start), not
        # with a word (就是南瓜饼和…) nor before a comma, which joins places as often (有黎托,黄星、…).
        if (
            begin == 0
            or _LIST_END.match(text, begin - 1)
            or (text[begin - 1] in "是有" and _word_member(text[begin:end]))
            or (text[begin - 1] in "是有" and text[end] != "," and _no_word_in(text[begin:end]))
        ):
            return begin, end
    return _paired_given_before(text, start) or _paired_full_before(text, start)


_NOUN_ENDS = frozenset("子头儿们家方")


def _paired_full_before(text: str, start: int) -> tuple[int, int] | None:
    """A common surname and one character joined by 和/与/跟 to the full name read after it, after
    whose they are (装修队的方圆和石磊…, 楼下的高峰与邹敏…): two people named side by side are named
    alike, so the first is a name however ordinary a word it also makes; not a noun of things
    (我们的房子和王磊的车: 子, 头, 儿 end it) or a word of given-name characters (NOT_NAMES)."""
    if start < 4 or text[start - 1] not in _PAIR_JOINERS or text[start - 4] != "的":
        return None
    begin, end = start - 3, start - 1
    word = text[begin:end]
    if (
        _surname_len(text, begin, common_only=True) != 1
        or _surname_len(text, start, common_only=True) != 1
        or word[-1] in _NOUN_ENDS
        or word[-1] in _NOT_GIVEN
        or word in NOT_NAMES
        or word in RELATIONS
    ):
        return None
    # both do what follows (…石磊干完活, …邹敏都说): not a thing beside a person's (文件和王芳的签字)
    if not any(
        _han(text[start + 1 : after]) and (_PAIR_DEED.match(text, after) or deed_follows(text, after))
        for after in (start + 2, start + 3)
        if after < len(text)
    ):
        return None
    return begin, end


_PAIR_DEED = re.compile(r"[都也俩两又还就一]|干|说|把|被|去|来|跟|给|在")


_PAIR_JOINERS = frozenset("和与跟")  # (not 、, which lists estates and villages as often: 怡海星城、…)


def _pair_member(word: str) -> bool:
    """A given name alone joined to a name: :func:`_word_member`, or given-name characters the
    segmenter reads as an adverb (志刚: 刚), which beside a name is a name too."""
    return _word_member(word) or (len(word) == 2 and plausible_given_name(word) and rjieba.tag(word)[0][1] == "d")


def _paired_given_before(text: str, start: int) -> tuple[int, int] | None:
    """A given name alone joined by 和/与/跟/、 to the name read after it, mid-clause (隔壁的国平和
    建军…, 工地上永强和海波…): two people named side by side are named alike, so the first is a name
    too, whatever stands before it. Only a word that is a given name's shape (see
    :func:`_word_member`), which 春天, 冰箱, 和平 are not, and none that the character before joins
    into a longer dictionary word (中国平…)."""
    if start < 3 or text[start - 1] not in _PAIR_JOINERS:
        return None
    begin, end = start - 3, start - 1
    member = text[begin:end]
    if not _pair_member(member) or not _han(text[begin - 1]) or text[begin - 1] in _LIST_JOINERS:
        return None
    if any(rjieba.has_word(text[first:end]) for first in (begin - 2, begin - 1) if first >= 0):
        return None
    if any(rjieba.has_word(text[begin:stop]) for stop in (end + 1, end + 2) if stop <= len(text)):
        return None  # the member's characters run on into a word across the joiner (…海和平…)
    return begin, end


def _paired_given_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The second of two given names alone joined mid-clause (…的丽华与国平是…, 振东和志刚被…):
    the mirror of :func:`_paired_given_before`, read only after a given name alone, so that a full
    name joined to a word (王芳和平安…) reads nothing."""
    if end - start != 2 or end + 3 > len(text) or text[end] not in _PAIR_JOINERS:
        return None
    if end + 3 < len(text) and text[end + 3] in _NOT_NAME_ENDS:
        return None  # 向琳和洪河村: a village's, a street's or a body's name goes on
    begin, stop = end + 1, end + 3
    member = text[begin:stop]
    if not _pair_member(text[start:end]) or not _pair_member(member):
        return None
    if any(rjieba.has_word(text[begin:last]) for last in (stop + 1, stop + 2) if last <= len(text)):
        return None  # 国强和平安小区: the member runs on into a word
    return begin, stop


def _list_member(text: str, start: int, end: int) -> bool:
    """A surname and one or two given characters filling ``text[start:end]`` up to a list's end
    (or a count of the people listed: 王磊、志强三个人)."""
    if end > len(text) or not (_LIST_END.match(text, end) or _COUNT.match(text, end)) or not _han(text[start:end]):
        return False
    if _PLACES_COUNTED.match(text, end):
        return False
    surname = _surname_len(text, start, common_only=False)
    given = end - start - surname
    if bool(surname) and 1 <= given <= 2 and not any(ch in _NOT_GIVEN for ch in text[start + surname : end]):
        return True
    return _word_member(text[start:end])


def _no_word_in(name: str) -> bool:
    """A list member read by its surname that neither is nor opens with a dictionary word (车建平,
    not 南瓜饼: 南瓜)."""
    return not rjieba.has_word(name) and not rjieba.has_word(name[:2])


def _word_member(word: str) -> bool:
    """A given name alone beside a listed name (王磊、海燕、志强); see
    :func:`~govhall.text._wordnames.name_like_word`."""
    return len(word) == 2 and name_like_word(word)


# A person's slot (:func:`_names_in_slots`). What may stand right before a name where a clause or an
# enclosure opens: no character (the text's start), a sentence's or a list's punctuation, an opening
# bracket or quote, a space.
_SLOT_OPENERS = frozenset("，,。.：:；;！!？?、（(【“\"「『‘' \n")
_SLOT_BRACKETS = {"（": "）", "(": ")", "【": "】"}  # not [], which hold emoticons' names ([威武], [月亮])
_SLOT_QUOTES = {"“": "”", '"': '"', "「": "」", "『": "』", "‘": "’"}
# The segmenter's tags of the word before a name where a clause goes on to its subject or object:
# a time word or adverb (刚刚|海燕问…, 后来|有才讲…), a conjunction, a pronoun (那个|…), a particle
# (…的|宏伟等了), a preposition, a numeral or a measure word (交了800块|…), an interjection, a
# position (楼上|…家).
_SLOT_LEFT_TAGS = frozenset(("t", "d", "c", "r", "uj", "ul", "uz", "p", "m", "q", "mq", "zg", "y", "e", "f", "s"))
# Verbs after which an object is a person more often than a thing (找了|…结果, 让|…去), besides
# _TAKES_PERSON; and a count of a house's parts after which a household's name stands (5号楼|…家).
# (and the nouns of a time that a clause's subject follows: …的时候|丛政终于…)
_SLOT_VERBS = frozenset((*word_table("slot_verbs"), *word_table("slot_time_nouns")))
_SLOT_UNITS = re.compile(r"[0-9一二三四五六七八九十]+(?:号楼|号|楼|栋|单元|室|户|层|组|队)$")
# Prepositions and verbs of place before a word: what follows is where, not who (在信阳开会).
_SLOT_PLACE_BEFORE = frozenset(word_table("slot_place_before"))
# What follows a person in a slot, firmly: their home (…家天天), a count of the people named
# (…两个人, …1个人: the normaliser writes 一个 as 1个), what a person asks or waits for, and what
# only a person has (…问我, …等了两个小时, …腿有残疾, …的养老保险: the segmenter tags some of these
# nouns, 问: n); and the deeds of :func:`_person_context`.
_SLOT_COUNT = re.compile(r"两个人|两人|俩|两家|两口子|他们|她们|[他她](?!们)|[1一]个人")
# What the segmenter glues to a name before it (丽华家, 全雪问, 车永讲): the slot's word may end there.
_SLOT_GLUED_NEXT = word_cue("slot_glued_next")
_SLOT_PERSON_NEXT = re.compile(
    r"问|讲|喊|等了|等着|等到|(?:的)?(?:腿|脚|手|腰|眼睛|耳朵|身体|病|养老|社保|医保|低保|户口|身份证|电话|手机"
    r"|房子|工作|工资|退休)"
)
# And weakly: what the segmenter calls a verb, an adverb or a preposition (…才来, …把), perhaps after a
# time word (…去年就搬走了; not a season's word before a noun: 祥英春天).
_SLOT_RIGHT_TAGS = frozenset(("v", "d", "p"))
# Words that start with 家 and are no one's home (…家园, …家具), and the joiners after which a slot's
# word is one of two places or an estate's words (鑫源和诚, 长江和葛洲坝).
_SLOT_NOT_HOME = word_table("slot_not_home")
_SLOT_PLACE_JOINERS = frozenset(word_table("slot_place_joiners"))
_WEAK, _FIRM = 1, 2
# The votes :func:`_names_in_slots` asks (see :meth:`~govhall.text.ner.Proposals.person_gap` and
# docs/benchmarks.md, text, round 13), by the word's shape, where a weak and where a firm slot
# holds it: a given name alone (建军, 海燕), a surname and one given character of the lists (苗锐)
# or outside them (官航), a surname and two characters of the lists (时奇光: read anywhere under
# FREE_PERSON_GAP, here under a firmer limit), the same whose first two make a word (包立|庆) or
# with a character outside the lists (官槐雁), and a dictionary word of a surname and a given
# character (江河, 高洁: an adjective's or a place's), only in a firm slot.
SLOT_GAPS: dict[str, tuple[float, float]] = {
    "given": (5.0, 11.0),
    "short": (5.0, 9.0),
    "short_unlisted": (2.5, 6.0),
    "full": (0.0, 14.0),
    "full_opens_word": (3.5, 6.0),
    "full_unlisted": (4.0, 8.0),
    "word": (0.0, 6.0),
}
# A bracket that holds the word alone ((查学苗)的花盆) says more than any deed after it: the vote
# may be this much weaker still. Not a quote's marks, which set off words as often (员工“巴结”客人).
SLOT_BRACKET_BONUS = 2.0
# Where the model is all but sure, a slot's opening is enough, whatever follows but a noun or a
# place's ending (…，春梅腿有残疾; not 德*路口, 楚*学校).
SLOT_FREE_GAP = 1.5
# The segmenter's tags of a two-character word it knows that may still be a name (柴丰: nr; 少华: nz).
_SLOT_NAME_TAGS = frozenset(("nr", "nrt", "nrfg", "nz", "ns", "a", "x"))


def _names_in_slots(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """Names with no cue word where a person stands, recall first (the masker's last reading).

    A slot opens a clause, an enclosure or an object: after a comma, a colon, a bracket or a quote,
    a time word or an adverb, a number's house part (3号楼|…), a particle (排第4的|…), or a verb
    that takes a person (找了|…). It holds a word of two or three characters of a name's shape
    (:func:`_slot_shape`) and goes on with what a person does or has — firmly (…问我, …腿有残疾,
    …一个人把, …家天天, (…)的: a bracket that holds the word alone) or weakly (a verb, an adverb
    or a preposition by the segmenter's tags; a quote that holds the word alone). The model's vote
    must be under :data:`SLOT_GAPS`' limit for the shape and the slot: the model reads 查学苗 in
    (查学苗)的空调 as no person (11), while the slot and the shape say a person. Never where the
    segmenter keeps a word whole across the slot's edges (枝繁叶茂), after a preposition of place
    (在信阳开会), a doubled character (干干停停), nor before a masked run (…****区) or a code."""
    tagged = rjieba.tag(text)
    offsets = list(accumulate((len(word) for word, _ in tagged), initial=0))
    index = {offset: i for i, offset in enumerate(offsets[:-1])}
    firsts = _voted_firsts()
    given = _given_chars()
    size_of = len(text)
    token_of = [i for i, (word, _) in enumerate(tagged) for _ in word]
    for start in _slot_starts(text, index):
        i = index.get(start)
        if i is None:
            left_word, left_tag = "", "m"  # 10点多|边莹, 3月|白利: the segmenter glued a unit to the name
        else:
            left_word, left_tag = tagged[i - 1] if i else ("", "")
            opener = text[start - 1] if start else ""
            if not (
                not start
                or opener in _SLOT_OPENERS
                or left_tag in _SLOT_LEFT_TAGS
                or left_word in _SLOT_VERBS
                or left_word in _TAKES_PERSON
                or _SLOT_UNITS.search(text, max(0, start - 6), start) is not None
            ):
                continue
            if left_word in _SLOT_PLACE_BEFORE:
                continue
            if len(left_word) == 1 and "\u4e00" <= opener <= "\u9fff" and rjieba.has_word(text[start - 1 : start + 1]):
                continue  # the first character ends a word with a character before (…|时|建国: 时间?)
        opener = text[start - 1] if start else ""
        for size in (3, 2):
            end = start + size
            if end > size_of or (
                end < size_of and end not in index and not _glued_after(text, start, end, token_of, offsets)
            ):
                continue  # the segmenter ends no word there (but 丽华家, 全雪问: it glues a home or a deed)
            word = text[start:end]
            if not all("\u4e00" <= char <= "\u9fff" for char in word) or word[0] == word[1] or word in NOT_NAMES:
                continue
            shape = _slot_shape(text, start, end, firsts, given)
            if not shape:
                continue
            closer = text[end : end + 1]
            if _SLOT_BRACKETS.get(opener) == closer:
                slot = _FIRM
            elif _SLOT_QUOTES.get(opener) == closer:
                slot = _WEAK
            else:
                slot = _slot_goes_on(text, end, tagged, index)
            limit = SLOT_GAPS[shape][slot - 1] if slot else 0.0
            if _SLOT_BRACKETS.get(opener) == closer:
                limit += SLOT_BRACKET_BONUS
            if not limit:
                # no slot: the model's firm vote alone, where no noun or ending follows
                if shape == "word" or not _slot_free_next(text, end, tagged, index):
                    continue
                limit = SLOT_FREE_GAP
            if proposals.person_gap(start, end) < limit:
                yield start, end
                break


# A number's unit that the segmenter may glue to the name after it (10点多|边莹, 3月|白利).
_NUMBER_UNIT_BEFORE = re.compile(r"[0-9]+(?:点多|点钟|点|月|日|号|年|岁|元|块|楼|栋|层|室|户|次)$")


def _slot_starts(text: str, index: dict[int, int]) -> Iterator[int]:
    """Where a slot's word may start: where the segmenter starts a word, and right after a number's
    unit it glued to the next character (月白, 多边)."""
    for start in range(len(text) - 1):
        if not "\u4e00" <= text[start] <= "\u9fff":
            continue
        if start in index or (start >= 2 and _NUMBER_UNIT_BEFORE.search(text, max(0, start - 8), start)):
            yield start


def _glued_after(text: str, start: int, end: int, token_of: list[int], offsets: list[int]) -> bool:
    """Whether the segmenter glued what follows a slot's word to it (丽华家, 全雪问, 翠英能): a
    home or a deed, or one character more in a word it does not know that starts with the slot's
    word (its HMM invents names), not before a masked run (蓝龙胜****苑)."""
    if _SLOT_GLUED_NEXT.match(text, end):
        return True
    i = token_of[end - 1]
    begins, token_end = offsets[i], offsets[i + 1]
    return (
        begins == start
        and token_end == end + 1
        and not rjieba.has_word(text[begins:token_end])
        and text[token_end : token_end + 1] != "*"
    )


def _slot_goes_on(text: str, end: int, tagged: list[tuple[str, str]], index: dict[int, int]) -> int:
    """How firmly what follows a slot's word ending at ``end`` says a person stood there: 0 (not),
    :data:`_WEAK` or :data:`_FIRM` (see :data:`_SLOT_PERSON_NEXT`, :data:`_SLOT_RIGHT_TAGS`)."""
    if _SLOT_COUNT.match(text, end) or _SLOT_PERSON_NEXT.match(text, end):
        return _FIRM
    if end >= len(text) or not "\u4e00" <= text[end] <= "\u9fff":
        return 0
    if text[end] == "家":
        if text.startswith(_SLOT_NOT_HOME, end):
            return 0
        return _WEAK if text.startswith("家的", end) else _FIRM  # a shop's name too: 青城家的饭菜
    after_adverbs = _ADVERBS.match(text, end)
    pos = after_adverbs.end() if after_adverbs else end
    if _STANCE.match(text, pos):
        return _FIRM
    if text[pos : pos + 1] in _SLOT_PLACE_JOINERS:
        return 0  # 鑫源和诚, 看到长江和葛洲坝: two places' or an estate's words
    if deed_follows(text, pos) or _FULL_NAME_DEED.match(text, pos):
        return _FIRM
    if end not in index:
        # the segmenter glued what follows to the word (翠英能|不能): a verb or an adverb opens it
        return _WEAK if rjieba.tag(text[end : end + 1])[0][1] in _SLOT_RIGHT_TAGS else 0
    tag = tagged[index[end]][1]
    if tag in _SLOT_RIGHT_TAGS or _VOTED_DEED.match(text, pos):
        return _WEAK
    if tag == "t":
        j = index[end] + 1
        return _WEAK if j < len(tagged) and tagged[j][1] in _SLOT_RIGHT_TAGS else 0
    return 0


def _slot_free_next(text: str, end: int, tagged: list[tuple[str, str]], index: dict[int, int]) -> bool:
    """Whether a slot's word ending at ``end`` may be read on the model's firm vote alone: not
    before a noun or an adjective, a place's or a body's ending, or a joiner (德*路口, 达*智慧药房,
    华润|幸福里, 鑫源|和诚)."""
    if (
        end >= len(text)
        or not "\u4e00" <= text[end] <= "\u9fff"
        or text[end] in _NOT_NAME_ENDS
        or text[end] in "和与跟及"
    ):
        return False
    if end not in index:
        return text[end] == "家" or rjieba.tag(text[end : end + 1])[0][1] in _SLOT_RIGHT_TAGS
    tag = tagged[index[end]][1]
    return not (tag.startswith("n") or tag.startswith("a") or tag in ("s", "j", "l", "i", "b"))


def _slot_shape(text: str, start: int, end: int, firsts: frozenset[str], given: frozenset[str]) -> str:
    """The key of :data:`SLOT_GAPS` for ``text[start:end]``'s shape ('' where it has no name's)."""
    word = text[start:end]
    if _title_at(text, start + 1):
        return ""
    if len(word) == 2 and (name_like_word(word) or _slot_given_name(word)):
        return "given"
    if word[0] not in firsts or any(char in _NOT_SHORT_GIVEN or char in _THING_CHARS for char in word):
        return ""  # 汤水, 米饭: a surname's character that is a thing's too
    if word[0] == "连" and text.startswith(("都", "也"), end):
        return ""  # 连米都没有: 连…都 is "even", no surname
    rest = word[1:]
    listed = all(char in given for char in rest)
    if rest in NOT_NAMES or (not listed and rjieba.has_word(rest) and _slot_tag(rest) not in _SLOT_NAME_TAGS):
        return ""  # 黄|太极, 汤|泡饭: a thing's word after a surname's character
    if len(word) == 3:
        if rjieba.has_word(word) or word[-1] in _SHAPE_NOT_ENDS:
            return ""
        if not listed:
            return "" if rjieba.has_word(word[:2]) else "full_unlisted"
        return "full_opens_word" if _word_not_name(word[:2]) else "full"
    if rjieba.has_word(word):
        return "word" if _slot_tag(word) in _WORD_NAME_TAGS else ""
    if _slot_tag(word) not in _SLOT_NAME_TAGS:
        return ""  # 豆皮 (n), 米条 (m): the segmenter knows a thing's word
    return "short" if rest in given else "short_unlisted"


def _slot_given_name(word: str) -> bool:
    """A given name alone beyond :func:`~govhall.text._wordnames.name_like_word`'s lists: of the
    shape lists' characters (海鹰, 东升) the segmenter does not know or tags as a name, or a pet
    name that is no dictionary word: 小 or 阿 and such a character (小燕, 阿强), a numeral and a
    pet name's ending (二丫, 三妹)."""
    first, second = word[0], word[1]
    given = _given_chars()
    if word in NOT_NAMES:
        return False
    if first in given and second in given:
        return _slot_tag(word) in _SLOT_PERSON_TAGS
    # a pet name is no dictionary word (小雨 is rain, 五星 a rating, 小米 a brand)
    if rjieba.has_word(word):
        return False
    if first in "小阿":
        return second in given and _slot_tag(word) in _SLOT_PERSON_TAGS
    return first in "二三四五六七" and second in _PET_NAME_SECONDS


# Characters that end a pet name after a numeral (二丫, 三妹, 四娃).
_PET_NAME_SECONDS = frozenset("妹丫娃妞")
# The segmenter's tags of a word that may be a given name alone beyond the lists: a name's or a
# proper noun's, or none (a word it cuts in two).
_SLOT_PERSON_TAGS = frozenset(("nr", "nrt", "nrfg", "nz", "x"))


def _slot_tag(word: str) -> str:
    """The segmenter's tag of ``word`` read as one word ('x' where it cuts it)."""
    tags = rjieba.tag(word)
    return tags[0][1] if len(tags) == 1 else "x"


# A strong person's slot for a name that is also a common word, which the model reads as none
# (海军, 建设, 有福 as given names alone; 黄金山): a kin or role word right before (我哥|…, 邻居|…) or a
# speaking partner (跟|…, 对|…), and 说/问/讲 right after (…说明天, not 说明; not 问题, 讲座…).
_SPOKEN = re.compile(r"[说问讲](?!法|题|卷|答|候|究|座|解|课|台|义|述|明(?![天年]))")
_SPOKEN_KIN = re.compile(
    r"(?:[我他她你]|咱)们?的?(?:哥哥?|姐姐?|弟弟?|妹妹?|爸爸?|妈妈?|叔叔?|舅舅?|姑姑?|嫂子?|婶婶?|姨|"
    r"老公|老婆|媳妇|丈夫|爱人|儿子|女儿|孙子|孙女|外甥|侄子|侄女|表[哥姐弟妹]|堂[哥姐弟妹])$"
)
_SPEAK_PARTNERS = word_table("speak_partners")
# The votes :func:`_word_names_spoken` asks: after a kin or role word, and after a speaking partner
# (跟物业说, 对携程说, 跟街道说: a body or a brand is spoken to as often as a person).
# After a title or a role that is also a verb or a title (村长|…, 客服|…), a deed or a thing follows
# as often (市长|信箱, 客服|忽悠: the model's votes 12): a firmer vote. After a kin word, things and
# places (工地, 银行, 化验: 11 and more) stay above the limit; given names that are nouns (海军,
# 大军, 春风) are mostly under it.
SPOKEN_GAPS = {"kin": 10.5, "title": 8.0, "partner": 5.0}
# Endings of a word for a kind of person, a body or a place (阿姨, 房东, 大夫, 同学们, 家里, 群里),
# which stand where a person does but name none; and 口, how one says it (开口, 随口, 夸口).
_SPOKEN_NOT_ENDS = frozenset("人员长师生夫友东客姐哥弟妹姨叔婶嫂爷奶娘爸妈婆傅们家工者属伙官警里边面道方台口")
# The segmenter's tags of a word that is no name here: a pronoun, time, place or position word, a
# number, a function word, a verb or a verbal noun (回来说, 体检说, 检查说: the model votes against
# these as firmly as against 建设, so a given name that is a verbal noun stays unread).
_SPOKEN_NOT_TAGS = frozenset(("r", "t", "f", "s", "m", "q", "p", "c", "d", "u", "v", "vn", "vd", "ad", "y", "e", "o"))


def _word_names_spoken(text: str, proposals: Proposals) -> Iterator[tuple[int, int]]:
    """Given names alone (海军, 有福) or a surname and a word (黄金山) that are also common words,
    where the slot around them is strong: a kin or role word or a speaking partner right before,
    and 说/问/讲 right after (我哥海军说…, 邻居建设问…, 我跟有福讲过…). The model reads such words
    as no person with a firm vote (海军: 8, 有福: 7 to 14), so the slot decides, within :data:`SPOKEN_GAPS`;
    words for a kind of person, a body or a place (阿姨, 房东, 物业, 群里) are never read."""
    roles = _spoken_roles()
    firsts = _voted_firsts()
    for match in _SPOKEN.finditer(text):
        end = match.start()
        for size in (2, 3):
            start = end - size
            if start < 0:
                break
            word = text[start:end]
            if not all("\u4e00" <= char <= "\u9fff" for char in word) or word[0] == word[1]:
                continue
            if size == 3 and (
                word[0] not in firsts or not (_slot_tag(word) in _SLOT_PERSON_TAGS or plausible_given_name(word[1:]))
            ):
                continue  # 黄金山 (a name to the segmenter); not 方|联系, a word's last character and a word
            if word in _spoken_persons() or word[-1] in _SPOKEN_NOT_ENDS or word.endswith(_ORG_ENDS):
                continue
            if any(tag in _SPOKEN_NOT_TAGS for _, tag in rjieba.tag(word[-2:])):
                continue  # 跟我|说, 回来|说, 昨天|说: a pronoun, a verb or a time word
            before = text[max(0, start - 6) : start]
            if _SPOKEN_KIN.search(before) or any(before.endswith(role) for role in roles):
                limit = SPOKEN_GAPS["kin"]
            elif any(before.endswith(title) for title in _spoken_titles()):
                limit = SPOKEN_GAPS["title"]
            elif before.endswith(_SPEAK_PARTNERS):
                limit = SPOKEN_GAPS["partner"]
            else:
                continue
            if proposals.person_gap(start, end) < limit:
                yield start, end
                break


# Endings of a body's name (公司, 医院, 物业, 单位), besides _SPOKEN_NOT_ENDS.
_ORG_ENDS = (
    "司",
    "院",
    "校",
    "局",
    "所",
    "站",
    "办",
    "委",
    "处",
    "科",
    "队",
    "部",
    "会",
    "社",
    "室",
    "位",
    "业",
    "府",
    "区",
    "厂",
    "店",
    "服",
    "群",
    "信",
    "话",
    "频",
)


@lru_cache(maxsize=1)
def _spoken_roles() -> frozenset[str]:
    """Role and relation words of two characters or more after which a person's own name stands
    (邻居|…, 同事|…, 老伴|…): not titles nor the roles marked ``dictionary`` (市长|信箱, 客服|检测,
    小姐|夸口: what follows those is a deed or a thing as often)."""
    return frozenset(
        word
        for word in (*(w for w, dictionary in role_words().items() if not dictionary), *RELATIONS)
        if len(word) >= 2
    )


@lru_cache(maxsize=1)
def _spoken_titles() -> frozenset[str]:
    """Titles and the roles marked ``dictionary``, of two characters or more (村长, 客服, 书记)."""
    return frozenset(
        w for w in (*titles(), *(w for w, dictionary in role_words().items() if dictionary)) if len(w) >= 2
    )


@lru_cache(maxsize=1)
def _spoken_persons() -> frozenset[str]:
    """Every word for a kind of person: never a name in :func:`_word_names_spoken`."""
    return frozenset((*titles(), *role_words(), *RELATIONS))
