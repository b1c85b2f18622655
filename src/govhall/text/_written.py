"""Names in the shapes citizens type them when no cue word marks them as names.

A post is written on a phone, a form is copied from a passport, and a complaint quotes what a
caller called himself: the same name arrives as ``liu jianguo`` or ``Zhang lihua`` (pinyin in
lower case, which the capitalised romanised-name rule in :mod:`~govhall.text._recall` leaves),
``王 建 国`` (one character at a time after 我叫, no colon for the label rule), or in quotes after
the word that introduces it (一个叫“闫海波”的人, 物业的「管红军」), or addressed by a title
(尊敬的秦国强书记: extraction's honorific rule knows 先生 and 同志 only). Each reading here is a
surname from the shipped list followed by what could be a given name in that shape; the masker
hides them as names (recall first), extraction does not use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import rjieba

from govhall.text._context import RELATIONS
from govhall.text._resources import role_words, surnames, titles
from govhall.text._vetoes import FUNCTION_SURNAMES
from govhall.text.chars import HAN as _HAN
from govhall.text.names import _inside_word

__all__ = ["PINYIN_SURNAMES", "written_names"]

_INITIALS = ("", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh", "r", "z")
_INITIALS_MORE = ("c", "s", "y", "w")
_FINALS = (
    "a o e i u v ai ei ui ao ou iu ie ve ue er an en in un vn ang eng ing ong ia iao ian iang iong ua uo uai uan uang"
)
_PINYIN_WORDS = (
    "zhang wang li liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie "
    "song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng wei su lu ding "
    "ren shen yao jin fu zhong fan wan dai qin kong xiong meng qian bai cui lei hou shao tan long duan hao "
    "kang gu mao qiu shi jia xia fang yin wen yan lai qi mo chang liao zou xue yue ou ouyang situ shangguan"
)
PINYIN_SURNAMES = frozenset(_PINYIN_WORDS.split())
"""Romanised surnames (the common ones: a rarer one in Latin letters is too often an English word)."""
# Two Latin words, at least one of them in lower case, not inside a longer run of Latin words
# (an English sentence): a surname and a given name of one or two syllables.
_LATIN_PAIR = re.compile(r"(?<![A-Za-z] )(?<![A-Za-z])([A-Za-z]{1,8}) ([A-Za-z]{2,12})(?![A-Za-z])(?! [A-Za-z])")
# Single characters separated by one or two spaces (王 建 国), each standing alone.
_SPACED = re.compile(rf"(?<![{_HAN}])([{_HAN}])((?: {{1,3}}[{_HAN}](?![{_HAN}])){{1,2}})")
# Latin letters where a name is asked for (我叫zhangsan, 他叫Tom Li, 英文名是Linda, 名字 Muhammad
# Asif Khan): one word that is a surname and a given name in pinyin, or up to three capitalised
# words after a person's naming word (not 软件叫Word).
_LATIN_AFTER_CUE = re.compile(
    r"(?P<cue>[我他她]叫|名叫|名字是|名字叫|名字|姓名|英文名(?:是|叫)?|(?:账号|用户|账户)名(?:是|叫)?|署名|签名(?:是)?|叫|我是)"
    r"[:\s]{0,2}"
    r"(?P<name>[A-Za-z]{2,20}(?: [A-Za-z]{2,20}){0,2})(?![A-Za-z0-9_])"
)
# A name an English sentence gives (My name is Daniel Mercer, my name's Anna Lee, Name: Tom Baker): one
# to three capitalised words, the sentence's own words after them left (…Mercer and I…).
_ENGLISH_NAMING = re.compile(
    r"(?<![A-Za-z])(?:[Mm]y (?:full )?name is|[Mm]y name's|MY NAME IS|[Nn]ame:|I am called)\s{1,2}"
    r"(?P<name>[A-Z][a-z]{1,15}(?:[ -][A-Z][a-z]{1,15}){0,2})(?![A-Za-z])"
)
# Three characters kept apart by one repeated mark so that a filter or a reader's search misses
# them (查下廖-春-生, 龚/丽/萍, 钱.晓.峰); a unit's slashes (元/场/人) hold no common surname, and
# no real post holds such a triple.
_SPLIT = re.compile(rf"(?<![-/·.])([{_HAN}])([-/·.])([{_HAN}])\2([{_HAN}])(?![-/·.])")
# A child's pet name after the word for the child (宝宝叫糯米, 我孙女叫小满): two characters that end
# the clause, neither a kin word (孩子叫妈妈) nor a question (叫什么). No real post holds one.
_CHILD_NAMED = re.compile(
    rf"(?:宝宝|宝贝|孩子|儿子|女儿|闺女|孙子|孙女|外孙女?)(?:小名|乳名)?叫\s?([{_HAN}]{{2}})(?=[,.;!?\s]|$)"
)
# The writer's name closing a letter after its date (2026年12月2日晚\n一个老党员 宁德福 敬上): a
# surname and one or two characters, perhaps after a few words that describe the writer.
_SIGNED = re.compile(
    rf"(?:[0-9]日|[0-9]号|[0-9]{{4}}[./-][0-9]{{1,2}}[./-][0-9]{{1,2}})[晚早上下午]{{0,2}}[\s,]+"
    rf"(?:[{_HAN}0-9]{{1,8}}[\s,]+)?([{_HAN}]{{2,3}})(?:\s?(?:敬上|谨上|拜上))?\s*$"
)
# A name in quotes after the word that introduces it (叫“闫海波”, 的「管红军」, 那个「付春生」); a quoted
# word with no such word before it is a slogan or a title (“白头盔”, “来充电”).
_QUOTED = re.compile(rf"(?:叫|称|名为|是|的|人|员|个|位)[“「『‘\"'《]([{_HAN}]{{2,4}})[”」』’\"'》]")
# A pet name after 叫 (我闺女叫甜甜: a doubled character, not a kin word such as 叫爸爸) and whatever a
# nickname's label holds (外号叫二柱子, 小名：豆豆).
_PET_NAME = re.compile(
    rf"叫\s?(?P<pet>(?P<char>[{_HAN}])(?P=char))(?![{_HAN}])"
    rf"|(?:小名|乳名|外号|绰号|网名|昵称)(?:是|叫|为|:|\s)\s?[“「\"']?(?P<label>[{_HAN}]{{2,4}}?)(?:(?![{_HAN}])|(?=的))"
)
# A given name and the kin word neighbours call someone by (隔壁的海涛哥, 丽娟姐说, 是国栋叔帮的):
# two characters that open a word (after 的/叫/是… or no Han character) and hold no kin, order or
# size word (大哥, 表姐, 快递小哥, 老王叔 are no given names), nor before a doubled kin word, which
# addresses a stranger by her job (物业姐姐, 客服姐姐).
_NICKNAME = re.compile(
    rf"(?:^|(?<=[^{_HAN}])|(?<=[的叫是找给和跟被让向]))([{_HAN}]{{2}})(?=(?P<kin>[哥姐叔婶])(?!(?P=kin)|们))"
)
_NOT_IN_NICKNAME = frozenset("着阿大小老二三四五表堂师帅空学亲干姑舅姨叔婶嫂伯哥姐弟妹爸妈爷奶的了是个")
# A two-character name that is also a word before an honorific, after a verb that takes a person
# (感谢夏天同志, 是舒畅女士来电); a group's word there is none (感谢广大同志, 辛苦一线同志).
_HONOURED = re.compile(
    rf"(?:(?<=感谢|谢谢|辛苦|表扬|投诉|举报|联系)|(?<=[是找给和跟让请叫被对]))([{_HAN}]{{2}})(?=同志|先生|女士)"
)
_GROUP_WORDS = frozenset(
    ("广大", "全体", "基层", "一线", "年轻", "青年", "老年", "全国", "各地", "党员", "干部", "群众")
)
_KIN_CHARS = frozenset("爸妈哥姐弟妹爷奶叔姨舅婶伯姑公婆嫂娘爹")
_ASCII_LETTER = re.compile("[A-Za-z]")
_QUOTES = "“「『‘\"'《"
_NOT_GIVEN = frozenset("的了在是和与及我你他她们说也都就还不没很这那个有要会能去来到把被给让对从向于以")


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    """A title of two or more characters."""
    words = "|".join(re.escape(title) for title in titles() if len(title) >= 2)
    return re.compile(f"(?:{words})")


@lru_cache(maxsize=1)
def _people_words() -> frozenset[str]:
    """Words for people that stand before 哥/姐 without being a name (邻居哥, 同事姐)."""
    return frozenset(role_words()) | frozenset(RELATIONS) | frozenset(("朋友", "同学", "网友", "兄弟", "老乡", "隔壁"))


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    return frozenset(i + f for i in (*_INITIALS, *_INITIALS_MORE) for f in _FINALS.split())


def _given_syllables(word: str) -> bool:
    """Whether ``word`` splits into one or two pinyin syllables (jianguo, lihua, meng)."""
    table = _syllables()
    return word in table or any(word[:k] in table and word[k:] in table for k in range(1, len(word)))


def _pinyin_full_name(word: str) -> bool:
    """Whether ``word`` is a romanised surname and a given name of one or two syllables (zhangsan)."""
    return any(word[:k] in PINYIN_SURNAMES and _given_syllables(word[k:]) for k in range(2, min(len(word) - 1, 9)))


def _surname_start(text: str) -> int:
    """Length of the surname ``text`` opens with (0 when none)."""
    single, compound, _ = surnames()
    if text[:2] in compound:
        return 2
    return 1 if text[:1] in single else 0


def written_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of normalised ``text`` that hold a name in one of the shapes above."""
    if " " in text:
        for match in _LATIN_PAIR.finditer(text):
            first, second = match.group(1), match.group(2)
            if first.isupper() and second.isupper():
                continue  # two acronyms (ID CARD), not a name
            if (
                (first.islower() or second.islower() or not second[0].isupper())
                and first.lower() in PINYIN_SURNAMES
                and _given_syllables(second.lower())
            ):
                yield match.span()
        for match in _SPACED.finditer(text):
            if match.group(1) in surnames()[2] and not set(match.group(2).replace(" ", "")) & _NOT_GIVEN:
                yield match.span()
    if "-" in text or "/" in text or "·" in text or "." in text:
        for match in _SPLIT.finditer(text):
            if match.group(1) in surnames()[2] and not {match.group(3), match.group(4)} & _NOT_GIVEN:
                yield match.span()
    if "叫" in text:
        for match in _CHILD_NAMED.finditer(text):
            pet = match.group(1)
            if not set(pet) & (_KIN_CHARS | _NOT_GIVEN) and pet not in ("什么", "啥名"):
                yield match.span(1)
    if "日" in text or "号" in text or "-" in text or "." in text or "/" in text:
        yield from _signed(text)
    yield from _before_title(text)
    if _ASCII_LETTER.search(text):
        yield from _latin_after_cue(text)
        if "ame" in text or "AME" in text or "called" in text:
            yield from (match.span("name") for match in _ENGLISH_NAMING.finditer(text))
    if any(kin in text for kin in "哥姐叔婶"):
        yield from _nicknames(text)
    if "同志" in text or "先生" in text or "女士" in text:
        yield from _honoured(text)
    if "叫" in text or "名" in text or "号" in text:
        for match in _PET_NAME.finditer(text):
            if match.group("pet") and match.group("pet")[0] not in _KIN_CHARS:
                yield match.span("pet")
            elif match.group("label"):
                yield match.span("label")
    if any(mark in text for mark in _QUOTES):
        yield from _quoted(text)


