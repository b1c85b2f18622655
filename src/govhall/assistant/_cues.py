"""The cue tables of ``data/cues.yaml``: ordered labels, each with the pattern whose match shows it,
and the word cues of the assistant's rules.

The fallback rules for dialogue acts, the question types and the guide's aspects are each such a
table, read in order. They are data (as ``govhall.policies`` keeps its question types in
``qtypes.yaml``): a cue can be extended without touching the code that reads it, and the three
share one loader and one "first label that matches" instead of a loop each. The file is checked
when first read, so a table misspelt or a pattern that does not compile stops the assistant there.

A word cue is a list of words a rule looks for, once written in the code as a regular expression
that only alternated words. It is data in the same sense, kept in the same file under ``words``
by the module whose rule reads it: the module gets it back as one alternation, each word taken as
written and tried in file order (as ``govhall.policies`` reads its clause cues), so the pattern is
the one the code held. A list that is empty or holds an empty word fails when the file is read,
and a list a rule asks for that the file lacks is named when the module is imported. A rule
whose parts are such lists (a reply that is one of the words and nothing else, words that may
repeat at the end) keeps its anchors and groups in the code and takes its words from the file
(:func:`composed_cue`).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

__all__ = ["CueTable", "CueTables", "composed_cue", "cue_table", "cue_tables", "first_cue", "word_cue"]

CueTable = tuple[tuple[str, re.Pattern[str]], ...]


def _joined(spec: object) -> object:
    """A pattern written as a list of parts is their concatenation (one group of branches a line)."""
    if isinstance(spec, list) and all(isinstance(part, str) for part in spec):
        return "".join(spec)
    return spec


_Pattern = Annotated[re.Pattern[str], BeforeValidator(_joined)]
WordCueModule = Literal[
    "dialogue", "slots", "people", "knowledge", "options", "words", "guide", "lead", "option_reader"
]
"""The modules whose rules read word cues (``people`` is ``_people``, ``options`` ``_options``,
``words`` ``_words``)."""
_Words = Annotated[tuple[Annotated[StrictStr, Field(min_length=1)], ...], Field(min_length=1)]


class CueTables(BaseModel):
    """The tables of ``data/cues.yaml`` (what each is for is written there), in file order."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    acts: dict[StrictStr, _Pattern]
    question_types: dict[StrictStr, _Pattern]
    aspects: dict[StrictStr, _Pattern]
    words: dict[WordCueModule, dict[StrictStr, _Words]]


@functools.cache
def cue_tables() -> CueTables:
    """The tables, read and checked once (the file ships with the package)."""
    text = resources.files("govhall.assistant").joinpath("data/cues.yaml").read_text(encoding="utf-8")
    return CueTables.model_validate(yaml.safe_load(text))


def cue_table(name: Literal["acts", "question_types", "aspects"]) -> CueTable:
    """Table ``name`` as (label, pattern) pairs in file order."""
    table: dict[str, re.Pattern[str]] = getattr(cue_tables(), name)
    return tuple(table.items())


def first_cue(table: CueTable, text: str) -> str | None:
    """The first label whose pattern ``text`` shows, or None."""
    return next((label for label, pattern in table if pattern.search(text)), None)


def word_cue(module: WordCueModule, name: str, flags: int = 0) -> re.Pattern[str]:
    """Word cue ``name`` of ``module`` as one alternation of its words (escaped), tried in file order."""
    lists = cue_tables().words.get(module, {})
    if name not in lists:
        raise KeyError(f"data/cues.yaml has no word cue words.{module}.{name}")
    return re.compile("|".join(map(re.escape, lists[name])), flags)


_CUE_NAME = re.compile(r"\{([a-z_]+)\}")
"""A word cue's name in a composed rule's template; a quantifier's braces ({0,4}) hold no name."""


def composed_cue(module: WordCueModule, template: str, flags: int = 0) -> re.Pattern[str]:
    """The rule ``template`` with each ``{name}`` in it replaced by word cue ``name`` of ``module`` (as
    :func:`word_cue` gives it): the words are data, the anchors and groups around them stay with the
    rule ("^(?:{pair_kin})$" is a reply that is one of those words and nothing else)."""
    return re.compile(_CUE_NAME.sub(lambda found: word_cue(module, found.group(1)).pattern, template), flags)
