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


def canonical(normalized: str) -> str:
    """Already normalised text as compared for duplicates: lower-case, no spaces or punctuation."""
    return _PUNCT.sub("", _SPACE.sub("", normalized.lower()))


def _canonical(text: str) -> str:
    return canonical(normalize(text))


def content_hash(text: str, *, normalized: str | None = None) -> str:
    """SHA-1 of the canonical text: equal for posts that differ only in spacing, width or punctuation.

    ``normalized`` is ``normalize(text)`` when the caller has it (bulk import normalises once).
    """
    canon = canonical(normalized) if normalized is not None else _canonical(text)
    return hashlib.sha1(canon.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1 << 18)
def _shingle_hash(shingle: str) -> int:
    # memoised: the 3-grams of a language repeat, and blake2b per shingle was most of simhash's cost
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "little")


_BITS = np.arange(64, dtype=np.uint64)


def simhash(text: str) -> int:
    """The 64-bit SimHash of ``text`` as a signed integer (what a BIGINT column stores)."""
    canon = _canonical(text)
    if len(canon) <= SHINGLE:
        shingles = [canon] if canon else []
    else:
        shingles = [canon[i : i + SHINGLE] for i in range(len(canon) - SHINGLE + 1)]
    if not shingles:
        return 0
    counts: dict[str, int] = {}
    for s in shingles:
        counts[s] = counts.get(s, 0) + 1
    hashes = np.fromiter((_shingle_hash(s) for s in counts), dtype=np.uint64, count=len(counts))
    weights = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    bits = ((hashes[:, None] >> _BITS[None, :]) & np.uint64(1)).astype(np.int64)
    votes = (weights[:, None] * (2 * bits - 1)).sum(axis=0)
    value = 0
    for i in np.nonzero(votes > 0)[0]:
        value |= 1 << int(i)
    return value - (1 << 64) if value >= 1 << 63 else value


def simhashes(texts: Sequence[str], *, normalized: Sequence[str] | None = None) -> list[int]:
    """:func:`simhash` of many texts at once (same values), voting in numpy over the whole batch.

    ``normalized`` are the texts already normalised (bulk import normalises once per post).
    """
    canons = [canonical(n) for n in normalized] if normalized is not None else [_canonical(t) for t in texts]
    out = [0] * len(canons)
    hashes: list[int] = []
    weights: list[int] = []
    owners: list[int] = []
    for row, canon in enumerate(canons):
        if not canon:
            continue
        if len(canon) <= SHINGLE:
            counts = {canon: 1}
        else:
            counts = {}
            for i in range(len(canon) - SHINGLE + 1):
                piece = canon[i : i + SHINGLE]
                counts[piece] = counts.get(piece, 0) + 1
        hashes.extend(_shingle_hash(piece) for piece in counts)
        weights.extend(counts.values())
        owners.extend([row] * len(counts))
    if not hashes:
        return out
    all_hashes = np.array(hashes, dtype=np.uint64)
    all_weights = np.array(weights, dtype=np.int32)
    all_owners = np.array(owners, dtype=np.int64)
    votes = np.zeros((len(canons), 64), dtype=np.int64)
    step = 1 << 15  # shingles per slice: bounds the (shingles x 64) temporary to a few MB
    for start in range(0, len(all_hashes), step):
        part = all_hashes[start : start + step]
        bits = ((part[:, None] >> _BITS[None, :]) & np.uint64(1)).astype(np.int32)
        signed = all_weights[start : start + step, None] * (2 * bits - 1)
        # owners are in order, so each post's shingles are one run: sum the runs, not element-wise
        owners_here, first = np.unique(all_owners[start : start + step], return_index=True)
        votes[owners_here] += np.add.reduceat(signed, first, axis=0)
    packed = ((votes > 0).astype(np.uint64) << _BITS[None, :]).sum(axis=1, dtype=np.uint64)
    for row, value in enumerate(packed.view(np.int64).tolist()):
        if canons[row]:
            out[row] = int(value)
    return out


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
