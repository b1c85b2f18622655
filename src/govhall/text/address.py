"""Postal addresses, normalised to province + city + district + the rest.

An address starts at an administrative-division name (official or shortened: 北京, 朝阳区, 广州天河)
or after an address cue (住在, 家住, 地址：, 户籍地…), then runs over address-like characters and
is cut back to the last character that can end an address (号, 室, 楼, 村, 路…). A bare city with
no cue and no street (我在深圳上班) is a place, not an address, and is not reported. The value
fills in the levels the citizen left out (天河区… → 广东省广州市天河区…).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from govhall.text._model import Hit
from govhall.text.divisions import Division, DivisionIndex, division_index

__all__ = ["ADDRESS_CUE", "STREET_WORD", "find_addresses", "mentions_division", "street_after_division"]

ADDRESS_CUE = re.compile(
    r"(?:家庭住址|家庭地址|居住地址|通讯地址|联系地址|现住址|住址|地址|家住在?|现住在?|住在|居住在|居住地|"
    r"户籍地址|户籍所在地|户籍地|户口所在地|户口地址|户口在|户口地|籍贯|(?:搬到|寄到|送到)了?|租住在|租在|我住|我家在|家在|老家在|住的是|家就在|就住在|也住在|现在住(?![院房宅建户过])在?|目前住(?![院房宅建户过])在?)"
    r"\s*[:：]?\s*(?:是|为|在)?\s*"
)
_DETAIL_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z#()\-]")
# Words that end an address even without punctuation (the next clause starts).
_DETAIL_STOP = re.compile(
    r"电话|手机|联系|身份证|邮箱|我|想|要|申请|办理|需要|请问|今年|出生|现在|目前|工作|上班|打工|的|了|在|"
    r"附近|旁边|对面|这边|那边|一直|已经|因为|所以|但是|可以|能否|怎么|如何|什么|吗|呢|吧|啊|和|跟|与|有|是|"
    r"户口|户籍|邮编|姓名|名字|性别|男|女|年龄|民族|银行|卡号|账号|"
    r"楼下|楼上|门口|门前|房东|东侧|西侧|南侧|北侧|后面|前面|里面|外面|一带|周边|隔壁|那里|这里|\("
)
_END_CHARS = frozenset("号室房楼栋幢座层村组区园苑庭院城厦场寓路街道巷弄同里镇乡屯庄堡湾坊期户队舍府湖岛县市省旗门元")
_MAX_DETAIL = 40
_INSIDE_NAME = re.compile(
    r"[和与有是在的了][\u4e00-\u9fff]{0,3}?(?:街道|大道|路|街|镇|乡|村|巷|小区|社区|花园|公寓|大厦)"
)
"""A stop character that is part of a place's name (太和街道, 永和路): the street part goes on."""
_DIVISION_SUFFIX = frozenset("市县区旗")
# Without a cue, the street part must look like one (a hospital or a city name alone is a place).
STREET_WORD = re.compile(r"[路街巷弄号村组里屯]|大道|胡同|小区|社区|花园|公寓|大厦")
# A street part that is only a kind of place (朝阳 + 街道办) names no street.
_GENERIC_DETAIL = frozenset(("街道", "社区", "小区", "街", "路", "村", "镇", "乡", "区"))
# Street parts that are only a common noun for a way after a division and a particle (天河区的道路,
# 钟楼区的公交线路, 南山区的铁路): they name no street. A road named 川沙公路 keeps its name.
_COMMON_WAYS = frozenset(
    [
        "道路",
        "马路",
        "公路",
        "铁路",
        "思路",
        "线路",
        "出路",
        "套路",
        "电路",
        "网路",
        "水路",
        "山路",
        "小路",
        "大路",
        "公交线路",
        "高速公路",
        "城市道路",
        "农村公路",
        "市政道路",
        "主干道路",
        "街道",
        "大街",
        "街头",
        "街面",
    ]
)
_PARTICLES = "的在有是了和与"
# What makes a shortened division name the head of a street's name rather than a place: a street
# word right after it, or after one character or a direction (西安路, 南京东路, 汉中门大街, 天河北路,
# 中山五路, 广州大道). A street's own name after a place has two characters or more (汉中中山路,
# 广州天河路: the place, then the street), so one character or a direction is too short to be one.
# Not a particle before the street word (北京的胡同, 去杭州的路上: the place's lanes), and not the
# common words 路边, 路过, 街头, 街上 (柳州路边, 上海街头: the place's roadsides and streets).
_STREET_NAMED = re.compile(
    r"(?:[东西南北][东西南北中]?|(?![的了在和与是有之])[\u4e00-\u9fff])?(?:大街|大道|路(?![边过])|街(?![头上])|巷|胡同|弄)"
)
_HOUSE_NUMBER = re.compile(r"[0-9]+(?:号|栋|幢|单元|室)")
# A district-level name no table holds (高新区, 开发区, 滨湖新区, 城关镇, 大学城街道) after a verb of
# place (店在…, 搬到…, 位于…), when a named road and a house number follow it at once
# (…创业路18号): the citizen gives the address without a cue word. Without the road and the number
# (在区里, 在开发区上班, 到县里办事) it is a place, not an address. The name's characters are no
# function word or pronoun (在这个小区…, 在我们区…), so a clause does not pass for a name.
_NAME_CHAR = r"(?:(?![的了过着在是和与及我你他她它们这那哪个也都就还又去来到从把被给上下里外中住])[\u4e00-\u9fff])"
_LOOSE_DISTRICT = re.compile(
    r"(?:在|到|于|至|去过?|来过?)"
    rf"((?:{_NAME_CHAR}{{0,4}}?(?:新区|开发区|高新区|经开区|工业园区|园区)|{_NAME_CHAR}{{2,4}}?(?:街道|区|县|镇|乡)))"
    rf"(?={_NAME_CHAR}{{1,8}}?(?:大道|大街|路|街|巷|弄|胡同)[0-9]+号)"
)

