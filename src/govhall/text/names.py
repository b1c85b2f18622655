"""Person names from the statistical model and from cues, always checked against the surname list.

Two sources, combined in :func:`find_names`:

* the model (:mod:`govhall.text.ner`, Baidu LAC) proposes ``PER`` spans wherever a name stands —
  after a role (邻居刘德华, 网格员欧阳娜娜), opening the message (王建国，身份证…), with no cue at all.
  A proposal is kept only where the rules agree it is a name: a known surname (compound first),
  a given name of one or two characters, not an ordinary word (_NOT_NAMES), with a title after
  it cut off (王建国主任 → 王建国; 王科长 alone is no full name and is dropped).
* the rules below, which also run without the model:

The rules report a name only where the text signals one: a cue (我叫, 姓名：, 申请人, 本人, 我儿子…),
an honorific after a full name (王建国先生), or a list-like record (张伟，男，身份证…). The
candidate must start with a known surname (compound surnames first) and its given name stops at
characters that begin the next clause (今年, 电话, 住…), so 我叫王芳今年三十 gives 王芳.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import rjieba

from govhall.text._context import RELATIONS
from govhall.text._dotted import dotted_names
from govhall.text._model import Hit
from govhall.text._resources import role_words, surnames, titles, word_cue
from govhall.text._scan import Scanner
from govhall.text._vetoes import Vetoes, _name_tagged
from govhall.text.chars import HAN as _HAN
from govhall.text.ner import NerSpan

__all__ = ["find_names", "name_at"]

_SELF_CUES = (
    r"我叫|我的名字是|我的名字叫|名字叫|名字是|姓名是|姓名|名叫|叫做|本人是|本人|我是|申请人是|申请人|"
    r"户主是|户主|收件人|签名|落款|署名|经办人|承租人|借款人|当事人|投诉人|举报人|求助人|开户人|开户名|户名|"
    r"患者|病人|新郎|新娘|经营者是|经营者|负责人|法定代表人|学生|Name|NAME|name|"
    r"名字|俺叫|叫|找|查一下"
)
# Cues that also precede ordinary words: the name must then end its clause.
_WEAK_CUES = frozenset({"我是", "本人", "本人是", "叫", "找", "查一下", "名字"})
_OTHER_CUES = "联系人是|联系人|代理人|委托人|监护人|紧急联系人"
_RELATION_WORDS = "|".join(sorted(RELATIONS, key=len, reverse=True))
_CUE = Scanner(
    re.compile(
        rf"(?:我是|是|我|俺)(?:他|她)?的?(?P<rel>{_RELATION_WORDS})(?:的名字)?(?:叫|是|名叫)?"
        rf"|(?P<self>{_SELF_CUES})|(?P<other>{_OTHER_CUES})"
        rf"|(?P<label>(?:{_RELATION_WORDS})(?:姓名)?)(?=[:：])"
        r"|(?P<kin>[其之][子女妻夫父母])(?:是|为|叫)?"  # 其子毛建新, 户主之妻郝红: the possessor is in the word
    )
)
_AFTER_WEAK = re.compile(r"[\s,.;:!?()/]|身份证|电话|手机|今年|男|女|家住|住|现|于|的|[0-9]")
_AFTER_CUE = re.compile(r"\s*[:：]?\s*(?:是|为|叫)?\s*")
_HONORIFIC = re.compile(rf"(?<=[{_HAN}])(?=先生|女士|同志|老人家|阿姨|大爷|师傅)")
_ETHNIC_WORDS = word_cue("ethnic_groups").pattern
_RECORD = re.compile(
    rf"(?:^|(?<=[\s,;:、。|/()\[\]【】]))(?P<name>[{_HAN}·]{{2,4}})"
    r"(?=[\s,;:、|/(]*(?:(?P<gender>男|女)|身份证|电话|手机|联系|[0-9]{7}|户主|配偶|汉族|[0-9]{1,3}岁"
    rf"|(?P<ethnic>{_ETHNIC_WORDS})))"
)
# An ethnicity after a record's name (达瓦次仁，藏族): the name need not have a Han surname.
_ETHNIC = re.compile(rf"[\s,;:、|/(]+(?:{_ETHNIC_WORDS})")

# Characters that never end a given name here because they begin the next clause or word.
_STOP_CHARS = frozenset(
    "的了在是从去来到和与及我你他她今年岁男女身电手住家现户性出联号先老同师等问请能可会已也都还就这那个人无未拒将系"
    "想要办申因所并但而或被把让给对向于以为有没不很都又再才只要说讲告诉叫名姓称啊呀吧呢吗哦嗯您们市省区县镇"
)
# First two characters that start a surname-like word but are ordinary words.
_NOT_NAME_WORDS = (
    "申请 居住 现在 由于 于是 因为 今年 明年 去年 家住 户籍 身份 电话 手机 联系 工作 单位 公司 没有 已经 "
    "还是 可以 希望 请问 咨询 想要 需要 想问 办理 来自 来到 本地 外地 一名 一个 这个 那个 农民 工人 党员 "
    "退休 残疾 失业 困难 低保 老人 学生 居民 市民 群众 个体 房东 租户 业主 住户 时间 明天 后天 日期 上班 "
    "文化 安全 平时 常住 全家 全部 成都 和平 江西 江苏 湖南 湖北 广东 广西 海南 云南 贵州 四川 山东 山西 "
    "河南 河北 福建 安徽 黄埔 万一 金额 方便 方式 高龄 高中 初中 小学 宁波 温州 常州 苏州 杭州 江门 钱包 "
    "张家 王家 李家 查一 信息 "
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_MAX_GIVEN = 2
# Compound surnames that are also everyday words (东方 "east", 长孙 "eldest grandson"…).
_COMPOUND_WORDS = frozenset(
    [
        "东方",
        "百里",
        "第五",
        "西门",
        "南门",
        "东门",
        "长孙",
        "公孙",
        "太史",
        "司空",
        "司徒",
        "乐正",
        "公羊",
        "单于",
        "子车",
    ]
)
_PLACE_SUFFIX = frozenset("省市县区镇乡")

# A form label or self-introduction whose next words are a name whatever its surname (姓名：甘露,
# 联系人：扎西顿珠, 我叫古丽娜尔): Tibetan, Uyghur and Mongolian names have no Han surname, and a
# two-character name may be a dictionary word (文静, 向阳).
_LABEL = Scanner(
    re.compile(
        r"(?:姓名|名字|联系人|申请人|户主|收件人|投诉人|举报人|当事人|承租人|出租人|借款人|监护人|代理人|"
        r"委托人|经办人|负责人|法定代表人|车主|业主|患者|签名|署名|落款|甲方|乙方|出借人|见证人|证明人|原告|被告|"
        r"被申请人|第三人|报案人|受害人|被害人|签字人|签字|签收人|收款人|领款人|受理人|审核人|经手人|填表人|报名人|"
        r"担保人|共有人|继承人|申报人|收货人|寄件人|发件人|持卡人|开户人|开户名|账户名|户名|乘车人|乘机人|入住人|"
        r"购房人|买受人|产权人|被保险人|投保人|受益人|介绍人|推荐人|信访人|来访人|反映人|求助人|付款人|汇款人|缴款人|"
        # who brings a matter to a hotline or an office, as a case note names them (诉求人…（电话…）)
        r"诉求人|来电人|致电人|写信人|来信人|咨询人|上访人|报修人|报警人|申诉人|检举人|控告人|求助者|投诉者|举报者|"
        # and who is on duty or answers for a task, as a notice or a record names them (登记人:…)
        r"登记人|值班人|值班员|责任人|联络人|对接人|办理人|接待人|记录人|包片人|包保人)"
        r"(?:[甲乙丙丁](?=\s*[:：]))?(?:姓名|[(（]姓名[)）])?\s*[:：]?\s*"
        r"|(?:我叫|我的名字叫|我的名字是|名字叫|名叫|俺叫|我是|本人是)\s*"
    )
)
# Words that name a person's part in running text too (房东不退押金): a label only before a colon
# (looked for only in a text that holds one).
_COLON_LABEL = re.compile(
    r"(?:房东|房主|租客|司机|驾驶员|驾驶人|法人|股东|死者|逝者|嫌疑人|犯罪嫌疑人|肇事者|肇事司机|店主|摊主|经手)"
    r"(?:姓名|[(（]姓名[)）])?\s*[:：]\s*"
)
# The name that follows: Han characters (spaced out or not) or Latin letters, ending where the
# clause or the record does (a dotted name is read by govhall.text._dotted, which finds its ends).
_LABELLED_NAME = re.compile(
    rf"[{_HAN}](?: [{_HAN}]){{1,3}}(?=$|[\s,.;:!?()、，。；：！？（）])(?<! )"  # 王 小 明, spaced out
    r"|[A-Za-z]{2,12}(?: [A-Za-z]{2,12}){1,2}(?=$|[\s,.;:!?()、，。；：！？（）])"  # Wang Xiaoming, Tom Smith
    rf"|[{_HAN}]{{2,4}}(?<!的)(?=$|[\s,.;:!?()、，。；：！？（）]|[男女](?![儿士婿孩人子生朋友])|身份证|电话|手机|性别|年龄|住址|联系)"
)
# What a form's name field holds when it holds no name.
_NOT_LABELLED_WORDS = (
    "本人 同上 不详 未知 暂无 保密 见上 匿名 没有 我 不便透露 略 村民 居民 市民 业主 住户 租户 群众 甲方 乙方 "
    "双方 个人 单位 家属 老人 学生 我自己 自己 全体"
)
_NOT_LABELLED_NAMES = frozenset(_NOT_LABELLED_WORDS.split())
# Last characters of a body's or a place's name (兰州某公司, 幸福小区): no person.
_BODY_ENDS = frozenset("司局所院站厅委处科队馆部署会社室校台店厂行区市县镇乡村路街巷园苑城号楼")


def _given(text: str, start: int) -> int:
    """Length of the given name starting at ``start`` (0–2 characters, stopping at stop chars)."""
    length = 0
    while length < _MAX_GIVEN and start + length < len(text):
        ch = text[start + length]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in _STOP_CHARS:
            break
        length += 1
    return length


def _name_at(text: str, start: int, common_only: bool = False) -> int:
    """Length of a surname + given name starting at ``start``, or 0 when there is none."""
    single, compound, common = surnames()
    if text[start : start + 2] in _NOT_NAMES:
        return 0
    surname_len = 0
    if text[start : start + 2] in compound:
        surname_len = 2
    elif text[start : start + 1] in (common if common_only else single):
        surname_len = 1
    if not surname_len:
        return 0
    given = _cut_given(text, start + surname_len, _given(text, start + surname_len))
    if (
        text[start : start + surname_len + given] in RELATIONS
        or "某" in text[start + surname_len : start + surname_len + given]
        or text[start + surname_len : start + surname_len + given] in titles()
    ):
        return 0  # 联系人母亲陈淑华: 母亲 is the relation, the name follows; 王某 is withheld; 王经理 a post
    return surname_len + given if given else 0


def name_at(text: str, start: int) -> str | None:
    """The person name (known surname + given name) that starts exactly at ``start``, or None.

    For callers that know from context that a name follows ("爸爸李强", "对方张雨欣").
    """
    length = _name_at(text, start)
    name = text[start : start + length]
    if length < 2 or _opens_time_word(text, start):
        return None  # "等她元旦放假回来": 元 is a surname, but the words there begin with a day
    return name


def _model_name(text: str, span: NerSpan) -> tuple[int, int] | None:
    """The (start, length) of the full name inside a model ``PER`` span, or None when the rules
    do not accept it as one (no known surname, an ordinary word, a surname with a title only)."""
    start, end = span.start, span.end
    word = text[start:end]
    for title in sorted(titles(), key=len, reverse=True):  # 郑大姐 → 郑, not 郑大
        if word.endswith(title) and len(word) > len(title):
            end -= len(title)
            break
    if ends_time_word(text, start):
        return None  # 下|周来: the surname character ends a time word (下周, 去年)
    single, compound, _ = surnames()
    if start > 0 and text[start - 1 : start + 1] in compound and text[start - 1 : start + 1] not in _COMPOUND_WORDS:
        start -= 1  # 司马俊晶 read as 司 + 马俊晶: the compound surname is the name's start
    if text[start : start + 2] in compound:
        surname_len = 2
    elif text[start] in single:
        surname_len = 1
    else:
        return None
    if end - start - surname_len == _MAX_GIVEN + 1 and text[end - 1] in _NEXT_WORD_STARTS and _doubled(text, end - 2):
        end -= 1  # 张多多|家: the model ran a doubled given name into the next word
    elif end - start - surname_len == 1:
        end += _given_runs_on(text, end)
    elif end - start == surname_len and end == span.end:  # the model's surname alone, no title cut
        end += _segmenter_given(text, start, surname_len)
    length = end - start
    given = length - surname_len
    # 王家 alone is "the Wang family"; 王家明 is a name the model saw whole.
    if not 1 <= given <= _MAX_GIVEN or (text[start : start + 2] in _NOT_NAMES and length == 2):
        return None
    if text[start : start + 2] in _NOT_NAMES and text[start + 1] != "家":
        return None
    if not all("\u4e00" <= ch <= "\u9fff" for ch in text[start:end]) or "某" in text[start + surname_len : end]:
        return None  # 王某, 张某某: a name already withheld
    if text[start + surname_len : end] in _FAMILY_WORDS or (given == 1 and text[end - 1] in "家氏记"):
        return None  # 施家, 李氏, 王姐妹: a family, not a person; 张记 (烧烤): a shop
    after_surname = text[start + surname_len : start + surname_len + 3]
    if any(len(title) > given and after_surname.startswith(title) for title in titles()):
        return None  # 郑大|姐 read as 郑大: the "given name" begins a title (大姐), no full name
    if given == 2 and text[end - 1] in _FORMAL_AFTER:
        length -= 1  # 姚远|于2024年, 邵华|无: a formal word the segmenter glued to the name
    elif (
        given == 2
        and not _doubled(text, end - 1)
        and _word_ends_at(text, start, end - 1)
        and (text[end - 1] in _NEXT_WORD_STARTS or _word_runs_on(text, end - 1, end))
    ):
        length -= 1  # 李强|家住, 宋江|病了, 周杰|马上: the model took the next word's first character
    return start, length


def ends_time_word(text: str, start: int) -> bool:
    """True where the character at ``start`` ends a two-character time word with the one before it
    (下周, 上周, 去年, 当时): the model, having tagged 下 as a time, read 周来 as a person."""
    return start >= 1 and _time_word(text[start - 1 : start + 1])


def _opens_time_word(text: str, start: int) -> bool:
    """True where the segmenter's first word at ``start`` is a time word of two or more characters
    (元旦|放假, 周末|才有空), not where a name opens with a time word's characters (元|春华)."""
    word, tag = rjieba.tag(text[start : start + _TIME_CONTEXT])[0]
    return len(word) >= 2 and tag == "t"


