"""Recognisers for checksum-bearing identifiers and other pattern entities in normalised text.

ID numbers, bank cards and mobiles are only reported when they validate (GB 11643 check digit,
real birth date and region; Luhn; mobile prefixes), so order numbers and case numbers of the same
shape are not mistaken for personal data. Every pattern is anchored at a digit-run boundary and
has a bounded length, so scanning is linear in the text length.
"""

from __future__ import annotations

import re

from govhall.text._context import has_cue, relation_before
from govhall.text._model import Hit
from govhall.text._resources import word_cue
from govhall.text._scan import Scanner
from govhall.text.divisions import is_valid_region, region_name
from govhall.text.validators import id_birth_date, is_valid_bank_card, is_valid_id_card

__all__ = ["find_amounts", "find_bank_cards", "find_emails", "find_id_cards", "find_phones"]

_ID = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9+])(?:(?:\+|00)?86-?)?(1[3-9][0-9]{9})(?![0-9])")
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
# (021)6234-5678, 010 - 62345678, 0571-8888-6666: the area code, then a 7–8 digit local number,
# either of them possibly broken by a space or a dash.
_LANDLINE = re.compile(
    rf"(?<![0-9])(?:\(({_AREA})\)\s?-?\s?|({_AREA})\s?-?\s?)([2-9][0-9]{{2,3}})[ -]?([0-9]{{4}})(?![0-9])"
)
# 电话：87654321 — a local number without its area code, only right after a landline word.
_LOCAL_LANDLINE = re.compile(
    r"(?:电话|座机|固话|总机|传真)(?:号码|号)?(?:是|为)?[:\s]{0,2}([2-9][0-9]{2,3})[ -]?([0-9]{4})(?![0-9])"
)
_CARD = re.compile(r"(?<![0-9])([1-9][0-9]{15,18})(?![0-9])")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9-])"
)
_NUMBER = r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?"
# A number starts after no digit, decimal point or thousands comma (1,234); a comma after a word is
# the citizen's clause break (押金，500元: the normaliser turns "，" into ",").
_START = r"(?<![0-9.])(?<![0-9],)"
_SPOKEN_DIGIT = "[0-9一二两三四五六七八九]"
# Words that count or measure: a digit before one is a quantity (1200元一亩, 两块五一斤 is 2.5
# a 斤, 4块一斤 is 4), so it is no spoken tail of the amount before it.
_MEASURES = "个人天次年月日号岁张份件元块台辆斤两克吨亩平米只条瓶包袋盒箱杯碗本把套间户层栋趟"
# 3500元, 2000块钱, 3000多元, 两块五, 八十八块八毛八, 20块零5毛, 12.5元整, 5000RMB: the unit, then
# spoken tenths and hundredths.
_AMOUNT_UNIT = Scanner(
    re.compile(
        rf"{_START}(?:(?:¥|RMB|人民币)\s?)?{_NUMBER}\s?(?:多|余|来)?\s?(元|块|圆|RMB|CNY|rmb|人民币|yuan)"
        rf"(?:零(?P<fen>{_SPOKEN_DIGIT})分|零?(?P<tail>{_SPOKEN_DIGIT})(?:(?:毛|角)(?P<cents>{_SPOKEN_DIGIT})?分?)?"
        rf"(?![0-9二两三四五六七八九十百千万{_MEASURES}])|钱|整)?"
    )
)
# 五毛钱, 8角: tenths of a yuan alone.
_AMOUNT_JIAO = re.compile(
    rf"(?<![0-9.块元])(?P<jiao>{_SPOKEN_DIGIT})(?:毛|角)(?:(?P<cents>{_SPOKEN_DIGIT})(?![0-9一二两三四五六七八九十百千万个斤])分?|钱)?"
)
_TAIL_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"两": 2}
_AMOUNT_PREFIX = re.compile(rf"(?:¥|RMB|人民币)\s?{_NUMBER}(?![0-9])")
_MONEY_WORDS = (
    "收入|工资|月薪|年薪|薪水|金额|费用|补贴|补助|租金|房租|存款|欠款|欠薪|赔偿|报销|学费|押金|罚款|"
    "缴纳|拖欠|共计|合计|总计|一共|提取|余额|房价|市值|总价|首付|售价|价格|应付|实付|到账|贷款|养老金|"
    "退休金|津贴|救助金|低保金|资金数额|资金|月入|年入|缴费|交费|转账|要价|报价|标价|花费|开支|收费|"
    "退款|补缴|奖金|红包|彩礼|工钱|工程款|货款|本金|利息|月供|公积金|社保|医保|保险|房贷|车贷|负债|债务|"
    "积蓄|储蓄|到手|花销|开销|支出|消费|损失|营业额|利润|收益|成本|经费|垫付|保证金|定金|订金|补偿|报酬|"
    "薪酬|酬劳|总共|低保|网贷|花呗|借呗|价值"
)
# Money nouns of one character (物业费, 尾款, 房价): the number must follow at once or after 是/每月.
_MONEY_SUFFIX = "费|款|钱|价|薪|租|税|贷|金|奖|额"
# 挣了不到两万, 花了大概3000: a word of approximation between a money verb and its number.
_ABOUT = "(?:不到|将近|近|约|大约|大概|差不多|至少|最少|才|就|总共|一共)"
# What may not follow a number for it to be money without a unit: a quantity or date word (3次,
# 12楼, 2寸), a letter, a dash into another number, or the rest of a decimal (4.2%).
_NOT_MONEY_AFTER = (
    r"(?![0-9年月日号个天人次%岁楼层室栋幢座单弄巷组排路街村期平米斤公克吨度分秒小页条份件张台辆套间户期级届名位"
    r"元块本只把瓶箱袋盒回遍趟口头根支双对些样项种门科节周星岁寸栏步笔版A-Za-z]|-(?![0-9])|\.[0-9])"
)
# Verbs of paying, owing and earning: the number must follow closely (花了我1000, 被骗了25000),
# because 花园3幢 or 收件地址… are no money; 转 right after digits dials an extension (87652310转8023)
# and 扣扣 is QQ (扣扣382910475).
_MONEY_VERBS = (
    "花|交|缴|欠|挣|赚|罚|赔|骗|(?<![0-9])转|借|收|付|存|给|退|补|卖|买|要|报|拿|领|(?<!扣)扣(?!扣)|捐|垫|刷|发|亏|充|汇|贷|掏|攒|凑|"
    "用|值|剩下|剩|差|少|押|取|提"
)
# 工资5000, 金额：350.00, 被骗了25000: a number right after a money word or verb.
_AMOUNT_CUE = Scanner(
    re.compile(
        rf"(?:(?:{_MONEY_WORDS})[^0-9,.;!?。，；！？]{{0,6}}?|(?:{_MONEY_VERBS})(?:了|走|掉|着|给)?(?:我|他|她|你|了)?(?:是)?{_ABOUT}?"
        rf"|(?:{_MONEY_SUFFIX})(?:每月|每个月|每年|一个月|一共|共计|合计|总计|共|约)?(?:是|为|:)?\s?"
        r"|还(?:了|给)(?:我|他|她|你)?)"
        rf"{_NUMBER}"
        rf"{_NOT_MONEY_AFTER}"
    )
)
# 一个月2800, 每年12000, 一个月下来大概也就3000: a number of three digits or more a few words
# after a period of pay, with the same quantity words after it ruled out as after a money word
# (每月3次, 每年12天, 每月300度 are no money) and the same labels before it (一个月内拨打12345).
_AMOUNT_PERIOD = re.compile(
    rf"(?:每月|每个月|[一1]个月|每年|[一1]年)(?![前后内多半来级])[^0-9,.;!?。，；！？]{{0,6}}?"
    rf"{_START}([1-9][0-9]{{2,7}}|[1-9][0-9]{{0,2}}(?:,[0-9]{{3}})+)(\.[0-9]{{1,2}})?"
    rf"{_NOT_MONEY_AFTER}"
)
# 每人500, 每平米12000, 每斤15: a number right after 每 + what a price is for (two digits will do).
_AMOUNT_PER_UNIT = re.compile(
    rf"每(?:人|户|次|天|晚|小时|平米|平方米|平方|平|亩|斤|公斤|吨|件|台|套|间|张|位|份|桌|趟)"
    rf"(?:是|为|:|收|要|交|补|付|给|发)?{_START}([1-9][0-9]{{1,7}}|[1-9][0-9]{{0,2}}(?:,[0-9]{{3}})+)(\.[0-9]{{1,2}})?"
    rf"{_NOT_MONEY_AFTER}"
)
# 3500一个月, 300一天, 15一斤, 3000一台: a price for one of something is money without a money word.
_AMOUNT_EACH = Scanner(
    re.compile(
        rf"(?<!第){_START}{_NUMBER}(?:元|块)?(?=一(?:个月|个|台|斤|晚|天|次|位|人|平|份|张|本|只|把|条|双|对|辆|亩|"
        r"间|套|箱|袋|盒|瓶|年|月|小时|节|公斤|千克|克|件|顿|趟|桌|床|户|家))"
    )
)
# 两千左右, 一千出头: a bare number of three digits or more with an approximation after it is what
# something cost, unless a measure is named before it (身高170左右, 面积120上下).
_AMOUNT_APPROX = Scanner(re.compile(rf"{_START}([1-9][0-9]{{2,7}})(?=左右|上下|出头)"))
_MEASURE_NAMES = word_cue("measure_names")
# 收入3000-5000, 房租从2800涨到3200: the other end of a range (or of a change) after a money word.
_RANGE_TAIL = re.compile(
    rf"\s?(?:-|~|至|到|(?:涨|降|调|提|升|增|减)(?:到|至|为))\s?{_NUMBER}(?![0-9年月日号个天人次%岁楼层室栋幢座单弄巷组排路街村期平米])"
)
# Words that make the number after them something other than money: an identifier (账号, 编号),
# a rate (利率, 比例), a place in a form (第3栏), a count (人数, 期限), a number dialled (拨打12345)
# or a room (住在302).
_NUMBER_LABEL = word_cue("number_label")
# 13000的装修款, 800的补贴, 2000生活费: a bare number before a money word (right before it
# without 的, so 3款产品 and 12楼的房租 are no money).
_AMOUNT_BEFORE_CUE = Scanner(
    re.compile(
        rf"{_START}{_NUMBER}(?:多|余)?(?:(?:的|块钱的|元的)"
        r"(?=[\u4e00-\u9fff]{0,3}?(?:款|费|钱|工资|补贴|补助|租金|房租|押金|红包|彩礼|工钱|欠薪|低保|养老金|退休金|保险))"
        r"|(?=工资|生活费|医药费|医疗费|学费|房租|租金|押金|定金|订金|补贴|补助|红包|彩礼|工钱|欠薪|货款|工程款|"
        r"赔偿金|赔偿款|保证金|违约金|手续费|服务费|物业费|罚款|贷款|房贷|车贷|奖金|抚养费|赡养费|年终奖|低保|养老金|退休金|救助金|抚恤金|保险))"
    )
)
# 500-800元, 5万到8万元: the first end of a range whose second end carries the unit.
_RANGE_HEAD = re.compile(rf"{_START}{_NUMBER}\s?(?:-|~|至|到)\s?$")

