"""Names of entitlements, fees and documents in a question, and whether the library names them
(issue 18, round 4): a question next to a covered topic is told apart by the thing it asks for."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.policies import search
from govhall.policies._bm25 import token_keys
from govhall.policies.terms import asked_terms, unknown_terms
from govhall.text import normalize


def test_terms_are_the_named_entitlements_with_their_modifier_and_without_verbs() -> None:
    # the segmenter splits unknown compounds (陪 + 产假, 年 + 假); the modifier belongs to the term
    assert asked_terms("老婆生了，我作为男方能请几天陪产假？") == ["陪产假"]
    assert asked_terms("干满一年了，带薪年假有几天") == ["年假"]
    # a verb or a question word before the term is not part of it
    assert asked_terms("生完孩子能休多少天产假") == ["产假"]
    assert asked_terms("领着失业金又拒绝了介绍的工作会怎样") == ["失业金"]
    # words that only end like a term
    assert asked_terms("驾照快到期了，下个星期去换") == []
    # nor with the word before it (又 + 到期)
    assert asked_terms("在单位干了十一年，合同又到期了，能续签吗") == []
    # a right is a named thing too
    assert asked_terms("要离婚了，孩子的抚养权归谁") == ["抚养权"]
    # a school holiday is a time of year, not a leave one is entitled to (round 8)
    assert asked_terms("女儿想趁暑假去考个证，年纪够不够") == []
    assert asked_terms("寒假带孩子出国，护照要多久办好") == []


def _vocabulary(*texts: str) -> np.ndarray:
    return np.unique(np.concatenate([token_keys(normalize(t)) for t in texts]))


def test_a_term_is_known_when_the_texts_name_it_or_its_official_word() -> None:
    vocabulary = _vocabulary("女职工生育享受98天产假。", "失业人员领取失业保险金。")
    synonyms = {"失业金": "失业保险金"}
    assert unknown_terms("男方陪产假能休几天", vocabulary, synonyms) == ("陪产假",)
    assert unknown_terms("生孩子产假能休几天", vocabulary, synonyms) == ()
    # the citizen's word replaced by the regulation's inside the term
    assert unknown_terms("失业金能领多久", vocabulary, synonyms) == ()
    assert unknown_terms("误工费怎么算", vocabulary, synonyms) == ("误工费",)


def test_search_marks_every_hit_with_the_terms_the_library_never_names(library: tuple[Session, Settings]) -> None:
    db, settings = library
    absent = search(db, settings, "我作为男方能休几天陪产假", k=3)
    assert absent and all(hit.unknown_terms == ("陪产假",) for hit in absent)
    present = search(db, settings, "生了双胞胎产假能休几天", k=3)
    assert present and all(hit.unknown_terms == () for hit in present)