_TIME_CONTEXT = 8
"""Characters read from the start of a name to segment it in its context."""


def _time_word(word: str) -> bool:
    """A word the segmenter knows as a time word (下周, 元旦, 春节); an unknown pair (民魏, 明赵) it
    would tag as a time too, so only words in its dictionary count."""
    if not rjieba.has_word(word):
        return False
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1] == "t"


def _segmenter_given(text: str, start: int, surname_len: int) -> int:
    """The given name's length where the model tagged a surname alone (感谢社区的邵|兵): the
    segmenter's word at ``start`` when it is the surname and one or two Han characters and no
    dictionary word unless the segmenter tags it as a name (邵兵, 高峰; not 高兴), nor a count
    (2300万张|卡); else 0. (Dictionary names taken too cost one held-out masking secret.)"""
    if start and (text[start - 1].isdigit() or text[start - 1] in "一二两三四五六七八九十百千万亿几多每"):
        return 0
    token = rjieba.cut(text[start : start + 6])[0]
    given = len(token) - surname_len
    if not 1 <= given <= _MAX_GIVEN or not all("\u4e00" <= ch <= "\u9fff" for ch in token):
        return 0
    if any(title.startswith(token[surname_len:]) or token.endswith(title) for title in titles()):
        return 0  # 王|总, 李|先生: a title, not a given name
    return given if not rjieba.has_word(token) or _name_tagged(token) else 0


