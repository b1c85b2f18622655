"""PII masking: one policy object for logs, audit details, analytics exports and LLM prompts.

Masks are type-preserving, so a reader still sees what kind of datum was there and can tell two
apart by their visible ends: 110101********123X, 139****5678, 王*国, ****1234 for a bank card,
a***@x.com, an address with its street numbers hidden. Long digit runs that fail validation
(an ID with a typo) are masked too by default, because a wrong check digit does not make a
number less personal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from govhall.text._kinds import has_kind, kind_spans
from govhall.text._model import Hit
from govhall.text._recall import has_name_span, listed_names, name_spans_for_masking
from govhall.text._resources import surnames
from govhall.text._vetoes import FUNCTION_SURNAMES
from govhall.text._wordnames import name_like_word
from govhall.text.address import ADDRESS_CUE, street_after_division
from govhall.text.entities import analyse_many, extract_hits
from govhall.text.errors import MAX_TEXT_CHARS
from govhall.text.names import find_names
from govhall.text.ner import NerSpan, recognise
from govhall.text.normalize import NormalizedText, normalize

__all__ = [
    "DEFAULT_POLICY",
    "MASKED_FIELD_TYPES",
    "NER_AUTO_MAX_CHARS",
    "MaskPolicy",
    "mask",
    "mask_data",
    "mask_many",
    "mask_value",
    "needs_mask",
]

_DEFAULT_TYPES = frozenset({"id_card", "phone", "bank_card", "email", "name", "address", "birth_date"})
_MASKABLE = frozenset({*_DEFAULT_TYPES, "date", "amount"})
_NUMERALS = re.compile(r"[0-9０-９〇零一二两三四五六七八九十百幺]")
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]{%d,}[Xx]?(?![0-9])")
# In normalised text every identifier, card, phone and digit run has ASCII digits, an e-mail has @,
# and a date is a birth date only next to one of these words (see dates._is_birth).
_ID_LIKE = re.compile(r"[0-9]{7}|@")  # the shortest is a landline's local part
_BIRTH_WORD = re.compile(r"出生|生日|生于|诞生|出世|生人|生的|生(?=[,.;\s]|$)")

MASKED_FIELD_TYPES: Mapping[str, str] = {
    "applicant_name": "name",
    "contact_name": "name",
    "real_name": "name",
    "full_name": "name",
    "spouse_name": "name",
    "child_name": "name",
    "guardian_name": "name",
    "agent_name": "name",
    "姓名": "name",
    "id_number": "id_card",
    "id_card": "id_card",
    "身份证号": "id_card",
    "phone": "phone",
    "mobile": "phone",
    "contact_phone": "phone",
    "电话": "phone",
    "bank_card": "bank_card",
    "email": "email",
    "address": "address",
    "birth_date": "birth_date",
}
"""Keys of JSON-like data whose whole value :func:`mask_data` masks as the given type."""


@dataclass(frozen=True, slots=True)
class MaskPolicy:
    """Which entity types to mask, and how.

    ``digit_run`` masks any other run of at least that many digits (``None`` turns it off);
    ``mask_char`` is the character that replaces hidden characters.
    """

    types: frozenset[str] = field(default=_DEFAULT_TYPES)
    digit_run: int | None = 15
    mask_char: str = "*"

    def __post_init__(self) -> None:
        unknown = set(self.types) - _MASKABLE
        if unknown:
            raise ValueError(f"unknown entity types in mask policy: {sorted(unknown)}")


DEFAULT_POLICY = MaskPolicy()
"""Mask every personal datum (ID, phone, card, e-mail, name, address, birth date); keep dates, amounts."""


def _keep_ends(value: str, head: int, tail: int, char: str) -> str:
    if len(value) <= head + tail:
        return char * len(value)
    return value[:head] + char * (len(value) - head - tail) + value[len(value) - tail :]


def mask_value(entity_type: str, value: str | int | float, mask_char: str = "*") -> str:
    """The mask of one normalised value of a known type (see the module docstring for shapes)."""
    text = str(value)
    if entity_type == "id_card":
        return _keep_ends(text, 6, 4, mask_char)
    if entity_type == "phone":
        if "-" in text:
            area, _, local = text.partition("-")
            return f"{area}-{_keep_ends(local, 0, 4, mask_char)}"
        # A local number without its area code (87654321) has no operator prefix to show.
        return _keep_ends(text, 3 if len(text) > 8 else 0, 4, mask_char)
    if entity_type == "bank_card":
        return mask_char * 4 + text[-4:] if len(text) > 4 else mask_char * len(text)
    if entity_type == "email":
        local, at, domain = text.partition("@")
        return f"{local[:1]}{mask_char * 3}{at}{domain}" if at else _keep_ends(text, 1, 0, mask_char)
    if entity_type == "name":
        if len(text) <= 2:
            return text[:1] + mask_char * (len(text) - 1)
        return _keep_ends(text, 1, 1, mask_char)
    if entity_type == "address":
        return _NUMERALS.sub(mask_char, text)
    if entity_type in ("birth_date", "date"):
        return text[:4] + re.sub(r"[0-9]", mask_char, text[4:])
    if entity_type == "amount":
        return mask_char * 3
    raise ValueError(f"unknown entity type: {entity_type}")


def _mask_span(norm: NormalizedText, original: str, start: int, end: int, keep: int, char: str) -> str:
    """Mask an address in the citizen's own words: keep the division part, hide its numbers, or,
    where the street part has none (光华里小区, 双河镇), all of it but its first and last character."""
    keep_end = norm.original_span(start, start + keep)[1] if keep else norm.original_span(start, end)[0]
    span_start, span_end = norm.original_span(start, end)
    rest = original[keep_end:span_end]
    if not _NUMERALS.search(rest):
        return original[span_start:keep_end] + _keep_ends(rest, 1, 1, char)
    return original[span_start:keep_end] + _NUMERALS.sub(char, rest)


NER_AUTO_MAX_CHARS = 120
"""Without an explicit ``ner``, :func:`mask` runs the model on texts up to this many characters.

