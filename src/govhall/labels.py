"""The Chinese labels of the codes the database stores (roles, case states, graph node kinds…).

A code names a thing to the program and stays fixed once rows hold it; its label is what a citizen or
a member of staff reads and may be reworded at any time. The labels are data in ``labels.yaml`` next
to this module (like the error messages in ``errors.yaml``), so that each enum is a short list of codes
and every label table in the hall has one shape and one place. Reading checks both ways: a member
without a label, or a label for no member, fails when its module is imported, not on a page.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml

__all__ = ["LABELS_FILE", "labels_of"]

LABELS_FILE = Path(__file__).with_name("labels.yaml")

E = TypeVar("E", bound=StrEnum)


@cache
def _tables() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    return {name: {str(code): str(label) for code, label in table.items()} for name, table in raw.items()}


def labels_of(codes: type[E]) -> dict[E, str]:
    """Each member of ``codes`` with its label, in the enum's order (the table under the enum's name)."""
    table = _tables()[codes.__name__]
    missing = [member.value for member in codes if member.value not in table]
    stray = sorted(set(table) - {member.value for member in codes})
    if missing or stray:
        raise ValueError(f"{LABELS_FILE.name}: {codes.__name__} lacks labels for {missing}, has stray {stray}")
    return {member: table[member.value] for member in codes}