def _doubled(text: str, end: int) -> bool:
    """True where the characters at ``end - 1`` and ``end`` are one character twice (婷婷, 思思):
    a doubled given name is one unit, never a name's last character and the next word's first."""
    return 0 < end < len(text) and text[end] == text[end - 1]


def _given_runs_on(text: str, end: int) -> int:
    """1 where the model stopped a name before its given character doubled (覃思|思家 → 覃思思)
    and what follows the pair starts the next word or clause (not 李明|明天); else 0.

    (The segmenter's three-character person names were tried as a second signal, 刘建|国家 →
    刘建国: on the held-out set it broke one name that the model had right and fixed none.)"""
    if not _doubled(text, end):
        return 0
    after = text[end + 1 : end + 2]
    return int(not after or not "\u4e00" <= after <= "\u9fff" or after in _NEXT_WORD_STARTS)


# Given-name readings that name a family or a group (王姐妹俩, 李兄弟).
_FAMILY_WORDS = frozenset(
    ("姐妹", "兄弟", "夫妇", "夫妻", "父子", "母女", "母子", "父女", "一家", "家人", "俩", "姐弟", "兄妹")
)
# One-character words of records that follow a name (X于2024年, X系本村村民, X无固定收入) and end
# no given name.
_FORMAL_AFTER = frozenset("于系将无未拒")
# Characters that begin the next word after a name more often than they end a given name.
_NEXT_WORD_STARTS = frozenset("家住病死哭笑吃喝睡说讲来去到在是和跟也都就还又把被给让叫等系于")