_DOCUMENT_NUMBER = re.compile(r"第[0-9]+号|[(（][0-9]{4}[)）]")
_ROOM = re.compile(r"[0-9A-Za-z\-]+")


@dataclass(frozen=True, slots=True)
class _Chain:
    """The division names matched at the start of an address."""

    start: int
    end: int
    divisions: tuple[Division, ...]


def _match_name(text: str, pos: int, index: DivisionIndex, allow_short: bool) -> list[tuple[int, list[Division]]]:
    """(length, divisions) for every division name starting at ``pos``, longest first."""
    if pos >= len(text) or text[pos] not in index.first_chars:
        return []
    out = []
    room = len(text) - pos
    for length in index.lengths_by_first[text[pos]]:
        if length > room or length < 2:
            continue
        piece = text[pos : pos + length]
        full = index.full.get(piece)
        if full:
            out.append((length, full))
        elif allow_short:
            short = index.short.get(piece)
            if short:
                out.append((length, short))
    return out


def _consistent(parent: Division | None, child: Division) -> bool:
    if parent is None:
        return True
    if parent.level == 1:
        return child.code[:2] == parent.code[:2]
    return child.code[:4] == parent.code[:4]


def _chain_at(text: str, pos: int, index: DivisionIndex, context: Sequence[Division]) -> _Chain | None:
    """The longest chain of nested divisions starting at ``pos`` (省 → 市 → 区, any may be missing)."""
    chosen: list[Division] = []
    cursor = pos
    while True:
        parent = chosen[-1] if chosen else None
        best: tuple[int, Division] | None = None
        # Short names (天河, 海淀) only after a higher level, or for provinces and prefectures.
        for length, candidates in _match_name(text, cursor, index, allow_short=True):
            fitting = [d for d in candidates if _consistent(parent, d) and (parent is None or d.level > parent.level)]
            is_short = text[cursor : cursor + length] not in index.full
            if parent is None and is_short:
                fitting = [d for d in fitting if d.level < 3]
            if not fitting:
                continue
            fitting.sort(key=lambda d: (_context_rank(d, context), index.rank(d)))
            best = (length, fitting[0])
            break
        if best is None:
            break
        short_name = text[cursor : cursor + best[0]] not in index.full
        if short_name and _STREET_NAMED.match(text, cursor + best[0]):
            break  # 江东北路和汉中门大街: 汉中 names the street here, not the city in Shaanxi
        chosen.append(best[1])
        cursor += best[0]
        if short_name and cursor < len(text) and text[cursor] in _DIVISION_SUFFIX:
            cursor += 1  # "射洪市" where the table still says 射洪县: the citizen's suffix is the division's
        if best[1].level == 3:
            break
    if not chosen:
        return None
    return _Chain(pos, cursor, tuple(chosen))


