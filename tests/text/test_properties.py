"""Universal rules, checked with hypothesis: valid identifiers are found and masked, invalid ones are not."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.text import extract, fake_bank_card, fake_id_number, fake_mobile, mask
from govhall.text.validators import id_check_digit

# Han text around the identifiers, without numerals: a numeral written right after digits is read as
# more digits by design (139一二三四五六七八 is a mobile), so 卡号6222…一一 is a longer number.
HAN = st.text(
    alphabet=st.characters(
        min_codepoint=0x4E00, max_codepoint=0x9FA5, exclude_characters="〇零一二两三四五六七八九十百千万亿幺"
    ),
    max_size=12,
)
SEP = st.sampled_from(["", "，", "：", " ", "。", "号码是"])
SEEDS = st.integers(min_value=0, max_value=2**32)


@settings(max_examples=150, deadline=None)
@given(before=HAN, after=HAN, sep=SEP, seed=SEEDS)
def test_valid_identifiers_in_chinese_text_are_found_and_masked(before: str, after: str, sep: str, seed: int) -> None:
    rng = random.Random(seed)
    id_number, phone = fake_id_number(rng, born=date(1990, 5, 17)), fake_mobile(rng)
    card = fake_bank_card(rng, rng.choice((16, 19)))
    text = f"{before}{sep}身份证{id_number}，电话{phone}，卡号{card}{sep}{after}"
    found = {(e.type, e.value) for e in extract(text, today=date(2025, 6, 15))}
    assert ("id_card", id_number) in found
    assert ("phone", phone) in found
    assert ("bank_card", card) in found
    masked = mask(text)
    for secret in (id_number, phone, card):
        assert secret not in masked


@settings(max_examples=200, deadline=None)
@given(seed=SEEDS, wrong=st.sampled_from("0123456789X"))
def test_wrong_check_digits_are_never_ids(seed: int, wrong: str) -> None:
    number = fake_id_number(random.Random(seed))
    if wrong == id_check_digit(number[:17]):
        return
    invalid = number[:17] + wrong
    assert not [e for e in extract(f"身份证号{invalid}") if e.type == "id_card"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    entities = extract(text)
    for entity in entities:
        assert 0 <= entity.start < entity.end <= len(text)
    assert isinstance(mask(text), str)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_binary_garbage_never_crashes(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace") + data.decode("latin-1")
    extract(text)
    mask(text)
