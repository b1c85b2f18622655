"""Where a rule's person-name reading is no name: bodies, services and everyday words.

Shared by extraction's rules (:mod:`govhall.text.names`) and masking's recall rules
(:mod:`govhall.text._recall`): a surname character followed by one or two characters is also the
start of 公安局, 银行卡, 双方 and 应当. A reading is vetoed where it overlaps a span the model tags
``ORG`` (unless the span is only the reading's given name and has no organisation suffix: 仝|海龙),
a word of the domain lexicon (data/domain_words.txt and words added with
:func:`~govhall.text.tokenize.add_words`) or a word ending with an organisation suffix (…局, …所,
…中心, …委员会, …办, …院, …站), where an organisation suffix follows it, where the cue before it
and the reading are one dictionary word (联系方式), or where the reading is itself a dictionary word
the segmenter does not tag as a name (双方, 应当, 东城区; but 高峰 and 白云 are names too), or
such a word and a function word (申请|有, 双方|或), or a function-word surname before a verb or
function word (后|多久, 和|居住). A reading that runs into the next dictionary word is cut before
it (付亮|每天). Readings the model confirmed as ``PER`` are never vetoed.
"""

from __future__ import annotations

from collections.abc import Sequence

import rjieba

from govhall.text._context import RELATIONS
from govhall.text.ner import NerSpan
from govhall.text.tokenize import default_tokenizer

__all__ = ["FUNCTION_SURNAMES", "Vetoes"]

FUNCTION_SURNAMES = frozenset("向于任和从与对为以由同经比将把被给让跟按第也都安戴后")
"""Surnames that are mostly prepositions, conjunctions or verbs (向社区反映, 于今年, 任学员, 戴口罩,
由父母, 后多久)."""

# Word endings that make a word a body, an office or a place of service, not a person (公安局,
# 派出所, 服务中心, 居委会, 医保办, 法院, 服务站, 户籍科, 办公室).
_ORG_SUFFIXES = (
    "委员会",
    "中心",
    "公司",
    "集团",
    "银行",
    "热线",
    "窗口",
    "大厅",
    "局",
    "所",
    "院",
    "站",
    "办",
    "厅",
    "委",
    "处",
    "科",
    "队",
    "馆",
    "部",
    "署",
    "会",
    "社",
    "室",
    "校",
    "台",
)


# Last characters of divisions and streets (南湖区, 高新路): a reading that ends with one, or stands
# before one, names a place.
_PLACE_ENDS = frozenset("省市区县镇乡村路街巷弄")
# Suffixes that the segmenter may leave as a token of their own after a body's name and that are
# never a clause's verb or particle (会, 办, 处 are: 王芳会来, 她办的).
_LONE_SUFFIXES = frozenset("局院站厅署馆所")


_WINDOW = 10  # characters segmented on each side of a reading (the longest body names are ~10)


