"""Chinese word segmentation with a government-service dictionary.

Retrieval (BM25 over policy articles, catalogue search) needs 最低生活保障, 住房公积金 and 居住证 as
single tokens, which a general-purpose dictionary splits. We use ``rjieba`` (the Rust port of
jieba, several times faster) and add the shipped domain words plus any a caller registers with
:func:`add_words` (e.g. the catalogue's item, material and department names at start-up).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import rjieba

from govhall.text._resources import domain_words
from govhall.text.normalize import normalize

__all__ = ["Tokenizer", "add_words", "default_tokenizer", "tokenize"]

_DOMAIN_FREQ = 200_000  # high enough to beat the general dictionary's split of compound terms


class Tokenizer:
    """A segmenter with its own dictionary; words added to one tokenizer do not leak to another."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._jieba: Any = rjieba.Jieba()
        self._lexicon: set[str] = set()
        self.add_words(domain_words())
        self.add_words(words)

    def add_words(self, words: Iterable[str]) -> None:
        """Keep each of ``words`` whole from now on (blank entries are ignored)."""
        for word in words:
            word = word.strip()
            if word:
                self._jieba.add_word(word, _DOMAIN_FREQ, None)
                self._lexicon.add(word)

    def in_lexicon(self, word: str) -> bool:
        """True for a domain word: shipped (data/domain_words.txt) or added with :meth:`add_words`."""
        return word in self._lexicon

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, token)`` for every token of ``text`` as given (not normalised), whitespace
        included, so the offsets are ``text``'s own."""
        out: list[tuple[int, int, str]] = []
        pos = 0
        for token in self._jieba.cut(text, False):
            out.append((pos, pos + len(token), token))
            pos += len(token)
        return out

    def cut(self, text: str, *, normalized: bool = True) -> list[str]:
        """Tokens of ``text`` without whitespace tokens; normalised first unless told otherwise."""
        source = normalize(text) if normalized else text
        tokens: list[str] = self._jieba.cut(source, False)
        return [token for token in tokens if token.strip()]

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(word, part of speech)`` pairs of the normalised ``text`` (jieba tags; "" for added words)."""
        pairs: list[tuple[str, str]] = self._jieba.tag(normalize(text), False)
        return [(word, pos) for word, pos in pairs if word.strip()]


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """The process-wide tokenizer that :func:`tokenize` and :func:`add_words` use."""
    return Tokenizer()


def add_words(words: Iterable[str]) -> None:
    """Add domain words (item names, materials, departments) to the default tokenizer."""
    default_tokenizer().add_words(words)


def tokenize(text: str) -> list[str]:
    """Words of ``text`` (normalised: simplified, half-width, Arabic numbers), domain terms whole."""
    return default_tokenizer().cut(text)