_PHONE_CUE = word_cue("phone_cue")
_NOT_PHONE_LABEL = word_cue("not_phone_label")
_CARD_CUE = word_cue("card_cue")
_ANY_DIGIT = re.compile(r"[0-9]")
_NOT_PERSONAL = word_cue("not_personal")


def find_id_cards(text: str) -> list[Hit]:
    """18-character citizen ID numbers with a valid check digit, birth date and region."""
    hits = []
    for match in _ID.finditer(text):
        number = match.group().upper()
        if not is_valid_id_card(number) or not is_valid_region(number):
            continue
        born = id_birth_date(number)
        extra = {
            "birth_date": born.isoformat() if born else None,
            "gender": "男" if int(number[16]) % 2 else "女",
            "region": region_name(number[:6]),
            "region_code": number[:6],
        }
        role = relation_before(text, match.start())
        if role:
            extra["role"] = role
        hits.append(Hit("id_card", number, match.start(), match.end(), 0.99, extra))
    return hits


def _labelled_other(text: str, start: int) -> bool:
    """True when the nearest label before ``start`` names a card, account or order number, not a
    phone (社保卡号13912345678, 订单号…): a number is what its label says."""
    left = text[max(0, start - 10) : start]
    other = [m.end() for m in _NOT_PHONE_LABEL.finditer(left)]
    if not other:
        return False
    phone = [m.end() for m in _PHONE_CUE.finditer(left)]
    return not phone or max(other) >= max(phone)


