"""Word lists kept as data, each compiled to one alternation: one reader for the files of
``data/`` that hold them (``clause_cues.yaml`` for the clause rerank, ``cue_words.yaml`` for the
word cues of the answer's rules, by the module that reads them).

A word list is what a rule looks for, not how it looks: a deployment can extend one without
touching the code that reads it. The lists a file must hold are named by its reader, and a list
missing, unknown or holding anything but words fails when the file is read, naming the file,
rather than leaving a rule silently at zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["compile_word_lists", "cue_words", "word_lists"]


def compile_word_lists(raw: object, where: str, names: Sequence[str]) -> dict[str, re.Pattern[str]]:
    """One alternation per word list of ``raw`` (each word taken as written, tried in order), which
    must hold exactly the lists ``names``; a mistake fails here, naming ``where``."""
    if not isinstance(raw, dict) or sorted(raw) != sorted(names):
        raise ValueError(f"{where}: needs the word lists {', '.join(names)} and no other")
    for name, words in raw.items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{where}: {name} must be a non-empty list of words")
    return {name: re.compile("|".join(map(re.escape, words))) for name, words in raw.items()}


def word_lists(file: str, names: Sequence[str]) -> dict[str, re.Pattern[str]]:
    """The word lists of ``data/<file>``, read and compiled (the file ships with the package)."""
    path = resources.files("govhall.policies") / "data" / file
    return compile_word_lists(yaml.safe_load(path.read_text(encoding="utf-8")), str(path), names)


@lru_cache(maxsize=1)
def _cue_words_file() -> object:
    return yaml.safe_load((resources.files("govhall.policies") / "data" / "cue_words.yaml").read_text(encoding="utf-8"))


def cue_words(module: str, names: Sequence[str]) -> dict[str, re.Pattern[str]]:
    """The word cues ``module`` reads, its section of ``data/cue_words.yaml``, which must hold
    exactly the lists ``names``."""
    raw = _cue_words_file()
    section = raw.get(module) if isinstance(raw, dict) else None
    return compile_word_lists(section, f"cue_words.yaml ({module})", names)