def _signed(text: str) -> Iterator[tuple[int, int]]:
    match = _SIGNED.search(text)
    if match:
        start, end = match.span(1)
        surname = _surname_start(match.group(1))
        given = match.group(1)[surname:]
        if (
            surname
            and 1 <= len(given) <= 2
            and match.group(1)[:1] not in FUNCTION_SURNAMES
            and not set(given) & _NOT_GIVEN
            and _name_like(match.group(1))
        ):
            yield start, end


def _latin_after_cue(text: str) -> Iterator[tuple[int, int]]:
    for match in _LATIN_AFTER_CUE.finditer(text):
        words = match.group("name").split(" ")
        pinyin = len(words) == 1 and _pinyin_full_name(words[0].lower())
        naming = match.group("cue") not in ("叫", "我是") and all(
            word[0].isupper() and not word.isupper() for word in words
        )
        if pinyin or naming:
            yield match.span("name")


def _nicknames(text: str) -> Iterator[tuple[int, int]]:
    # A given name that is a word (建军哥, 平安姐) counts too; _wordnames imports this module.
    from govhall.text._wordnames import plausible_given_name

    for match in _NICKNAME.finditer(text):
        pair = match.group(1)
        if (
            not set(pair) & (_NOT_IN_NICKNAME | _NOT_GIVEN)
            and pair not in _people_words()
            and not rjieba.has_word(pair + match.group("kin"))  # 墨西哥
            and (_name_like(pair) or plausible_given_name(pair))  # 快递哥, 骑士哥 are jobs; 建军哥 a name
        ):
            yield match.span(1)


