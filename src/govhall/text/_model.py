"""The entity record every recogniser produces, and the internal hit that carries masking hints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = (
    "id_card",
    "phone",
    "bank_card",
    "email",
    "name",
    "address",
    "date",
    "birth_date",
    "amount",
)
"""Every entity type :func:`govhall.text.extract` reports, in the order of its priority on overlap."""


@dataclass(frozen=True, slots=True)
class _Found:
    """What a recogniser reports of one entity, in whichever coordinates its record uses: the type,
    the normalised value, the span, the confidence and the type-specific facts (one field list for
    :class:`Entity` and :class:`Hit`, which differ only in their coordinates and what they add)."""

    type: str
    value: str | int | float
    start: int
    end: int
    confidence: float
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Entity(_Found):
    """One entity found in a text.

    ``start``/``end`` index the text the caller passed in (not the normalised text), so that
    ``text[start:end]`` is what the citizen typed; ``value`` is the normalised value (18-character
    ID with upper-case X, 11-digit mobile, ``0AA-NNNNNNNN`` landline, ISO date, yuan as a number…).
    ``extra`` holds type-specific facts (an ID's birth date, gender and region; an address's
    province/city/district; a date's precision; ``role`` when the text ties the entity to a
    relative, e.g. 儿子).
    """

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready ``{"type","value","start","end","confidence"}`` plus the extras."""
        out: dict[str, Any] = {key: value for key, value in self.extra.items()}
        out.update(
            type=self.type,
            value=self.value,
            start=self.start,
            end=self.end,
            confidence=round(self.confidence, 2),
        )
        return out


@dataclass(frozen=True, slots=True)
class Hit(_Found):
    """A recogniser's finding in normalised coordinates, before it is mapped back.

    ``keep`` is, for masking, how many leading normalised characters of the span may stay visible
    (an address keeps its province/city/district, hides the street number).
    """

    keep: int = 0