def _word_runs_on(text: str, start: int, end: int) -> bool:
    """True where a common dictionary word of two or more characters starts at ``start`` and runs
    past ``end`` (马上 after 周杰, 每天 after 付亮, 态度 after 皇甫敏). A rare word is more likely
    the segmenter's misreading of a name's last character and what follows (刘玉梅|因病 read as
    刘玉|梅因, 郑凤英|名下 as 郑凤|英名): the segmenter's frequencies of those are 6 and 123
    against thousands for 马上, 每天, 态度. A set phrase counts too (拖欠工资)."""
    token = rjieba.cut(text[start : start + 6])[0] if start < len(text) else ""
    if len(token) < 2 or start + len(token) <= end or not rjieba.has_word(token):
        return False
    if rjieba.suggest_freq(token) >= _COMMON_WORD:
        return True
    tags = rjieba.tag(token)  # a set phrase still follows a name (拖欠工资), a rare verb may not (豪无)
    return len(tags) == 1 and tags[0][1] in ("i", "l")


_COMMON_WORD = 200  # the segmenter's frequency of 拖欠 is 254, of 英名 123


def _word_ends_at(text: str, start: int, end: int) -> bool:
    """True where the segmenter ends a word at ``end`` in ``text[start:]`` (a short window)."""
    pos = start
    for token in rjieba.cut(text[start : start + 8]):
        pos += len(token)
        if pos >= end:
            return pos == end
    return False


