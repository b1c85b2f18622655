"""Checksum validators for Chinese personal identifiers (GB 11643 ID numbers, Luhn bank cards, mobiles).

They are pure functions with no dependencies so that form validation, entity extraction and
masking all agree on what counts as a real identifier.
"""

from __future__ import annotations

import re
from datetime import date

from govhall.localtime import local_today

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")
# First two digits of the administrative-division code (provinces, GB/T 2260), plus 71/81/82 for
# Taiwan, Hong Kong and Macao residence permits.
_PROVINCE_CODES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83"
)
_PROVINCE_PREFIXES = frozenset(_PROVINCE_CODES.split())
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits of a citizen ID number."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_birth_date(number: str) -> date | None:
    """The birth date encoded in an 18-character ID number, or None when it is not a real date."""
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if born.year < 1900 or born > local_today():  # the citizen's day (Beijing), not the host's
        return None
    return born


def is_valid_id_card(number: str) -> bool:
    """True for an 18-character ID number with a valid province, birth date and check digit.

    A lower-case ``x`` is not accepted: callers normalise first so that stored values are canonical.
    """
    if not _ID_SHAPE.match(number):
        return False
    if number[:2] not in _PROVINCE_PREFIXES:
        return False
    if id_birth_date(number) is None:
        return False
    return id_check_digit(number[:17]) == number[17]


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn (mod 10) check used by bank cards."""
    return digits.isdigit() and _luhn_sum(digits, doubled=1) % 10 == 0


def _luhn_sum(digits: str, doubled: int) -> int:
    """The Luhn sum of ``digits``, doubling every other digit from the right starting at position
    ``doubled`` (1 for a full number, whose last digit is the check digit; 0 for a number that
    still lacks it)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == doubled:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total


def is_valid_bank_card(number: str) -> bool:
    """True for a 16–19 digit Luhn-valid card number."""
    return 16 <= len(number) <= 19 and luhn_valid(number)


def is_valid_mobile(number: str) -> bool:
    """True for an 11-digit mainland mobile number (1[3-9]xxxxxxxxx)."""
    return bool(_MOBILE.match(number))


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a unified social credit code."""
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    """True for an 18-character unified social credit code (GB 32100-2015) with a valid check character."""
    return bool(_USCC_SHAPE.match(code)) and uscc_check_char(code[:17]) == code[17]


def luhn_check_digit(digits: str) -> str:
    """The digit that makes ``digits`` + it pass :func:`luhn_valid` (for test and demo data)."""
    return str((10 - _luhn_sum(digits, doubled=0) % 10) % 10)
