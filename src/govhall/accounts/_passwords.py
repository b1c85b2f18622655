"""What makes a password too easy to guess (密码强度), beyond its length.

The base words are data (``data/common-passwords.txt``, written for govhall); the rules catch what a
word list misses: keyboard and alphabet runs, repeated patterns, digits only (birthdays, phone
numbers), and a password built from the user's own name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

MIN_LENGTH = 8
MAX_LENGTH = 128
_RUNS = (
    "1234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb",
    "qazwsxedcrfvtgb",
    "1q2w3e4r5t6y7u8i9o0p",
)
_DECORATION = re.compile(r"[\d\W_]+$")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    text = resources.files("govhall.accounts").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _is_run(text: str) -> bool:
    """A stretch of a keyboard row or the alphabet, forwards or backwards."""
    return len(text) >= 3 and any(text in run or text in run[::-1] for run in _RUNS)


def _is_repeated(text: str) -> bool:
    """One short unit over and over: aaaaaaaa, abcabcabc, 12121212."""
    return any(len(text) % n == 0 and text == text[:n] * (len(text) // n) for n in range(1, len(text) // 2 + 1))


def password_problem(password: str, *, username: str = "", display_name: str = "") -> str | None:
    """A Chinese message saying why ``password`` is refused, or ``None`` when it is acceptable."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f"密码长度须为 {MIN_LENGTH}–{MAX_LENGTH} 位"
    lowered = password.lower()
    stem = _DECORATION.sub("", lowered)
    if lowered in common_words() or stem in common_words() or _is_run(lowered) or _is_run(stem):
        return "密码过于常见，容易被猜中，请换一个"
    if _is_repeated(lowered) or (stem and _is_repeated(stem) and len(stem) <= 4):
        return "密码不能由重复的字符组成"
    if password.isdigit():
        return "密码不能只由数字组成（生日、电话号码容易被猜中）"
    for own in (username, display_name.strip()):
        own = own.lower()
        if len(own) >= 2 and (own in lowered or own[::-1] in lowered):
            return "密码不能包含用户名或姓名"
    return None