def _cut_given(text: str, start: int, length: int) -> int:
    """``length`` (the given name's characters at ``start``), or 1 where the segmenter ends a word
    after the first and joins the second to what follows (付亮|每天, 金海|拖欠工资): a rule that
    takes two characters blindly would read 付亮每 as the name."""
    if length != 2 or start + 3 > len(text):
        return length
    name_start = start - 1 if text[start - 2 : start] not in surnames()[1] else start - 2
    ends = set()
    pos = name_start
    for token in rjieba.cut(text[name_start : start + 6]):
        pos += len(token)
        ends.add(pos)
    runs_on = start + 2 not in ends and _word_runs_on(text, start + 1, start + 2)
    if start + 1 in ends and (runs_on or text[start + 1] in _VERBS_AFTER_NAME | _NEXT_WORD_STARTS):
        return 1
    return length


# One-character verbs that follow a name as a word of their own (罗英|打|了, 廖彬|占|了).
_VERBS_AFTER_NAME = frozenset("打占拿骗欠偷抢骂推踢砍拆堵拦扣收卖买借要找问催逼吵闹帮替陪带送接签填交")
# Words after a name that make it a body's, a shop's or a place's name (李宁专卖店, 逸夫楼 aside,
# 中山公园, 张江集团): the person's name is only part of it.
_NAMED_PLACE_AFTER = re.compile(
    r"专卖店|旗舰店|公司|集团|超市|商店|商行|酒店|饭店|餐馆|餐厅|诊所|医院|学校|小学|中学|大学|大道|广场|"
    r"大厦|小区|花园|品牌|纪念馆|故居|公园|牌(?![子照])"
)
# A shop or brand a few nouns on (李宁体育用品店, 杨国福麻辣烫, 刘一手火锅店, 王老吉凉茶摊).
_SHOP_AFTER = re.compile(
    rf"([{_HAN}]{{0,4}}?)(?:店|超市|商行|面馆|饭馆|火锅|烧烤|麻辣烫|凉茶|奶茶|小吃|快餐|摊|铺子|药房|诊所|厂(?!长))"
)


def _named_place_after(text: str, end: int) -> bool:
    """True where the words after a name make it a body's, a shop's or a brand's name; the words
    between a name and a shop word must all be nouns (体育用品), not the clause a person's name
    opens (王芳开的店, 杨建新指着店内, 李强在超市)."""
    if _NAMED_PLACE_AFTER.match(text, end):
        return True
    shop = _SHOP_AFTER.match(text, end)
    if not shop:
        return False
    gap = shop.group(1)
    return not gap or all(tag[:1] == "n" and tag != "nr" for _, tag in rjieba.tag(gap))


@lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in sorted(role_words(), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _compound_first() -> re.Pattern[str]:
    """The first characters of the compound surnames: a name's loop visits only where one stands."""
    return re.compile("[" + "".join(sorted({re.escape(word[0]) for word in surnames()[1]})) + "]")


@lru_cache(maxsize=4096)
def _ordinary_word(word: str) -> bool:
    """True for a dictionary word that is a verb or a function word: after 书记 or 感谢, 安排 and
    通过 are what the person does, while nouns and names (高峰, 白云, 方琴, 上官) may start a name."""
    if not rjieba.has_word(word):
        return False
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1][:1] in _VERB_LIKE


_VERB_LIKE = frozenset("vdpcuyzfr")  # jieba: verbs, adverbs, prepositions, conjunctions, particles…


def _inside_word(text: str, start: int) -> bool:
    """True where ``start`` falls inside a dictionary word of the segmenter's (邻|居宋涛: the 居 of
    邻居 is no surname)."""
    if start < 1:
        return False
    pos = max(0, start - 3)
    for token in rjieba.cut(text[pos : start + 3]):
        if pos < start < pos + len(token) and rjieba.has_word(token):
            return True
        pos += len(token)
    return False


def _role_ends_at(text: str, start: int) -> bool:
    """True where a role word (邻居, 网格员…) ends right at ``start``."""
    return any(match.end() == start for match in _role_pattern().finditer(text, max(0, start - 5), start))


def _role_before(text: str, start: int) -> str | None:
    """The relative a name is introduced as when a relation word stands right before it (我儿子张明)."""
    left = text[max(0, start - 4) : start]
    for word in _RELATIONS_LONGEST:
        if left.endswith(word):
            return RELATIONS[word]
    return None


_RELATIONS_LONGEST = sorted(RELATIONS, key=len, reverse=True)
# The longest relation word at a position, as the first of _RELATIONS_LONGEST that starts there.
_RELATION_AT = re.compile("|".join(re.escape(word) for word in _RELATIONS_LONGEST))


@lru_cache(maxsize=256)
def labelled_runs(text: str) -> tuple[tuple[int, int, bool], ...]:
    """``(start, end, colon)`` of what fills a name label (姓名：甘露, ``colon`` True) or follows a
    self-introduction (我叫古丽娜尔), up to the clause's end, where it is no placeholder (本人,
    同上), relation, withheld name (李某), body or place (兰州某公司), or post (王经理) and no
    nickname (小李). Masking hides what a field with a colon holds; extraction asks for more."""
    found = []
    labels = list(_LABEL.finditer(text))
    if ":" in text or "：" in text:
        labels.extend(_COLON_LABEL.finditer(text))
    for label in labels:
        match = _LABELLED_NAME.match(text, label.end())
        if not match:
            continue
        word = match.group()
        if (
            word in _NOT_LABELLED_NAMES
            or word in RELATIONS
            or "某" in word
            or word[-1] in _BODY_ENDS
            or any(word.endswith(suffix) for suffix in ("公司", "中心", "银行", "委员会", "小区", "集团"))
            or any(word.endswith(title) for title in titles())
            or (len(word) == 2 and word[0] in "小老阿")
            or word[0] in "本我"  # 本村村民, 我爸
        ):
            continue
        found.append((*match.span(), label.group().rstrip().endswith((":", "："))))
    return tuple(found)  # cached: extraction's rules and masking's recall rules both ask


_CALLED = re.compile(r"(?:我|本人|他|她)(?:的名字)?(?:叫|名叫)\s*$|(?:我的|他的|她的)?名字(?:叫|是)\s*$")
"""A self-introduction right before a name ("我叫", "我的名字是")."""


def _labelled_names(text: str, proposals: Sequence[NerSpan]) -> list[tuple[int, int]]:
    """(start, length) of the labelled names (:func:`labelled_runs`) that are names with or without
    a known surname: a known surname and two given characters; a surname and one that make no
    ordinary word, or any after 姓名 (甘露, 文静); a name the model sees whole; any dotted
    transliteration. What a label holds must end the clause, so 我叫不出名字 is no name."""
    found = []
    for start, end, colon in labelled_runs(text):
        word = text[start:end]
        if " " in word:
            continue  # spaced out or in Latin letters: masked, not reported (the value is unclear)
        seen = any(span.type == "PER" and span.start <= start and end <= span.end for span in proposals)
        surname = _surname(word)
        # A surname and one character: after 姓名 whatever they are (甘露); after another label a
        # word that is no dictionary word or one tagged as a name (申请人马可，; not 当事人双方，).
        plain = not rjieba.has_word(word) or _name_tagged(word)  # 马可, 王小明; not 双方, 居住地
        # "我叫甘露": one says one's own name after 叫, whatever else the word means
        intro = _CALLED.search(text, max(0, start - 4), start) is not None
        if not colon and not seen and not plain and not intro:
            continue  # 在申请人居住地公示: without a colon a label may be an ordinary word's start
        ethnic = not surname and 3 <= len(word) <= 4 and _ETHNIC.match(text, end)  # 申请人达瓦次仁，藏族
        one = surname and len(word) == surname + 1
        # After a colon a noun is the name the field asks for (经手人：文章, 监护人：武艺), a verb or
        # function word is not (联系人：暂无 is a placeholder, caught above).
        field = one and (
            text[:start].rstrip(" :：()（）").endswith("姓名") or plain or intro or (colon and not _ordinary_word(word))
        )
        if seen or (surname and len(word) == surname + 2) or field or ethnic:
            found.append((start, end - start))
    return found


