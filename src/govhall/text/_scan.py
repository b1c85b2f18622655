"""Scanning a text with a long alternation of cue words at only the places its first characters stand.

Python's regular expression engine skips ahead to a pattern's possible first characters only when
every alternative opens with a plain character; a cue pattern such as the name cues (``(?:我是|是)
…|(?P<self>…)``) or the labelled numbers opens with groups or lookbehinds, so the engine tries the
whole alternation at every position of every post: the import's gate spent most of its time there.
:class:`Scanner` finds those first characters from the parsed pattern once, jumps between them with
one character class (which the engine does skip to), and tries the pattern only there (and, where
the pattern opens with a one-character negative lookbehind, only where that holds too). Its
matches are exactly the pattern's own (``finditer``'s leftmost, non-overlapping ones): a match can
open only on one of those characters, and where the set cannot be known (a pattern that may match
the empty string, a negated class, flags) the pattern runs as it is.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any

__all__ = ["Scanner", "excluded_before", "first_characters"]

_parser: Any = importlib.import_module("re._parser")  # the parser behind re.compile (no public API)
_c: Any = importlib.import_module("re._constants")

_MAX_CODES = 4096  # beyond this many first characters a jump saves nothing


def first_characters(pattern: re.Pattern[str]) -> frozenset[int] | None:
    """The code points a match of ``pattern`` can open with, or None where that is unknown or a
    match may be empty."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    codes: set[int] = set()
    found = _first(list(_parser.parse(pattern.pattern, pattern.flags)), codes)
    if found is None or found or len(codes) > _MAX_CODES:
        return None  # unknown, or nullable (a match may consume nothing)
    return frozenset(codes)


def _first(items: list[tuple[Any, Any]], codes: set[int]) -> bool | None:
    """Add to ``codes`` what the sequence ``items`` may open with; return whether it may match
    empty (True/False), or None where the first characters cannot be listed."""
    for op, av in items:
        if op is _c.LITERAL:
            codes.add(av)
            return False
        if op is _c.IN:
            for item_op, item in av:
                if item_op is _c.LITERAL:
                    codes.add(item)
                elif item_op is _c.RANGE and item[1] - item[0] < _MAX_CODES:
                    codes.update(range(item[0], item[1] + 1))
                else:
                    return None  # a negated set, a category (\s, \w) or a huge range
            return False
        if op is _c.BRANCH:
            alternatives = av[1]
        elif op is _c.SUBPATTERN:
            if av[1] or av[2]:
                return None  # inline flags
            alternatives = [av[3]]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            alternatives = [av[2]] if av[0] > 0 else [av[2], []]
        elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero width: the next item opens the match (a superset of what can)
        else:
            return None
        nullable = False
        for alternative in alternatives:
            empty = _first(list(alternative), codes)
            if empty is None:
                return None
            nullable = nullable or empty
        if not nullable:
            return False
    return True


def _class_of(codes: frozenset[int]) -> str:
    return "[" + "".join(re.escape(chr(code)) for code in sorted(codes)) + "]"


def excluded_before(pattern: re.Pattern[str]) -> frozenset[int]:
    """Characters that may not stand right before a match: what the one-character negative
    lookbehinds opening the whole pattern rule out (``(?<![0-9.])`` before an amount)."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return frozenset()
    codes: set[int] = set()
    for op, av in _parser.parse(pattern.pattern, pattern.flags):
        if op is not _c.ASSERT_NOT or av[0] != -1:
            break
        inner = list(av[1])
        if len(inner) != 1:
            break
        found: set[int] = set()
        if _first(inner, found) is not False:
            break
        codes |= found
    return frozenset(codes)


class Scanner:
    """``pattern``'s ``finditer`` and ``search``, tried only where a possible first character stands."""

    __slots__ = ("_jump", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        codes = first_characters(pattern)
        before = excluded_before(pattern)
        # Where the pattern opens with (?<![0-9]), only the first digit of a run is worth a try.
        behind = f"(?<!{_class_of(before)}[\\s\\S])" if before else ""
        self._jump = re.compile(_class_of(codes) + behind) if codes else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches ``pattern.finditer(text)`` gives, in order."""
        if self._jump is None:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        end = 0
        for candidate in self._jump.finditer(text):
            start = candidate.start()
            if start < end:
                continue
            found = match(text, start)
            if found:
                yield found
                end = found.end()

    def search(self, text: str) -> re.Match[str] | None:
        """The first match, as ``pattern.search(text)`` gives it."""
        return next(self.finditer(text), None)
