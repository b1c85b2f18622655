"""The assistant's ordered cue tables kept as data (data/cues.yaml): fallback act rules, question
types and guide aspects.

Order is meaning in these tables (the first label that matches wins), a pattern may be written in
parts, and a mistake in the file must stop the assistant when the file is read.
"""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from govhall.assistant._cues import CueTables, cue_table, cue_tables, first_cue
from govhall.assistant.acts import ACTS, rule_act
from govhall.assistant.guide import guide_aspect
from govhall.assistant.understand import question_type_of


def _raw() -> dict[str, Any]:
    text = resources.files("govhall.assistant").joinpath("data/cues.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert isinstance(raw, dict)
    return raw


def test_the_tables_load_once_in_file_order() -> None:
    assert cue_tables() is cue_tables()
    assert [label for label, _ in cue_table("acts")] == list(_raw()["acts"])
    assert {label for label, _ in cue_table("acts")} <= set(ACTS)


def test_the_first_label_that_matches_wins() -> None:
    assert rule_act("帮我转人工，我要投诉") == "handoff"  # handoff stands before complain
    assert first_cue(cue_table("acts"), "今天天气不错") is None


def test_a_pattern_in_parts_and_one_that_ignores_case() -> None:
    assert question_type_of("还要等几个月") == "how_long"  # the second part of how_long's pattern
    assert rule_act("OK") == "confirm" and rule_act("Thank you") == "thanks"
    assert guide_aspect("能寄到家里吗") == "delivery"


MISTAKES = [
    ("an unknown table", lambda raw: raw.update(topics={})),
    ("a table left out", lambda raw: raw.pop("aspects")),
    ("a pattern that does not compile", lambda raw: raw["acts"].update(restart="重来(")),
    ("a number for a pattern", lambda raw: raw["aspects"].update(fee=5)),
    ("a part that is no text", lambda raw: raw["question_types"].update(how_long=["多久", 3])),
]


@pytest.mark.parametrize("mistake", [m for _, m in MISTAKES], ids=[what for what, _ in MISTAKES])
def test_a_mistake_in_the_file_fails_when_read(mistake: Any) -> None:
    raw = copy.deepcopy(_raw())
    CueTables.model_validate(raw)  # the shipped file passes, so the mistake is what fails
    mistake(raw)
    with pytest.raises(ValidationError):
        CueTables.model_validate(raw)
