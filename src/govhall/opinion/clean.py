"""Cleaning before analysis: content hashes, SimHash near-duplicates and a spam/boilerplate filter.

SimHash (Charikar) over character 3-gram shingles: a repost with a changed emoji or a "转发" prefix
lands within a few bits of the original, while unrelated posts differ in about 32 of 64 bits. The
64-bit hash is split into four 16-bit bands; by pigeonhole two hashes within Hamming distance 3
agree on at least one band, so the database finds candidates with four indexed equality lookups.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from govhall.text import normalize
from govhall.text.ngrams import char_ngram_hashes

__all__ = ["NEAR_DUPLICATE_BITS", "bands", "canonical", "content_hash", "hamming", "is_spam", "simhash", "simhashes"]

NEAR_DUPLICATE_BITS = 3
SHINGLE = 3
_MASK64 = (1 << 64) - 1
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
# Phrases of advertising and spam accounts (广告/引流); a post made mostly of them is not an opinion.
_SPAM_WORDS = (
    "加微信",
    "加v",
    "加vx",
    "代开发票",
    "兼职刷单",
    "日赚",
    "点击链接",
    "免费领取",
    "优惠券",
    "私聊",
    "代办证件",
    "贷款秒批",
    "博彩",
    "彩票预测",
)
_BOILERPLATE = re.compile(r"^(转发微博|转发|分享图片|网页链接|轉發|repost|\[图片\]|图片评论|//@)+$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def canonical(normalized: str) -> str:
    """Already normalised text as compared for duplicates: lower-case, no spaces or punctuation.

    Remembered for recent texts: an import asks for it three times per post (content hash, spam
    filter, SimHash)."""
    return _PUNCT.sub("", _SPACE.sub("", normalized.lower()))


def _canonical(text: str) -> str:
    return canonical(normalize(text))


def content_hash(text: str, *, normalized: str | None = None) -> str:
    """SHA-1 of the canonical text: equal for posts that differ only in spacing, width or punctuation.

    ``normalized`` is ``normalize(text)`` when the caller has it (bulk import normalises once).
    """
    canon = canonical(normalized) if normalized is not None else _canonical(text)
    return hashlib.sha1(canon.encode("utf-8")).hexdigest()


def simhash(text: str) -> int:
    """The 64-bit SimHash of ``text`` as a signed integer (what a BIGINT column stores)."""
    return simhashes([text])[0]


def simhashes(texts: Sequence[str], *, normalized: Sequence[str] | None = None) -> list[int]:
    """The SimHash of each text: every occurrence of a character 3-gram of the canonical text votes
    with each of its 64 hash bits (a text of one to three characters is one shingle; an empty one
    hashes to 0). Computed for the whole batch at once in numpy (:mod:`govhall.text.ngrams`).

    ``normalized`` are the texts already normalised (bulk import normalises once per post).
    """
    canons = [canonical(n) for n in normalized] if normalized is not None else [_canonical(t) for t in texts]
    out = [0] * len(canons)
    short = [i for i, canon in enumerate(canons) if 0 < len(canon) <= SHINGLE]
    long = [i for i, canon in enumerate(canons) if len(canon) > SHINGLE]
    for i in short:
        whole = char_ngram_hashes([canons[i]], (len(canons[i]),)).hashes
        out[i] = int(whole.view(np.int64)[0])  # one shingle: its hash is the vote
    step = 1 << 16  # shingles per slice: bounds the (shingles x 64) bit matrix to a few MB
    batch: list[int] = []
    size = 0
    for i in long:
        batch.append(i)
        size += len(canons[i]) - SHINGLE + 1
        if size >= step or i == long[-1]:
            for row, value in zip(batch, _votes([canons[j] for j in batch]), strict=True):
                out[row] = value
            batch, size = [], 0
    return out


def _votes(canons: list[str]) -> list[int]:
    """SimHash values of texts longer than one shingle (occurrences of each text are one run)."""
    grams = char_ngram_hashes(canons, (SHINGLE,))
    bits = np.unpackbits(grams.hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    counts = np.fromiter((len(c) - SHINGLE + 1 for c in canons), dtype=np.int64, count=len(canons))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    ones = np.add.reduceat(bits, starts, axis=0, dtype=np.int32)
    wins = (2 * ones > counts[:, None]).astype(np.uint8)
    packed = np.packbits(wins, axis=1, bitorder="little").view(np.int64).ravel()
    return [int(v) for v in packed]


def bands(value: int) -> tuple[int, int, int, int]:
    """The four 16-bit bands of a (signed) SimHash."""
    unsigned = value & _MASK64
    return (unsigned & 0xFFFF, (unsigned >> 16) & 0xFFFF, (unsigned >> 32) & 0xFFFF, (unsigned >> 48) & 0xFFFF)


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()


def is_spam(text: str, *, normalized: str | None = None) -> str | None:
    """Why ``text`` is spam or boilerplate (a short Chinese reason), or None when it is an opinion.

    ``normalized`` is ``normalize(text)`` when the caller has it (same answer, less work).
    """
    with_url = normalized is None or _URL.search(text) is not None
    canon = _canonical(_URL.sub("", text).strip()) if with_url or normalized is None else canonical(normalized)
    if not canon:
        return "只有链接或符号"
    if _BOILERPLATE.match(canon):
        return "转发/模板内容"
    lowered = (normalized if normalized is not None else normalize(text)).lower()
    hits = sum(1 for word in _SPAM_WORDS if word in lowered)
    if hits >= 2 or (hits == 1 and len(canon) < 40):
        return "广告/引流"
    if len(canon) >= 10 and len(set(canon)) <= max(2, len(canon) // 10):
        return "重复字符灌水"
    return None