The model costs about 0.05 ms a character; interactive texts (a chat turn, a comment, a reason, a
question, a form value) are short and get it, while a bulk import of long letters, which calls
:func:`mask` per post, stays within its rate (≥ 1,500 posts/s on two cores, docs/benchmarks.md).
Bulk callers that want the model on long texts too use :func:`mask_many` (batched) or ``ner=True``.
"""


def mask(text: str, policy: MaskPolicy | None = None, *, ner: bool | None = None) -> str:
    """``text`` with every entity the policy names replaced by its type-preserving mask.

    Identifiers are replaced by the mask of their normalised value (a spoken phone number becomes
    139****5678); addresses keep the citizen's wording with street numbers hidden. Names come from
    the model and the rules together (recall first: a name in any role); ``ner=False`` gives the
    rules alone, ``None`` (the default) the model on texts up to :data:`NER_AUTO_MAX_CHARS`.
    """
    policy = policy or DEFAULT_POLICY
    use_model = (len(text) <= NER_AUTO_MAX_CHARS if ner is None else ner) and "name" in policy.types
    norm, hits = extract_hits(text, ner=use_model)
    proposals = recognise(norm.text) if use_model else []
    return _apply(text, norm, hits, policy, proposals)


def mask_many(texts: Sequence[str], policy: MaskPolicy | None = None, *, ner: bool | None = True) -> list[str]:
    """:func:`mask` for each of ``texts``, with one batched model pass (exports, bulk imports).

    ``ner=None`` applies :func:`mask`'s default per text (the model on texts up to
    :data:`NER_AUTO_MAX_CHARS`), batched: the output of calling :func:`mask` on each (up to the
    model's padding arithmetic: 1 of 611 fresh posts differed by one span) at a third to a half of
    the cost, for a bulk import that masks the posts :func:`needs_mask` flags.
    """
    policy = policy or DEFAULT_POLICY
    names = "name" in policy.types
    out: list[str] = []
    # In pieces: each text's model proposals keep its emissions (see ner.Proposals) until it is masked.
    for first in range(0, len(texts), _BULK_PIECE):
        piece = texts[first : first + _BULK_PIECE]
        wanted = [names and len(text) <= NER_AUTO_MAX_CHARS for text in piece] if ner is None else names and ner
        found = analyse_many(piece, ner=wanted)
        out.extend(
            _apply(text, norm, hits, policy, spans) for text, (norm, hits, spans) in zip(piece, found, strict=True)
        )
    return out


# Texts mask_many runs the model on at a time: each holds its emissions (about 200 bytes a
# character) until masked, so a bulk import of any size holds a few megabytes of them at most.
_BULK_PIECE = 1024


def _apply(
    text: str, norm: NormalizedText, hits: list[Hit], policy: MaskPolicy, proposals: Sequence[NerSpan] = ()
) -> str:
    replacements: list[tuple[int, int, str]] = []
    claimed = bytearray(len(norm.text))
    names: list[tuple[int, int]] = []
    for hit in hits:
        claimed[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
        if hit.type not in policy.types:
            continue
        if hit.type == "name":
            names.append((hit.start, hit.end))
            continue
        start, end = norm.original_span(hit.start, hit.end)
        if hit.type == "address":
            masked = _mask_span(norm, text, hit.start, hit.end, hit.keep, policy.mask_char)
        elif hit.type in ("birth_date", "date") and str(hit.value)[:4] not in norm.text[hit.start : hit.end]:
            # A date written without its year (生日是3月12号): its digits in the citizen's words,
            # not an ISO value whose year the resolver supplied (2026-**-**).
            masked = _NUMERALS.sub(policy.mask_char, text[start:end])
        else:
            masked = mask_value(hit.type, hit.value, policy.mask_char)
        replacements.append((start, end, masked))
    if "name" in policy.types:
        # Recall first: every other reading that could be a name is hidden too (see _recall), and
        # readings that overlap are hidden as one name (the model's 阿依古丽 inside 阿依古丽·买买提).
        others = bytearray(claimed)  # what identifiers, dates and addresses hold
        for a, b in names:
            others[a:b] = bytes(b - a)
        names.extend(
            (h.start, h.end) for h in name_spans_for_masking(norm.text, proposals) if not any(others[h.start : h.end])
        )
        names.extend(span for span in listed_names(norm.text, names) if not any(others[span[0] : span[1]]))
        names.extend(_recurrences(norm.text, names, others))
        for a, b in _merged(names):
            claimed[a:b] = b"\x01" * (b - a)
            start, end = norm.original_span(a, b)
            replacements.append((start, end, mask_value("name", text[start:end], policy.mask_char)))
    if policy.digit_run:
        pattern = re.compile(_DIGIT_RUN.pattern % policy.digit_run)
        for match in pattern.finditer(norm.text):
            if any(claimed[match.start() : match.end()]):
                continue
            start, end = norm.original_span(match.start(), match.end())
            replacements.append((start, end, _keep_ends(match.group(), 3, 2, policy.mask_char)))
            claimed[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    # Labelled accounts and permits, house numbers, plates (see _kinds): personal by their kind.
    for span in kind_spans(norm.text, policy.types):
        if any(claimed[span.start : span.end]):
            continue
        claimed[span.start : span.end] = b"\x01" * (span.end - span.start)
        start, end = norm.original_span(span.start, span.end)
        value = norm.text[span.start : span.end] if span.head or span.tail else text[start:end]
        replacements.append((start, end, _keep_ends(value, span.head, span.tail, policy.mask_char)))
    replacements.sort()
    out = []
    pos = 0
    for start, end, masked in replacements:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(masked)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _recurrences(text: str, names: Sequence[tuple[int, int]], others: bytearray) -> list[tuple[int, int]]:
    """Every other place where a name already read stands again (联系人：杜鹃…杜鹃是我姐姐).

    A name is read where a cue or the model's context marks it, and a letter names its person
    again with no cue; one unmasked mention publishes the name. Names of one character (a
    surname the model tagged alone) are not looked for: they are everyday characters. The given
    name alone after the full name (王江山…江山这个名字) is looked for where it opens a clause, the
    place a person is named again, and only where it is made of given-name characters: a surname
    reading of a verb and a word (祝平安, 和智力) leaves 平安 and 智力 elsewhere alone.
    """
    found = {text[a:b] for a, b in names if b - a >= 2}
    given = {
        name[1:]
        for name in found
        if len(name) == 3 and name[0] in surnames()[0] and name[0] not in FUNCTION_SURNAMES and name_like_word(name[1:])
    }
    out: list[tuple[int, int]] = []
    for name in found | given:
        opening_only = name in given and name not in found
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(others[start:end]) and (
                not opening_only or _CLAUSE_OPENING.match(text[start - 1 : start] or "。")
            ):
                out.append((start, end))
            start = text.find(name, end)
    return out


_CLAUSE_OPENING = re.compile(r"[\s,.!?;:。!?;,、“\"]")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined into one, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def needs_mask(text: str, normalized: str | None = None, policy: MaskPolicy | None = None) -> bool:
    """False only when ``mask(text, policy) == text`` is certain; a cheap test before :func:`mask`.

    Bulk callers (opinion import) skip the full masker for most posts with it. Conservative by
    construction, from what each recogniser needs in the normalised text: identifiers, phones,
    cards and digit runs need seven ASCII digits in a row, e-mails ``@``, birth dates a birth word,
    names a cue, role word or honorific, or a word the segmenter invented after a surname
    (:func:`~govhall.text.names.find_names` and the masker's recall rules without the model are
    run, they are cheap; a name only the model sees is not seen here), and an address an address
    cue, a house number, or a division name with a street word after it in one run of address
    characters (:func:`~govhall.text.address.street_after_division`). ``normalized`` is
    ``normalize(text)`` when the caller already has it.
    """
    policy = policy or DEFAULT_POLICY
    if policy.types & {"date", "amount"}:
        return True  # relative dates and amounts need none of the cues below
    body = normalize(text) if normalized is None else normalized
    if _ID_LIKE.search(body) or _BIRTH_WORD.search(body) or has_kind(body, policy.types):
        return True
    if policy.digit_run is not None and policy.digit_run < 7 and re.search(f"[0-9]{{{policy.digit_run}}}", body):
        return True
    if "address" in policy.types and (ADDRESS_CUE.search(body) or street_after_division(body)):
        return True
    if "name" not in policy.types:
        return False
    # The rules only (cues, role words, compound surnames): the model costs about 0.1 ms a character,
    # far more than a bulk import can spend on every post (see docs/benchmarks.md). Callers that
    # must catch names with no cue at all mask every text with :func:`mask_many` instead.
    return has_name_span(body) or bool(find_names(body))


def _mask_long(text: str, policy: MaskPolicy) -> str:
    """Mask text of any length in pieces cut at line or sentence ends (for exports and logs)."""
    if len(text) <= MAX_TEXT_CHARS:
        return mask(text, policy)
    pieces = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + MAX_TEXT_CHARS)
        if end < len(text):
            cut = max(text.rfind(sep, pos, end) for sep in ("\n", "。", " ", "，", ","))
            end = cut + 1 if cut > pos else end
        pieces.append(mask(text[pos:end], policy))
        pos = end
    return "".join(pieces)


def mask_data(obj: Any, policy: MaskPolicy | None = None) -> Any:
    """A copy of JSON-like ``obj`` with every string masked.

    Values under keys of :data:`MASKED_FIELD_TYPES` (``applicant_name``, ``id_number``…) are masked
    whole as that type, because a bare name in a form field has no cue for :func:`mask` to see.
    Keys, numbers, booleans and None are kept.
    """
    policy = policy or DEFAULT_POLICY
    if isinstance(obj, str):
        return _mask_long(obj, policy)
    if isinstance(obj, Mapping):
        out: dict[Any, Any] = {}
        for key, value in obj.items():
            field_type = MASKED_FIELD_TYPES.get(key) if isinstance(key, str) else None
            if field_type and field_type in policy.types and isinstance(value, str) and value:
                out[key] = mask_value(field_type, value, policy.mask_char)
            else:
                out[key] = mask_data(value, policy)
        return out
    if isinstance(obj, list | tuple):
        return [mask_data(item, policy) for item in obj]
    return obj