class Vetoes:
    """Where in one normalised text a rule's name reading is no name (see the module docstring).

    The domain segmenter runs only when a rule has a candidate, and only over the reading and
    :data:`_WINDOW` characters on each side (a bulk gate sees long posts with few candidates).
    """

    def __init__(self, text: str, proposals: Sequence[NerSpan] = ()) -> None:
        self.text = text
        self.orgs = [(span.start, span.end) for span in proposals if span.type == "ORG"]

    def _window(self, start: int, end: int) -> tuple[int, bytearray, list[tuple[int, int]]]:
        """(offset, marks, dictionary words) around ``text[start:end]``: marks are 2 inside a word
        with an organisation suffix or before a lone suffix, 1 inside a domain word or an ORG span."""
        offset = max(0, start - _WINDOW)
        limit = min(len(self.text), end + _WINDOW)
        blocked = bytearray(limit - offset + 1)
        words: list[tuple[int, int]] = []
        tokenizer = default_tokenizer()
        for a, b, token in tokenizer.spans(self.text[offset:limit]):
            if len(token) >= 2 and token.endswith(_ORG_SUFFIXES):
                blocked[a:b] = b"\x02" * (b - a)
            elif len(token) >= 2 and tokenizer.in_lexicon(token):
                blocked[a:b] = b"\x01" * (b - a)
            elif token in _LONE_SUFFIXES:
                blocked[a] = 2  # a suffix the segmenter cut off (公安|局): marks what stands before
            if len(token) >= 2 and rjieba.has_word(token):
                words.append((a + offset, b + offset))
        for a, b in self.orgs:
            if start < a and b <= end and not self.text[a:b].endswith(_ORG_SUFFIXES):
                continue  # 仝|海龙: the model took a rare surname's given name for a body
            a, b = max(a, offset) - offset, min(b, limit) - offset
            if a < b:
                blocked[a:b] = b"\x01" * (b - a)
        return offset, blocked, words

    def __call__(self, start: int, end: int, *, lenient: bool = False) -> tuple[int, int] | None:
        """``text[start:end]`` cut to the words it may hold, or None where it must not be read as a name.

        ``lenient`` (a relative's or neighbour's word before it) vetoes a dictionary word only where
        it is a verb, a time or a function word (我老公明天…), not a noun (邻居方圆)."""
        offset, blocked, words = self._window(start, end)
        # Inside a body's name or a domain word, or right before an organisation suffix (the
        # reading names the body: 公安 + 局, 社区 + 服务中心).
        if any(blocked[start - offset : end - offset]) or blocked[end - offset] == 2:
            return None
        if self.text[end - 1] in _PLACE_ENDS or self.text[end : end + 1] in _PLACE_ENDS:
            return None  # 我是南湖区居民, 高新区: a place, which the address rules handle
        for word_start, word_end in words:
            if word_start < start < word_end:
                return None  # the cue and the reading are one word (联系方式)
            if start <= word_start < end < word_end:
                end = word_start  # the reading runs into the next word (付亮|每天, 本人|银行卡)
            elif start <= word_start and word_end <= end and (word_end - word_start) < end - start:
                word = self.text[word_start:word_end]
                clause = word_end == end - 1 and self.text[word_end] in _CLAUSE_CHARS
                if word_start == start and clause and not _name_tagged(word):
                    return None  # an ordinary word and a function word (申请|有, 双方|或)
                if (
                    word_start == start + 1
                    and word_end == end
                    and self.text[start] in FUNCTION_SURNAMES
                    and _function_word(word)
                ):
                    return None  # a surname-like character before a verb or function word (后|多久, 和|居住)
        if end - start < 2:
            return None
        word = self.text[start:end]
        # A dictionary word that the segmenter does not tag as a name (双方, 应当, 东城区, but 高峰
        # and 白云 are names too), or a verb or function word.
        if rjieba.has_word(word) and not _name_tagged(word) and (not lenient or _not_a_noun(word)):
            return None
        return start, end


def _not_a_noun(word: str) -> bool:
    """True for a dictionary word the segmenter tags as a verb, time, place word or function word
    (明天, 工作, 家里), which stands after 我老公 as what he does, not as his name."""
    tags = rjieba.tag(word)
    return len(tags) != 1 or tags[0][1][:1] in _NOT_NOUN_TAGS or tags[0][1] in ("vn", "nz") or word in _GROUP_NOUNS


_GROUP_NOUNS = frozenset(("双方", "一方", "对方", "各方", "本人", "自己", "全家", "家人", "单位", "身体", "工作"))


_NOT_NOUN_TAGS = frozenset("vdpcuyzfrmts")


def _name_tagged(word: str) -> bool:
    """True when the segmenter tags ``word`` (or a part of it) as a person's name (高峰, 白云) or a
    place name, which is often a person's too (秦山, 苏纳); a division or street with its suffix
    (东城区, 高新路) is vetoed by :data:`_PLACE_ENDS` instead."""
    return any(tag.startswith(("nr", "ns")) for _, tag in rjieba.tag(word))


# Characters that go on with the clause rather than end a given name (申请有困难, 双方或一方).
_CLAUSE_CHARS = frozenset("的了在是和与及或有要会能去来到把被给让对从向于以也都就还不没很")
_FUNCTION_TAGS = frozenset("vdpcuyzfrm")  # jieba: verbs, adverbs, prepositions, conjunctions, numerals…


def _function_word(word: str) -> bool:
    """True for a dictionary word the segmenter tags as a verb, adverb or other function word (多久,
    居住), which no given name is; a relation word (父母) is none either."""
    if word in RELATIONS:
        return True
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1][:1] in _FUNCTION_TAGS