def _honoured(text: str) -> Iterator[tuple[int, int]]:
    for match in _HONOURED.finditer(text):
        pair = match.group(1)
        if (
            pair[0] in surnames()[0]
            and pair[0] not in FUNCTION_SURNAMES
            and pair[1] not in "位个名些种批男女老"
            and pair not in _GROUP_WORDS
            and not any(tag in ("r", "m", "v", "vn") for _, tag in rjieba.tag(pair))
        ):
            yield match.span(1)


def _quoted(text: str) -> Iterator[tuple[int, int]]:
    for match in _QUOTED.finditer(text):
        start, end = match.span(1)
        surname = _surname_start(match.group(1))
        given = text[start + surname : end]
        if (
            surname
            and 1 <= len(given) <= 2
            and not set(given) & (_NOT_GIVEN | _KIN_CHARS)
            and _not_a_word(match.group(1), surname)
        ):
            yield start, end


def _name_like(word: str) -> bool:
    """No dictionary word, or one the segmenter tags as a person's or a proper name (海涛, 秀英)."""
    if not rjieba.has_word(word):
        return True
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1] in ("nr", "nrfg", "nrt", "nz")


def _title_starts_token(text: str, end: int) -> bool:
    """Whether the segmenter starts a word where the title starts (秦国|强|书记, not 文明城市|长青)."""
    pos = max(0, end - 4)
    for token in rjieba.cut(text[pos : end + 4]):
        if pos >= end:
            return pos == end
        pos += len(token)
    return False


def _not_a_word(quoted: str, surname: int) -> bool:
    """A quoted name is no dictionary word (“黄金周”) nor opens with one that takes the surname's
    character (“马上办”, “周末游”: 马上|办)."""
    return not rjieba.has_word(quoted) and len(rjieba.cut(quoted)[0]) <= surname


def _before_title(text: str) -> Iterator[tuple[int, int]]:
    """A common surname and two given characters before a title (秦国强书记), where the three are
    no dictionary word and do not start inside one (该校长, 党支部书记 hold none)."""
    common = surnames()[2]
    for match in _title_pattern().finditer(text):
        start, end = match.start() - 3, match.start()
        run = text[max(0, start) : end]
        if (
            len(run) == 3
            and all("\u4e00" <= char <= "\u9fff" for char in run)
            and run[0] in common
            and run[0] not in FUNCTION_SURNAMES
            and run[-1] not in "副正总代常"  # 高校|副院长
            and not set(run[1:]) & _NOT_GIVEN
            and not rjieba.has_word(run)
            and not _inside_word(text, start)
            and _title_starts_token(text, end)
        ):
            yield start, end
