"""Chinese text primitives: validators, normalisation, tokenisation, entities, auto-fill, PII masking.

Names come from a statistical NER (Baidu LAC, :mod:`govhall.text.ner`) checked by rules; bulk
callers use :func:`extract_many` / :func:`mask_many`, which run the model once per batch.

This package imports nothing else of govhall's, so every other capability can build on it.
The CLI (``govhall extract`` / ``govhall mask``) and the API (``POST /api/text/extract|mask``)
are thin adapters over :func:`extract`, :func:`autofill`, :func:`mask` and :func:`mask_data`.
"""

from govhall.text._model import ENTITY_TYPES, Entity
from govhall.text.autofill import FieldFill, FillResult, autofill, field_entity_type
from govhall.text.chars import HAN, LONE_SURROGATE
from govhall.text.entities import extract, extract_many
from govhall.text.errors import MAX_TEXT_CHARS, TextTooLong
from govhall.text.mask import (
    DEFAULT_POLICY,
    MASKED_FIELD_TYPES,
    NER_AUTO_MAX_CHARS,
    MaskPolicy,
    mask,
    mask_data,
    mask_many,
    mask_value,
    needs_mask,
)
from govhall.text.names import name_at
from govhall.text.ner import ner_available
from govhall.text.normalize import NormalizedText, normalize, normalize_text, normalize_with_map
from govhall.text.report import extract_report, mask_report
from govhall.text.synthetic import fake_bank_card, fake_id_number, fake_mobile
from govhall.text.tokenize import Tokenizer, add_words, tokenize
from govhall.text.validators import (
    id_birth_date,
    id_check_digit,
    is_valid_bank_card,
    is_valid_id_card,
    is_valid_mobile,
    is_valid_uscc,
    luhn_check_digit,
    luhn_valid,
    uscc_check_char,
)

__all__ = [
    "DEFAULT_POLICY",
    "ENTITY_TYPES",
    "HAN",
    "LONE_SURROGATE",
    "MASKED_FIELD_TYPES",
    "MAX_TEXT_CHARS",
    "NER_AUTO_MAX_CHARS",
    "Entity",
    "FieldFill",
    "FillResult",
    "MaskPolicy",
    "NormalizedText",
    "TextTooLong",
    "Tokenizer",
    "add_words",
    "autofill",
    "extract",
    "extract_many",
    "extract_report",
    "fake_bank_card",
    "fake_id_number",
    "fake_mobile",
    "field_entity_type",
    "id_birth_date",
    "id_check_digit",
    "is_valid_bank_card",
    "is_valid_id_card",
    "is_valid_mobile",
    "is_valid_uscc",
    "luhn_check_digit",
    "luhn_valid",
    "mask",
    "mask_data",
    "mask_many",
    "mask_report",
    "mask_value",
    "name_at",
    "needs_mask",
    "ner_available",
    "normalize",
    "normalize_text",
    "normalize_with_map",
    "tokenize",
    "uscc_check_char",
]