def find_phones(text: str) -> list[Hit]:
    """Mainland mobiles (11 digits, optional +86) and landlines written with an area code, which
    may stand in brackets ((0571)88886666)."""
    hits = []
    for match in _MOBILE.finditer(text):
        if _labelled_other(text, match.start()):
            continue
        cued = has_cue(text, match.start(), _PHONE_CUE)
        hits.append(_phone_hit(text, match, match.group(1), 0.99 if cued else 0.95, "mobile"))
    for match in _LANDLINE.finditer(text):
        if _labelled_other(text, match.start()):
            continue
        cued = has_cue(text, match.start(), _PHONE_CUE)
        value = f"{match.group(1) or match.group(2)}-{match.group(3)}{match.group(4)}"
        hits.append(_phone_hit(text, match, value, 0.95 if cued else 0.8, "landline"))
    for match in _LOCAL_LANDLINE.finditer(text):
        hits.append(_phone_hit(text, match, match.group(1) + match.group(2), 0.8, "landline", match.start(1)))
    return hits


def _phone_hit(
    text: str, match: re.Match[str], value: str, confidence: float, kind: str, start: int | None = None
) -> Hit:
    start = match.start() if start is None else start
    extra = {"kind": kind}
    role = relation_before(text, start)
    if role:
        extra["role"] = role
    return Hit("phone", value, start, match.end(), confidence, extra)


