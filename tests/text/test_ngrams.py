"""Batch character n-gram hashing: what SimHash and the hashing sentiment model are built on."""

from __future__ import annotations

import numpy as np

from govhall.text.ngrams import char_ngram_hashes


def _per_text(texts: list[str], sizes: tuple[int, ...]) -> list[list[int]]:
    grams = char_ngram_hashes(texts, sizes)
    out: list[list[int]] = [[] for _ in texts]
    for value, owner in zip(grams.hashes.tolist(), grams.owners.tolist(), strict=True):
        out[owner].append(value)
    return out


def test_every_ngram_of_each_size_is_counted_and_none_crosses_two_texts() -> None:
    texts = ["公积金提取", "", "办", "社保卡补办"]
    grams = char_ngram_hashes(texts, (1, 2, 3))
    expected = sum(max(0, len(t) - n + 1) for t in texts for n in (1, 2, 3))
    assert grams.hashes.size == grams.owners.size == expected
    # "取" + "社" would be a bigram only if texts ran together
    alone = _per_text(["取社"], (2,))[0]
    assert not set(alone) & set(_per_text(texts, (2,))[0] + _per_text(texts, (2,))[3])


def test_hashes_depend_on_the_ngram_not_on_its_batch_or_position() -> None:
    first = _per_text(["失业保险金", "医保"], (2,))
    second = _per_text(["我想领失业保险金"], (2,))[0]
    assert set(first[0]) <= set(second)
    assert first == _per_text(["失业保险金", "医保"], (2,))  # deterministic
    assert not set(first[1]) & set(second)


def test_sizes_hash_apart_and_bits_are_balanced() -> None:
    unigrams = _per_text(["ab"], (1,))[0]
    bigrams = _per_text(["ab"], (2,))[0]
    assert not set(unigrams) & set(bigrams)
    text = "".join(chr(0x4E00 + i) for i in range(3000))
    hashes = char_ngram_hashes([text], (3,)).hashes
    ones = np.unpackbits(hashes.view(np.uint8)).mean()
    assert 0.45 < ones < 0.55  # SimHash needs every bit to vote fairly


def test_nothing_in_nothing_out() -> None:
    assert char_ngram_hashes([], (1, 2)).hashes.size == 0
    assert char_ngram_hashes(["a"], ()).hashes.size == 0
    assert char_ngram_hashes(["ab"], (3,)).hashes.size == 0
