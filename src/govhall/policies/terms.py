"""The things a question names — an entitlement, a fee, a document ("陪产假", "误工费", "旅游签证") —
and whether the library's texts name them at all.

A question next to a covered topic ("男方陪产假能休几天" next to 女职工 产假, "误工费怎么算" next to
交通事故) retrieves an article that is close in meaning and words, so retrieval scores cannot tell it
from an answerable one; but the library never names the thing asked. A term counts as known when all of
its character bigrams occur in the library (the BM25 vocabulary), either as the citizen wrote it or with
a citizen's word replaced by the regulations' word (失业金 → 失业保险金). The refusal model weighs this
(``refusal.py``); the word tables are data (``data/terms.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt
import yaml

from govhall.policies._bm25 import _BIGRAM, token_keys
from govhall.text import normalize
from govhall.text.tokenize import default_tokenizer

__all__ = ["asked_terms", "unknown_terms"]


@dataclass(frozen=True)
class _Tables:
    heads: tuple[str, ...]
    not_prefix: frozenset[str]
    generic: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    path = resources.files("govhall.policies") / "data" / "terms.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    heads = tuple(sorted((str(h) for h in raw["heads"]), key=len, reverse=True))
    return _Tables(heads, frozenset(str(raw["not_prefix"])), frozenset(str(w) for w in raw["generic"]))


def _chinese(word: str) -> bool:
    return bool(word) and all("\u4e00" <= c <= "\u9fff" for c in word)


def asked_terms(question: str) -> list[str]:
    """The entitlement, fee or document names in ``question`` (normalised), in order."""
    tables = _tables()
    tokens = default_tokenizer().cut(question)
    found: list[str] = []
    for number, token in enumerate(tokens):
        head = next((h for h in tables.heads if token.endswith(h)), None)
        # a word that only ends like a term (到期, 放假) stays one with the word before it (又到期)
        if head is None or not _chinese(token) or token in tables.generic:
            continue
        before = tokens[number - 1] if number > 0 else ""
        # the segmenter splits unknown compounds: 陪 + 产假, 年 + 假
        # a unit after a number is the number's (5年 + 服务期 names 服务期, not 年服务期)
        counted = number > 1 and tokens[number - 2].isdigit()
        joins = _chinese(before) and not (len(before) == 1 and (before in tables.not_prefix or counted))
        if len(token) == len(head):
            term = before + token if joins else ""
        else:
            term = before + token if joins and len(before) == 1 and len(token) <= 3 else token
        if term and term[0] not in tables.not_prefix and term not in tables.generic:
            found.append(term)
    return found


def _known(term: str, vocabulary: npt.NDArray[np.int64]) -> bool:
    keys = token_keys(normalize(term))
    bigrams = np.unique(keys[keys >= _BIGRAM])
    if bigrams.size == 0 or vocabulary.size == 0:
        return vocabulary.size > 0
    positions = np.searchsorted(vocabulary, bigrams)
    positions[positions >= vocabulary.size] = 0
    return bool((vocabulary[positions] == bigrams).all())


def unknown_terms(question: str, vocabulary: npt.NDArray[np.int64], synonyms: Mapping[str, str]) -> tuple[str, ...]:
    """The terms of ``question`` that the library never names (``vocabulary``: the sorted BM25 keys),
    also after replacing a citizen's word inside the term by the regulations' word (``synonyms``)."""
    unknown: list[str] = []
    for term in asked_terms(question):
        forms = [term]
        forms += [term.replace(word, official.split()[0]) for word, official in synonyms.items() if word in term]
        if not any(_known(form, vocabulary) for form in forms):
            unknown.append(term)
    return tuple(unknown)
