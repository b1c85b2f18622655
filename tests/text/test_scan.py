"""The cue scanner gives exactly the matches of the pattern it wraps, only faster."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.text import _kinds, dates, identifiers, names
from govhall.text._scan import Scanner, excluded_before, first_characters

DEV = Path(__file__).resolve().parents[1] / "data" / "text"


def _spans(matches: object) -> list[tuple[tuple[int, int], int | None, tuple[str | None, ...]]]:
    return [(m.span(), m.lastindex, m.groups()) for m in matches]  # type: ignore[attr-defined]


def test_first_characters_of_a_pattern() -> None:
    assert first_characters(re.compile(r"(?<=a)(?:ab|[c-e]d)+x?")) == frozenset(map(ord, "acde"))
    assert first_characters(re.compile(r"(?:^|(?<=,))(?:我是|本人)?叫")) == frozenset(map(ord, "我本叫"))
    assert first_characters(re.compile(r"x?")) is None  # may match empty
    assert first_characters(re.compile(r"[^a]b")) is None  # a negated set opens it
    assert first_characters(re.compile(r"\d+")) is None  # a category opens it
    assert first_characters(re.compile(r"abc", re.IGNORECASE)) is None


def test_characters_a_leading_lookbehind_rules_out() -> None:
    assert excluded_before(re.compile(r"(?<![0-9.])(?<!第)[0-9]+元")) == frozenset(map(ord, "0123456789.第"))
    assert excluded_before(re.compile(r"(?<![0-9],)[0-9]+")) == frozenset()  # two characters wide
    assert excluded_before(re.compile(r"(?<![0-9])a|b")) == frozenset()  # one alternative's only


PATTERNS = [
    re.compile(r"(?<![0-9])(?:ab|b[cd]?)+(?=[a-c])|c(?<=[bc]c)d*"),
    re.compile(r"(?:我是|是|我)(?P<rel>妈妈|爸爸)?(?:叫)?|(?P<label>姓名)(?=[:：])"),
    re.compile(r"(?<![0a])(?<!b)(?<!ab)[0a-c]+(?:d|叫)?"),  # a run's first character only
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcd0我是妈爸叫姓名:：", max_size=30))
def test_the_scanner_finds_what_the_pattern_finds(text: str) -> None:
    for pattern in PATTERNS:
        assert _spans(Scanner(pattern).finditer(text)) == _spans(pattern.finditer(text))
        found = Scanner(pattern).search(text)
        expected = pattern.search(text)
        assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize(
    "scanner",
    [
        names._CUE,
        names._LABEL,
        _kinds._LABELLED_NUMBER,
        _kinds._HOUSE_NUMBER,
        _kinds._BIRTH,
        _kinds._FOREIGN_PHONE,
        identifiers._AMOUNT_UNIT,
        identifiers._AMOUNT_CUE,
        identifiers._AMOUNT_EACH,
        identifiers._AMOUNT_APPROX,
        identifiers._AMOUNT_BEFORE_CUE,
        dates._FULL,
        dates._YEAR_MONTH,
        dates._MONTH_DAY,
    ],
)
def test_the_wrapped_cue_patterns_match_as_before_on_the_dev_texts(scanner: Scanner) -> None:
    assert first_characters(scanner.pattern) is not None  # the jump is in use
    texts = [json.loads(line)["text"] for path in sorted(DEV.glob("dev_*.jsonl")) for line in path.open()]
    assert len(texts) > 400
    for text in texts:
        assert _spans(scanner.finditer(text)) == _spans(scanner.pattern.finditer(text))
