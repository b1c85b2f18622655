"""Hashes of character n-grams for a whole batch of texts at once, in numpy.

Near-duplicate detection (SimHash) and the high-volume sentiment model both look at every character
n-gram of every incoming post. Hashing those one by one in Python (a ``blake2b`` call or a
``HashingVectorizer`` analyzer per n-gram) cost about a millisecond per post; here the texts of a
batch are laid end to end as one array of code points and every n-gram hash is a handful of
vectorised multiplications, so a thousand posts take a few milliseconds.

The hash is a polynomial over code points finished with the SplitMix64 mixer: deterministic across
processes, machines and Python versions (unlike ``hash``), and well spread in all 64 bits, which
SimHash needs because every bit votes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["NgramHashes", "char_ngram_hashes", "mix64"]

_STEP = np.uint64(0x100000001B3)  # FNV-64 prime: the polynomial's base
_SEED = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


def mix64(values: U64) -> U64:
    """SplitMix64's finaliser, element-wise: every input bit flips about half the output bits."""
    x = values ^ (values >> np.uint64(30))
    x = x * _M1
    x ^= x >> np.uint64(27)
    x = x * _M2
    x ^= x >> np.uint64(31)
    return x


class NgramHashes:
    """The n-gram occurrences of a batch: ``hashes[k]`` occurs in text ``owners[k]``.

    Within one size, occurrences are in text order and position order, so each text's n-grams of
    that size are one run (``np.add.reduceat`` can sum them).
    """

    __slots__ = ("hashes", "owners")

    def __init__(self, hashes: U64, owners: I64) -> None:
        self.hashes = hashes
        self.owners = owners


def char_ngram_hashes(texts: Sequence[str], sizes: Sequence[int]) -> NgramHashes:
    """Hashes of every character n-gram of each length in ``sizes`` (n-grams never cross texts).

    A text shorter than n has no n-grams of that size. n-grams of different sizes hash differently
    even where the polynomial would coincide (the size is mixed in).
    """
    if not texts or not sizes:
        return NgramHashes(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owners = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    room = np.repeat(np.cumsum(lengths), lengths) - np.arange(codes.size, dtype=np.int64)  # chars left
    rolling = codes * _STEP + _SEED
    parts: list[U64] = []
    part_owners: list[I64] = []
    for n in range(1, max(sizes) + 1):
        if n > 1:
            tail = codes.size - n + 1
            if tail <= 0:
                break
            rolling[:tail] = rolling[:tail] * _STEP + codes[n - 1 :]
        if n in sizes:
            valid = room >= n
            parts.append(mix64(rolling[valid] ^ np.uint64(n)))
            part_owners.append(owners[valid])
    if not parts:
        return NgramHashes(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
    return NgramHashes(np.concatenate(parts), np.concatenate(part_owners))
