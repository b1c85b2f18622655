"""Tokenisation keeps government-service terms whole."""

from __future__ import annotations

import pytest

from govhall.text import Tokenizer, tokenize


@pytest.mark.parametrize("term", ["最低生活保障", "住房公积金", "居住证", "不动产登记", "失业保险金"])
def test_tokenize_keeps_domain_terms_whole(term: str) -> None:
    assert term in tokenize(f"我想咨询一下{term}怎么办理")


def test_tokenize_normalises_traditional_text() -> None:
    assert "居住证" in tokenize("辦理居住證需要什麼材料")


def test_tokenizer_add_words_is_local_to_the_instance() -> None:
    mine = Tokenizer(["灵活就业人员"])
    assert "灵活就业人员" in mine.cut("灵活就业人员参保")
    assert tokenize("") == []
