"""Invented personal data that passes every checksum: for demos, evaluation sets and tests.

Real-looking but fake identifiers let us test extraction and masking without ever handling a
real citizen's number. All functions take a ``random.Random`` so that data sets are reproducible.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from govhall.text.validators import id_check_digit, luhn_check_digit

__all__ = ["fake_bank_card", "fake_id_number", "fake_mobile"]

_REGIONS = ("110105", "110108", "310104", "310115", "440106", "440305", "330106", "510107", "420111")
_MOBILE_PREFIXES = ("130", "133", "135", "136", "138", "139", "150", "152", "158", "177", "181", "186", "189", "199")


def fake_id_number(rng: random.Random, region: str | None = None, born: date | None = None) -> str:
    """A valid 18-character ID number (known region, real birth date, right check digit)."""
    region = region or rng.choice(_REGIONS)
    born = born or date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    first17 = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_digit(first17)


def fake_bank_card(rng: random.Random, length: int = 19, prefix: str = "6222") -> str:
    """A Luhn-valid card number of ``length`` digits starting with ``prefix`` (UnionPay by default)."""
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def fake_mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number with a real operator prefix."""
    return rng.choice(_MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))