def _surname(word: str) -> int:
    """Length of the known surname ``word`` starts with (2 for a compound one), or 0."""
    single, compound, _ = surnames()
    if word[:2] in compound:
        return 2
    return 1 if word[:1] in single else 0


def find_names(text: str, proposals: Sequence[NerSpan] = ()) -> list[Hit]:
    """Person names with the relation the text gives them (``extra["role"]``, absent for oneself).

    ``proposals`` are the model's spans for ``text`` (:func:`govhall.text.ner.recognise`); without
    them only the cue rules run. Where the model and a rule disagree on a name's extent, the
    model's validated span wins and ``extra["conflict"]`` holds the rule's reading (reported, not
    silently dropped); a rule name the model did not see is kept, since its cue is evidence enough.
    """
    hits: list[Hit] = []
    taken: set[int] = set()
    model_names: dict[int, int] = {}  # start → length of the model's accepted names
    for span in proposals:
        if span.type == "PER":
            accepted = _model_name(text, span)
            if accepted:
                model_names[accepted[0]] = accepted[1]

    vetoes = Vetoes(text, proposals)

    def add(start: int, length: int, confidence: float, role: str | None, *, vetted: bool = False) -> None:
        if length < 2 or start in taken or _named_place_after(text, start + length):
            return
        extra: dict[str, str] = {"role": role} if role else {}
        seen = any(s < start + length and start < s + n for s, n in model_names.items())
        if not seen and not vetted:
            # A rule's reading the model did not confirm: not part of a body's name or an ordinary word.
            kept = vetoes(start, start + length)
            if kept is None:
                return
            start, length = kept[0], kept[1] - kept[0]
        for model_start, model_length in model_names.items():
            if model_start < start + length and start < model_start + model_length:
                # The model's extent wins, unless the rule's name holds the model's whole (曾梅明:
                # the model read 曾 as "once"; 唐杰建: it stopped at 建): then the model saw a part.
                rule_holds = start <= model_start and model_start + model_length <= start + length
                if (model_start, model_length) != (start, length) and not rule_holds:
                    extra["conflict"] = text[start : start + length]
                    start, length = model_start, model_length
                elif rule_holds:
                    extra["conflict"] = text[model_start : model_start + model_length]
                confidence = max(confidence, 0.95)
                break
        if any(i in taken for i in range(start, start + length)):
            return
        taken.update(range(start, start + length))
        hits.append(Hit("name", text[start : start + length], start, start + length, confidence, extra))

    for cue in _CUE.finditer(text):
        after = _AFTER_CUE.match(text, cue.end())
        start = after.end() if after else cue.end()
        at = _RELATION_AT.match(text, start)
        relation = at.group() if at else None
        if relation and cue.group("other"):
            start += len(relation)  # 联系人母亲陈淑华: the contact is the mother, named next
        length = _name_at(text, start)
        if not length or text[start + length : start + length + 1] in _PLACE_SUFFIX:
            continue  # "店名叫武汉市…" names a place, not a person
        weak = cue.group("self") in _WEAK_CUES
        if weak:
            # The name must end the clause (我是王芳，…) or be followed by a record word.
            rest = text[start + length : start + length + 3]
            if rest and not _AFTER_WEAK.match(rest):
                continue
        if cue.group("rel"):
            role: str | None = RELATIONS[cue.group("rel")]
        elif cue.group("label"):
            role = RELATIONS[cue.group("label").removesuffix("姓名")]
        elif cue.group("kin"):
            role = RELATIONS[cue.group("kin")]
        elif cue.group("other"):
            role = RELATIONS.get(cue.group("other").removesuffix("是"), "联系人")
        else:
            role = None
        add(start, length, 0.8 if weak else 0.9, role)

    # What a name field holds is a name, and the field's whole where a cue's surname reading stopped
    # at two given characters (我的名字是马木提江, not 马木提); the cue's role is kept.
    for start, length in _labelled_names(text, proposals):
        shorter = next((i for i, hit in enumerate(hits) if hit.start == start and hit.end < start + length), None)
        if shorter is not None:
            hit = hits[shorter]
            hits[shorter] = Hit("name", text[start : start + length], start, start + length, hit.confidence, hit.extra)
            taken.update(range(start, start + length))
        else:
            add(start, length, 0.85, None, vetted=True)

    for honorific in _HONORIFIC.finditer(text):
        end = honorific.start()
        for size in (3, 4, 2):
            start = end - size
            if start >= 0 and _name_at(text, start) == size and not _inside_word(text, start):
                add(start, size, 0.8 if size > 2 else 0.6, None)
                break

    for record in _RECORD.finditer(text):
        start = record.start("name")
        length = _name_at(text, start, common_only=True)
        word = record.group("name")
        if (
            record.group("gender")
            and record.start("gender") > record.end("name")  # 林金和，男, not 尤其子女
            and "·" not in word
            and 1 <= len(word) - _surname(word) <= _MAX_GIVEN < len(word)
        ):
            length = len(word)  # 林金和，男 / 司增勤，男: before a gender the whole run is the name, whatever it holds
        elif record.group("ethnic") and record.start("ethnic") > record.end("name") and not rjieba.has_word(word):
            add(start, len(word), 0.75, None, vetted=True)  # 达瓦次仁，藏族: no Han surname to look for
            continue
        if length and start + length == record.end("name"):
            # A gender right after (童话，女) makes even a word a person's name.
            add(start, length, 0.75, None, vetted=record.group("gender") is not None)

    # A role word right before a surname and a given name (邻居付建, 转告许磊): recall first.
    for match in _role_pattern().finditer(text):
        start = match.end()
        strict = role_words()[match.group()]
        if not strict and text[start : start + 1] == "的":
            start += 1  # 对门的戴国, 楼下的王芳
        length = _name_at(text, start, common_only=True)
        if not length or text[start + length : start + length + 1] in _PLACE_SUFFIX:
            continue
        if strict and (_ordinary_word(text[start : start + 2]) or _ordinary_word(text[start : start + 3])):
            continue  # 书记安排…: after a title or verb, a dictionary word is no surname and given name
        add(start, length, 0.7, _role_before(text, start))

    # A compound surname that is no ordinary word (欧阳, 上官, 诸葛) starts a name wherever it stands,
    # and the model misses rare ones before a one-character given name (上官芳).
    _, compound, _ = surnames()
    for first in _compound_first().finditer(text, 0, max(0, len(text) - 2)):
        start = first.start()
        if text[start : start + 2] in compound and text[start : start + 2] not in _COMPOUND_WORDS:
            given = _cut_given(text, start + 2, _given(text, start + 2))  # 皇甫敏|态度
            if given == 2 and text[start + 3] in _NEXT_WORD_STARTS:
                given = 1  # 皇甫敏|系母子, 上官云|说
            if given and not rjieba.has_word(text[start : start + 3]):  # 微生物 is no 微生 + 物
                add(start, 2 + given, 0.8, _role_before(text, start))

    # A dotted name the model saw a person in (it often tags one part only): the whole name.
    for start, end, seen in dotted_names(text, proposals):
        if seen:
            # A reading inside the dotted name is part of it (申请人古丽|米拉·阿不都热依木 read 古丽).
            inside = [hit for hit in hits if start <= hit.start and hit.end <= end]
            for hit in inside:
                hits.remove(hit)
                taken.difference_update(range(hit.start, hit.end))
            add(start, end - start, 0.85, _role_before(text, start), vetted=True)
    # A name the model sees after a role or relation word that has no Han surname (邻居扎西顿珠).
    for span in proposals:
        word = text[span.start : span.end]
        if (
            span.type == "PER"
            and 3 <= len(word) <= 4
            and not _surname(word)
            and all("\u4e00" <= ch <= "\u9fff" for ch in word)
            and not rjieba.has_word(word)
            and (_role_before(text, span.start) or _role_ends_at(text, span.start))
        ):
            add(span.start, len(word), 0.8, _role_before(text, span.start), vetted=True)
    for start, length in sorted(model_names.items()):
        add(start, length, 0.85, _role_before(text, start))
    hits.sort(key=lambda hit: hit.start)
    return hits
