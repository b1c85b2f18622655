"""The ordered cue tables of ``data/cues.yaml``: labels, each with the pattern whose match shows it.

The fallback rules for dialogue acts, the question types and the guide's aspects are each such a
table, read in order. They are data (as ``govhall.policies`` keeps its question types in
``qtypes.yaml``): a cue can be extended without touching the code that reads it, and the three
share one loader and one "first label that matches" instead of a loop each.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["CueTable", "cue_table", "first_cue"]

CueTable = tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _tables() -> dict[str, dict[str, Any]]:
    text = resources.files("govhall.assistant").joinpath("data/cues.yaml").read_text(encoding="utf-8")
    tables: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return tables


@cache
def cue_table(name: str) -> CueTable:
    """Table ``name`` in file order; a pattern given as a list of parts is their concatenation."""
    return tuple(
        (label, re.compile(spec if isinstance(spec, str) else "".join(spec))) for label, spec in _tables()[name].items()
    )


def first_cue(table: CueTable, text: str) -> str | None:
    """The first label whose pattern ``text`` shows, or None."""
    return next((label for label, pattern in table if pattern.search(text)), None)