def find_bank_cards(text: str) -> list[Hit]:
    """Luhn-valid 16–19 digit card numbers, unless the text calls them an order or case number.

    Card numbers start with 3–6 or 9 (UnionPay 62…, Visa 4…, Mastercard 5…); other first digits
    are accepted only after a card cue (卡号, 银行卡…), because date-stamped order numbers start
    with 1 or 2 and pass Luhn one time in ten.
    """
    hits = []
    for match in _CARD.finditer(text):
        number = match.group(1)
        if not is_valid_bank_card(number) or (len(number) == 18 and is_valid_id_card(number)):
            continue
        if has_cue(text, match.start(), _NOT_PERSONAL, window=8):
            continue
        cued = has_cue(text, match.start(), _CARD_CUE, window=12)
        if number[0] not in "34569" and not cued:
            continue
        hits.append(Hit("bank_card", number, match.start(), match.end(), 0.97 if cued else 0.9))
    return hits


def find_emails(text: str) -> list[Hit]:
    """E-mail addresses; the value is lower-cased because mailbox lookups ignore case in practice."""
    if "@" not in text:
        return []
    return [Hit("email", match.group().lower(), match.start(), match.end(), 0.98) for match in _EMAIL.finditer(text)]


def _amount_value(integer: str, fraction: str | None) -> int | float:
    digits = integer.replace(",", "")
    if fraction and int(fraction[1:]) != 0:
        return float(digits + fraction)
    return int(digits)


def _digit(ch: str) -> int:
    return int(ch) if ch.isdigit() else _TAIL_DIGITS[ch]


def _with_tail(value: int | float, match: re.Match[str]) -> int | float:
    """两块五 / 3块5毛 / 八十八块八毛八: the tail is tenths (and hundredths) of a yuan, as said aloud."""
    tail = match.groupdict().get("tail")
    if (fen := match.groupdict().get("fen")) and not match.group(2):  # 35块零五分 → 35.05
        return round(int(value) + _digit(fen) / 100, 2)
    if not tail or match.group(2):
        return value
    cents = match.group("cents")
    return round(int(value) + _digit(tail) / 10 + (_digit(cents) / 100 if cents else 0), 2)


