"""The word cues of the assistant's rules kept as data (data/cues.yaml, ``words``): lists of words a
rule looks for, read back as the alternations the code once wrote inline.

A list is read in file order, each word as written; a mistake in the file must stop the assistant
when the file is read, and a list a rule asks for that the file lacks must be named."""

from __future__ import annotations

import copy
import re
from importlib import resources
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from govhall.assistant import _cues, _options, dialogue, slots
from govhall.assistant._cues import CueTables, composed_cue, cue_tables, word_cue
from govhall.assistant._numbers import small_number


def _raw() -> dict[str, Any]:
    text = resources.files("govhall.assistant").joinpath("data/cues.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert isinstance(raw, dict)
    return raw


def test_a_word_cue_is_its_words_in_file_order() -> None:
    words = _raw()["words"]["dialogue"]["condition_words"]
    assert cue_tables().words["dialogue"]["condition_words"] == tuple(words)
    assert dialogue._CONDITION_WORDS.pattern == "|".join(words)
    assert word_cue("dialogue", "condition_words").search("我够不够格申请").group() in words


def test_a_rule_reads_its_cue_with_its_flags() -> None:
    assert dialogue._GREETING.flags & re.IGNORECASE
    assert dialogue._GREETING.search("Hello，在吗")
    assert slots._SUBMIT.search("那就提交吧") and not slots._SUBMIT.search("还要再看看")


def test_a_word_is_taken_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _raw()
    raw["words"]["slots"]["submit"] = ["提交", "N+1", "a.b"]
    monkeypatch.setattr(_cues, "cue_tables", lambda: CueTables.model_validate(raw))
    cue = word_cue("slots", "submit")
    assert cue.search("按N+1算") and not cue.search("NN1") and not cue.search("axb")


def test_a_cue_the_file_lacks_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _raw()
    del raw["words"]["slots"]["submit"]
    monkeypatch.setattr(_cues, "cue_tables", lambda: CueTables.model_validate(raw))
    with pytest.raises(KeyError, match=r"words\.slots\.submit"):
        word_cue("slots", "submit")


def test_a_composed_rule_takes_its_lists_from_the_file_and_keeps_its_own_anchors() -> None:
    kin = word_cue("slots", "pair_kin").pattern
    assert composed_cue("slots", "^(?:{pair_kin})$").pattern == f"^(?:{kin})$"
    assert slots._PAIR_KIN.match("外公外婆") and not slots._PAIR_KIN.match("外公外婆家")
    assert composed_cue("slots", "{rough}.{0,4}{submit}").pattern == "多|左右|几|来.{0,4}提交|确认"  # {0,4} is no name
    assert slots._TRAILING.sub("", "住所那个吧") == "住所"
    assert slots._NO.search("不") and slots._NO.search("我不愿意") and not slots._NO.search("不太清楚")
    assert slots._YES.search("ok的") and slots._YES.search("我同意") and not slots._YES.search("不清楚")


def test_a_composed_rule_names_a_list_the_file_lacks() -> None:
    with pytest.raises(KeyError, match=r"words\.slots\.nothing_here"):
        composed_cue("slots", "^(?:{nothing_here})$")


MISTAKES = [
    ("an unknown module", lambda raw: raw["words"].update(nowhere={"x": ["词"]})),
    ("an empty list", lambda raw: raw["words"]["dialogue"].update(law=[])),
    ("an empty word", lambda raw: raw["words"]["dialogue"]["law"].append("")),
    ("a number for a word", lambda raw: raw["words"]["dialogue"]["law"].append(5)),
    ("one word, not a list", lambda raw: raw["words"]["dialogue"].update(law="工伤")),
]


@pytest.mark.parametrize("mistake", [m for _, m in MISTAKES], ids=[what for what, _ in MISTAKES])
def test_a_mistake_in_the_file_fails_when_read(mistake: Any) -> None:
    raw = _raw()
    CueTables.model_validate(raw)  # the shipped file passes, so the mistake is what fails
    broken = copy.deepcopy(raw)
    mistake(broken)
    with pytest.raises(ValidationError):
        CueTables.model_validate(broken)


def test_the_small_numbers_are_read_in_one_place() -> None:
    assert slots._count is small_number
    assert small_number("二十三") == 23 and small_number("十二") == 12 and small_number("7") == 7
    assert small_number("十") == 10 and small_number("两") == 2 and small_number("几") == 0
    assert _options.numbered_pick("第十一个", [f"选项{i}" for i in range(1, 13)]) == "选项11"


def test_round_three_word_tables_are_read_from_the_file() -> None:
    words = _raw()["words"]
    assert "|".join(words["slots"]["slips"]) == slots._SLIPS
    assert slots._CORRECTION.search("电话号码我输错了")
    assert slots._EARNERS.match("的收入一共三千") and not slots._EARNERS.match("都住在一起")
    assert slots._BA_SPLIT.match("不准外传") and not slots._BA_SPLIT.match("别外传了")
    assert slots._THIRD_NAMED.search("那个房东叫") and "|".join(words["slots"]["other_party"]) == slots._OTHER_PARTY
    assert dialogue._CASE_FILLER.sub(" ", "要是手续特别多呢？").split() == ["手续", "多"]
