"""The clause rerank's cue words kept as data (data/clause_cues.yaml).

A deployment may extend the lists, so a list missing or malformed must fail when the file is read,
not leave a feature of every clause at zero.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from govhall.policies.rerank import _compile_cues, asked_shape


def _shipped() -> dict[str, Any]:
    text = resources.files("govhall.policies").joinpath("data/clause_cues.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert isinstance(raw, dict)
    return raw


def test_the_question_side_cues_are_read() -> None:
    assert asked_shape("公司一直不给我交社保怎么办").not_done
    assert asked_shape("产假最少能休多少天").floor
    assert asked_shape("最长能领几个月").ceiling
    assert asked_shape("要提前多久去换证").ahead
    assert asked_shape("我是华侨，结婚登记要带什么").group
    plain = asked_shape("结婚登记要带什么")
    assert not (plain.not_done or plain.floor or plain.ceiling or plain.ahead or plain.group)


def test_a_word_with_a_regex_character_is_taken_as_written() -> None:
    cues = _compile_cues({**_shipped(), "floor": ["N+1"]}, "test")
    assert cues["floor"].search("按N+1补偿") and not cues["floor"].search("NN1")


MISTAKES = [
    ("a list left out", lambda raw: raw.pop("groups")),
    ("an unknown list", lambda raw: raw.update(lowest=["最低"])),
    ("an empty list", lambda raw: raw.update(floor=[])),
    ("an empty word", lambda raw: raw["ceiling"].append("")),
    ("a number for a word", lambda raw: raw["ceiling"].append(5)),
    ("one word, not a list", lambda raw: raw.update(floor="至少")),
]


@pytest.mark.parametrize("mistake", [m for _, m in MISTAKES], ids=[what for what, _ in MISTAKES])
def test_a_mistake_in_the_file_fails_when_read(mistake: Any) -> None:
    raw = _shipped()
    _compile_cues(raw, "clause_cues.yaml")  # the shipped file passes, so the mistake is what fails
    mistake(raw)
    with pytest.raises(ValueError, match=r"clause_cues\.yaml"):
        _compile_cues(raw, "clause_cues.yaml")
