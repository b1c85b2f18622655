"""The word cues of the answer's rules kept as data (data/cue_words.yaml, by module), read by the
one reader of the policies' word-list files (govhall.policies._word_lists), as the clause cues are."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from govhall.policies import answer, qtypes, rules
from govhall.policies._word_lists import compile_word_lists, cue_words


def _shipped() -> dict[str, Any]:
    text = resources.files("govhall.policies").joinpath("data/cue_words.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert isinstance(raw, dict)
    return raw


def test_each_module_reads_its_section_in_file_order() -> None:
    raw = _shipped()
    assert list(raw["rules"]) == list(rules._RULE_WORDS)
    assert list(raw["answer"]) == list(answer._ANSWER_WORDS)
    assert rules._LEAVING.pattern == "|".join(raw["rules"]["leaving"])
    assert rules._LEAVING.search("公司倒闭了") and not rules._LEAVING.search("公司搬家了")
    assert qtypes._TIME_ASKED.search("要多少个工作日")


def test_a_list_missing_or_unknown_fails_naming_the_file_and_module() -> None:
    with pytest.raises(ValueError, match=r"cue_words\.yaml \(rules\): needs the word lists"):
        cue_words("rules", (*rules._RULE_WORDS, "extra"))
    with pytest.raises(ValueError, match=r"cue_words\.yaml \(nowhere\): needs the word lists"):
        cue_words("nowhere", ("leaving",))
    raw = _shipped()["rules"]
    with pytest.raises(ValueError, match=r"pays must be a non-empty list of words"):
        compile_word_lists({**raw, "pays": []}, "cue_words.yaml (rules)", tuple(raw))