def _labelled(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (the words before a number) names it a number, not money."""
    return _NUMBER_LABEL.search(text, start, end) is not None


def _form_unit(text: str, start: int, end: int) -> int:
    """10,000 where the label before a number gives its unit as 万元 (申请金额（万元）：5), else 1."""
    return 10_000 if "万元" in text[start:end] else 1


def _scaled(value: int | float, scale: int) -> int | float:
    return value if scale == 1 else round(value * scale, 2)


def find_amounts(text: str) -> list[Hit]:
    """Money in yuan: 3500元, 2000块钱, 3000多元, ¥120.50, 人民币800, 两块五, 五毛钱, the first end of
    a range (500-800元), and a number after a money word (工资5000, 被骗了25000) or before one
    (13000的装修款)."""
    if not _ANY_DIGIT.search(text) and "毛" not in text and "角" not in text:
        return []  # every amount but 五毛钱 has ASCII digits once normalised: skip the patterns
    hits: list[Hit] = []
    taken = bytearray(len(text))

    def add(start: int, end: int, value: int | float, confidence: float) -> None:
        if any(taken[start:end]):
            return
        hits.append(Hit("amount", value, start, end, confidence))
        taken[start:end] = b"\x01" * (end - start)

    for match in _AMOUNT_UNIT.finditer(text):
        head = _RANGE_HEAD.search(text, max(0, match.start() - 16), match.start())
        if head and not match.group(0).startswith(("¥", "RMB", "人民币")):
            add(
                head.start(),
                head.end(1) if not head.group(2) else head.end(2),
                _amount_value(head.group(1), head.group(2)),
                0.85,
            )
        add(match.start(), match.end(), _with_tail(_amount_value(match.group(1), match.group(2)), match), 0.9)
    for match in _AMOUNT_PREFIX.finditer(text):
        add(match.start(), match.end(), _amount_value(match.group(1), match.group(2)), 0.9)
    for match in _AMOUNT_CUE.finditer(text):
        if _labelled(text, match.start(), match.start(1)) or len(match.group(1)) > 9:
            continue  # 公积金账号12345678901, 社保卡号…: a labelled number, not money
        end = match.end(2) if match.group(2) else match.end(1)
        scale = _form_unit(text, match.start(), match.start(1))
        add(match.start(1), end, _scaled(_amount_value(match.group(1), match.group(2)), scale), 0.75)
        tail = _RANGE_TAIL.match(text, end)
        if tail and len(tail.group(1)) <= 9:
            add(tail.start(1), tail.end(), _scaled(_amount_value(tail.group(1), tail.group(2)), scale), 0.7)
    for match in _AMOUNT_PER_UNIT.finditer(text):
        add(match.start(1), match.end(2) if match.group(2) else match.end(1), _amount_value(*match.groups()), 0.7)
    for match in _AMOUNT_PERIOD.finditer(text):
        if _labelled(text, match.start(), match.start(1)):
            continue  # 一个月内打了三次120
        add(match.start(1), match.end(2) if match.group(2) else match.end(1), _amount_value(*match.groups()), 0.7)
    for match in _AMOUNT_APPROX.finditer(text):
        if not _labelled(text, max(0, match.start() - 6), match.start()) and not _MEASURE_NAMES.search(
            text, max(0, match.start() - 8), match.start()
        ):
            add(match.start(1), match.end(1), int(match.group(1)), 0.6)
    for match in _AMOUNT_EACH.finditer(text):
        if not _labelled(text, max(0, match.start(1) - 4), match.start(1)) and len(match.group(1)) <= 9:
            add(match.start(1), match.end(), _amount_value(match.group(1), match.group(2)), 0.7)
    for match in _AMOUNT_BEFORE_CUE.finditer(text):
        if _labelled(text, max(0, match.start(1) - 4), match.start(1)) or len(match.group(1)) > 9:
            continue  # 订单号15012345678的退款
        add(
            match.start(1),
            match.end(2) if match.group(2) else match.end(1),
            _amount_value(match.group(1), match.group(2)),
            0.7,
        )
    for match in _AMOUNT_JIAO.finditer(text):
        cents = match.group("cents")
        add(
            match.start(),
            match.end(),
            round(_digit(match.group("jiao")) / 10 + (_digit(cents) / 100 if cents else 0), 2),
            0.7,
        )
    hits.sort(key=lambda hit: hit.start)
    return hits
