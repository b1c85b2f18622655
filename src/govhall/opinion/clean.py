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

import numpy as np

from govhall.text import normalize

__all__ = ["NEAR_DUPLICATE_BITS", "bands", "content_hash", "hamming", "is_spam", "simhash", "simhashes"]

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


def _canonical(text: str) -> str:
    """The text as compared for duplicates: normalised, lower-case, without spaces and punctuation."""
    return _PUNCT.sub("", _SPACE.sub("", normalize(text).lower()))


def content_hash(text: str) -> str:
    """SHA-1 of the canonical text: equal for posts that differ only in spacing, width or punctuation."""
    return hashlib.sha1(_canonical(text).encode("utf-8")).hexdigest()


def _shingle_hash(shingle: str) -> int:
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


def simhashes(texts: Sequence[str]) -> list[int]:
    return [simhash(t) for t in texts]


def bands(value: int) -> tuple[int, int, int, int]:
    """The four 16-bit bands of a (signed) SimHash."""
    unsigned = value & _MASK64
    return (unsigned & 0xFFFF, (unsigned >> 16) & 0xFFFF, (unsigned >> 32) & 0xFFFF, (unsigned >> 48) & 0xFFFF)


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()


def is_spam(text: str) -> str | None:
    """Why ``text`` is spam or boilerplate (a short Chinese reason), or None when it is an opinion."""
    stripped = _URL.sub("", text).strip()
    canon = _canonical(stripped)
    if not canon:
        return "只有链接或符号"
    if _BOILERPLATE.match(canon):
        return "转发/模板内容"
    lowered = normalize(text).lower()
    hits = sum(1 for word in _SPAM_WORDS if word in lowered)
    if hits >= 2 or (hits == 1 and len(canon) < 40):
        return "广告/引流"
    if len(canon) >= 10 and len(set(canon)) <= max(2, len(canon) // 10):
        return "重复字符灌水"
    return None