def _named_street_at(text: str, pos: int, index: DivisionIndex) -> bool:
    """True when the shortened division name at ``pos`` heads a street's name (see ``_STREET_NAMED``)."""
    for length, _ in _match_name(text, pos, index, allow_short=True)[:1]:
        return text[pos : pos + length] not in index.full and bool(_STREET_NAMED.match(text, pos + length))
    return False


def _division_inside(text: str, start: int, end: int, index: DivisionIndex) -> bool:
    """True when a listed division name starts inside the unlisted one read at ``start``
    (现在住朝阳区…: 在|住朝阳区 is no name, 朝阳区 is the division the address starts at)."""
    return any(_match_name(text, i, index, allow_short=False) for i in range(start + 1, end - 1))


def _context_rank(division: Division, context: Sequence[Division]) -> int:
    """0 when a province/prefecture named elsewhere in the text contains ``division``."""
    for other in context:
        if other.level < division.level and _consistent(other, division):
            return 0
    return 1


def _detail_end(text: str, start: int, blocked: bytes | bytearray) -> int:
    """End of the street part starting at ``start``: address characters up to a stop, cut back
    to the last character that can end an address (or ``start`` when none)."""
    limit = min(len(text), start + _MAX_DETAIL)
    pos = start
    while pos < limit and not (pos < len(blocked) and blocked[pos]) and _DETAIL_CHAR.match(text, pos):
        if pos > start and _DETAIL_STOP.match(text, pos) and not _INSIDE_NAME.match(text, pos):
            break
        pos += 1
    end = start
    for i in range(pos, start, -1):
        if text[i - 1] in _END_CHARS:
            end = i
            break
        if text[i - 2 : i] == "单元":
            end = i
            break
    # A room number after the last building word (3栋1204, 大厦1001, 166号1-15-3) belongs to it.
    if end > start and end < pos and _ROOM.fullmatch(text, end, pos):
        end = pos
    return end


def _normalised_value(chain: _Chain | None, detail: str, index: DivisionIndex) -> tuple[str, dict[str, str]]:
    if chain is None:
        return detail, {"detail": detail}
    last = chain.divisions[-1]
    names = index.chain(last.code)
    extra = {"adcode": last.code, "detail": detail}
    for division in names:
        extra[("province", "city", "district")[division.level - 1]] = division.name
    return "".join(d.name for d in names) + detail, extra


@lru_cache(maxsize=1)
def _name_bigrams() -> frozenset[str]:
    index = division_index()
    return frozenset(name[:2] for name in [*index.full, *index.short] if len(name) >= 2)


def mentions_division(text: str) -> bool:
    """True when a division name (official or short) starts anywhere in normalised ``text``.

    Without one (and without an address cue) :func:`find_addresses` finds nothing; the test
    looks at the text's character pairs first, so it is cheap for most texts.
    """
    bigrams = _name_bigrams()
    n = len(text)
    if not bigrams.intersection(text[i : i + 2] for i in range(n - 1)):
        return False
    index = division_index()
    return any(text[i : i + 2] in bigrams and _match_name(text, i, index, allow_short=True) for i in range(n - 1))


_RUN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z#()\-]{2,}")
_CHAIN_AND_DETAIL = 80  # three division names and _MAX_DETAIL characters fit


def street_after_division(text: str) -> bool:
    """True when a division name in normalised ``text`` has a street word (路, 小区, 号…) after it
    in the same run of address characters, within 80 characters: what :func:`find_addresses` needs
    for an address without a cue (the division chain and the street part are one unbroken run).
    Conservative and cheap, for :func:`~govhall.text.mask.needs_mask`."""
    bigrams = _name_bigrams()
    index = division_index()
    for run in _RUN.finditer(text):
        chunk = run.group()
        if not STREET_WORD.search(chunk):
            continue
        for i in range(len(chunk) - 1):
            if (
                chunk[i : i + 2] in bigrams
                and STREET_WORD.search(chunk, i, i + _CHAIN_AND_DETAIL)
                and _match_name(chunk, i, index, allow_short=True)
            ):
                return True
    return False


