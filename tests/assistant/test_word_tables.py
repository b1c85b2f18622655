"""The assistant's word tables kept as data (data/profile_words.yaml, data/people_words.yaml).

A clerk edits these files without touching code, so a mistake in them must stop the assistant
with the file's error when it is read, not leave a fact unread or a value with the wrong person.
"""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from govhall.assistant._people import KIN_WORDS, People, PeopleWords, people_words, person_of
from govhall.assistant.knowledge import ProfileWords, profile_words, read_profile


def _raw(name: str) -> dict[str, Any]:
    text = resources.files("govhall.assistant").joinpath(f"data/{name}").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert isinstance(raw, dict)
    return raw


def test_the_shipped_tables_load_once() -> None:
    assert profile_words() is profile_words()
    assert people_words() is people_words()
    assert profile_words().aliases["户口本"] == "户口簿"
    assert people_words().kin == KIN_WORDS and "外孙女" in people_words().grandchildren


def test_the_tables_are_read() -> None:
    """Each table reaches the code that uses it: a fact, an employment status, a group, an alias,
    a title naming the applicant and a relative's words."""
    reading = read_profile("我是外地人，被裁员了，没房")
    assert reading.values["hukou_local"] is False
    assert reading.values["employment_status"] == "失业"
    assert "住房困难家庭" in reading.groups
    assert person_of("申报人姓名") == "本人" and person_of("父亲姓名") == "父亲"
    form = {"properties": {"applicant_name": {"type": "string", "title": "姓名"}, "mother": {"title": "母亲姓名"}}}
    assert any(m.word == "我们俩" for m in People(form).mentions("我们俩都在"))


def _flags(raw: dict[str, Any]) -> list[dict[str, Any]]:
    flags = raw["flags"]
    assert isinstance(flags, list)
    return flags


PROFILE_MISTAKES = [
    ("an unknown table", lambda raw: raw.update(flag=[])),
    ("a pattern that does not compile", lambda raw: _flags(raw)[0].update(pattern="残疾(")),
    ("a field the profile has not", lambda raw: _flags(raw)[0].update(field="is_disabled")),
    ("a field that is no yes/no fact", lambda raw: _flags(raw)[0].update(field="age")),
    ("a value that is no yes/no", lambda raw: _flags(raw)[0].update(value="no")),
    ("a status the rules do not use", lambda raw: raw["employment"][0].update(status="待业")),
    ("a row with a key left out", lambda raw: raw["groups"][0].pop("group")),
]
PEOPLE_MISTAKES = [
    ("a grandchild who is no relative", lambda raw: raw["grandchildren"].append("重孙")),
    ("an empty word", lambda raw: raw["kin"].append("")),
    ("an empty list", lambda raw: raw.update(third_person=[])),
    ("a number for a word", lambda raw: raw["phone_words"].append(110)),
    ("an unknown table", lambda raw: raw.update(kinship=[])),
]


@pytest.mark.parametrize(
    ("model", "name", "mistake"),
    [(ProfileWords, "profile_words.yaml", m) for _, m in PROFILE_MISTAKES]
    + [(PeopleWords, "people_words.yaml", m) for _, m in PEOPLE_MISTAKES],
    ids=[f"profile: {what}" for what, _ in PROFILE_MISTAKES] + [f"people: {what}" for what, _ in PEOPLE_MISTAKES],
)
def test_a_mistake_in_a_table_fails_when_read(model: type[BaseModel], name: str, mistake: Any) -> None:
    raw = copy.deepcopy(_raw(name))
    model.model_validate(raw)  # the shipped file passes, so the mistake is what fails
    mistake(raw)
    with pytest.raises(ValidationError):
        model.model_validate(raw)
