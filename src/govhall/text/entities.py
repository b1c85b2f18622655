"""Entity extraction: one call that runs every recogniser and returns spans in the original text.

The text is normalised once (:mod:`govhall.text.normalize`); recognisers run on the normalised
text in priority order (checksummed identifiers first, then e-mail, dates, amounts, names,
addresses), a span already claimed by a higher-priority entity is not reported again, and every
span is mapped back to the characters the caller passed in.

Names come from the statistical model and the rules together (:mod:`govhall.text.ner`,
:func:`~govhall.text.names.find_names`). The model runs on the normalised text; bulk callers use
:func:`extract_many`, which runs it once per batch. ``ner=False`` (or a machine without the
model) gives the rules alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from govhall.localtime import local_today
from govhall.text._model import ENTITY_TYPES, Entity, Hit
from govhall.text.address import find_addresses
from govhall.text.dates import find_dates
from govhall.text.errors import check_length
from govhall.text.identifiers import find_amounts, find_bank_cards, find_emails, find_id_cards, find_phones
from govhall.text.names import find_names
from govhall.text.ner import NerSpan, recognise, recognise_many
from govhall.text.normalize import NormalizedText, clean_characters, normalize_text

__all__ = ["ENTITY_TYPES", "Entity", "extract", "extract_hits", "extract_many", "hits_many"]


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def hits_many(
    texts: Sequence[str], today: date | None = None, *, ner: bool = True
) -> list[tuple[NormalizedText, list[Hit]]]:
    """:func:`extract_hits` for many texts, with batched model passes over pieces of them (each
    text's proposals hold its emissions until its hits are read: see :class:`~govhall.text.ner.Proposals`)."""
    out: list[tuple[NormalizedText, list[Hit]]] = []
    for first in range(0, len(texts), _PIECE):
        out.extend((norm, hits) for norm, hits, _ in analyse_many(texts[first : first + _PIECE], today, ner=ner))
    return out


_PIECE = 1024


def analyse_many(
    texts: Sequence[str], today: date | None = None, *, ner: bool | Sequence[bool] = True
) -> list[tuple[NormalizedText, list[Hit], list[NerSpan]]]:
    """:func:`hits_many` plus the model's proposals for each normalised text (the masker hides
    every proposed name, not only those the rules accept). ``ner`` may say per text whether the
    model runs on it; those that get it share one batched pass."""
    for text in texts:
        check_length(text)
    norms = [normalize_text(text) for text in texts]
    proposals: list[list[NerSpan]] = [[] for _ in texts]
    wanted = [ner] * len(texts) if isinstance(ner, bool) else list(ner)
    if any(wanted):
        todo = [i for i, norm in enumerate(norms) if wanted[i] and _has_han(norm.text)]
        for i, spans in zip(todo, recognise_many([norms[i].text for i in todo]), strict=True):
            proposals[i] = spans
    return [(*_hits(norm, today, spans), spans) for norm, spans in zip(norms, proposals, strict=True)]


def extract_hits(
    text: str, today: date | None = None, *, ner: bool = True, proposals: Sequence[NerSpan] | None = None
) -> tuple[NormalizedText, list[Hit]]:
    """The normalised text and the non-overlapping hits in it (normalised coordinates).

    For callers that need more than :func:`extract` gives (masking keeps part of an address).
    ``proposals`` are model spans over the *normalised* text when the caller has them already.
    """
    check_length(text)
    norm = normalize_text(text)
    if proposals is None:
        proposals = recognise(norm.text) if ner and _has_han(norm.text) else []
    return _hits(norm, today, proposals)


def _hits(norm: NormalizedText, today: date | None, proposals: Sequence[NerSpan]) -> tuple[NormalizedText, list[Hit]]:
    if not norm.text.strip():
        return norm, []
    reference = today or local_today()  # the citizen's day (Beijing), not the host's
    body = norm.text
    accepted: list[Hit] = []
    occupied = bytearray(len(body))  # 1 where a higher-priority entity already claimed the character

    def take(hits: list[Hit]) -> None:
        for hit in hits:
            if not any(occupied[hit.start : hit.end]):
                accepted.append(hit)
                occupied[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)

    take(find_id_cards(body))
    take(find_bank_cards(body))
    take(find_phones(body))
    take(find_emails(body))
    take(find_dates(body, reference))
    take(find_amounts(body))
    take(find_names(body, proposals))
    take([_in_citizen_words(norm, hit) for hit in find_addresses(body, blocked=occupied)])
    accepted.sort(key=lambda hit: (hit.start, hit.end))
    return norm, accepted


def _in_citizen_words(norm: NormalizedText, hit: Hit) -> Hit:
    """An address whose street part reads as the citizen wrote it (文三路一百号三幢, not the
    normaliser's mix 文三路100号三幢): the divisions before it are filled in and canonical."""
    detail_start = hit.start + hit.keep
    if detail_start >= hit.end:
        return hit
    start, end = norm.original_span(detail_start, hit.end)
    detail = clean_characters(norm.original[start:end])
    old = str(hit.extra.get("detail", ""))
    value = str(hit.value)
    if not old or not value.endswith(old) or detail == old:
        return hit
    extra = {**hit.extra, "detail": detail}
    return replace(hit, value=value[: len(value) - len(old)] + detail, extra=extra)


def to_entity(norm: NormalizedText, hit: Hit) -> Entity:
    """A hit mapped back to the original text."""
    start, end = norm.original_span(hit.start, hit.end)
    return Entity(hit.type, hit.value, start, end, hit.confidence, dict(hit.extra))


def extract(text: str, today: date | None = None, *, ner: bool = True) -> list[Entity]:
    """Every entity in ``text`` (see :data:`ENTITY_TYPES`), ordered by position.

    ``today`` resolves relative dates (上个月, 去年十月) and two-digit years; it defaults to the
    machine's date. Empty or blank text gives an empty list; text longer than
    :data:`~govhall.text.errors.MAX_TEXT_CHARS` raises :class:`~govhall.text.errors.TextTooLong`.
    """
    norm, hits = extract_hits(text, today, ner=ner)
    return [to_entity(norm, hit) for hit in hits]


def extract_many(texts: Sequence[str], today: date | None = None, *, ner: bool = True) -> list[list[Entity]]:
    """:func:`extract` for each of ``texts``, running the model once per batch (bulk paths)."""
    return [[to_entity(norm, hit) for hit in hits] for norm, hits in hits_many(texts, today, ner=ner)]