def find_addresses(text: str, blocked: bytes | bytearray = b"") -> list[Hit]:
    """Addresses in normalised ``text``; characters marked non-zero in ``blocked`` (phones,
    IDs… already found) are skipped and end an address."""
    index = division_index()
    cues = [(m.start(), m.end()) for m in ADDRESS_CUE.finditer(text)]
    cue_ends = {end: start for start, end in cues}
    # Unlisted district names after a verb of place: start -> end of the name (see _LOOSE_DISTRICT).
    loose = {m.start(1): m.end(1) for m in _LOOSE_DISTRICT.finditer(text)}
    # Every division name has two or more characters, so a name can start only where the text's
    # character pair begins one: one set lookup per position instead of a dictionary walk.
    bigrams = _name_bigrams()
    name_starts = {i for i in range(len(text) - 1) if text[i : i + 2] in bigrams}
    context: dict[Division, None] = {}  # ordered set
    # Provinces and prefectures named anywhere disambiguate district names (朝阳区 in 北京 or 长春).
    for pos in sorted(name_starts):
        for _, candidates in _match_name(text, pos, index, allow_short=False)[:1]:
            if len(candidates) == 1 and candidates[0].level < 3:
                context[candidates[0]] = None

    hits: list[Hit] = []
    # Only where a division name or a cue's end stands can an address start: jump between them.
    stops = sorted(name_starts | cue_ends.keys() | loose.keys())
    pos = 0
    while True:
        next_stop = bisect_left(stops, pos)
        if next_stop == len(stops) or stops[next_stop] >= len(text):
            break
        pos = stops[next_stop]
        if pos < len(blocked) and blocked[pos]:
            pos += 1
            continue
        cue_start = cue_ends.get(pos)
        chain = _chain_at(text, pos, index, list(context)) if pos in name_starts else None
        if chain is None and cue_start is None and pos in loose and not _division_inside(text, pos, loose[pos], index):
            name_end = loose[pos]
            detail_end = _detail_end(text, name_end, blocked)
            if _HOUSE_NUMBER.search(text, name_end, detail_end):
                value = text[pos:detail_end]
                hits.append(Hit("address", value, pos, detail_end, 0.7, {"detail": value}))  # as after a cue
                pos = detail_end
                continue
        # A street named after a place (西安东大街12号, no cue): an address by its house number alone.
        named_street = chain is None and pos in name_starts and _named_street_at(text, pos, index)
        if chain is None and cue_start is None and not named_street:
            pos += 1
            continue
        detail_start = chain.end if chain else pos
        detail_end = _detail_end(text, detail_start, blocked)
        detail = text[detail_start:detail_end]
        levels = {d.level for d in chain.divisions} if chain else set()
        cued = cue_start is not None or (chain is not None and chain.start in cue_ends)
        accept = bool(
            (chain and (3 in levels or detail) and (cued or 3 in levels or len(detail) >= 2))
            or (chain and cued)
            or (not chain and cued and len(detail) >= 4)
            or (named_street and _HOUSE_NUMBER.search(detail))
        )
        if chain and not cued and not detail and 3 in levels and len(chain.divisions) == 1:
            accept = False  # a lone district name (朝阳区) is a place mention, not an address
        if chain and not detail and 3 not in levels and not (cued and len(chain.divisions) >= 2):
            accept = False  # 户口在河南, 人在上海: a region; 户口在四川省南充市 is a 户籍地 all the same
        if not cued and detail and not STREET_WORD.search(detail):
            accept = False  # 北京儿童医院, 深圳落户: a place or a phrase, not a street address
        if not cued and detail in _GENERIC_DETAIL:
            accept = False  # 朝阳街道办, 天河社区医院: a body named after a place, no street named
        if detail[:1] in _PARTICLES and detail[1:] in _COMMON_WAYS:
            accept = False  # 天河区的道路太堵: the district's roads, no address
        if _DOCUMENT_NUMBER.search(detail):
            accept = False  # 浙(2025)杭州市不动产权第0123456号 is a certificate number
        if not accept:
            pos = chain.end if chain else pos + 1
            continue
        value, extra = _normalised_value(chain, detail, index)
        confidence = 0.9 if chain and detail else 0.8 if chain else 0.7
        keep = (chain.end if chain else detail_start) - pos
        hits.append(Hit("address", value, pos, detail_end, confidence, extra, keep=keep))
        pos = max(detail_end, pos + 1)
    return hits
