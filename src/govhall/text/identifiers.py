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
from govhall.text.divisions import is_valid_region, region_name
from govhall.text.validators import id_birth_date, is_valid_bank_card, is_valid_id_card

__all__ = ["find_amounts", "find_bank_cards", "find_emails", "find_id_cards", "find_phones"]

_ID = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9+])(?:(?:\+|00)?86-?)?(1[3-9][0-9]{9})(?![0-9])")
_LANDLINE = re.compile(
    r"(?<![0-9])(?:\((0(?:10|2[0-9]|[3-9][0-9]{2}))\)\s?-?|(0(?:10|2[0-9]|[3-9][0-9]{2}))-?)([2-9][0-9]{6,7})(?![0-9])"
)
_CARD = re.compile(r"(?<![0-9])([1-9][0-9]{15,18})(?![0-9])")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9-])"
)
_AMOUNT_UNIT = re.compile(
    r"(?<![0-9.,])(?:(?:¥|RMB|人民币)\s?)?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?\s?"
    r"(元|块|圆)(?:(?P<tail>[1-9一二两三四五六七八九])(?:毛|角)?(?![0-9一二两三四五六七八九十百千万个人天次年月日号岁张份件元块台辆])|钱|整)?"
)
_TAIL_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"两": 2}
_AMOUNT_PREFIX = re.compile(r"(?:¥|RMB|人民币)\s?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?(?![0-9])")
_AMOUNT_CUE = re.compile(
    r"(?:收入|工资|月薪|年薪|薪水|金额|费用|补贴|补助|租金|房租|存款|欠款|欠薪|赔偿|报销|学费|押金|罚款|"
    r"花了|交了|缴纳|缴了|拖欠|欠我|共计|合计|总计|一共|提取了|提取|余额|房价|市值|总价|首付|售价|价格|"
    r"应付|实付|到账|贷款|养老金|退休金|津贴|救助金|低保金|资金数额|资金)"
    r"[^0-9,.;:!?。，；！？]{0,5}?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?"
    r"(?![0-9年月日号个天人次%岁楼层室栋期平米-])"
)

_PHONE_CUE = re.compile(r"电话|手机|联系|号码|tel|Tel|TEL|致电|打给|微信")
_NOT_PHONE_LABEL = re.compile(
    r"订单|单号|编号|流水|案号|快递|运单|合同号|发票|工单|批次|序列号|受理号|件号|税号|代码|"
    r"卡号|账号|帐号|账户|帐户|社保号|医保号|保单号|会员号|学号|工号|户号|缴费号"
)
_CARD_CUE = re.compile(r"卡号|银行卡|账号|帐号|储蓄卡|借记卡|信用卡|工资卡|社保卡|开户|户名|银行")
_NOT_PERSONAL = re.compile(r"订单|单号|编号|流水|案号|快递|运单|合同号|发票|工单|批次|序列号|受理号|件号|税号|代码")


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
        value = f"{match.group(1) or match.group(2)}-{match.group(3)}"
        hits.append(_phone_hit(text, match, value, 0.95 if cued else 0.8, "landline"))
    return hits


def _phone_hit(text: str, match: re.Match[str], value: str, confidence: float, kind: str) -> Hit:
    extra = {"kind": kind}
    role = relation_before(text, match.start())
    if role:
        extra["role"] = role
    return Hit("phone", value, match.start(), match.end(), confidence, extra)


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


def find_amounts(text: str) -> list[Hit]:
    """Money in yuan: 3500元, 2000块钱, ¥120.50, 人民币800, and 工资5000 after a money cue."""
    hits: list[Hit] = []
    taken: set[int] = set()
    for pattern, confidence in ((_AMOUNT_UNIT, 0.9), (_AMOUNT_PREFIX, 0.9), (_AMOUNT_CUE, 0.75)):
        for match in pattern.finditer(text):
            start, end = match.span() if pattern is not _AMOUNT_CUE else match.span(1)
            if pattern is _AMOUNT_CUE and match.group(2):
                end = match.end(2)
            if start in taken or any(i in taken for i in range(start, end)):
                continue
            value = _amount_value(match.group(1), match.group(2))
            tail = match.groupdict().get("tail")
            if tail and not match.group(2):
                # 两块五 / 3块5毛: the tail is tenths of a yuan, as said aloud
                value = int(value) + (int(tail) if tail.isdigit() else _TAIL_DIGITS[tail]) / 10
            hits.append(Hit("amount", value, start, end, confidence))
            taken.update(range(start, end))
    return hits
