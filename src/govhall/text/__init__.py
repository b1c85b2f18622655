"""Chinese text primitives: validators, normalisation, entities and PII masking.

This package imports nothing else of govhall's, so every other capability can build on it.
"""

from govhall.text.validators import (
    id_birth_date,
    id_check_digit,
    is_valid_bank_card,
    is_valid_id_card,
    is_valid_mobile,
    is_valid_uscc,
    luhn_valid,
)

__all__ = [
    "id_birth_date",
    "id_check_digit",
    "is_valid_bank_card",
    "is_valid_id_card",
    "is_valid_mobile",
    "is_valid_uscc",
    "luhn_valid",
]
