"""The text rules' word tables kept as data (data/cue_words.txt): a table a line, read back as the
alternations the rules once wrote inline, in the order written."""

from __future__ import annotations

import pytest

from govhall.text import _resources, dates, identifiers, names
from govhall.text._resources import cue_words, parse_cue_words, word_cue, word_table


def test_a_table_is_its_words_in_file_order() -> None:
    assert cue_words() is cue_words()
    assert identifiers._CARD_CUE.pattern == "|".join(cue_words()["card_cue"])
    assert word_cue("rel_day").search("大前天下午").group() == "大前天"  # the longer word is listed first


def test_a_word_is_taken_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_resources, "cue_words", lambda: {"cue": ("a.b", "c+")})
    assert word_cue("cue").search("a.b") and not word_cue("cue").search("axb")


def test_a_half_written_table_fails_naming_the_file() -> None:
    tables = parse_cue_words(["cue 电话 手机", "label 号 码"], "t.txt")
    assert tables == {"cue": ("电话", "手机"), "label": ("号", "码")}
    with pytest.raises(ValueError, match=r"t\.txt: word table cue is empty"):
        parse_cue_words(["cue"], "t.txt")
    with pytest.raises(ValueError, match=r"t\.txt: word table cue is given twice"):
        parse_cue_words(["cue 电话", "cue 手机"], "t.txt")
    with pytest.raises(KeyError, match="no table nothing"):
        word_cue("nothing")


def test_the_rules_read_their_tables() -> None:
    assert dates._REL_DAY.pattern.startswith("大前天|前天")
    assert identifiers._PHONE_CUE.search("联系电话")


def test_the_ethnic_groups_after_a_record_name_are_a_table() -> None:
    assert "|".join(cue_words()["ethnic_groups"]) == names._ETHNIC_WORDS
    # read on normalised text, where the comma is ASCII
    assert names._ETHNIC.search("达瓦次仁,藏族") and not names._ETHNIC.search("达瓦次仁,家族")


def test_the_name_rules_look_words_up_in_tables() -> None:
    """The masking recall's word sets and tuples are tables too (moved from code in round 15): a set
    holds every word of its table, a tuple keeps the file's order (a text's start or end is tested
    against it), and a missing table fails naming it."""
    from govhall.text import _recall

    assert word_table("bracket_roles") == _recall._BRACKET_ROLES
    assert frozenset(cue_words()["not_bracketed"]) == _recall._NOT_BRACKETED
    assert _recall._SPEAK_PARTNERS[:2] == ("跟", "对")
    assert "通知过" in _recall._TAKES_PERSON and "帮" in _recall._takes_person_before().pattern
    assert {"时候", "找了"} <= _recall._SLOT_VERBS and "在" in _recall._SLOT_PLACE_BEFORE
    assert "邻居" in _recall._KIN_WORDS and "监护人" not in _recall._KIN_WORDS
    with pytest.raises(KeyError, match="no table nothing"):
        word_table("nothing")
