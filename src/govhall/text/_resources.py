"""Loading of the small data files shipped in ``govhall/text/data`` (read once, then cached).

The files are plain UTF-8 text so that they can be reviewed in a diff; see ``data/README.md`` for
where each comes from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    text = resources.files("govhall.text").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def divisions() -> dict[str, str]:
    """Administrative-division code (6 digits, GB/T 2260) → official name."""
    table: dict[str, str] = {}
    for line in _lines("divisions.txt"):
        code, _, name = line.partition("\t")
        table[code] = name
    return table


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames, the most common single surnames).

    The file lists single surnames roughly by frequency; the first 150 are the "common" set that
    cue-less name detection may rely on.
    """
    single: list[str] = []
    compound: list[str] = []
    for line in _lines("surnames.txt"):
        for word in line.split():
            (single if len(word) == 1 else compound).append(word)
    return frozenset(single), frozenset(compound), frozenset(single[:150])


@lru_cache(maxsize=1)
def domain_words() -> tuple[str, ...]:
    """Government-service words the tokenizer keeps whole."""
    return tuple(_lines("domain_words.txt"))


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Titles and forms of address after a name (科长, 师傅…), longest first."""
    return tuple(sorted(set(_lines("titles.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def role_words() -> dict[str, bool]:
    """Role words that may stand right before a name (邻居, 网格员, 转告…) → whether a candidate
    after it must not be a dictionary word (titles and verbs: 书记安排…)."""
    table: dict[str, bool] = {}
    for line in _lines("roles.txt"):
        word, _, mark = line.partition(" ")
        table[word] = mark.strip() == "dictionary"
    return table


@lru_cache(maxsize=1)
def cue_words() -> dict[str, tuple[str, ...]]:
    """The word tables of ``cue_words.txt``, read and checked once."""
    return parse_cue_words(_lines("cue_words.txt"), "cue_words.txt")


def parse_cue_words(lines: list[str], where: str) -> dict[str, tuple[str, ...]]:
    """Word tables written a table a line: its name, then its words, separated by spaces.

    A line with a name and no words, or a name given twice, stops here, naming ``where``: a table
    half-written would leave a rule silently matching less."""
    tables: dict[str, tuple[str, ...]] = {}
    for line in lines:
        name, *words = line.split()
        if not words or name in tables:
            raise ValueError(f"{where}: word table {name} is {'empty' if not words else 'given twice'}")
        tables[name] = tuple(words)
    return tables


def word_table(name: str) -> tuple[str, ...]:
    """Table ``name`` of ``cue_words.txt`` as its words in file order, for a rule that looks a word
    up (a set) or tests a text's start or end (a tuple) rather than searching for one."""
    tables = cue_words()
    if name not in tables:
        raise KeyError(f"cue_words.txt has no table {name}")
    return tables[name]


def word_cue(name: str) -> re.Pattern[str]:
    """Table ``name`` as one alternation of its words (escaped), tried in file order (a longer word
    before a shorter one it holds: 大前天 before 前天)."""
    return re.compile("|".join(map(re.escape, word_table(name))))
