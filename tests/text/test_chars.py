"""``govhall.text.chars``: the character classes written once for every package (the Han range of a
rule, a lone surrogate)."""

from __future__ import annotations

import re

from govhall.api import inputs
from govhall.opinion import ingest
from govhall.text import HAN, LONE_SURROGATE, _dotted, _recall, _written, names


def test_the_han_range_is_one_constant_in_every_name_module() -> None:
    assert all(module._HAN is HAN for module in (_written, names, _dotted, _recall))
    han = re.compile(f"[{HAN}]+")
    assert han.fullmatch("申请低保") and not han.search("abc 123，。")


def test_a_lone_surrogate_is_found_and_a_pair_is_not() -> None:
    assert LONE_SURROGATE.search("名字\ud800")
    assert not LONE_SURROGATE.search("𠀀 and 😀 are whole characters")
    assert inputs.LONE_SURROGATE is LONE_SURROGATE and ingest.LONE_SURROGATE is LONE_SURROGATE
