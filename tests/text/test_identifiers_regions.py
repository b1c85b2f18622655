"""An ID number keeps the region code it was issued under, even of a prefecture abolished since."""

from __future__ import annotations

from govhall.text import extract
from govhall.text.divisions import is_valid_region


def _id(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def test_an_abolished_prefecture_in_a_known_province_is_a_region() -> None:
    number = _id("51302119810227197")  # 达县 of the former 达川地区
    assert is_valid_region(number)
    found = [e for e in extract(f"身份证{number}") if e.type == "id_card"]
    assert found and found[0].value == number and found[0].extra["region"] == "四川省"


def test_a_code_outside_every_province_is_no_region() -> None:
    assert not is_valid_region(_id("99010119810227197"))
    assert not is_valid_region(_id("20010119810227197"))
